"""QZ201: an article that contradicts itself."""

from __future__ import annotations

from ..judge import DISAGREES
from ..models import Finding
from . import RULES, rule
from ._facts import verdicts
from ._same import describe, disjoint, key, magnitudes


@rule("QZ201", "self-contradiction", "error")
def self_contradiction(ctx):
    """The same article gives two different values for the same entity, metric and period.

    ## What it does
    Groups the claims of one article by entity, metric, period, kind and unit, and fires on a
    later claim whose value cannot be true together with an earlier one (ranges, rounding and
    qualifiers included: 超1000亿元 and 1061亿元 agree). Figures in the same sentence are not
    compared (a range, a from-to), nor figures of different scopes (规上 against all), years,
    places or kinds. The finding sits on the figure that disagrees with the fact base, where one
    does, else on the later one.

    ## Why is this bad?
    A reader who meets two figures for one thing trusts neither; the draft was usually written
    from two sources and only one was updated.

    ## Example
    2025年全市生产总值2400亿元。……2025年，全市生产总值达到2500亿元。

    ## Use instead
    2025年全市生产总值2400亿元。……2025年，全市生产总值达到2400亿元。 (the same figure in both places, or a
    word that says they are different things: 规上, 一季度…)
    """
    me = RULES["QZ201"]
    for result in ctx.results:
        # per key, the earlier claims grouped by the values they allow (copy repeats a figure many
        # times): whether two claims disagree depends on those values only, so each group is
        # compared once, and the first earlier claim that disagrees is the first of the groups' firsts
        seen: dict[tuple, dict[tuple[float, float], list]] = {}
        for n, v in enumerate(verdicts(ctx)):
            if v.result is not result:
                continue
            k = key(v)
            if k is None:
                continue
            groups = seen.setdefault(k, {})
            first = None
            mine = magnitudes(v)
            for mags, members in groups.items():
                if mags == mine or not disjoint(mags, mine):
                    continue  # the same figure again (as copy often repeats one) agrees with itself
                for i, earlier in members:
                    if earlier.claim.sentence != v.claim.sentence:
                        if first is None or i < first[0]:
                            first = (i, earlier)
                        break
            if first is not None:
                c, e = v.claim, first[1].claim
                if first[1].outcome == DISAGREES and v.outcome != DISAGREES:
                    c, e = e, c  # on the figure the fact base says is wrong, where it settles which
                msg = (f"{describe(v.claim)}: the article says {c.text} here and {e.text} at line {e.line}")
                yield Finding(me.code, me.severity, c.path, c.line, c.column, c.end_line, c.end_column,
                              c.text, msg, c, None, [e])
            groups.setdefault(mine, []).append((n, v))
