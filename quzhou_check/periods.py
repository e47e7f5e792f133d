"""Periods: find time expressions in a sentence and resolve them against the article's date.

Canonical period strings (the same grammar as the fact base, facts/README.md):
``2025`` a year; ``2025-11`` a month; ``2025-01/2025-09`` a range of months;
``2026-01-01/2026-01-03`` a range of days; ``2021/2025`` a span of years. ``None`` is "now".

Each pattern below is one row of a rule table: a regular expression on the normalised text and a
function from the match and the article date to a Period. The first rule that matches at a position
wins; rules are tried longest-first so 2025年前三季度 is not read as 2025年.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from functools import lru_cache
from typing import Callable, NamedTuple, Optional

from .models import Period
from .numerals import parse_number

_CN = "〇零一二两三四五六七八九十"
_N = rf"(?:\d{{1,2}}|[{_CN}]{{1,3}})"
_YEAR_ABS = r"(?:(?:19|20)\d{2}|[一二][〇零一二三四五六七八九]{3})"
_YEAR_REL = r"(?:今年|去年|前年|明年|当年|上年|本年)"
_YEAR = rf"(?:(?P<y>{_YEAR_ABS})年(?:度)?|(?P<rel>{_YEAR_REL}))"
_PLAN = r"[“\"「『]?(?P<plan>十[一二三四五六七八九]五)[”\"」』]?"


def last_full_year(d: date) -> int:
    """The last year an article of date d can report on as a whole (5年来, 过去的一年)."""
    return d.year if d.month >= 11 else d.year - 1


def year_of(m: re.Match, d: date, prev_year: Optional[int]) -> int:
    if m.group("y"):
        y = m.group("y")
        return int(y) if y.isdigit() else int(parse_number(y))
    rel = m.group("rel")
    if rel in ("当年", "本年"):
        return prev_year if prev_year is not None else d.year
    if rel == "上年" and prev_year is not None:
        return prev_year - 1  # 2022年…比上年的674.80亿元: the year before the sentence's year
    return {"今年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1}[rel] + d.year


# Periods are immutable values: one object per distinct period, made once (claims that share a
# period share it, which also makes them cheaper to send back from a worker process)
@lru_cache(maxsize=4096)
def year_period(y: int, source: str) -> Period:
    return Period(str(y), date(y, 1, 1), date(y, 12, 31), source=source)


@lru_cache(maxsize=4096)
def month_range(y: int, m1: int, m2: int, source: str) -> Period:
    end = date(y, m2, calendar.monthrange(y, m2)[1])
    if m1 == m2:
        return Period(f"{y}-{m1:02d}", date(y, m1, 1), end, source=source)
    return Period(f"{y}-{m1:02d}/{y}-{m2:02d}", date(y, m1, 1), end, source=source)


@lru_cache(maxsize=4096)
def span_period(y1: int, y2: int, source: str) -> Period:
    if y1 >= y2:
        return year_period(y2, source)
    return Period(f"{y1}/{y2}", date(y1, 1, 1), date(y2, 12, 31), span=True, source=source)


def plan_years(name: str) -> tuple[int, int]:
    """Five-year plans: the 6th ran 1981-1985, so the nth starts in 1981 + 5 * (n - 6)."""
    n = int(parse_number(name[:-1]))
    start = 1981 + 5 * (n - 6)
    return start, start + 4


_QUARTERS = {
    "前三季度": (1, 9), "前两季度": (1, 6), "前二季度": (1, 6), "上半年": (1, 6), "下半年": (7, 12),
    "一季度": (1, 3), "第一季度": (1, 3), "二季度": (4, 6), "第二季度": (4, 6),
    "三季度": (7, 9), "第三季度": (7, 9), "四季度": (10, 12), "第四季度": (10, 12),
}
_HOLIDAYS = {"元旦假期": ((1, 1), (1, 3)), "国庆假期": ((10, 1), (10, 7)), "国庆黄金周": ((10, 1), (10, 7))}


class TimeExpr(NamedTuple):
    """A time expression found in a sentence (a named tuple: immutable and cheap to build, see Mention)."""

    start: int
    end: int
    period: Period
    anchor: str = ""  # span | point | now | year | date


Rule = tuple[re.Pattern, Callable[[re.Match, date, Optional[int]], Optional[tuple[Period, str]]]]


def _quarter(m, d, py):
    y = year_of(m, d, py)
    m1, m2 = _QUARTERS[m.group("q")]
    return month_range(y, m1, m2, m.group(0)), "point"


def _months(m, d, py):
    y = year_of(m, d, py)
    m1 = int(parse_number(m.group("m1")))
    m2 = int(parse_number(m.group("m2")))
    if not (1 <= m1 <= m2 <= 12):
        return None
    return month_range(y, m1, m2, m.group(0)), "point"


def _as_of(m, d, py):
    y = year_of(m, d, py) if (m.group("y") or m.group("rel")) else d.year
    mo = int(parse_number(m.group("m")))
    if not 1 <= mo <= 12:
        return None
    return month_range(y, mo, mo, m.group(0)), "point"


def _month(m, d, py):
    y = year_of(m, d, py)
    mo = int(parse_number(m.group("m")))
    if not 1 <= mo <= 12:
        return None
    # a day (2022年9月29日) dates the figures beside it to its month
    return month_range(y, mo, mo, m.group(0)), "date" if m.group("day") else "point"


def _holiday(m, d, py):
    y = year_of(m, d, py)
    (m1, d1), (m2, d2) = _HOLIDAYS[m.group("h")]
    text = f"{y}-{m1:02d}-{d1:02d}/{y}-{m2:02d}-{d2:02d}"
    return Period(text, date(y, m1, d1), date(y, m2, d2), source=m.group(0)), "point"


def _since_year(m, d, py):
    y = year_of(m, d, py)
    return span_period(y, max(y, last_full_year(d)), m.group(0)), "span"


def _plan_since(m, d, py):
    a, b = plan_years(m.group("plan"))
    return span_period(a, min(b, max(a, last_full_year(d))), m.group(0)), "span"


def _plan_during(m, d, py):
    a, b = plan_years(m.group("plan"))
    return span_period(a, b, m.group(0)), "span"


def _years_back(m, d, py):
    n = int(parse_number(m.group("n") or m.group("n2")))  # 5年来 or 近5年
    if not 1 <= n <= 50:
        return None
    e = last_full_year(d)
    return span_period(e - n + 1, e, m.group(0)), "span"


def _past_year(m, d, py):
    return year_period(last_full_year(d), m.group(0)), "year"


def _year(m, d, py):
    y = year_of(m, d, py)
    if not 1900 <= y <= 2100:
        return None
    return year_period(y, m.group(0)), "year"


def _now(m, d, py):
    return Period(None, source=m.group(0)), "now"


def _bare_year(d: date, py: Optional[int], m1: int, m2: int) -> int:
    """The year of a quarter or months written with no year (一季度, 1-5月): the year stated before
    it in the sentence, else the article's year when that range had ended by a month after the
    article's date (a report at the end of a quarter), else the year before."""
    if py is not None:
        return py
    end = date(d.year, m2, calendar.monthrange(d.year, m2)[1])
    return d.year if (end - d).days <= 31 else d.year - 1


