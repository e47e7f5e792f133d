"""What QZ100, QZ101 and QZ102 share: the verdicts of the judge stage, and how a finding about a
fact is written."""

from __future__ import annotations

from ..factbase import Fact
from ..judge import Verdict, judge_all
from ..models import Claim, Finding


def verdicts(ctx) -> list[Verdict]:
    """The judge stage's verdicts for the context's files, computed once per context."""
    if "verdicts" not in ctx.cache:
        ctx.cache["verdicts"] = judge_all(ctx.results, ctx.facts)
    return ctx.cache["verdicts"]


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



