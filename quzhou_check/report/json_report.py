"""``--format json``: the SPEC's JSON report, one object, UTF-8, ensure_ascii off."""

from __future__ import annotations

import json

from ..models import Finding, Report


def finding_dict(f: Finding) -> dict:
    out = {
        "rule": f.rule,
        "severity": f.severity,
        "path": f.path,
        "line": f.line,
        "column": f.column,
        "end_line": f.end_line,
        "end_column": f.end_column,
        "text": f.text,
        "message": f.message,
    }
    if f.claim is not None:
        out["claim"] = f.claim.to_dict()
    if f.fact is not None:
        out["fact"] = f.fact
    if f.related:
        out["related"] = [c.to_dict() | {"path": c.path} if hasattr(c, "to_dict") else c for c in f.related]
    return out


def report_dict(report: Report, with_findings: bool = True) -> dict:
    counts = report.counts()
    return {
        "version": 1,
        "files": [
            {
                "path": r.path,
                "date": r.date.isoformat(),
                "date_source": r.date_source,
                "encoding": r.encoding,
                "claims": len(r.claims),
            }
            for r in report.files
        ],
        "findings": [finding_dict(f) for f in report.findings] if with_findings else [],
        "summary": {"files": len(report.files), "claims": sum(len(r.claims) for r in report.files), **counts},
    }


def write(report: Report, out) -> None:
    """Write the report to a text stream finding by finding, one finding a line: a large run never
    builds one big string."""
    head = report_dict(report, with_findings=False)
    findings = report.findings
    text = json.dumps(head, ensure_ascii=False, indent=2)
    before, after = text.split('"findings": []', 1)
    out.write(before + '"findings": [')
    # one finding per line, encoded by json's compiled encoder (indent would use the pure-Python one)
    for i, f in enumerate(findings):
        item = json.dumps(finding_dict(f), ensure_ascii=False, separators=(", ", ": "))
        out.write(("," if i else "") + "\n    " + item)
    out.write(("\n  ]" if findings else "]") + after)
    out.write("\n")


def render(report: Report) -> str:
    import io

    buf = io.StringIO()
    write(report, buf)
    return buf.getvalue()
