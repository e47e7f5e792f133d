"""When a figure is of (its period) and what kind of figure it is (actual, target, forecast)."""

from __future__ import annotations

import re
from datetime import date
from typing import Optional

from ..lexicon import Lexicon
from ..models import NOW, Period
from ..periods import TimeExpr, year_period
from ..periods import span_period as span_from
from ..sentences import CLAUSE_RE, clause_end, clause_start
from .sentence import Sentence, _Candidate

_OF_RE = re.compile(r"的?")
_TARGET_BEFORE = re.compile(r"(?:力争|目标|计划|到|至)$")
_FROM_CHAR_END = re.compile(r"[从由]$")


def period_of(sent: Sentence, c: _Candidate, previous: list[_Candidate], d: date) -> Period:
    """The nearest time expression before the figure in its sentence, else one after it in its
    clause, else the paragraph's last one, else "now". Shapes adjust it: the start of a from-to
    in a span is the year before the span, a growth after a from-to covers the pair's years, a
    rank of the figure before it shares that figure's period, 连续N年 ends where its period ends."""
    s, times, inherited = sent.text, sent.times, sent.inherited
    usable = [t for t in times if t.anchor != "base" or _OF_RE.fullmatch(s[t.end:c.num_start if c.role != "rank" else c.start])]
    # 比2020年的234.2亿元: a comparison base is the period of the figure it introduces, of no other
    prev = previous[-1] if previous else None
    if prev is not None and c.role in ("change", "avg_growth") and prev.role == "to" and len(previous) >= 2 and previous[-2].role == "from":
        a, b = previous[-2].period, prev.period
        # 从2020年的X增加到2023年的Y、三年增长Z%: words of a period nobody can read (三年) do not part the growth from its pair
        read = [t for t in usable if t.anchor != "unknown"]
        if a is not None and b is not None and a.start is not None and b.end is not None \
                and not _time_between(read, prev.end, c.start):
            return span_from(a.start.year, b.end.year, "")
    if prev is not None and c.role == "change" and len(previous) >= 2 and _compared(s, previous[-2], prev):
        # 2400亿元，和2020年的1600多亿元相比，增长近800亿元: the change spans the base's year to the figure's
        a, b = prev.period, previous[-2].period
        if a is not None and b is not None and a.start is not None and b.end is not None \
                and a.start.year < b.end.year:
            return span_from(a.start.year, b.end.year, "")
    if prev is not None and c.role == "rank" and prev.period is not None and not _time_between(usable, prev.end, c.start):
        return prev.period
    chosen: Optional[TimeExpr]
    if c.role == "to" and prev is not None and prev.role == "from":
        # the from's own year (从2021年的49%) is not the to's: look before it
        own = [t for t in usable if prev.end <= t.start and t.end <= c.start]
        if own:
            chosen = own[-1]
        else:
            owned = [t for t in usable if t.end <= prev.start and _from_owned(s, t, prev)]
            outside = [t for t in usable if t.end <= prev.start and t not in owned]
            chosen = outside[-1] if outside else (inherited if inherited else None)
    else:
        before = [t for t in usable if t.end <= c.start]
        chosen = before[-1] if before else None
        if chosen is None:
            cl_end = clause_end(s, c.end)
            after = [t for t in usable if t.start >= c.end and t.end <= cl_end]
            chosen = after[0] if after else inherited
    if chosen is None or (c.role == "from" and chosen.period.is_now):
        if c.role == "from":
            return Period(None, source="from")  # the start of a from-to is never "now"
        return NOW
    p = chosen.period
    if c.unit == "年" and c.dimension == "streak_years" and p.end is not None and not p.is_now:
        n = int(c.value)
        return span_from(p.end.year - n + 1, p.end.year, chosen.period.source)
    if p.span and c.role == "from" and p.start is not None:
        return year_period(p.start.year - 1, chosen.period.source)
    if p.span and c.role == "to" and p.end is not None:
        return year_period(p.end.year, chosen.period.source)
    return p



def kind_of(sent: Sentence, c: _Candidate, d: date, period: Period, lex: Lexicon) -> str:
    """actual, target or forecast: a period after the article's date is a target or a forecast, an
    explicit past year in the figure's clause makes it a result, else the last target or forecast
    word before it says."""
    s, times = sent.text, sent.times
    if period.start is not None and period.start > d:
        return "target" if _TARGET_BEFORE.search(s[: _period_pos(times, c)]) else "forecast"
    cl = clause_start(s, c.start)
    # an explicit past year in the figure's own clause makes it a result
    for t in times:
        if cl <= t.start < c.start and t.period.end is not None and t.period.end.year < d.year and t.anchor != "now":
            return "actual"
    if not sent.kind_words:
        return "actual"
    best = None
    for rx, kind in ((lex.target, "target"), (lex.forecast, "forecast")):
        for m in rx.finditer(s[: c.num_start]):
            if best is None or m.start() > best[0]:
                best = (m.start(), kind)
    return best[1] if best else "actual"



def _from_owned(s: str, t: TimeExpr, frm: _Candidate) -> bool:
    """Is the time expression the from-figure's own year (从2021年的49%)?"""
    return bool(_FROM_CHAR_END.search(s[max(0, t.start - 1):t.start])) and not CLAUSE_RE.search(s[t.end:frm.start])



def _compared(s: str, figure: _Candidate, base: _Candidate) -> bool:
    """Is ``base`` the comparison base of ``figure`` (X，和2020年的Y相比 / X，比2020年的Y)?"""
    between = s[figure.end:base.start]
    return bool(re.search(r"(?:和|与|同|比|较)(?:\d{4}年)?的?$", between)) and not re.search(r"[。；;]", between)


def _opens_clause(s: str, t: TimeExpr) -> bool:
    """Does the time expression open its clause (at most two words' characters before it: 在, 全市)?"""
    head = s[clause_start(s, t.start):t.start]
    return len(head) - sum(ch in "“”\"「」『』‘’" for ch in head) <= 2


def _time_between(times: list[TimeExpr], a: int, b: int) -> bool:
    return any(a <= t.start and t.end <= b for t in times)



def _period_pos(times, c) -> int:
    before = [t for t in times if t.end <= c.start]
    return before[-1].start if before else c.start


