"""Inline suppressions in plain-text and Markdown drafts.

    <!-- qzcheck: ignore QZ101 figure quoted from the 2024 report -->     the next line that has text
    <!-- qzcheck: disable QZ100,QZ102 figures from the draft budget -->  from here …
    <!-- qzcheck: enable QZ100,QZ102 -->                                 … to here (or the end)

Codes may be prefixes (QZ1). A reason is required: a suppression without one suppresses nothing
and is reported (QZ902), as is one naming no known rule (QZ903) and one that suppressed nothing
(QZ901). Comments are blanked before extraction, so their words and numbers are never claims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from .models import Document, Finding

COMMENT_RE = re.compile(r"<!--(.*?)-->", re.S)
_DIRECTIVE_RE = re.compile(r"^\s*qzcheck\s*:\s*(ignore|disable|enable)\b\s*(.*?)\s*$", re.S | re.I)
_CODES_RE = re.compile(r"^((?:QZ\d{0,3})(?:\s*,\s*QZ\d{0,3})*)\s*(.*)$", re.S | re.I)


@dataclass
class Suppression:
    kind: str  # ignore | disable
    codes: list[str]
    reason: str
    line: int  # of the comment
    column: int
    end_line: int
    end_column: int
    text: str
    first: int  # lines covered, inclusive
    last: int
    used: bool = False
    problems: list[tuple[str, str]] = field(default_factory=list)  # (code, message)

    def covers(self, f: Finding) -> bool:
        return self.first <= f.line <= self.last and any(f.rule.startswith(c) for c in self.codes)


def blank_comments(text: str) -> str:
    """The text with every HTML comment replaced by spaces (line breaks kept), same length."""
    return COMMENT_RE.sub(lambda m: re.sub(r"[^\r\n]", " ", m.group(0)), text)


def parse(doc: Document, known_codes: list[str]) -> list[Suppression]:
    out: list[Suppression] = []
    open_ranges: list[Suppression] = []
    n_lines = len(doc.line_starts)
    for m in COMMENT_RE.finditer(doc.text):
        d = _DIRECTIVE_RE.match(m.group(1))
        if not d:
            continue
        verb, rest = d.group(1).lower(), d.group(2)
        cm = _CODES_RE.match(rest)
        codes = [c.strip().upper() for c in cm.group(1).split(",")] if cm else []
        reason = cm.group(2).strip() if cm else rest.strip()
        line, col = doc.position(m.start())
        end_line, end_col = doc.position(m.end())
        if verb == "enable":
            for r in open_ranges:
                if not codes or set(codes) & set(r.codes):
                    r.last = line - 1
            open_ranges = [r for r in open_ranges if r.last == n_lines]
            continue
        s = Suppression(verb, codes, reason, line, col, end_line, end_col, m.group(0), 0, -1)
        if verb == "ignore":
            nxt = _next_text_line(doc, end_line)
            s.first = s.last = nxt
        else:
            s.first, s.last = end_line, n_lines
            open_ranges.append(s)
        if not codes:
            s.problems.append(("QZ903", "suppression names no rule code (write e.g. 'qzcheck: ignore QZ101 reason')"))
        unknown = [c for c in codes if not any(k.startswith(c) for k in known_codes)]
        if unknown:
            s.problems.append(("QZ903", f"suppression names unknown rule code(s) {', '.join(unknown)}"))
        if not reason:
            s.problems.append(("QZ902", "suppression without a reason: say why the figure stands"))
        out.append(s)
    return out


def _next_text_line(doc: Document, after_line: int) -> int:
    lines = doc.text.split("\n")
    for i in range(after_line, len(lines)):
        content = COMMENT_RE.sub("", lines[i]).strip()
        if content:
            return i + 1
    return after_line


def apply(findings: list[Finding], sups: list[Suppression]) -> list[Finding]:
    """The findings no valid suppression covers; marks the suppressions that were used."""
    kept = []
    for f in findings:
        hit: Optional[Suppression] = None
        for s in sups:
            if not s.problems and s.covers(f):
                hit = s
                break
        if hit is None:
            kept.append(f)
        else:
            hit.used = True
    return kept


def report(path: str, sups: list[Suppression]) -> list[Finding]:
    out = []
    for s in sups:
        problems = list(s.problems)
        if not problems and not s.used:
            problems.append(("QZ901", f"unused suppression: no {', '.join(s.codes)} finding on the line(s) it covers"))
        for code, msg in problems:
            out.append(Finding(code, "warning", path, s.line, s.column, s.end_line, s.end_column, s.text, msg))
    return out
