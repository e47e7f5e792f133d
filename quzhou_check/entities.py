"""Places and organisations: the gazetteer the extractor uses to say who a figure is about.

The names come from the fact base (``entities.toml``); the code knows no particular city. Besides the
known names it recognises every other place of China's administrative divisions (provinces,
prefectures, counties and districts, from ``data/divisions.tsv``, built by scripts/build_gazetteer.py)
by its full name (金华市, 吴兴区) or its short name (金华, 浙江), and unknown places by their ending
(某市, 丙县), so that a figure about a place the fact base does not know is never given to the home
entity.

A short name is a place when it is a word of its own in the sentence (新华社 holds no 新华) and either
the gazetteer marks it as safe alone (``bare``) and the lexicon does not list it as an ordinary word
(``[places] place_words``: 和平, 东方…), or its parent is named right before it (湖州吴兴).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, islice
from operator import add
from pathlib import Path
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


class Division(NamedTuple):
    name: str  # the full name: 金华市
    level: str  # province | city | district | county
    parent: str  # the full name of its parent, "" for a province (or where the name is in several)
    bare: bool  # its short name alone is the place


@dataclass(frozen=True)
class Divisions:
    """China's administrative divisions, read once from data/divisions.tsv when a sentence first needs them."""

    full: dict[str, Division]  # 金华市 -> the division
    short: dict[str, Division]  # 金华 -> the division (the highest level where a short name is in several)
    shorts_of: dict[str, tuple[str, ...]]  # 金华市 -> (金华,): the names a parent is written by
    ends_re: re.Pattern  # one of the last characters of the full names
    full_lens: dict[str, tuple[int, ...]]  # last two characters -> the lengths of the full names ending in them, longest first
    by_head: dict[str, tuple[str, ...]]  # the first two characters of short names -> the names they start
    short_pairs: frozenset[str]  # the short names of at most four characters (those two tokens may make)
    pair_heads: frozenset[str]  # what the first of two such tokens may be (a proper head of such a name)
    pair_tails: frozenset[str]  # and what the second may be (a proper tail)


@lru_cache(maxsize=1)
def divisions() -> Divisions:
    """Read once, when a sentence first needs a place (about 5 ms): the file holds one line per name,
    in order of level, so the first division of a short name is the one of the highest level."""
    full: dict[str, Division] = {}
    short: dict[str, Division] = {}
    shorts_of: dict[str, tuple[str, ...]] = {}
    path = Path(__file__).parent / "data" / "divisions.tsv"
    for line in path.read_text("utf-8").splitlines():
        if line[:1] == "#" or not line:
            continue
        name, sh, level, parent, bare = line.split("\t")
        d = full[name] = Division(name, level, parent, bare == "1")
        if sh:
            shorts_of[name] = (sh,)
            if sh not in short:
                short[sh] = d
    return Divisions(
        full, short, shorts_of,
        re.compile("[" + re.escape("".join(sorted({n[-1] for n in full}))) + "]"),
        _lens_by_tail(full),
        _by_head(short), *_pair_parts(short),
    )


