"""Dating: when the article was written, from its own words (the stage after normalise, before
extract: the extractor needs the date to resolve 今年, 去年 and 前三季度).

Evidence, by weight:

1. **metadata**: Markdown/YAML front matter ``date:``; a date near the top or the bottom of the
   text that is the page's own: after a label (发布时间:2023-04-19, 来源…2025-12-21), with a time
   of day (2025-12-21 16:36) or a weekday (2013年1月22日 星期二), or alone on its line. The earliest
   such date at the top wins (an 更新时间 or a reprint's timestamp is later than the writing);
2. **a dateline**: 本报讯…12月3日, 新华社北京12月29日电, a lede "4月17日，记者…获悉"; the year, when
   it is not written, is the one the self-references give;
3. **self-references**, each a set of dates the article can have been written on, intersected in
   order of weight (one that contradicts what weighs more is dropped):
   "2025年是'十四五'收官之年", "2026年是…开局之年", "2026年新年伊始" (the [dating.year_words] of
   the lexicon); 去年…相比2024年 (去年 is after 2024); 今年1至11月, 截至今年11月, 今年一季度
   (written after that period of its own year, before its end); the latest period it gives results
   for (2023年，…实现…; 2025年前三季度), which bounds the date from below. The latest figures also
   bound it softly from above: four months after their period, newer ones would be out.

**Not evidence**: the dates of events, openings, targets and deadlines the article reports
(6月11日正式封关, 1月26日零时起, 到2030年): an article of any date may name them.

Only the first and last lines are read for metadata and the first 3,000 characters for a
dateline; the self-references are a few compiled regular expressions over the whole text.
"""

from __future__ import annotations

import calendar
import datetime
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Callable, Optional, Sequence

from .config import DATES, in_range
from .numerals import parse_number

HEAD_LINES = 30  # the lines from the top searched for the page's own date
TAIL_LINES = 5  # and from the bottom (a newspaper page's footer)
DATELINE_CHARS = 3000
SOFT_MONTHS = 4  # months after the latest figures' period within which the article was likely written

Region = list[tuple[date, date]]  # disjoint intervals of possible dates, in order


@dataclass(frozen=True)
class Evidence:
    kind: str  # metadata | dateline | self-reference | latest figures
    text: str  # the phrase, as the normalised text has it
    line: int  # 1-based

    def as_dict(self) -> dict:
        return {"kind": self.kind, "text": self.text, "line": self.line}


@dataclass(frozen=True)
class Dating:
    """An article's date, where it comes from (``source``: option | article | today) and why."""

    date: date
    source: str
    evidence: tuple[Evidence, ...] = ()
    # the dates the self-references leave (``datetime.date``: in this class ``date`` is the field)
    interval: Optional[tuple[datetime.date, datetime.date]] = None
    reason: str = ""  # why today ("no date in the article" | "date policy today"), or what was assumed

    def as_dict(self) -> Optional[dict]:
        """What the JSON report says of the date (None for a date given as an option)."""
        if self.source == "option":
            return None
        if not self.evidence:
            return {"kind": "none", "text": "", "line": None, "reason": self.reason}
        first = self.evidence[0]
        out = first.as_dict()
        if self.reason:
            out["reason"] = self.reason
        if self.interval is not None:
            out["interval"] = [self.interval[0].isoformat(), self.interval[1].isoformat()]
        if len(self.evidence) > 1:
            out["more"] = [e.as_dict() for e in self.evidence[1:]]
        return out


def describe(evidence: Optional[dict]) -> str:
    """One line for people from a date_evidence dict: the evidence, its phrase and line."""
    if not evidence or evidence.get("kind") == "none":
        return ""
    parts = [evidence] + list(evidence.get("more", ()))
    return "; ".join(f"{e['kind']} “{e['text']}” (line {e['line']})" for e in parts[:3]) + \
        (f"; and {len(parts) - 3} more" if len(parts) > 3 else "") + \
        (f" ({evidence['reason']})" if evidence.get("reason") else "")


# --- the lexicon's [dating] table, compiled once ------------------------------------------------

_YEAR = r"(?:19|20|21)\d{2}"
_CN_DIGITS = "〇○零一二三四五六七八九"
_N = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"


