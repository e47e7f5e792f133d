"""QZ300: two articles that contradict each other."""

from __future__ import annotations

from ..judge import AGREES
from ..models import Finding
from . import RULES, rule
from ._facts import verdicts
from ._same import describe, disjoint, keyed


@rule("QZ300", "cross-article-contradiction", "error", scope="run")
def cross_article(ctx):
    """Two articles checked together give different values for the same entity, metric and period.

    ## What it does
    When several paths are checked in one run, compares every claim with the claims of the other
    articles that have the same entity, metric, period, kind and unit, and fires on the second
    article's claim when the two cannot both be true. A time series is not a contradiction:
    figures for different years, or "now" figures of articles of different months, are never
    compared. The finding names both places, and stands on the one the fact base also disputes
    when it disputes only one.

    ## Why is this bad?
    Two pages of one paper, or two drafts about one meeting, that disagree will be read side by side.

    ## Example
    a.txt: 2025年衢州新开工项目120个。  b.txt: 2025年，衢州新开工项目112个。

    ## Use instead
    a.txt: 2025年衢州新开工项目120个。  b.txt: 2025年，衢州新开工项目120个。 (one figure, from the same
    source, in both)
    """
    me = RULES["QZ300"]
    if len(ctx.results) < 2:
        return
    # per key, the earlier claims holding the highest lower bound and the lowest upper bound: a new
    # claim disagrees with some earlier one exactly when it lies wholly beyond one of these two.
    # A holder is (its bound, its file's result, its keyed verdict: index, outcome, key, magnitudes).
    extremes: dict[tuple, list] = {}
    per_file = ctx.cache.get("keyed")
    if per_file is None:
        by_file: dict[int, list] = {}
        for v in verdicts(ctx):
            by_file.setdefault(id(v.result), []).append(v)
        per_file = [keyed(by_file.get(id(r), ())) for r in ctx.results]
    for r, items in zip(ctx.results, per_file):
        for v in items:
            index, outcome, k, (lo, hi) = v
            ext = extremes.get(k)
            if ext is None:
                extremes[k] = [(lo, r, v), (hi, r, v)]
                continue
            (max_lo, lo_file, lo_holder), (min_hi, hi_file, hi_holder) = ext
            other = None
            # a claim within every earlier one's range (most repeat a figure) disagrees with none
            if lo > min_hi or hi < max_lo:
                if hi_file.path != r.path and disjoint(hi_holder[3], v[3]):
                    other = (hi_file, hi_holder)
                elif lo_file.path != r.path and disjoint(lo_holder[3], v[3]):
                    other = (lo_file, lo_holder)
            if other is not None:
                # put the finding where the fact base disagrees too, when it settles which is wrong
                first, second = (r, v), other
                if outcome == AGREES and other[1][1] != AGREES:
                    first, second = other, (r, v)
                c, o = first[0].claims[first[1][0]], second[0].claims[second[1][0]]
                msg = f"{describe(r.claims[index])}: {c.path} says {c.text}, {o.path}:{o.line} says {o.text}"
                yield Finding(me.code, me.severity, c.path, c.line, c.column, c.end_line, c.end_column,
                              c.text, msg, c, None, [o])
            if lo > max_lo:
                ext[0] = (lo, r, v)
            if hi < min_hi:
                ext[1] = (hi, r, v)
