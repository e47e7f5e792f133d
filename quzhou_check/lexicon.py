"""The extractor's word tables (``data/lexicon.toml``), loaded once and compiled to regexes."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class Lexicon:
    units: dict[str, str]  # unit -> dimension
    scales: dict[str, float]
    before: dict[str, str]  # qualifier before the number -> bound, longest word first
    after: dict[str, str]  # longest word first
    target: re.Pattern
    forecast: re.Pattern
    scopes: dict[str, str]  # 全市 -> city
    place_suffixes: tuple[str, ...]
    not_places: frozenset[str]
    unit_re: re.Pattern  # scale? unit? at a position
    arabic_only_units: frozenset[str]
    false_units: frozenset[str]
    unit_factors: dict[str, float]
    not_qualifiers: dict[str, tuple[str, ...]]  # 约 -> 签约, 节约…: words that end in a qualifier
    class_re: re.Pattern  # the class a threshold figure qualifies, right after the figure
    # the target and forecast words hold no look-around or anchor, so a sentence in which none is
    # found holds none before any of its figures either (the extractor then looks no further)
    kinds_plain: bool = True


_LOOKAROUND = re.compile(r"\(\?<?[=!]|\\[bBAZ]|(?<!\[)\^|\$")  # [^…] is a class, not an anchor


def plain(patterns) -> bool:
    """No look-around, word boundary or anchor in any of the patterns."""
    return not any(_LOOKAROUND.search(p) for p in patterns)


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _by_last_char(words: list[str]) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for w in words:
        out.setdefault(w[-1], []).append(w)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _data() -> dict:
    """data/lexicon.toml, read once for every table made of it."""
    return tomllib.loads((Path(__file__).parent / "data" / "lexicon.toml").read_text("utf-8"))


def table(name: str) -> dict:
    """A section of data/lexicon.toml as it is written (the dating words: ``table("dating")``)."""
    return _data()[name]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = _data()
    units = data["units"]
    scales = data["scales"]
    q = data["qualifiers"]
    unit_re = re.compile(
        rf"(?P<approx>多|余)?(?P<scale>{_alternation(scales)})?(?P<approx2>多|余)?(?P<unit>{_alternation(units)})?"
    )
    return Lexicon(
        units=units,
        scales={k: float(v) for k, v in scales.items()},
        before=dict(sorted(q["before"].items(), key=lambda kv: -len(kv[0]))),
        after=dict(sorted(q["after"].items(), key=lambda kv: -len(kv[0]))),
        target=re.compile("|".join(data["kinds"]["target"])),
        forecast=re.compile("|".join(data["kinds"]["forecast"])),
        scopes=data["scopes"],
        place_suffixes=tuple(data["places"]["suffixes"]),
        not_places=frozenset(data["places"]["not_places"]),
        unit_re=unit_re,
        arabic_only_units=frozenset(data["arabic_only_units"]),
        false_units=frozenset(data["false_units"]),
        unit_factors={k: float(v) for k, v in data.get("unit_factors", {}).items()},
        not_qualifiers=_by_last_char(q.get("not_qualifiers", [])),
        class_re=re.compile(rf"[“”\"]?(?:(?!的)[\u4e00-\u9fff]){{0,5}}(?:{_alternation(data['class_heads'])})"),
        kinds_plain=plain(data["kinds"]["target"] + data["kinds"]["forecast"]),
    )


def split_unit(unit: str) -> tuple[str, str, str, float]:
    """'亿元' -> ('亿', '元', 'money', 1e8); '' -> ('', '', 'ratio', 1). ValueError if unknown."""
    lex = lexicon()
    if unit == "":
        return "", "", "ratio", 1.0
    if unit in lex.units:
        return "", unit, lex.units[unit], lex.unit_factors.get(unit, 1.0)
    for scale in sorted(lex.scales, key=len, reverse=True):
        if unit.startswith(scale):
            base = unit[len(scale):]
            if base in lex.units:
                return scale, base, lex.units[base], lex.scales[scale] * lex.unit_factors.get(base, 1.0)
            if base == "":
                return scale, "", "number", lex.scales[scale]
    raise ValueError(f"unknown unit {unit!r}")