@dataclass(frozen=True)
class _Tables:
    label_re: re.Pattern
    after_re: re.Pattern  # a label after the date: 2022.09.08 更新
    delivered_re: re.Pattern  # a report or speech given that day: 2025年1月23日在…会议上
    weekday_re: re.Pattern
    dateline_re: re.Pattern
    bulletin_re: re.Pattern
    lede_re: re.Pattern
    year_word_re: re.Pattern  # 收官之年, 新年伊始…
    year_before_re: re.Pattern  # YYYY年是…, 今年是…, "十四五" before one
    year_word_after_re: re.Pattern  # 新年伊始, 2026年
    windows: dict[str, tuple[int, int]]
    not_results_re: re.Pattern
    result_re: re.Pattern
    deadline_before: frozenset[str]


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    from .lexicon import lexicon, table

    d = table("dating")
    lex = lexicon()
    words = _alt(d["year_words"])
    heads = _alt(d["dateline_heads"])
    reporters = _alt(d["dateline_reporter"])
    year_or_rel = rf"(?:(?P<y>{_YEAR})年|(?P<rel>今年|明年|去年))"
    plan = r"(?:[“\"「『]?(?P<plan>十[一二三四五六七八九]五)[”\"」』]?(?:的)?)"
    return _Tables(
        label_re=re.compile(_alt(d["labels"])),
        after_re=re.compile(rf"\s*(?:{_alt(d['labels_after'])})"),
        delivered_re=re.compile(rf"\s*(?:{_alt(d['delivered'])})[^。，,；;]{{2,40}}(?:{_alt(d['delivered_end'])})\s*$"),
        weekday_re=re.compile(rf"\s*[(（]?(?:{_alt(d['weekdays'])})"),
        dateline_re=re.compile(rf"(?:{heads})[^。\n\d]{{0,30}}?(?:(?P<y>{_YEAR})年)?(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})日"
                               rf"(?:电|讯|从|[^。\n]{{0,20}}?获悉)"),
        bulletin_re=re.compile(rf"本报讯[^。\n]{{0,30}}?(?:(?P<y>{_YEAR})年)?(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})日"),
        # (记者 王五) 12月3日，… or 12月3日，记者从…
        lede_re=re.compile(rf"(?m)^[ \t　]*(?P<rep>[(（](?:{reporters})[^)）\n]{{0,24}}[)）][ \t　]*)?"
                           rf"(?:(?P<y>{_YEAR})年)?(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})日(?P<tail>[,，]?[^。\n]{{0,12}}?(?:{reporters}))?"),
        year_word_re=re.compile(rf"(?P<w>{words})"),
        # what comes before a year word, searched in the few characters before it
        year_before_re=re.compile(
            rf"(?:{year_or_rel}(?:是|为|既是|作为)?[^。；;!?！？\n]{{0,16}}?|{plan})$"),
        year_word_after_re=re.compile(rf"(?P<w>{words})[^。；;\n\d]{{0,12}}?(?P<y>{_YEAR})年"),
        windows={k: (int(v[0]), int(v[1])) for k, v in d["year_words"].items()},
        not_results_re=re.compile("|".join([_alt(d["not_results"]), r"(?<!即)将(?!近)",
                                            lex.target.pattern, lex.forecast.pattern])),
        result_re=re.compile(rf"(?:{_alt(d['result_verbs'])})\D{{0,16}}\d"),
        deadline_before=frozenset(d["deadline_before"]),
    )


# --- small date arithmetic ----------------------------------------------------------------------

def _month_start(y: int, k: int) -> date:
    """The first day of month k counted from January of y (k = 0; -1 is December of y-1)."""
    y2, m0 = divmod(y * 12 + k, 12)
    return date(y2, m0 + 1, 1)


def _month_end(y: int, k: int) -> date:
    y2, m0 = divmod(y * 12 + k, 12)
    return date(y2, m0 + 1, calendar.monthrange(y2, m0 + 1)[1])


def _meet(a: Region, b: Region) -> Region:
    out: Region = []
    i = j = 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if lo <= hi:
            out.append((lo, hi))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def _date(y, m, d) -> Optional[date]:
    try:
        out = date(int(y), int(m), int(d))
    except (TypeError, ValueError):
        return None
    return out if in_range(out) else None


def _num(text: str) -> int:
    return int(text) if text.isdigit() else int(parse_number(text))


# --- 1. metadata -------------------------------------------------------------------------------

