"""QZ300: two articles that contradict each other."""

from __future__ import annotations

from ..models import Finding
from . import RULES, rule
from ._judge import verdicts
from ._same import describe, disagree, keyed, magnitudes


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
    a.txt: 2025年衢州上市公司22家。  b.txt: 2025年衢州上市公司20家。

    ## Use instead
    One figure, from the same source, in both.
    """
    me = RULES["QZ300"]
    if len(ctx.results) < 2:
        return
    # per key, the earlier claims holding the highest lower bound and the lowest upper bound: a new
    # claim disagrees with some earlier one exactly when it lies wholly beyond one of these two
    extremes: dict[tuple, list] = {}
    items = ctx.cache.get("keyed")
    if items is None:
        items = [keyed(v) for v in verdicts(ctx)]
    for v in items:
        k = v.key
        if k is None:
            continue
        lo, hi = magnitudes(v)
        ext = extremes.get(k)
        if ext is not None:
            other = None
            (max_lo, lo_holder), (min_hi, hi_holder) = ext
            if hi_holder.claim.path != v.claim.path and disagree(hi_holder, v):
                other = hi_holder
            elif lo_holder.claim.path != v.claim.path and disagree(lo_holder, v):
                other = lo_holder
            if other is not None:
                # put the finding where the fact base disagrees too, when it settles which is wrong
                first, second = v, other
                if v.outcome == "ok" and other.outcome != "ok":
                    first, second = other, v
                c, o = first.claim, second.claim
                msg = f"{describe(v)}: {c.path} says {c.text}, {o.path}:{o.line} says {o.text}"
                yield Finding(me.code, me.severity, c.path, c.line, c.column, c.end_line, c.end_column,
                              c.text, msg, c, None, [o])
            if lo > max_lo:
                ext[0] = (lo, v)
            if hi < min_hi:
                ext[1] = (hi, v)
        else:
            extremes[k] = [(lo, v), (hi, v)]
