"""The one comparison of each claim with the fact base, shared by QZ100, QZ101 and QZ102.

Computed once per run and cached on the rule context, so the three rules never disagree about
which fact a claim was compared with.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..factbase import Fact
from ..match import Match, Matcher, consistent, in_claim_scale, interval, qualifier_class
from ..models import Claim, FileResult, Finding

OK, WRONG_VALUE, OUTDATED, WRONG_UNIT, NO_FACT = "ok", "wrong_value", "outdated", "wrong_unit", "no_fact"
AMBIGUOUS = "ambiguous"  # disagrees with the best fact, but another metric fits the words as well


UNKEYED = object()


@dataclass
class Verdict:
    claim: Claim
    result: FileResult
    outcome: str
    match: Optional[Match] = None
    fact: Optional[Fact] = None  # the fact the claim was judged against
    older: Optional[Fact] = None  # for OUTDATED: the earlier fact the claim repeats
    erratum: Optional[Fact] = None  # a known misprint the claim repeats
    magnitudes: Optional[tuple[float, float]] = None  # cache for the cross-claim rules
    same_key: object = UNKEYED  # cache for the cross-claim rules (_same.key; None is a value)


_MATCHERS: dict[int, Matcher] = {}


def verdicts(ctx) -> list[Verdict]:
    if "verdicts" not in ctx.cache:
        # one matcher per fact base, kept for the process: its index and memo serve every file
        matcher = _MATCHERS.get(id(ctx.facts))
        if matcher is None or matcher.fb is not ctx.facts:
            matcher = _MATCHERS[id(ctx.facts)] = Matcher(ctx.facts)
        out = []
        for r in ctx.results:
            for c in r.claims:
                out.append(judge(c, r, matcher.match(c)))
        ctx.cache["verdicts"] = out
    return ctx.cache["verdicts"]




def judge(c: Claim, r: FileResult, m: Optional[Match]) -> Verdict:
    if m is None:
        return Verdict(c, r, NO_FACT)
    truth = [f for f in m.facts if f.status != "erratum"]  # the known misprints are looked at last
    d = r.date
    if c.period.is_now and c.period.source == "from":
        # 从68家增加到555家 with no years: the start is some earlier fact; it can match one, never conflict
        known = sorted((f for f in truth if f.known_at(d) and f.dimension == c.dimension), key=lambda f: f.period.end)
        earlier = known[:-1]
        dec = c.decimals
        for f in earlier:
            if _same_number(c, f, dec):
                return Verdict(c, r, OK, m, f)
        if len(earlier) == 1 and not m.ambiguous and not _same_number(c, known[-1], dec):
            # only one earlier figure is known: the start must be it
            return Verdict(c, r, WRONG_VALUE, m, earlier[0])
        return Verdict(c, r, NO_FACT, m)
    if c.period.is_now:
        known = [f for f in truth if f.known_at(d)]
        if not known:
            return Verdict(c, r, NO_FACT, m)
        newest_end = max(f.period.end for f in known)
        refs = [f for f in known if f.period.end == newest_end]
    elif c.dimension == "streak_years" and c.period.end is not None:
        # 连续N年: the span follows from N, so a wrong N is a wrong span; compare by the year it ends
        refs = [f for f in truth if f.period.end is not None and f.period.end.year == c.period.end.year]
        if not refs:
            return Verdict(c, r, NO_FACT, m)
    else:
        refs = [f for f in truth if f.period.text == c.period.text]
        if not refs and c.period.span and c.period.end is not None:
            # 5年来…规模超千亿元: a level stated in a span is the level at the span's end
            end = str(c.period.end.year)
            refs = [f for f in truth if f.period.text == end]
        if not refs:
            return Verdict(c, r, NO_FACT, m)
    ref = refs[0]
    dec = c.decimals
    if ref.dimension != c.dimension:
        # a ratio printed as a percentage, % for 个百分点, 人 for 人次
        if m.ambiguous:
            return Verdict(c, r, AMBIGUOUS, m, ref)
        return Verdict(c, r, WRONG_UNIT, m, ref, erratum=_erratum(c, m.facts, dec))
    if any(f.dimension == c.dimension and consistent(c, f, dec) for f in refs):
        return Verdict(c, r, OK, m, ref)
    if c.scale != ref.scale and consistent(c, ref, dec, value=ref.value):
        return Verdict(c, r, WRONG_UNIT, m, ref)
    if ref.known_at(d) or c.period.is_now:
        # the earlier figures the claim may repeat, looked for only now (most claims are right)
        if c.period.is_now:
            older_pool = [f for f in truth if f.known_at(d) and f.period.end < ref.period.end]
        elif c.dimension == "streak_years" and c.period.end is not None:
            older_pool = []
        else:
            older_pool = [f for f in truth if f.period.end is not None and f.period.end < ref.period.end
                          and f.known_at(d)]
        for f in sorted(older_pool, key=lambda f: f.period.end, reverse=True):
            # the claim repeats an earlier figure as written: a bound (超3000) repeats nothing
            if f.dimension == c.dimension and f.period.span == ref.period.span and _same_number(c, f, dec) \
                    and qualifier_class(f.qualifier) in ("", qualifier_class(c.qualifier)):
                return Verdict(c, r, OUTDATED, m, ref, older=f)
    if m.ambiguous:
        return Verdict(c, r, AMBIGUOUS, m, ref)
    return Verdict(c, r, WRONG_VALUE, m, ref, erratum=_erratum(c, m.facts, dec))


def _same_number(c: Claim, f: Fact, dec: int) -> bool:
    """The claim's number is the fact's, written with the claim's decimals (qualifier aside)."""
    lo, hi = interval(c.value, None, dec)
    return lo <= in_claim_scale(f, c) <= hi


