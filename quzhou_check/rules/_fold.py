"""One finding per wrong figure: findings of several rules on the same span fold into one.

A figure that disagrees with the fact base (QZ100, QZ101, QZ102) is often also at odds with another
figure of the same article (QZ201) or of another article (QZ300). The fact-base finding is the most
specific (it says what the figure should be), so it is kept, and the other findings' figures join
its related locations; an editor sees one finding to fix, not three.
"""

from __future__ import annotations

from ..models import Finding

FACT_RULES = ("QZ100", "QZ102", "QZ101")  # in the order of precedence on one span
FOLDED = ("QZ201", "QZ300")  # comparisons between figures, folded into a fact finding on their span


def fold(findings: list[Finding]) -> list[Finding]:
    """The findings with every QZ201/QZ300 on the span of a fact-base finding folded into it."""
    spans: dict[tuple, Finding] = {}
    for f in findings:
        if f.rule in FACT_RULES:
            k = _span(f)
            held = spans.get(k)
            if held is None or FACT_RULES.index(f.rule) < FACT_RULES.index(held.rule):
                spans[k] = f
    if not spans:
        return findings
    out = []
    for f in findings:
        host = spans.get(_span(f)) if f.rule in FOLDED else None
        if host is None:
            out.append(f)
            continue
        for other in f.related:  # no copy: a related claim listed twice is listed once
            if all(other is not r for r in host.related):
                host.related.append(other)
    return out


def _span(f: Finding) -> tuple:
    return f.path, f.line, f.column, f.end_line, f.end_column
