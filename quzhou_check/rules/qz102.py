"""QZ102: a wrong unit or scale."""

from __future__ import annotations

from ..judge import DISAGREES
from . import RULES, rule
from ._facts import claim_words, describe, finding, label, verdicts


@rule("QZ102", "wrong-unit", "error")
def wrong_unit(ctx):
    """A figure whose unit or scale is wrong: 万 for 亿, a ratio printed as a percentage, % for 个百分点.

    ## What it does
    Fires when the claim's metric matches a fact whose unit is of the same family but not the
    claim's (a ratio, a percentage, percentage points; 人 and 人次), or when the written number
    matches the fact only under another scale (2.58亿标箱 for a fact of 2.58万标箱).

    ## Why is this bad?
    A wrong scale changes a figure ten-thousandfold while every digit looks right, so proof-reading
    by eye does not catch it.

    ## Example
    城乡居民收入倍差缩小至1.75%。

    ## Use instead
    城乡居民收入倍差缩小至1.76。
    """
    me = RULES["QZ102"]
    for v in verdicts(ctx):
        if v.outcome != DISAGREES or not v.unit:
            continue
        c, f = v.claim, v.fact
        if f.dimension != c.dimension:
            why = f"the unit is wrong: the fact is in {f.unit or 'a plain ratio'}"
        else:
            why = f"the scale is wrong: {f.scale_word or 'no scale'} where the article has {c.unit[:len(c.unit) - len(c.base_unit)] or 'none'}"
        msg = f"{label(c, f)}: the article says {claim_words(c)}, the fact base says {describe(f)} ({why})"
        yield finding(me, v, msg)
