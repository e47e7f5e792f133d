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
    not_after_suffix: frozenset[str]  # 市场, 区域: a place suffix that starts another word
    named_after: tuple[str, ...]  # 村, 镇…: after a short name, a smaller place named after it (大安村)
    suffix_min_length: dict[str, int]  # 省 -> 3: an unknown place ending in it is at least this long
    place_words: frozenset[str]  # short names of places that are ordinary words too (和平, 东方)
    subject_heads: tuple[str, ...]  # 产业, 园区, 基金…: a subject that is not a place ends in one
    subject_verbs: tuple[str, ...]  # 实现, 产值…: what follows such a subject at the head of a clause
    topic_leads: tuple[str, ...]  # 仅仅是…: what opens a sentence whose topic is such a subject
    class_nouns: tuple[str, ...]  # 上市公司…: a class of subjects a place counts or sums, never one subject
    unit_re: re.Pattern  # scale? unit? at a position
    arabic_only_units: frozenset[str]
    false_units: frozenset[str]
    unit_factors: dict[str, float]
    not_qualifiers: dict[str, tuple[str, ...]]  # 约 -> 签约, 节约…: words that end in a qualifier
    class_re: re.Pattern  # the class a threshold figure qualifies, right after the figure
    # the target and forecast words hold no look-around or anchor, so a sentence in which none is
    # found holds none before any of its figures either (the extractor then looks no further)
    kinds_plain: bool = True
    # the words of a change's direction ([signs]): a match's group "fall" is set for a fall
    direction: re.Pattern = re.compile(r"(?!)")


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
        not_after_suffix=frozenset(data["places"].get("not_after_suffix", [])),
        named_after=tuple(data["places"].get("named_after", [])),
        suffix_min_length=dict(data["places"].get("suffix_min_length", {})),
        place_words=frozenset(data["places"].get("place_words", [])),
        subject_heads=tuple(sorted(data.get("subjects", {}).get("heads", []), key=len, reverse=True)),
        subject_verbs=tuple(sorted(data.get("subjects", {}).get("verbs", []), key=len, reverse=True)),
        topic_leads=tuple(sorted(data.get("subjects", {}).get("topic_lead", []), key=len, reverse=True)),
        class_nouns=tuple(data.get("subjects", {}).get("class_nouns", [])),
        unit_re=unit_re,
        arabic_only_units=frozenset(data["arabic_only_units"]),
        false_units=frozenset(data["false_units"]),
        unit_factors={k: float(v) for k, v in data.get("unit_factors", {}).items()},
        not_qualifiers=_by_last_char(q.get("not_qualifiers", [])),
        class_re=re.compile(rf"[“”\"]?(?:(?!的)[\u4e00-\u9fff]){{0,5}}(?:{_alternation(data['class_heads'])})"),
        kinds_plain=plain(data["kinds"]["target"] + data["kinds"]["forecast"]),
        direction=_direction(data.get("signs", {})),
    )


def _direction(signs: dict) -> re.Pattern:
    """One alternation of the rise and fall words, longest first (负增长 before 增长)."""
    words = [(w, "fall") for w in signs.get("fall", [])] + [(w, "rise") for w in signs.get("rise", [])]
    if not words:
        return re.compile(r"(?!)")
    words.sort(key=lambda x: -len(x[0]))
    return re.compile("|".join(f"(?P<{k}{i}>{re.escape(w)})" for i, (w, k) in enumerate(words)))


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


@dataclass(frozen=True)
class MetricIdentity:
    """The words that change what a metric counts (``[metric_identity]`` of data/lexicon.toml).

    ``words`` maps each word to what it marks: ("group", group index, class index), ("aspect",
    aspect name) or ("neutral",); ``word_re`` finds them longest first."""

    groups: tuple[tuple[str, frozenset[int], int], ...]  # (name, marked classes, the class both read as or -1)
    words: dict[str, tuple]
    word_re: re.Pattern
    qualifier_re: re.Pattern  # a phrase that qualifies a figure without naming it (按户籍人口计算)
    list_words: frozenset[str]  # modifiers that heading a list qualify each item (累计新培育A、B)
    part_of_re: re.Pattern  # 其中, X中，: the figures after it are parts of a whole
    new_class: tuple[int, int] | None  # (group, class) the shape 新增…N家 states (new_shape)
    group_classes: tuple[tuple[tuple[str, ...], ...], ...]  # each group's classes, by group index
    bare_heads: frozenset[str]  # words that say an amount but not of what (金额, 规模)


@lru_cache(maxsize=1)
def metric_identity() -> MetricIdentity:
    data = tomllib.loads((Path(__file__).parent / "data" / "lexicon.toml").read_text("utf-8"))["metric_identity"]
    words: dict[str, tuple] = {w: ("neutral",) for w in data.get("neutral", [])}
    groups, list_words = [], set()
    for g, group in enumerate(data.get("groups", [])):
        groups.append((group["name"], frozenset(group.get("marked", [])), group.get("both", -1)))
        for k, cls in enumerate(group["classes"]):
            for w in cls:
                words.setdefault(w, ("group", g, k))
                if group.get("over_lists"):
                    list_words.add(w)
    for aspect, ws in data.get("aspects", {}).items():
        for w in ws:
            words.setdefault(w, ("aspect", aspect))
    phrases = data.get("qualifier_phrases", {}).get("patterns", [])
    return MetricIdentity(
        groups=tuple(groups),
        words=words,
        word_re=re.compile(_alternation(words)),
        qualifier_re=re.compile("|".join(f"(?:{p})" for p in phrases) or r"(?!)"),
        list_words=frozenset(list_words),
        part_of_re=re.compile(_alternation(data.get("part_of", {}).get("words", [])) or r"(?!)"),
        new_class=words[data["new_shape"]][1:] if words.get(data.get("new_shape", ""), ("",))[0] == "group" else None,
        group_classes=tuple(tuple(tuple(c) for c in g["classes"]) for g in data.get("groups", [])),
        bare_heads=frozenset(data.get("bare_heads", [])),
    )