_NUMERIC = re.compile(rf"(?<!\d)(?P<y>{_YEAR})(?P<sep>[-/.])(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}})(?!\d)")
# 21.06.2017 03:12: day first, as some page templates print it; taken only with a time of day after it
_DAY_FIRST = re.compile(rf"(?<![\d.])(?P<d>\d{{1,2}})\.(?P<m>\d{{1,2}})\.(?P<y>{_YEAR})(?=[ \tT]*\d{{1,2}}:\d{{2}})")
_CN_DATE = re.compile(rf"(?<!\d)(?P<y>{_YEAR})年(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})日")
_CN_NUMERAL_DATE = re.compile(rf"(?P<y>[{_CN_DIGITS}]{{4}})年(?P<m>[一二三四五六七八九十]{{1,3}})月(?P<d>[一二三四五六七八九十]{{1,3}})日")
MAX_LINE = 240  # a page's date line is short: only the start of a long line is read
_DIGITISH = re.compile(r"[0-9〇○]")
_TIME = re.compile(r"[ \tT]*\d{1,2}:\d{2}")
_BARE = " \t|·•()[]【】（）:,，-—"


def _cn_numeral_date(m: re.Match) -> Optional[date]:
    y = "".join(str(max(0, _CN_DIGITS.index(c) - 2)) for c in m.group("y"))  # 〇○零 are 0
    try:
        return _date(y, _num(m.group("m")), _num(m.group("d")))
    except ValueError:
        return None


def _front_matter(text: str, starts: Sequence[int]) -> Optional[tuple[date, Evidence]]:
    if not text.startswith("---"):
        return None
    for i in range(1, min(len(starts), 60)):
        line = _line(text, starts, i)
        if line.strip() == "---":
            return None
        m = re.match(r"\s*date\s*:\s*['\"]?(\d{4})-(\d{1,2})-(\d{1,2})", line)
        if m and (d := _date(*m.groups())) is not None:
            return d, Evidence("metadata", line.strip(), i + 1)
    return None


def _line(text: str, starts: Sequence[int], i: int) -> str:
    end = starts[i + 1] if i + 1 < len(starts) else len(text)
    return text[starts[i]:end].rstrip("\r\n")


def _page_dates(text: str, starts: Sequence[int], rows: Sequence[int]) -> list[tuple[date, Evidence]]:
    """The dates on these lines that are the page's own (see the module's docstring)."""
    t = _tables()
    out = []
    for i in rows:
        line = _line(text, starts, i)[:MAX_LINE]
        if not _DIGITISH.search(line):
            continue
        found = [(m, _date(m["y"], m["m"], m["d"])) for m in _NUMERIC.finditer(line)]
        found += [(m, _date(m["y"], m["m"], m["d"])) for m in _CN_DATE.finditer(line)]
        found += [(m, _date(m["y"], m["m"], m["d"])) for m in _DAY_FIRST.finditer(line)]
        found += [(m, _cn_numeral_date(m)) for m in _CN_NUMERAL_DATE.finditer(line)]
        for m, d in found:
            if d is None:
                continue
            labelled = any(_is_label(line, lm) for lm in t.label_re.finditer(line, 0, m.start())) or \
                t.after_re.match(line, m.end()) is not None  # 2022.09.08 更新
            timed = _TIME.match(line, m.end()) is not None
            weekday = t.weekday_re.match(line, m.end()) is not None
            bare = line.strip(_BARE) == m.group()
            delivered = t.delivered_re.match(line, m.end()) is not None
            if labelled or timed or weekday or bare or delivered:
                out.append((d, Evidence("metadata", line.strip()[:60], i + 1)))
    return out


def _is_label(line: str, m: re.Match) -> bool:
    """A label starts its line or follows a blank or a mark: 会议时间 is not the page's 时间."""
    s = m.start()
    return s == 0 or not "\u4e00" <= line[s - 1] <= "\u9fff"


def _metadata(text: str, starts: Sequence[int]) -> Optional[tuple[date, Evidence]]:
    fm = _front_matter(text, starts)
    if fm is not None:
        return fm
    n = len(starts)
    head = _page_dates(text, starts, range(min(n, HEAD_LINES)))
    if head:
        return min(head, key=lambda x: x[0])
    tail = _page_dates(text, starts, range(max(HEAD_LINES, n - TAIL_LINES), n))
    if tail:
        return min(tail, key=lambda x: x[0])
    return None


# --- 2. dateline -------------------------------------------------------------------------------

