"""QZ103: a figure the fact base could not check (off by default: ``--unverified``)."""

from __future__ import annotations

from ..judge import UNCERTAIN, UNVERIFIED
from . import RULES, rule
from ._facts import finding, verdicts


@rule("QZ103", "unchecked-figure", "info", default=False)
def unchecked(ctx):
    """A figure that was not checked: no fact for it, or its identity is not established.

    ## What it does
    Lists, as `info`, every figure whose outcome is *unverified* (the fact base holds no fact for
    its entity, metric and period: a place or subject it does not list, a metric it lacks, a year
    it has no figure for) or *uncertain* (a fact may be meant, but the words fit two metrics about
    equally well, or the period could not be established). Off by default: select it with
    `--unverified` or `--select QZ103`.

    ## Why is this bad?
    It is not: most figures of real copy have no fact. An editor who must vouch for a page wants
    to know which figures nobody checked, so as to check them by hand.

    ## Example
    (with a fact base that knows no 金华) 2023年金华市地区生产总值6011亿元。

    ## Use instead
    (check the figure against its source, or add its fact to the fact base: a figure the fact base
    holds is checked) 2023年衢州规上工业总产值2913.1亿元。
    """
    me = RULES["QZ103"]
    for v in verdicts(ctx):
        if v.outcome not in (UNVERIFIED, UNCERTAIN) or v.newer_possible:
            continue  # a "now" figure that may be newer than the fact base is QZ104's
        c, m = v.claim, v.match
        when = c.period.text or "now"
        if v.outcome == UNCERTAIN:
            why = (f"the words {c.metric!r} fit {m.metric} and another metric about as well"
                   if m is not None and m.ambiguous else f"its entity, metric or period ({when}) is not established")
            msg = f"{c.entity}: not judged: {why}"
        elif not c.entity_known:
            msg = f"{c.entity}: not checked: the fact base lists no such place or subject"
        elif m is None:
            msg = f"{c.entity}: not checked: no metric of the fact base fits {c.metric or 'its words'!r}"
        else:
            msg = f"{c.entity} {m.metric}: not checked: the fact base has no figure for {when}"
        yield finding(me, v, msg)
