"""Normalise decoded text for matching without moving any character.

Full-width ASCII forms (digits, letters, punctuation) and the ideographic space are folded to their
ASCII forms, and traditional characters are converted to simplified with OpenCC (``t2s``). Both keep
the text's length, so an offset into the normalised text is an offset into the original: where a
conversion would change the length of a line, that line is converted character by character.
NFKC is not used: it changes lengths (℃, ㎡) and folds more than numbers need.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Characters that print as nothing: zero-width space, non-joiner and joiner, the direction marks,
# embeddings, overrides and isolates, the word joiner, invisible operators, a BOM inside the text and
# the soft hyphen. The extractor reads them as blanks (a mark inside or beside a figure neither
# changes it nor hides it) and every report shows them escaped.
INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e" \
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff\xad"
_HIDDEN_RE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{INVISIBLE}]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def visible(text: str) -> str:
    """``text`` with control and invisible characters written as escapes (``\\n``, ``\\x1b``,
    ``\\u200b``): a file name or an article printed to a terminal or a CI log can then neither
    move the cursor, colour the screen, start a line of its own (a forged ``::error``) nor hide
    a character."""
    if not _HIDDEN_RE.search(text):
        return text
    return _HIDDEN_RE.sub(lambda m: _ESCAPES.get(m.group(), m.group().encode("unicode_escape").decode("ascii")), text)


_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20


_FULLWIDTH_RE = re.compile("[\uff01-\uff5e\u3000]")


def fold_width(text: str) -> str:
    """Full-width ASCII variants to ASCII, one character for one.

    An article holds only a few distinct full-width characters (，（）：…), so each is replaced
    throughout with str.replace: several times faster than str.translate, which looks every
    character of a CJK text up in the table. The next one left is found by searching on from where
    the last was (everything before it is folded already), not by listing every occurrence."""
    if len(text) < 200:
        return text.translate(_FULLWIDTH)  # a number or a line: the table is quicker at that size
    pos = 0
    while (m := _FULLWIDTH_RE.search(text, pos)) is not None:
        ch = m.group()
        text = text.replace(ch, chr(_FULLWIDTH[ord(ch)]))  # one character for one: offsets hold
        pos = m.start()
    return text


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def _has_non_simplified(text: str) -> bool:
    # Cheap pre-check: pure ASCII needs no conversion.
    return not text.isascii()


def to_simplified(text: str) -> str:
    """Traditional to simplified characters, keeping every character's offset."""
    if not _has_non_simplified(text):
        return text
    conv = _converter().convert
    out = conv(text)
    if len(out) == len(text):
        return out
    lines = text.splitlines(keepends=True)
    fixed = []
    for line in lines:
        c = conv(line)
        if len(c) != len(line):
            c = "".join(ch2 if len(ch2 := conv(ch)) == 1 else ch for ch in line)
        fixed.append(c)
    return "".join(fixed)


def normalize(text: str) -> str:
    """The working text: same length as ``text``, folded and simplified."""
    return to_simplified(fold_width(text))
