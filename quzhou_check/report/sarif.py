"""``--format sarif``: SARIF 2.1.0 for code-scanning tools (GitHub code scanning among them).

One run, one rule entry per registered code (id, name, short and full description, help, default
level), columnKind unicodeCodePoints, repository-relative URIs, and a stable fingerprint per result
(rule, path, the flagged text and what it was compared with: not the line, so it survives edits above).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .. import __version__
from ..models import Finding, Report
from ..rules import RULES, _load_rule_modules

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _uri(path: str, root: Path) -> str:
    if path in ("-", "<stdin>"):
        return "stdin"
    p = Path(path).resolve()
    try:
        return p.relative_to(root).as_posix()
    except ValueError:
        return p.as_posix()


def _sections(doc: str) -> tuple[str, str]:
    """(full description, help) from a rule docstring's sections."""
    lines = doc.splitlines()
    body = "\n".join(lines[1:]).strip()
    what = body.split("## Why is this bad?")[0].replace("## What it does", "").strip()
    return what, body


def fingerprint(f: Finding) -> str:
    other = f.fact.get("id") if f.fact else ",".join(getattr(c, "text", "") for c in f.related)
    raw = "\x1f".join([f.rule, f.path.replace(os.sep, "/"), f.text, f.message.split(":")[0], str(other)])
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]


def report_dict(report: Report, root: Path | None = None) -> dict:
    _load_rule_modules()
    root = (root or Path.cwd()).resolve()
    codes = sorted(RULES)
    rules = []
    for code in codes:
        r = RULES[code]
        full, help_text = _sections(r.doc)
        rules.append({
            "id": code,
            "name": r.name,
            "shortDescription": {"text": r.summary},
            "fullDescription": {"text": full or r.summary},
            "help": {"text": help_text or r.summary, "markdown": help_text or r.summary},
            "defaultConfiguration": {"level": _LEVEL[r.severity], **({} if r.default else {"enabled": False})},
            "properties": {"tags": ["fact-check", "chinese"]},
        })
    index = {c: i for i, c in enumerate(codes)}
    results = []
    for f in report.findings:
        result = {
            "ruleId": f.rule,
            "ruleIndex": index.get(f.rule, 0),
            "level": _LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(f.path, root), "uriBaseId": "%SRCROOT%"},
                    "region": {
                        "startLine": f.line, "startColumn": f.column,
                        "endLine": f.end_line, "endColumn": f.end_column,
                        "snippet": {"text": f.text},
                    },
                }
            }],
            "partialFingerprints": {"qzcheck/v1": fingerprint(f)},
        }
        if f.fact:
            result["properties"] = {"fact": f.fact}
        related = [c for c in f.related if hasattr(c, "line")]
        if related:
            result["relatedLocations"] = [{
                "id": i,
                "message": {"text": c.text},
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(c.path, root), "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": c.line, "startColumn": c.column, "endLine": c.end_line, "endColumn": c.end_column},
                },
            } for i, c in enumerate(related)]
        results.append(result)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "qzcheck", "version": __version__, "semanticVersion": __version__,
                                "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": {"%SRCROOT%": {"uri": root.as_uri() + "/"}},
            "artifacts": [{"location": {"uri": _uri(r.path, root), "uriBaseId": "%SRCROOT%"},
                           "encoding": r.encoding} for r in report.files],
            "results": results,
            # a file that could not be checked is a notification of the run, not a result
            "invocations": [{
                "executionSuccessful": not report.failures,
                "toolExecutionNotifications": [{
                    "level": "error",
                    "message": {"text": x.message},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(x.path, root), "uriBaseId": "%SRCROOT%"}}}],
                } for x in report.failures],
            }],
        }],
    }


def render(report: Report, root: Path | None = None) -> str:
    return json.dumps(report_dict(report, root), ensure_ascii=False, indent=2, allow_nan=False) + "\n"
