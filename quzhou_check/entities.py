"""Places and organisations: the gazetteer the extractor uses to say who a figure is about.

The names come from the fact base (``entities.toml``); the code knows no particular city. Besides the
known names it recognises unknown places by their ending (某市, 丙县) so that a figure about a place
the fact base does not know is never given to the home entity.
"""

from __future__ import annotations

import re
from itertools import accumulate
from dataclasses import dataclass, field
from typing import NamedTuple, Optional

from .lexicon import lexicon


_NUMERALS = set("一二三四五六七八九十两百千")
_NOT_NAME_START = set("的在了和与及是为从到全各本该每新老大小一二三四五六七八九十两多")


@dataclass(frozen=True)
class Entity:
    name: str
    aliases: tuple[str, ...] = ()
    level: str = "city"
    parent: Optional[str] = None
    file: str = ""
    line: int = 0


class Mention(NamedTuple):
    """A name found in a sentence. A named tuple, not a frozen dataclass: as immutable, and about a
    third of the cost to build (a run builds tens of thousands)."""

    start: int
    end: int
    name: str  # canonical name, or the unknown place as written
    known: bool
    level: str = ""
    scope: bool = False  # 全市, 全区 …: resolved later against the paragraph's entities


@dataclass
class Gazetteer:
    entities: dict[str, Entity] = field(default_factory=dict)
    home: Optional[str] = None

    def __post_init__(self):
        self._by_alias: dict[str, str] = {}
        for e in self.entities.values():
            for a in (e.name, *e.aliases):
                self._by_alias.setdefault(a, e.name)
        lex = lexicon()
        names = sorted(set(self._by_alias) | set(lex.scopes), key=len, reverse=True)
        self._re = re.compile("|".join(re.escape(n) for n in names)) if names else None
        self._suffixes = tuple(lex.place_suffixes)
        # the characters a suffix ends with: every place a suffix ends is one of them (single
        # characters, so no match hides another, as one suffix inside a longer one could)
        self._suffix_end_re = re.compile("[" + re.escape("".join(sorted({x[-1] for x in self._suffixes}))) + "]") \
            if self._suffixes else None

    def level(self, name: str) -> str:
        e = self.entities.get(name)
        return e.level if e else ""

    def mentions(self, text: str, tokens: Optional[list[str]] = None, skip: Optional[list[bool]] = None) -> list[Mention]:
        """Known names and scope words in text, longest first, plus unknown places.

        Unknown places are read from the jieba tokens of the same text (``tokens`` must join to it):
        a token of two to five characters ending in a place suffix (某市, 丙县) that is not a common noun.
        ``skip`` marks characters (time words) that cannot begin a name.
        """
        lex = lexicon()
        out: list[Mention] = []
        known: list[tuple[int, int]] = []  # the spans of the names and scope words found
        if self._re is not None:
            for m in self._re.finditer(text):
                a, b = m.span()
                w = m.group(0)
                if w in lex.scopes:
                    out.append(Mention(a, b, w, False, lex.scopes[w], scope=True))
                else:
                    name = self._by_alias[w]
                    out.append(Mention(a, b, name, True, self.level(name)))
                known.append((a, b))
        if not tokens or self._suffix_end_re is None or not self._suffix_end_re.search(text):
            return out  # found left to right, already in order; no token can end in a place suffix
        # only a token that ends where a suffix ends can hold an unknown place: the few places where
        # one ends are found in the text, and the tokens ending there looked up by their end offsets
        # (built in C; a loop over every token was two fifths of this function)
        token_at_end = dict(zip(accumulate(map(len, tokens)), tokens))
        places = False
        for m in self._suffix_end_re.finditer(text):
            pos = m.end()
            tok = token_at_end.get(pos)
            if tok is None or not tok.endswith(self._suffixes):
                continue  # the name below, a tail of this token, would not end in a suffix
            start = pos - len(tok)
            while skip is not None and start < pos and skip[start]:
                start += 1  # 2025年丙市 is cut 2025/年丙市: the time word is not part of the name
            tok = text[start:pos]
            if not (2 <= len(tok) <= 5 and tok.endswith(self._suffixes)) or any(a < pos and start < b for a, b in known):
                continue
            if tok in lex.not_places or tok[0] in _NOT_NAME_START or any(ch in _NUMERALS for ch in tok):
                continue
            out.append(Mention(start, pos, tok, False, "place"))
            places = True
        if places:
            out.sort(key=lambda m: m.start)
        return out