def _bare_quarter(m, d, py):
    m1, m2 = _QUARTERS[m.group("q")]
    return month_range(_bare_year(d, py, m1, m2), m1, m2, m.group(0)), "point"


def _bare_months(m, d, py):
    m1 = int(parse_number(m.group("m1")))
    m2 = int(parse_number(m.group("m2")))
    if not (1 <= m1 <= m2 <= 12):
        return None
    return month_range(_bare_year(d, py, m1, m2), m1, m2, m.group(0)), "point"


def _year_words(m, d, py):
    """全年, 年末, 年底 with no year of their own: the year stated before them in the sentence, else
    a period nobody can read (never "now")."""
    if py is not None:
        return year_period(py, m.group(0)), "year"
    return _unknown(m, d, py)


def _unknown(m, d, py):
    return unknown_period(m.group(0)), "unknown"


@lru_cache(maxsize=1024)
def unknown_period(source: str) -> Period:
    """A period stated in words the checker cannot read: the claim is uncertain, never "now"."""
    return Period(None, source=source, unknown=True)


def _year_span(m, d, py):
    y1, y2 = (int(x) if x.isdigit() else int(parse_number(x)) for x in (m.group("y1"), m.group("y2")))
    if not (1900 <= y1 < y2 <= 2100):
        return None
    return span_period(y1, y2, m.group(0)), "span"


