"""The judge stage: each claim's one comparison with the fact base, and its outcome.

Between extract and the rules: for every claim, the fact base's metric it matched (see
:mod:`quzhou_check.match`), the fact it was compared with, and one outcome:

- ``agrees``: the figure holds for the fact of its entity, metric, period and kind;
- ``disagrees``: it does not (``unit`` set when a change of unit or scale would make it hold);
- ``outdated``: it repeats the figure of an earlier period where a newer one was known;
- ``unverified``: the fact base holds no fact for that identity (most figures of real copy);
- ``uncertain``: a fact may be meant, but the identity is not established (two metrics fit the
  words about equally well).

Rules turn outcomes into findings (QZ100 disagrees, QZ102 disagrees in unit, QZ101 outdated);
the report shows every claim's outcome. Computed once per file and cached on the rule context, so
the rules never disagree about which fact a claim was compared with.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .factbase import Fact, FactBase
from .match import Match, Matcher, consistent, in_claim_scale, interval, qualifier_class
from .models import OUTCOMES, Claim, FileResult

AGREES, DISAGREES, OUTDATED, UNVERIFIED, UNCERTAIN = OUTCOMES


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
    unit: bool = False  # for DISAGREES: the figure holds after a change of unit or scale
    magnitudes: Optional[tuple[float, float]] = None  # cache for the cross-claim rules
    same_key: object = UNKEYED  # cache for the cross-claim rules (_same.key; None is a value)
    # for UNVERIFIED: a "now" claim that differs from the fact base's newest figure (``fact``), which
    # is for a period before the "now" the article speaks of: the claim may simply be newer (QZ104)
    newer_possible: bool = False


_MATCHERS: dict[int, Matcher] = {}


def judge_all(results: list[FileResult], facts: FactBase) -> list[Verdict]:
    """The verdict of every claim of the results, in order."""
    # one matcher per fact base, kept for the process: its index and memo serve every file
    matcher = _MATCHERS.get(id(facts))
    if matcher is None or matcher.fb is not facts:
        matcher = _MATCHERS[id(facts)] = Matcher(facts)
    return [judge(c, r, matcher.match(c)) for r in results for c in r.claims]


def judge(c: Claim, r: FileResult, m: Optional[Match]) -> Verdict:
    if m is None:
        return Verdict(c, r, UNVERIFIED)
    if c.period.unknown:
        # a stated period the checker cannot read (全年 with no year, 三年): not "now", not judged
        return Verdict(c, r, UNCERTAIN, m)
    truth = [f for f in m.facts if f.status != "erratum"]  # the known misprints are looked at last
    d = r.date
    if c.period.is_now and c.period.source == "from":
        # 从68家增加到555家 with no years: the start is some earlier fact; it can match one, never conflict
        known = sorted((f for f in truth if f.known_at(d) and f.dimension == c.dimension), key=lambda f: f.period.end)
        earlier = known[:-1]
        dec = c.decimals
        for f in earlier:
            if _same_number(c, f, dec):
                return Verdict(c, r, AGREES, m, f)
        if len(earlier) == 1 and not m.ambiguous and not _same_number(c, known[-1], dec):
            # only one earlier figure is known: the start must be it
            return Verdict(c, r, DISAGREES, m, earlier[0])
        return Verdict(c, r, UNVERIFIED, m)
    if c.period.is_now:
        known = [f for f in truth if f.known_at(d)]
        if not known:
            return Verdict(c, r, UNVERIFIED, m)
        newest_end = max(f.period.end for f in known)
        refs = [f for f in known if f.period.end == newest_end]
    elif c.dimension == "streak_years" and c.period.end is not None:
        # 连续N年: the span follows from N, so a wrong N is a wrong span; compare by the year it ends
        refs = [f for f in truth if f.period.end is not None and f.period.end.year == c.period.end.year]
        if not refs:
            return Verdict(c, r, UNVERIFIED, m)
    else:
        refs = [f for f in truth if f.period.text == c.period.text]
        if not refs and c.period.span and c.period.end is not None:
            # 5年来…规模超千亿元: a level stated in a span is the level at the span's end
            end = str(c.period.end.year)
            refs = [f for f in truth if f.period.text == end]
        if not refs:
            return Verdict(c, r, UNVERIFIED, m)
    ref = refs[0]
    dec = c.decimals
    if ref.dimension != c.dimension:
        # a ratio printed as a percentage, % for 个百分点, 人 for 人次
        if m.ambiguous:
            return Verdict(c, r, UNCERTAIN, m, ref)
        return Verdict(c, r, DISAGREES, m, ref, erratum=_erratum(c, m.facts, dec), unit=True)
    if any(f.dimension == c.dimension and consistent(c, f, dec) for f in refs):
        return Verdict(c, r, AGREES, m, ref)
    if c.scale != ref.scale and consistent(c, ref, dec, value=ref.value):
        return Verdict(c, r, DISAGREES, m, ref, unit=True)
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
        return Verdict(c, r, UNCERTAIN, m, ref)
    if c.period.is_now and not current_at(ref, d):
        # the fact base's newest figure is for a period before the article's "now": a count that
        # has moved on since is not an error (QZ104 says what the newest figure is)
        return Verdict(c, r, UNVERIFIED, m, ref, newer_possible=True)
    return Verdict(c, r, DISAGREES, m, ref, erratum=_erratum(c, m.facts, dec))


from .periods import last_full_year  # noqa: E402 (kept beside the judge's helpers)


def current_at(f: Fact, d) -> bool:
    """Is the fact the figure for the "now" of an article of date d? Yes when its period reaches the
    last full year at d (the article's year from November, else the year before: a bulletin of
    March 2023 speaks of 2022) or later, or when its source was published in the half year before
    d (the newest figure the article could have quoted). An older figure may have moved on by d (a
    count of firms, of air routes), so a "now" claim that differs from it is no error."""
    if f.period.end is not None and f.period.end.year >= last_full_year(d):
        return True
    return f.source_date <= d and (d - f.source_date).days <= _RECENT_DAYS


_RECENT_DAYS = 183


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