def _pair_parts(short: dict[str, Division]) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The short names two tokens may make (at most four characters), and their proper heads and
    tails: a sentence none of whose tokens is a head, or none a tail, makes none (most sentences)."""
    pairs = frozenset(n for n in short if len(n) <= 4)
    return (pairs, frozenset(n[:i] for n in pairs for i in range(1, len(n))),
            frozenset(n[i:] for n in pairs for i in range(1, len(n))))


def _lens_by_tail(full: dict[str, Division]) -> dict[str, tuple[int, ...]]:
    """The lengths of the full names by their last two characters (every full name has two at
    least), longest first: where a name's last character stands, only the lengths of the names
    that end in the text's last two characters there are sliced and looked up (all the lengths
    of a last character were about a dozen lookups at each 县)."""
    out: dict[str, set[int]] = {}
    for n in full:
        assert len(n) >= 2, n
        out.setdefault(n[-2:], set()).add(len(n))
    return {tail: tuple(sorted(lens, reverse=True)) for tail, lens in out.items()}


def _by_head(short: dict[str, Division]) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for n in short:
        out.setdefault(n[:2], []).append(n)
    return {h: tuple(ns) for h, ns in out.items()}


def _short_names_in(text: str, dv: Divisions, free) -> list[tuple[int, int]]:
    """Where short names of the gazetteer stand in text outside the names already found: the heads
    of two characters in C first (a set of the text's pairs), then each name they start."""
    out = []
    for head in dv.by_head.keys() & set(map(add, text, islice(text, 1, None))):  # the text's pairs, in C
        for name in dv.by_head[head]:
            pos = text.find(name)
            while pos >= 0:
                if free(pos, pos + len(name)):
                    out.append((pos, pos + len(name)))
                pos = text.find(name, pos + 1)
    return out


WINDOW = 8  # characters either side of a short name that jieba cuts to tell whether it is a word


def _windows(spans: list[tuple[int, int]], n: int) -> list[tuple[int, int]]:
    """The stretches of text around the spans, merged where they overlap, in order."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        a, b = max(0, a - WINDOW), min(n, b + WINDOW)
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


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
        self._names = frozenset(self._by_alias)  # every name and alias of the fact base's entities
        self._suffixes = tuple(lex.place_suffixes)
        # the characters a suffix ends with: every place a suffix ends is one of them (single
        # characters, so no match hides another, as one suffix inside a longer one could)
        self._suffix_end_re = re.compile("[" + re.escape("".join(sorted({x[-1] for x in self._suffixes}))) + "]") \
            if self._suffixes else None

    def canonical(self, alias: str) -> Optional[str]:
        """The fact base's name for a name or alias it lists, else None."""
        return self._by_alias.get(alias)

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
        found = self._divisions(text, known, tokens, skip)
        if found:
            out.extend(found)
            out.sort(key=lambda m: m.start)
            known.extend((m.start, m.end) for m in found)
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
            if tok in lex.not_places or tok[0] in _NOT_NAME_START or any(ch in _NUMERALS for ch in tok) \
                    or len(tok) < lex.suffix_min_length.get(tok[-1], 2):  # 获省 is no province
                continue
            out.append(Mention(start, pos, tok, False, "place"))
            places = True
        if places:
            out.sort(key=lambda m: m.start)
        return out

    def _divisions(self, text: str, taken: list[tuple[int, int]], tokens: Optional[list[str]],
                   skip: Optional[list[bool]]) -> list[Mention]:
        """The places of the gazetteer of divisions in text that the fact base does not list (its
        names are found first and left alone): full names where a suffix ends, short names where
        they are a word of their own and safe alone or named after their parent."""
        dv = divisions()
        lex = lexicon()
        out: list[Mention] = []
        spans = list(taken)

        def free(a: int, b: int) -> bool:
            return not any(x < b and a < y for x, y in spans)

        n = len(text)
        bounds: Optional[set[int]] = None
        full_lens = dv.full_lens
        for m in dv.ends_re.finditer(text, 1):  # a full name has two characters at least
            pos = m.start()
            end = pos + 1
            for length in full_lens.get(text[pos - 1:end], ()):
                if length > end:
                    continue
                w = text[end - length:end]
                d = dv.full.get(w)
                if d is None:
                    continue
                start = end - length
                if w in lex.not_places or text[pos:pos + 2] in lex.not_after_suffix \
                        or (skip is not None and skip[start]) or not free(start, end) \
                        or any(text[start - k:end] in lex.not_places for k in (1, 2, 3) if start >= k):
                    break  # 示范县 holds no 范县, 东方市场 no 东方市
                if length == 2:
                    # 范县, 芒市: a name of two characters is a place only where a word starts
                    if bounds is None:
                        bounds = self._bounds(text, tokens)
                    if start not in bounds:
                        break
                out.append(Mention(start, end, d.name, False, d.level))
                spans.append((start, end))
                break
        if n < 2:
            return out
        if tokens is not None:
            pieces = [(0, tokens)]
        else:
            # a text with no figure (an article's first lines, a sentence before the figures) is cut
            # by jieba only around the short names it holds, not whole: most hold none but the
            # home's own name, and cutting 300 characters for one name cost 3 ms an article
            from . import segment

            pieces = [(a, segment.tokens(text[a:b])) for a, b in _windows(_short_names_in(text, dv, free), n)]
        for base, toks in pieces:
            self._short_names(text, toks, base, dv, lex, skip, free, out, spans, self._names)
        out.sort(key=lambda m: m.start)
        return out

    @staticmethod
    def _short_names(text: str, tokens: list[str], base: int, dv: Divisions, lex, skip, free,
                     out: list[Mention], spans: list[tuple[int, int]], known: frozenset[str] = frozenset()) -> None:
        """The short names among ``tokens`` (a cut of text from offset ``base``), added to ``out``."""
        # a short name is a word of its own (新华社 holds no 新华), or two that jieba cut it into (嵊|州):
        # looked up as whole tokens and pairs of tokens, in C, before any loop
        short = dv.short
        names = short.keys() & tokens
        if not dv.pair_heads.isdisjoint(tokens) and not dv.pair_tails.isdisjoint(tokens):
            names.update(dv.short_pairs.intersection(map(add, tokens, islice(tokens, 1, None))))
        if names and known:
            names -= known  # the fact base's own names (衢州) are found already: most sentences hold only those
        if not names:
            return
        offsets = list(accumulate(map(len, tokens)))
        starts = [base, *(base + o for o in offsets[:-1])]
        after = 0  # where the last name found ends
        for k, i in enumerate(starts):
            if i < after or (skip is not None and skip[i]):
                continue
            for w in (tokens[k] + tokens[k + 1] if k + 1 < len(tokens) else "", tokens[k]):  # the longer first
                end = i + len(w)
                if w not in names or not free(i, end) or text.startswith(lex.named_after, end):
                    continue
                d = short[w]
                if not d.bare or w in lex.place_words:
                    # 和平, 新华: an ordinary word too, a place only after its parent (天津和平)
                    parents = (d.parent, *dv.shorts_of.get(d.parent, ())) if d.parent else ()
                    if not any(p and text.endswith(p, 0, i) for p in parents):
                        continue
                out.append(Mention(i, end, d.name, False, d.level))
                spans.append((i, end))
                after = end
                break

    @staticmethod
    def _bounds(text: str, tokens: Optional[list[str]]) -> set[int]:
        """The offsets where a jieba word of text starts or ends (the text is cut when no tokens are given)."""
        if tokens is None:
            from . import segment

            tokens = segment.tokens(text)
        return {0, *accumulate(map(len, tokens))}