def _dateline(text: str, starts: Sequence[int]) -> Optional[tuple[Optional[int], int, int, Evidence]]:
    t = _tables()
    head = text[:min(DATELINE_CHARS, starts[HEAD_LINES] if len(starts) > HEAD_LINES else len(text))]
    if "月" not in head:
        return None
    best = None
    for rx in (t.dateline_re, t.bulletin_re, t.lede_re):
        m = next((m for m in rx.finditer(head) if rx is not t.lede_re or m["rep"] or m["tail"]), None)
        if m and (best is None or m.start() < best.start()):
            mo, dd = int(m["m"]), int(m["d"])
            if 1 <= mo <= 12 and 1 <= dd <= 31:
                best = m
    if best is None:
        return None
    y = int(best["y"]) if best["y"] else None
    return y, int(best["m"]), int(best["d"]), Evidence("dateline", best.group().strip()[:40], _line_of(starts, best.start()))


def _line_of(starts: Sequence[int], offset: int) -> int:
    return bisect_right(starts, offset)


# --- 3. self-references ------------------------------------------------------------------------

_QUARTER_ENDS = {"前三季度": 9, "前两季度": 6, "前二季度": 6, "上半年": 6, "下半年": 12, "一季度": 3,
                 "二季度": 6, "三季度": 9, "四季度": 12, "全年": 12}
_PERIOD = re.compile(
    rf"(?=[12今截])(?:(?P<y>{_YEAR})年|(?P<rel>今年))(?:以来)?(?:第?(?P<q>前三季度|前两季度|前二季度|上半年|下半年|[一二三四]季度|全年)"
    rf"|(?:1|一)月?份?[至到\-~—－](?P<m2>{_N})月份?|前(?P<m3>{_N})个?月)"
    rf"|截至(?:(?P<y2>{_YEAR})年|(?P<rel2>今年))(?P<m4>{_N})月(?:底|末)?")
_RESULT_YEAR = re.compile(
    rf"(?P<y>{_YEAR})年(?:全年|度)?(?![\d一二三四五六七八九十]{{1,3}}月|[^，,。；;：:\d]{{0,4}}以来|底|末|前|上半年|下半年|第|[一二三四]季度|[至到\-~—－年])"
    r"[,，]?(?P<rest>[^。；;!?！？\n]{0,40})")
_LAST_YEAR_VS = re.compile(rf"去年[^。；;\n]{{0,30}}?(?:相比|相较|比|较)(?P<y>{_YEAR})年")
_REL_YEAR = re.compile(rf"(?P<rel>今年|去年)[(（](?P<y>{_YEAR})年?[)）]")
_REL_SHIFT = {"今年": 0, "明年": 1, "去年": -1}
_CLAUSE_END = re.compile(r"[。；;!?！？\n]")


def _clause(text: str, start: int, end: int) -> str:
    """The sentence around [start, end), up to 60 characters either side."""
    lo = start
    while lo > 0 and start - lo < 60 and not _CLAUSE_END.match(text, lo - 1):
        lo -= 1
    m = _CLAUSE_END.search(text, end, end + 60)
    return text[lo:m.start() if m else min(len(text), end + 60)]


@dataclass
class _Found:
    """One self-reference: the dates it allows, built for the years a region spans."""

    evidence: Evidence
    allows: Callable[[int, int], Region]  # (first year, last year) -> Region
    rank: int = 0  # weight: lower first
    order: tuple = field(default=())


@dataclass(kw_only=True)
class _FoundPeriod(_Found):
    """A self-reference that names a period of figures (今年一季度, 2023年前三季度)."""

    end: Callable[[int], date]  # (year) -> the end of the period of figures it names


def _always(region: Region) -> Callable[[int, int], Region]:
    """What a self-reference of fixed dates allows, whatever the years searched."""
    return lambda a, b: region


def _after(e: date) -> Callable[[int, int], Region]:
    """What figures up to e allow: a date after it."""
    return _always([(e + timedelta(days=1), DATES[1])])


def _ending_on(e: date) -> Callable[[int], date]:
    """The end of a period written out with its year, whatever the year asked."""
    return lambda y: e


