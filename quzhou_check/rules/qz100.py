"""QZ100: a figure that disagrees with the fact base."""

from __future__ import annotations

from ..judge import DISAGREES
from . import RULES, rule
from ._facts import claim_words, describe, finding, label, verdicts


@rule("QZ100", "wrong-value", "error")
def wrong_value(ctx):
    """A figure disagrees with the fact base for the same entity, metric and period.

    ## What it does
    Compares each claim with the fact of the same entity, metric, period and kind. A plain figure
    must equal the fact written with the claim's own number of decimals (2.6% for 2.56% holds,
    2300亿元 for 2294亿元 does not); a qualified one must contain the fact in its bound
    (超2500亿元 does not hold when the fact is 2294亿元; 约2300亿元 does). A claim about "now"
    (近年来, no time word) is compared with the newest fact already known at the article's date.

    ## Why is this bad?
    A transposed digit, a figure moved by a tenth or a broken bound is the commonest error in
    copy, and the one readers and officials notice first.

    ## Example
    2025年，衢州全社会研发投入强度达到2.65%。

    ## Use instead
    2025年，衢州全社会研发投入强度达到2.56%。
    """
    me = RULES["QZ100"]
    for v in verdicts(ctx):
        if v.outcome != DISAGREES or v.unit:
            continue
        f = v.fact
        msg = f"{label(v.claim, f)}: the article says {claim_words(v.claim)}, the fact base says {describe(f)}"
        if v.erratum is not None:
            msg += f" (the article repeats a known misprint: {v.erratum.note or v.erratum.source})"
        yield finding(me, v, msg)