def _erratum(c: Claim, facts: list[Fact], dec: int) -> Optional[Fact]:
    """The known misprint (a fact of status erratum) the claim repeats, if any."""
    for f in facts:
        if f.status == "erratum" and f.dimension == c.dimension and consistent(c, f, dec):
            return f
    return None


def describe(f: Fact) -> str:
    q = f.qualifier
    if f.dimension == "rank" and not q:
        return f"第{f.value:g}位"
    if q in ("以上", "以下", "左右", "上下", "级", "及以上"):
        return f"{f.value:g}{f.unit}{q}"
    if q in ("多", "余"):
        return f"{f.value:g}{q}{f.unit}"
    return f"{q}{f.value:g}{f.unit}"


def claim_words(c: Claim) -> str:
    """The claim as a figure: 超2500亿元, 1600多亿元, 63%左右, 8成以上."""
    q = c.qualifier or ""
    v = f"{c.value:g}"
    if c.dimension == "rank" and not q:
        return f"第{v}位"
    if q.endswith(("多", "余")) and not q.startswith(("超", "逾", "突破")):
        return f"{v}{q}{c.unit}"
    if q in ("以上", "以下", "左右", "上下", "级", "及以上"):
        return f"{v}{c.unit}{q}"
    return f"{q}{v}{c.unit}"


def finding(rule, v: Verdict, message: str) -> Finding:
    c = v.claim
    fact = v.fact.to_dict() if v.fact else None
    if fact is not None and v.match is not None:
        fact["confidence"] = v.match.confidence
    if fact is not None and v.older is not None:
        fact["newer_than"] = v.older.to_dict()
    if fact is not None and v.erratum is not None:
        fact["erratum"] = {"id": v.erratum.id, "source": v.erratum.source, "note": v.erratum.note}
    return Finding(rule.code, rule.severity, c.path, c.line, c.column, c.end_line, c.end_column, c.text, message, c, fact)


def label(c: Claim, f: Fact) -> str:
    period = f.period.text or ""
    return f"{f.entity} {period} {f.metric}"