def _year_words(text: str, starts) -> list[_Found]:
    from .periods import plan_years

    t = _tables()
    out: list[_Found] = []
    taken: list[tuple[int, int]] = []
    for w in t.year_word_re.finditer(text):
        lo0 = max(0, w.start() - 26)
        m = t.year_before_re.search(text[lo0:w.start()])
        if m is None:
            continue
        lo_k, hi_k = t.windows[w["w"]]
        phrase = text[lo0 + m.start():w.end()]
        ev = Evidence("self-reference", phrase.strip("，, ")[:40], _line_of(starts, lo0 + m.start()))
        if m["y"]:
            y = int(m["y"])
            region = [(_month_start(y, lo_k), _month_end(y, hi_k))]
        elif m["plan"] or m["rel"]:
            name = m["plan"] or _plan_in(m.group())
            if name is None:
                continue
            a, b = plan_years(name)
            y = b if w["w"] == "收官之年" else a
            if m["rel"]:  # 今年是"十四五"收官之年: written in 2025
                y -= _REL_SHIFT[m["rel"]]
                region = [(date(y, 1, 1), date(y, 12, 31))]
            else:
                region = [(_month_start(y, lo_k), _month_end(y, hi_k))]
        else:
            continue
        taken.append((lo0 + m.start(), w.end()))
        out.append(_Found(ev, _always(region), rank=0))
    for m in t.year_word_after_re.finditer(text):  # 岁末年初，辞旧迎新，2026年…
        if any(s <= m.start() < e or s < m.end() <= e for s, e in taken):
            continue
        lo_k, hi_k = t.windows[m["w"]]
        if hi_k > 1:  # only the new-year words name the year after them
            continue
        y = int(m["y"])
        ev = Evidence("self-reference", m.group()[:40], _line_of(starts, m.start()))
        out.append(_Found(ev, _always([(_month_start(y, lo_k), _month_end(y, hi_k))]), rank=0))
    for m in _LAST_YEAR_VS.finditer(text):  # 去年…相比2024年: 去年 is after 2024
        y = int(m["y"]) + 2
        ev = Evidence("self-reference", m.group()[:40], _line_of(starts, m.start()))
        out.append(_Found(ev, _always([(date(y, 1, 1), DATES[1])]), rank=1))
    for m in _REL_YEAR.finditer(text):  # 今年(2025年)
        y = int(m["y"]) - _REL_SHIFT[m["rel"]]
        ev = Evidence("self-reference", m.group(), _line_of(starts, m.start()))
        out.append(_Found(ev, _always([(date(y, 1, 1), date(y, 12, 31))]), rank=0))
    return out


def _plan_in(text: str) -> Optional[str]:
    m = re.search(r"十[一二三四五六七八九]五", text)
    return m.group() if m else None


def _periods(text: str, starts) -> tuple[list[_FoundPeriod], list[_FoundPeriod]]:
    """The periods of figures: of 今年 (relative: after that period of the article's year) and of
    a year written out (after the period's end). A deadline (到2025年上半年) or a plan is none."""
    t = _tables()
    relative: list[_FoundPeriod] = []
    explicit: list[_FoundPeriod] = []
    for m in _PERIOD.finditer(text):
        if m.start() and text[m.start() - 1] in t.deadline_before:
            continue
        if t.not_results_re.search(_clause(text, m.start(), m.end())):
            continue
        try:
            if m["q"]:
                last = _QUARTER_ENDS[m["q"]]
            else:
                last = _num(m["m2"] or m["m3"] or m["m4"])
        except ValueError:
            continue
        if not 1 <= last <= 12:
            continue
        ev = Evidence("self-reference", m.group(), _line_of(starts, m.start()))
        year = m["y"] or m["y2"]
        if year:
            e = _month_end(int(year), last - 1)
            explicit.append(_FoundPeriod(Evidence("latest figures", m.group(), ev.line), _after(e), end=_ending_on(e)))
        else:
            def allows(a: int, b: int, last: int = last) -> Region:  # after the period, within its year
                return [(_month_start(y, last), date(y, 12, 31)) for y in range(a, b + 1) if last < 12]

            def end(y: int, last: int = last) -> date:
                return _month_end(y, last - 1)

            relative.append(_FoundPeriod(ev, allows, end=end, rank=1))
    for m in _RESULT_YEAR.finditer(text):
        if m.start() and text[m.start() - 1] in t.deadline_before:
            continue
        rest = m["rest"]
        # 2023年实现产值265亿元; 2022年，全市12项指标… (a year opening a sentence with figures)
        opening = (m.start() == 0 or _CLAUSE_END.match(text, m.start() - 1) or text[m.start() - 1] in " \t　") \
            and text[m.start("rest") - 1] in ",，" and any(c.isdigit() for c in rest)
        if not (opening or t.result_re.search(rest)) or t.not_results_re.search(_clause(text, m.start(), m.end())):
            continue
        e = date(int(m["y"]), 12, 31)
        phrase = m.group()[:24].rstrip("，, ")
        explicit.append(_FoundPeriod(Evidence("latest figures", phrase, _line_of(starts, m.start())), _after(e),
                                     end=_ending_on(e)))
    return relative, explicit


