"""QZ104: a "now" figure that may be newer than the fact base."""

from __future__ import annotations

from . import RULES, rule
from ._facts import claim_words, describe, finding, label, verdicts


@rule("QZ104", "newer-than-facts", "info")
def newer_than_facts(ctx):
    """A figure about "now" that differs from the fact base's newest figure, which is older.

    ## What it does
    A claim with no time words (or 目前, 现有, 截至目前, 近年来) is compared with the newest fact
    known at the article's date. That fact is the figure for the article's "now" when its period
    reaches the last full year at the article's date (the article's year from November, else the
    year before) or its source was published in the half year before the article. When it is not,
    a different figure may simply be newer than the fact base (a count of firms or of air routes
    moves on): the claim is unverified, not wrong, and this `info` finding names the fact base's
    newest figure so an editor can check it. Equal to an older fact's value is still QZ101; a
    difference from the figure for the article's "now" is QZ100.

    ## Why is this bad?
    It may not be: it is a figure nobody here can confirm, next to the last figure that was known.

    ## Example
    (an article of November 2023, the fact base's newest figure being 24 for 2022) 目前通航城市25个。

    ## Use instead
    (an article of November 2023; nothing to change if 25 is today's count, else the current figure,
    or the year it is for) 2022年通航城市24个。
    """
    me = RULES["QZ104"]
    for v in verdicts(ctx):
        if not v.newer_possible or v.fact is None:
            continue
        f = v.fact
        msg = (f"{label(v.claim, f)}: the article says {claim_words(v.claim)}; the fact base's latest figure is "
               f"{describe(f)}, for {f.period.text} (the article may be newer)")
        yield finding(me, v, msg)