RULES: list[Rule] = [
    # 2021—2023年, 2021年至2023年: a span of years (before the single year it ends with)
    (re.compile(rf"(?P<y1>{_YEAR_ABS})年?(?:[—\-~－–]{{1,2}}|至|到)(?P<y2>{_YEAR_ABS})年"), _year_span),
    (re.compile(rf"{_YEAR}(?P<q>前三季度|前两季度|前二季度|上半年|下半年|第?[一二三四]季度)"), _quarter),
    (re.compile(rf"{_YEAR}(?P<m1>{_N})(?:月份?)?[至到\-~—－](?P<m2>{_N})月份?"), _months),
    (re.compile(rf"截至(?:{_YEAR})?(?P<m>{_N})月(?:底|末)?"), _as_of),
    (re.compile(rf"{_YEAR}(?P<h>元旦假期|国庆假期|国庆黄金周)"), _holiday),
    (re.compile(rf"{_YEAR}(?P<m>{_N})月(?P<day>{_N}日)?"), _month),
    (re.compile(rf"{_YEAR}(?:[^，,。；;：:\d]{{0,4}}以来|至今)"), _since_year),
    (re.compile(rf"{_PLAN}(?:以来|期间|时期)?"), lambda m, d, py: (_plan_since if m.group(0).endswith("以来") else _plan_during)(m, d, py)),
    (re.compile(rf"(?:(?P<n>{_N})年来|(?:近|过去的?|最近)(?P<n2>{_N})年)"),
     _years_back),
    (re.compile(r"过去的?一年|上一年"), _past_year),
    (re.compile(rf"(?:到|至)?{_YEAR}(?:年末|年底|末|底)?"), _year),
    (re.compile(r"近年来|近些年|近年|目前|当前|如今|现阶段"), _now),
    # a quarter or months with no year (一季度, 1-5月): this year's (or the sentence's year's)
    (re.compile(r"(?P<q>前三季度|前两季度|前二季度|上半年|下半年|第?[一二三四]季度)"), _bare_quarter),
    (re.compile(rf"(?<![\d.])(?P<m1>{_N})(?:月份?)?[至到\-~—－](?P<m2>{_N})月份?"), _bare_months),
    (re.compile(r"全年|年末|年底"), _year_words),
    # words that state a period the rules above cannot read: the figure's period is unknown
    # (each branch opens with a character or a class, which the matcher tests before entering the
    # branch; the look-behind sits after the first character: a branch opening with it was entered
    # at every position of every sentence, a fifth of the time of all these scans)
    (re.compile(r"季度|当月|本月|上月|同月|年初|"
                r"(?:[一二两三四五六七八九十](?<![连续近去最第的\d〇零一二两三四五六七八九十].)"
                r"|\d(?<![连续近去最第的\d〇零一二两三四五六七八九十].)\d?)年(?![来间内前后度底末初]|时间|多时间)"), _unknown),
]


# For each rule of RULES (same order), words of which at least one occurs in every text the rule
# matches (_YEAR always ends in 年: 2025年, 去年…). A sentence holding none of a rule's words is not
# scanned with it, which spares most sentences most of the eleven scans.
_TRIGGERS: list[tuple[str, ...]] = [
    ("年",),  # a span of years
    ("季度", "半年"),  # quarter: 前三季度, 第一季度, 上半年…
    ("月",),  # months
    ("截至",),  # as of
    ("假期", "黄金周"),  # holiday
    ("月",),  # month
    ("以来", "至今"),  # since a year
    ("五",),  # five-year plan (十四五)
    ("年来", "近", "过去"),  # N年来, 近N年, 过去N年, 最近N年
    ("一年",),  # 过去的一年, 上一年
    ("年",),  # year
    ("近年", "近些年", "目前", "当前", "如今", "现阶段"),  # now
    ("季度", "半年"),  # a quarter with no year
    ("月",),  # months with no year
    ("全年", "年末", "年底"),  # the year's whole or end, with no year
    ("季度", "月", "年"),  # a period nobody can read
]
assert len(_TRIGGERS) == len(RULES)
_TRIGGER_WORDS = sorted({w for words in _TRIGGERS for w in words})
_RULES_FOR: dict[tuple[bool, ...], tuple[int, ...]] = {}  # which trigger words occur -> the rules to run


