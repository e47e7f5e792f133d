"""What QZ100, QZ101 and QZ102 share: the verdicts of the judge stage, and how a finding about a
fact is written."""

from __future__ import annotations

from typing import Optional

from ..factbase import Fact
from ..judge import Verdict, judge_all
from ..models import Claim, Finding


def verdicts(ctx) -> list[Verdict]:
    """The judge stage's verdicts for the context's files, computed once per context."""
    if "verdicts" not in ctx.cache:
        ctx.cache["verdicts"] = judge_all(ctx.results, ctx.facts)
    return ctx.cache["verdicts"]


def written(value: float, unit: str, qualifier: Optional[str], rank: bool = False) -> str:
    """A figure as copy writes it: 超2500亿元, 1600多亿元, 63%左右, 第49位 (for a fact or a claim)."""
    q = qualifier or ""
    v = f"{value:g}"
    if rank and not q:
        return f"第{v}位"
    if q.endswith(("多", "余")) and not q.startswith(("超", "逾", "突破")):
        return f"{v}{q}{unit}"
    if q in ("以上", "以下", "左右", "上下", "级", "及以上"):
        return f"{v}{unit}{q}"
    return f"{q}{v}{unit}"


def describe(f: Fact) -> str:
    return written(f.value, f.unit, f.qualifier, f.dimension == "rank")


def claim_words(c: Claim) -> str:
    """The claim as a figure: 超2500亿元, 1600多亿元, 63%左右, 8成以上."""
    return written(c.value, c.unit, c.qualifier, c.dimension == "rank")


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



