"""Where an article's sentences and clauses start and end: the units the extractor reads.

Sentences end at 。！？ (and at a blank line after a finished sentence, a headline or a caption);
clauses at ，；：, sub-clauses also at 、. A "sentence" of more than MAX_SENTENCE characters, which no
copy has, is read in pieces (see _bounded).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Optional

from .normalize import INVISIBLE
from .numerals import CHINESE_NUMERAL_CHARS

SENTENCE_END = "。！？!?"
CLAUSE_RE = re.compile(r"[，,；;：:]")
SUBCLAUSE_RE = re.compile(r"[，,；;：:、]")
MAX_SENTENCE = 1000  # characters; the seeds' longest sentence has 243
_NUMBER_CHARS = frozenset("0123456789.,%" + CHINESE_NUMERAL_CHARS)  # what a number is written with


_BLANK = " \t\u3000\xa0" + INVISIBLE  # blanks inside a line: 1\u200b061亿元 is 1061亿元
_SPACE = "\r\n" + _BLANK  # what squeeze removes
_SPACE_RE = re.compile(f"[{_SPACE}]")


def squeeze(text: str, start: int, end: int) -> tuple[str, Sequence[int]]:
    """The sentence with line breaks and spaces removed, and the offset of each kept character (a
    range when nothing is removed)."""
    if not _SPACE_RE.search(text, start, end):
        return text[start:end], range(start, end)  # the common case: nothing to remove
    chars = []
    index = []
    for i in range(start, end):
        ch = text[i]
        if ch in _SPACE:
            continue
        chars.append(ch)
        index.append(i)
    return "".join(chars), index


_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_END_RE = re.compile(r"[。！？!?][”’」』\"）)]*")


def sentences(text: str) -> list[tuple[int, int, int]]:
    """(start, end, paragraph number) of each sentence.

    Sentences end at 。！？; a blank line also ends one when the text before it ends a sentence or is a
    short line (a headline or caption). Otherwise the blank line is a layout break inside a sentence
    (the seeds break words and sentences across lines). Works line by line, never character by character.
    """
    out: list[tuple[int, int, int]] = []
    para = 0
    start = None  # start of the open sentence
    blank_run = 0
    last_line = ""
    for m in _LINE_RE.finditer(text):
        line_start, line_end = m.start(), m.end()
        if line_start == line_end:
            break
        content = m.group(0).rstrip("\r\n")
        if not content.strip(_BLANK):
            blank_run += 1
            continue
        if blank_run and start is None and out:
            para += 1  # a blank line after a finished sentence: a new paragraph
        elif start is not None and blank_run:
            prev_end = _end_before(text, line_start, lo=start)  # the open sentence, not copied
            if prev_end == start or text[prev_end - 1] in SENTENCE_END + "”」』:：" or len(last_line) < 30:
                out.append((start, _end_before(text, line_start), para))
                start = None
                para += 1
        elif start is not None and len(last_line) < 30 and last_line and last_line[-1] not in "，,、；;":
            # a short line with no punctuation at its end: a headline or caption
            out.append((start, _end_before(text, line_start, "\r\n"), para))
            start = None
        blank_run = 0
        lead = len(content) - len(content.lstrip(_BLANK))
        pos = line_start + lead
        if start is None:
            start = pos
        for e in _END_RE.finditer(text, pos, line_start + len(content)):
            out.append((start, e.end(), para))
            start = e.end()
        # a sentence ended on this line with only blanks after it: none is open. (An open sentence
        # that started on an earlier line holds this line's text: it is not copied at every line.)
        if start is not None and start > pos and not text[start:line_start + len(content)].strip(_BLANK):
            start = None
        last_line = content.strip(_BLANK)
    if start is not None and text[start:].strip():
        out.append((start, len(text.rstrip()), para))
    if any(b - a > MAX_SENTENCE for a, b, _ in out):
        out = [piece for a, b, p in out for piece in _bounded(text, a, b, p)]
    return out


def _end_before(text: str, pos: int, chars: Optional[str] = None, lo: int = 0) -> int:
    """``lo + len(text[lo:pos].rstrip(chars))`` without copying the text before pos (once a paragraph,
    that copy made a 13 MB article quadratic)."""
    while pos > lo and (text[pos - 1].isspace() if chars is None else text[pos - 1] in chars):
        pos -= 1
    return pos


def _bounded(text: str, start: int, end: int, para: int) -> list[tuple[int, int, int]]:
    """A "sentence" longer than MAX_SENTENCE (a table or a list run together with no 。) in pieces
    cut after the last clause break (，；：) within each MAX_SENTENCE characters, else at the limit
    but never inside a number. Reading a sentence takes time in the square of its figures: a
    3 MB line of figures took hours, in pieces it takes seconds. No sentence of copy is this long."""
    out = []
    while end - start > MAX_SENTENCE:
        limit = start + MAX_SENTENCE
        m = _UP_TO_CLAUSE_BREAK.match(text, start, limit)
        if m:
            cut = m.end()  # after the last break, however close to the start
        else:
            cut = limit
            while cut > start + 1 and text[cut - 1] in _NUMBER_CHARS and text[cut] in _NUMBER_CHARS:
                cut -= 1
            if cut - start < 2:  # a number longer than the limit: cut anyway
                cut = limit
        out.append((start, cut, para))
        start = cut
    out.append((start, end, para))
    return out


# the text up to the last clause break before a position: .* runs to the position and backs off
# to the break, in one call instead of a Python loop over every break
_UP_TO_CLAUSE_BREAK = re.compile(r".*" + CLAUSE_RE.pattern, re.S)
_UP_TO_SUBCLAUSE_BREAK = re.compile(r".*" + SUBCLAUSE_RE.pattern, re.S)


@lru_cache(maxsize=4096)
def clause_start(s: str, pos: int) -> int:
    """Where the clause holding pos starts: after the last ，；： before pos, else 0."""
    m = _UP_TO_CLAUSE_BREAK.match(s, 0, pos)
    return m.end() if m else 0


@lru_cache(maxsize=4096)
def subclause_start(s: str, pos: int) -> int:
    """As clause_start, with 、 also a break."""
    m = _UP_TO_SUBCLAUSE_BREAK.match(s, 0, pos)
    return m.end() if m else 0


def clause_end(s: str, pos: int) -> int:
    """Where the clause holding pos ends: at the next ，；： from pos, else at the end."""
    m = CLAUSE_RE.search(s, pos)
    return m.start() if m else len(s)