def _rules_for(text: str) -> tuple[int, ...]:
    """The indexes of the rules whose trigger words occur in text (a table built as it is needed)."""
    present = tuple([w in text for w in _TRIGGER_WORDS])
    idxs = _RULES_FOR.get(present)
    if idxs is None:
        words = {w for w, p in zip(_TRIGGER_WORDS, present) if p}
        idxs = _RULES_FOR[present] = tuple(i for i, trig in enumerate(_TRIGGERS) if words.intersection(trig))
    return idxs

_BASE_BEFORE = re.compile(r"(?:相比|相较|对比|比|较|和|与|同)$")
_BASE_AFTER = re.compile(r"(?:相比|相较|比|同期)")
_BASE_BEFORE_ALONE = re.compile(r"(?:相比|相较|比|较)$")


def find_time_expressions(text: str, d: date) -> list[TimeExpr]:
    """All time expressions in text, left to right, non-overlapping (earliest, then longest, wins)."""
    found: list[tuple[int, int, int, re.Match]] = []
    for idx in _rules_for(text):
        for m in RULES[idx][0].finditer(text):
            if m.end() > m.start():
                found.append((m.start(), -(m.end() - m.start()), idx, m))
    if not found:
        return []
    found.sort()  # by start, then longest, then rule: no two entries tie on all three
    out: list[TimeExpr] = []
    last_end = -1
    prev_year: Optional[int] = None
    for start, _neg, idx, m in found:
        if start < last_end:
            continue
        res = RULES[idx][1](m, d, prev_year)
        if res is None:
            continue
        period, anchor = res
        head = text[max(0, start - 2):start]
        if _BASE_BEFORE.search(head) and _BASE_AFTER.match(text, m.end(), m.end() + 2) or _BASE_BEFORE_ALONE.search(head):
            anchor = "base"  # 相比2024年, 比上年: a comparison base, not the period of the figure
        out.append(TimeExpr(start, m.end(), period, anchor))
        last_end = m.end()
        if period.end is not None:
            prev_year = period.end.year
    return out


def parse_period(text: str) -> Period:
    """Parse a canonical period string (as written in the fact base); ValueError if malformed."""
    t = text.strip()
    m = re.fullmatch(r"(\d{4})", t)
    if m:
        return year_period(int(t), t)
    m = re.fullmatch(r"(\d{4})/(\d{4})", t)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        if a >= b:
            raise ValueError(f"span {t!r} must run forward")
        return span_period(a, b, t)
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:/(\d{4})-(\d{2}))?", t)
    if m:
        y, m1 = int(m.group(1)), int(m.group(2))
        if m.group(3):
            y2, m2 = int(m.group(3)), int(m.group(4))
            if y2 != y:
                raise ValueError(f"month range {t!r} must lie in one year")
        else:
            m2 = m1
        if not 1 <= m1 <= m2 <= 12:
            raise ValueError(f"bad months in {t!r}")
        return month_range(y, m1, m2, t)
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})/(\d{4})-(\d{2})-(\d{2})", t)
    if m:
        a = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        b = date(int(m.group(4)), int(m.group(5)), int(m.group(6)))
        if a > b:
            raise ValueError(f"day range {t!r} must run forward")
        return Period(t, a, b, source=t)
    raise ValueError(f"not a period: {text!r} (expected 2025, 2025-11, 2025-01/2025-09, 2021/2025 or 2026-01-01/2026-01-03)")


def parse_date(text: str) -> date:
    """YYYY-MM-DD, or YYYY-MM (the first of the month)."""
    t = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}", t):
            return date(int(t[:4]), int(t[5:]), 1)
        return date.fromisoformat(t)
    except ValueError:
        raise ValueError(f"not a date: {text!r} (expected YYYY-MM-DD)") from None
