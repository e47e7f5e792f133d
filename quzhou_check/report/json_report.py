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


def file_dict(r) -> dict:
    out = {
        "path": r.path,
        "date": r.date.isoformat(),
        "date_source": r.date_source,
        "encoding": r.encoding,
        "claims": len(r.claims),
    }
    if r.date_evidence is not None:
        # why this date, when the article's words gave it (or nothing did): the kind of evidence,
        # its phrase and line, the dates it leaves (dating.py); none for a date given as an option
        out["date_evidence"] = r.date_evidence
    if r.outcomes is not None:
        # what was checked: every claim's outcome and the fact it was compared with
        out["outcomes"] = [{"line": c.line, "column": c.column, "text": c.text, "outcome": outcome, "fact": fact}
                           for c, (outcome, fact) in zip(r.claims, r.outcomes)]
    return out


def report_dict(report: Report) -> dict:
    return {
        "version": 1,
        "files": [file_dict(r) for r in report.files],
        "findings": [finding_dict(f) for f in report.findings],
        **_errors(report),
        "summary": _summary(report),
    }


def _errors(report: Report) -> dict:
    """The files that could not be checked (the run's exit status is then 2): a key only when
    there are some, so a whole run's report is as the SPEC shows it."""
    if not report.failures:
        return {}
    return {"errors": [{"path": x.path, "message": x.message} for x in report.failures]}


def _summary(report: Report) -> dict:
    return {"files": len(report.files), "claims": sum(len(r.claims) for r in report.files), **report.counts(),
            "outcomes": report.outcome_counts()}


# one encoder for the run, json's compiled one: ``indent`` would make json use its pure-Python
# encoder, and json.dumps with options builds an encoder per call (600 articles: 8.7 ms, now 7.5)
_ONE_LINE = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "), allow_nan=False)  # never NaN
_PIECE = 1 << 16  # characters written at a time


def write(report: Report, out) -> None:
    """Write the report to a text stream as the SPEC shows it, one file and one finding a line,
    in pieces of about 64 KB: a large run never builds one big string, and a pipe is written in
    few calls (600 articles into a pipe: 12.1 ms a line at a time, 10.0 in one piece)."""
    encode = _ONE_LINE.encode
    parts = ['{\n  "version": 1,\n  "files": [']
    size = 0

    def put(piece: str) -> None:
        nonlocal size
        parts.append(piece)
        size += len(piece)
        if size > _PIECE:
            out.write("".join(parts))
            parts.clear()
            size = 0

    for i, r in enumerate(report.files):
        put(("," if i else "") + "\n    " + encode(file_dict(r)))
    put(("\n  ]" if report.files else "]") + ',\n  "findings": [')
    for i, f in enumerate(report.findings):
        put(("," if i else "") + "\n    " + encode(finding_dict(f)))
    parts.append("\n  ]" if report.findings else "]")
    for key, value in _errors(report).items():
        parts.append(f',\n  "{key}": ' + encode(value))
    parts.append(',\n  "summary": ' + encode(_summary(report)) + "\n}\n")
    out.write("".join(parts))


def render(report: Report) -> str:
    import io

    buf = io.StringIO()
    write(report, buf)
    return buf.getvalue()
