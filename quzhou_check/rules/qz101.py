"""QZ101: an outdated figure."""

from __future__ import annotations

from ..judge import OUTDATED
from . import RULES, rule
from ._facts import claim_words, describe, finding, label, verdicts


@rule("QZ101", "outdated-figure", "warning")
def outdated(ctx):
    """A figure that was true for an earlier period, used where a newer one is known.

    ## What it does
    Fires when the claim's value is the fact of an earlier period while the claim's own period
    (stated, relative, or "now" for 近年来 / 5年来 / no time word) has a newer fact that was
    already known at the article's date: a fact is known at a date when its period ended by then
    or its source was published by then.

    ## Why is this bad?
    Reusing last year's figure is the quiet error of copy written from old material: it was
    true once, so nobody checks it again.

    ## Example
    (an article of 2026) 衢州列全国城市创新能力百强榜第58位。

    ## Use instead
    (an article of 2026) 衢州列全国城市创新能力百强榜第49位（2025年）。 (or say which year the 58 is for: 2024年)
    """
    me = RULES["QZ101"]
    for v in verdicts(ctx):
        if v.outcome != OUTDATED:
            continue
        f, old = v.fact, v.older
        msg = (f"{label(v.claim, f)}: the article says {claim_words(v.claim)}, which is the figure for "
               f"{old.period.text}; the newer fact is {describe(f)}")
        yield finding(me, v, msg)
