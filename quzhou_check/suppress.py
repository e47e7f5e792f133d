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
from heapq import heappop, heappush
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


def _comments_end(text: str) -> int:
    """Where the last comment can end: after the last -->. COMMENT_RE is used only up to there, so
    that an unclosed <!-- is not searched for its --> to the end of the text, from each <!-- in
    turn (100 KB of them took 33 s); a <!-- after the last --> opens no comment anyway."""
    return text.rfind("-->") + 3


def _blank(m: re.Match) -> str:
    return _NOT_LINE_BREAK_RE.sub(" ", m.group(0))


_NOT_LINE_BREAK_RE = re.compile(r"[^\r\n]")


def blank_comments(text: str) -> str:
    """The text with every HTML comment replaced by spaces (line breaks kept), same length."""
    end = _comments_end(text)
    if end < 7:  # no --> after a <!--
        return text
    return COMMENT_RE.sub(_blank, text[:end]) + text[end:]


def parse(doc: Document, known_codes: list[str]) -> list[Suppression]:
    out: list[Suppression] = []
    # the disable ranges still open: all of them (for an enable with no code), and by code; each
    # range is looked at once per list it is in, not at every enable (many disables and enables
    # of other codes were quadratic)
    open_ranges: list[Suppression] = []
    open_by_code: dict[str, list[Suppression]] = {}
    n_lines = len(doc.line_starts)
    next_text = None  # the next line with text at or after each line, built at the first ignore
    for m in COMMENT_RE.finditer(doc.text, 0, _comments_end(doc.text)):
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
            closing = [r for c in dict.fromkeys(codes) for r in open_by_code.pop(c, ())] if codes else open_ranges
            for r in closing:
                if r.last == n_lines:  # still open
                    r.last = line - 1
            if not codes:
                open_ranges, open_by_code = [], {}
            continue
        s = Suppression(verb, codes, reason, line, col, end_line, end_col, m.group(0), 0, -1)
        if verb == "ignore":
            if next_text is None:
                next_text = _next_text_lines(doc)
            s.first = s.last = next_text[end_line] or end_line
        else:
            s.first, s.last = end_line, n_lines
            open_ranges.append(s)
            for c in dict.fromkeys(codes):
                open_by_code.setdefault(c, []).append(s)
        if not codes:
            s.problems.append(("QZ903", "suppression names no rule code (write e.g. 'qzcheck: ignore QZ101 reason')"))
        unknown = [c for c in codes if not any(k.startswith(c) for k in known_codes)]
        if unknown:
            s.problems.append(("QZ903", f"suppression names unknown rule code(s) {', '.join(unknown)}"))
        if not reason:
            s.problems.append(("QZ902", "suppression without a reason: say why the figure stands"))
        out.append(s)
    return out


def _next_text_lines(doc: Document) -> list[int]:
    """For each line index i (0-based), the number (1-based) of the first line from i on with text
    besides comments, else 0; one pass from the end. Lines are the document's (CR, LF or CRLF): a
    file with CR line ends has more than one line."""
    text, starts = doc.text, doc.line_starts
    out = [0] * (len(starts) + 1)
    for i in range(len(starts) - 1, -1, -1):
        line = text[starts[i]:starts[i + 1] if i + 1 < len(starts) else len(text)]
        if "<!--" in line:
            end = _comments_end(line)
            line = COMMENT_RE.sub("", line[:end]) + line[end:]
        out[i] = i + 1 if line.strip() else out[i + 1]
    return out


def apply(findings: list[Finding], sups: list[Suppression]) -> list[Finding]:
    """The findings no valid suppression covers; marks the suppressions that were used.

    A finding's suppression is the first in order that covers its line and names a prefix of its
    rule. The findings are taken in line order; for each code, the suppressions that start by the
    line are kept in a heap by their order, dropping those that end before it: time in
    (findings + suppressions) × log, not their product."""
    valid: dict[str, list[tuple[int, int, int]]] = {}  # code -> (first, order, last)
    for n, s in enumerate(sups):
        if not s.problems:
            for c in dict.fromkeys(s.codes):
                valid.setdefault(c, []).append((s.first, n, s.last))
    if not valid:
        return list(findings)
    for ranges in valid.values():
        ranges.sort()
    taken = dict.fromkeys(valid, 0)  # how many of each code's suppressions are in its heap
    heaps: dict[str, list[tuple[int, int]]] = {c: [] for c in valid}  # (order, last)
    hits: list[Optional[int]] = [None] * len(findings)
    for k in sorted(range(len(findings)), key=lambda k: findings[k].line):
        f = findings[k]
        line = f.line
        for c in {f.rule[:j] for j in range(1, len(f.rule) + 1)}.intersection(valid):
            ranges, heap, t = valid[c], heaps[c], taken[c]
            while t < len(ranges) and ranges[t][0] <= line:
                heappush(heap, ranges[t][1:])
                t += 1
            taken[c] = t
            while heap and heap[0][1] < line:
                heappop(heap)  # ended before this line, so before every later finding's
            hit = hits[k]
            if heap and (hit is None or heap[0][0] < hit):
                hits[k] = heap[0][0]
    kept = []
    for f, hit in zip(findings, hits):
        if hit is None:
            kept.append(f)
        else:
            sups[hit].used = True
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
