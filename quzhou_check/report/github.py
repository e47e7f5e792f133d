"""``--format github``: GitHub Actions workflow commands, one per finding.

``::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`` with the escaping GitHub
requires: in the message %, CR and LF; in properties also : and ,.
"""

from __future__ import annotations

from ..models import Report
from ..normalize import visible

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(s: str) -> str:
    """GitHub's escapes, and every other control or invisible character written visibly (an ESC
    in a file name would otherwise reach the log as it is)."""
    return visible(s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def render(report: Report) -> str:
    out = []
    for f in report.findings:
        props = ",".join([
            f"file={escape_property(f.path)}",
            f"line={f.line}",
            f"col={f.column}",
            f"endLine={f.end_line}",
            f"endColumn={f.end_column}",
            f"title={escape_property(f'{f.rule} {f.text}')}",
        ])
        out.append(f"::{_LEVEL[f.severity]} {props}::{escape_data(f.message)}")
    return "\n".join(out) + ("\n" if out else "")