# --- combining ---------------------------------------------------------------------------------

def _years(region: Region) -> tuple[int, int]:
    return region[0][0].year, region[-1][1].year


def _apply(region: Region, found: _Found, used: list[Evidence]) -> Region:
    a, b = _years(region)
    met = _meet(region, found.allows(a, b))
    if met:
        used.append(found.evidence)
        return met
    return region


def from_text(text: str, starts: Sequence[int], today: Optional[date] = None) -> Optional[Dating]:
    """The article's date from its normalised text (and the offsets of its lines), or None."""
    today = today or date.today()
    meta = _metadata(text, starts)
    if meta is not None:
        d, ev = meta
        return Dating(d, "article", (ev,), (d, d))
    used: list[Evidence] = []
    start = (DATES[0], min(today, DATES[1]))
    region: Region = [start]
    words = _year_words(text, starts)
    for f in sorted(words, key=lambda f: f.rank):
        region = _apply(region, f, used)
    relative, explicit = _periods(text, starts)
    n_rel = len(used)
    for f in relative:
        region = _apply(region, f, used)
    rel_used = len(used) > n_rel
    explicit.sort(key=lambda f: f.end(0), reverse=True)  # the latest period first
    latest = None
    for f in explicit:
        before = len(used)
        region = _apply(region, f, used)
        if len(used) > before and latest is None:
            latest = f
        elif len(used) > before:
            used.pop()  # an earlier period is implied by the latest one: not worth listing
    # soft: the latest figures are at most a few months old (a year, when the article also gives
    # figures of its own year, as 今年一季度)
    if latest is not None:
        e = latest.end(0)
        soft = [(e + timedelta(days=1), _month_end(e.year, e.month - 1 + (12 if rel_used else SOFT_MONTHS)))]
        if (met := _meet(region, soft)):
            region = met
    if rel_used:
        ends = [f.end for f in relative if f.evidence in used]
        a, b = _years(region)
        soft = sorted((e(y) + timedelta(days=1), _month_end(e(y).year, e(y).month - 1 + SOFT_MONTHS))
                      for y in range(a, b + 1) for e in ends)
        soft = _union(soft)
        if (met := _meet(region, soft)):
            region = met
    line = _dateline(text, starts)
    if not used and line is None:
        return None
    lo, hi = region[-1]
    best = lo + (hi - lo) / 2
    if line is not None:
        y, mo, dd, ev = line
        day = _date(y, mo, dd) if y else _in_region(region, mo, dd, best if used else today)
        if day is not None:
            # 本报北京12月16日电 and no year anywhere: the latest such day, and the report says so
            assumed = "" if y or used else "the article gives no year: the latest such day is assumed; pass --date"
            return Dating(day, "article", (ev, *used), (lo, hi) if used else None, reason=assumed)
    return Dating(best, "article", tuple(used), (lo, hi))


def _union(intervals: list[tuple[date, date]]) -> Region:
    out: Region = []
    for lo, hi in intervals:
        if out and lo <= out[-1][1] + timedelta(days=1):
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _in_region(region: Region, mo: int, dd: int, near: date) -> Optional[date]:
    """M月D日 in the year that puts it in the region (the latest such), else the one nearest ``near``
    not after it by more than a month."""
    a, b = _years(region)
    for y in range(b, a - 1, -1):
        d = _date(y, mo, dd)
        if d is not None and any(lo <= d <= hi for lo, hi in region):
            return d
    for y in (near.year, near.year - 1):
        d = _date(y, mo, dd)
        if d is not None and d <= near + timedelta(days=31):
            return d
    return None


def resolve(text: str, starts: Sequence[int], given: Optional[date], use_article: bool = True,
            today: Optional[date] = None) -> Dating:
    """The article's date: the one given, else its own words' (unless the policy is today), else today."""
    if given is not None:
        return Dating(given, "option")
    today = today or date.today()
    if not use_article:
        return Dating(today, "today", reason="date policy today")
    found = from_text(text, starts, today)
    if found is not None:
        return found
    return Dating(today, "today", reason="no date in the article")
