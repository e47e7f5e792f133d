"""The fact base: load the TOML files, validate every record, and index the facts.

Every error names the file and line of the record (``facts/quzhou.toml:120: …``). Records are located
by their ``[[fact]]``/``[[entity]]``/``[[metric]]`` header lines: the i-th header of a kind in a file
is the i-th record of that kind.

Fields a record may leave out take their value from :data:`DEFAULTS`, the one place they are
written (facts/README.md repeats them; ``scripts/trim_facts.py`` removes lines restating them): a
fact's ``aliases = []``, ``qualifier = ""`` (none), ``status = "accepted"``, ``note = ""``; an
entity's ``aliases = []``, ``parent`` (none), ``note = ""``; a metric's ``aliases = []``,
``unit = ""`` (a ratio), ``note = ""``. Every other field of :data:`FIELDS` is required.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Iterable, Optional, Union

from . import cache, tomlfile
from .entities import Entity, Gazetteer
from .errors import FactBaseError
from .lexicon import lexicon, split_unit
from .models import Period
from .periods import parse_date, parse_period

KINDS = ("actual", "target", "forecast")
STATUSES = ("accepted", "disputed", "erratum")
LEVELS = ("country", "province", "city", "district", "county", "company", "project", "org")
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_SOURCE_RE = re.compile(r"^(?P<file>[^:\s]+):(?P<line>\d+)$")

# The fields of each kind of record, in the order error messages list them.
FIELDS: dict[str, tuple[str, ...]] = {
    "fact": ("id", "entity", "metric", "period", "value", "unit", "kind", "source", "source_date",
             "aliases", "qualifier", "status", "note"),
    "entity": ("name", "aliases", "level", "parent", "note"),
    "metric": ("name", "aliases", "unit", "note"),
}
# The value of each optional field a record leaves out (see the module docstring); the rest are required.
DEFAULTS: dict[str, dict[str, object]] = {
    "fact": {"aliases": [], "qualifier": "", "status": "accepted", "note": ""},
    "entity": {"aliases": [], "parent": None, "note": ""},
    "metric": {"aliases": [], "unit": "", "note": ""},
}


@dataclass(frozen=True)
class Metric:
    name: str
    aliases: tuple[str, ...]
    unit: str
    file: str
    line: int


@dataclass(frozen=True)
class Fact:
    id: str
    entity: str
    metric: str
    aliases: tuple[str, ...]
    period: Period
    value: float
    unit: str
    scale_word: str
    base_unit: str
    dimension: str
    scale: float
    qualifier: str
    kind: str
    source: str
    source_date: date
    status: str
    note: str
    file: str
    line: int

    @property
    def subject(self) -> tuple[str, str, Optional[str], str]:
        """What the fact gives a value for: (entity, metric, period, kind)."""
        return self.entity, self.metric, self.period.text, self.kind

    @property
    def magnitude(self) -> float:
        return self.value * self.scale

    def known_at(self, d: date) -> bool:
        """A fact is known at d when its period ended by d or its source was published by d."""
        return (self.period.end is not None and self.period.end <= d) or self.source_date <= d

    def to_dict(self) -> dict:
        out = {
            "id": self.id,
            "entity": self.entity,
            "metric": self.metric,
            "value": self.value,
            "unit": self.unit,
            "period": self.period.text,
            "kind": self.kind,
            "source": self.source,
        }
        if self.qualifier:
            out["qualifier"] = self.qualifier
        if self.status != "accepted":
            out["status"] = self.status
        return out


@dataclass
class FactBase:
    entities: dict[str, Entity] = field(default_factory=dict)
    metrics: dict[str, Metric] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)
    home: Optional[str] = None
    files: list[str] = field(default_factory=list)

    @cached_property
    def gazetteer(self) -> Gazetteer:
        return Gazetteer(self.entities, self.home)

    def words(self) -> set[str]:
        """Every entity and metric name and alias: the segmenter keeps them whole."""
        out: set[str] = set()
        for e in self.entities.values():
            out.update((e.name, *e.aliases))
        for m in self.metrics.values():
            out.update((m.name, *m.aliases))
        return out

    def metric_names(self, fact: Fact) -> tuple[str, ...]:
        m = self.metrics.get(fact.metric)
        return (fact.metric, *(m.aliases if m else ()), *fact.aliases)


Source = Union[str, Path]


def default_facts_dir() -> Path:
    """The fact base shipped with the package (the top-level ``facts/`` folder of the source tree).

    Found beside this file, as the cache finds qzcheck's code: an installed package holds it as
    ``quzhou_check/facts``, a source checkout one folder up (importlib.resources would say the same
    and costs 3 ms of every start to import)."""
    here = Path(__file__).parent
    installed = here / "facts"
    return installed if installed.is_dir() else here.parent / "facts"


CACHE_FROM_BYTES = 32_000  # a fact base this large (about 70 facts) reads back from the cache faster than it parses
MAX_FILE_BYTES = 64 * tomlfile.MIB  # a fact file larger is refused: 100,000 facts take about 20 MiB
MAX_VALUE = 1e18  # a value larger in magnitude is a typing error (a country's GDP in 元 is about 1e14)


def load(dirs: Optional[Iterable[Source]] = None) -> FactBase:
    """Load and validate the fact base in the given folders (default: the shipped one).

    A large base, once valid, is kept in the user's cache (see :mod:`quzhou_check.cache`), keyed
    by the bytes of its files: the next run with the same files skips parsing and validation."""
    folders = list(dirs) if dirs else [default_facts_dir()]
    sources: list[tuple[str, bytes]] = []
    for folder in folders:
        p = Path(folder)
        if not p.is_dir():
            raise FactBaseError(f"{folder}: " + ("is not a folder: a fact base is a folder of .toml files"
                                                 if p.exists() else "fact base folder not found"))
        files = sorted(p.glob("*.toml"))
        if not files:  # a mistyped folder would check every article against nothing, and pass it
            raise FactBaseError(f"{folder}: fact base folder holds no .toml files")
        for f in files:
            try:
                sources.append((str(f), tomlfile.read(f, MAX_FILE_BYTES)))
            except tomlfile.TomlFileError as e:
                raise FactBaseError(str(e)) from None
    big = sum(len(data) for _, data in sources) >= CACHE_FROM_BYTES
    if big:
        name = cache.key("factbase", (part for label, data in sources for part in (label.encode(), data)))
        fb = cache.get(name)
        if isinstance(fb, FactBase):
            return fb
    fb = _load(sources)
    if not fb.facts:  # as with no .toml at all: every article would be checked against nothing, and pass
        raise FactBaseError(f"{', '.join(str(f) for f in folders)}: fact base holds no [[fact]] records")
    if big:
        cache.put(name, fb)
    return fb


def _load(sources: list[tuple[str, bytes]]) -> FactBase:
    fb = FactBase()
    errors: list[str] = []
    seen_ids: dict[str, str] = {}
    raw_facts: list[tuple[str, int, dict]] = []
    for label, raw in sources:
        fb.files.append(label)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise FactBaseError(f"{label}: not UTF-8 text ({e.reason} at byte {e.start})") from None
        try:
            data = tomlfile.parse(text, label)
        except tomlfile.TomlFileError as e:
            raise FactBaseError(str(e)) from None
        heads = _headers(text)
        unknown_tables = set(data) - {"fact", "entity", "metric", "home"}
        for key in sorted(unknown_tables):
            errors.append(f"{label}:{_key_line(text, key)}: unknown table or key {key!r} (expected [[fact]], [[entity]], [[metric]] or home)")
        if "home" in data:
            if not isinstance(data["home"], str):
                errors.append(f"{label}:{_key_line(text, 'home')}: home must be an entity name")
            else:
                fb.home = data["home"]
        for kind in ("entity", "metric", "fact"):
            records = data.get(kind, [])
            if not isinstance(records, list):
                errors.append(f"{label}:{_key_line(text, kind)}: {kind} must be written as [[{kind}]] tables")
                continue
            lines = heads.get(kind, [])
            for i, rec in enumerate(records):
                line = lines[i] if i < len(lines) else 1
                where = f"{label}:{line}"
                errs = _check_keys(rec, kind)
                if errs:
                    errors.extend(f"{where}: {e}" for e in errs)
                    continue
                rec = {**DEFAULTS[kind], **rec}
                if kind == "entity":
                    _add_entity(fb, rec, label, line, errors)
                elif kind == "metric":
                    _add_metric(fb, rec, label, line, errors)
                else:
                    raw_facts.append((label, line, rec))
    for label, line, rec in raw_facts:
        fact = _make_fact(fb, rec, label, line, errors)
        if fact is None:
            continue
        if fact.id in seen_ids:
            errors.append(f"{label}:{line}: duplicate id {fact.id!r} (first at {seen_ids[fact.id]})")
            continue
        seen_ids[fact.id] = f"{label}:{line}"
        fb.facts.append(fact)
    if fb.home is not None and fb.home not in fb.entities:
        errors.append(f"home entity {fb.home!r} is not declared in any [[entity]]")
    for ent in fb.entities.values():
        if ent.parent and ent.parent not in fb.entities:
            errors.append(f"{ent.file}:{ent.line}: parent {ent.parent!r} of {ent.name!r} is not declared")
    errors.extend(_conflicts(fb.facts))
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise FactBaseError(f"invalid fact base: {errors[0]}{more}", errors) from None
    return fb


def validate(dirs: Optional[Iterable[Source]] = None) -> list[str]:
    """Every problem in the fact base, one line each (empty when valid)."""
    try:
        load(dirs)
    except FactBaseError as e:
        return e.errors or [str(e)]
    return []


def _headers(text: str) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for n, line in enumerate(text.splitlines(), 1):
        m = re.match(r"\s*\[\[\s*(fact|entity|metric)\s*\]\]", line)
        if m:
            out.setdefault(m.group(1), []).append(n)
    return out


def _key_line(text: str, key: str) -> int:
    for n, line in enumerate(text.splitlines(), 1):
        if re.match(rf"\s*\[*\s*{re.escape(key)}\b", line):
            return n
    return 1


def _check_keys(rec: dict, kind: str) -> list[str]:
    errs = []
    fields, defaults = FIELDS[kind], DEFAULTS[kind]
    for k in rec:
        if k not in fields:
            errs.append(f"{kind}: unknown field {k!r} (fields: {', '.join(fields)})")
    for k in fields:
        if k not in defaults and k not in rec:
            errs.append(f"{kind}: missing field {k!r}")
    return errs


def _str_list(v) -> Optional[tuple[str, ...]]:
    if isinstance(v, list) and all(isinstance(x, str) and x for x in v):
        return tuple(v)
    return None


def _named(rec: dict, kind: str, where: str, table: dict, errors: list[str]) -> Optional[tuple[str, tuple[str, ...]]]:
    """The record's name and aliases, checked, and not declared before in ``table``."""
    name = rec["name"]
    aliases = _str_list(rec["aliases"])
    if not isinstance(name, str) or not name:
        errors.append(f"{where}: {kind} name must be a non-empty string")
        return None
    if aliases is None:
        errors.append(f"{where}: aliases of {kind} {name!r} must be a list of strings")
        return None
    if name in table:
        first = table[name]
        errors.append(f"{where}: {kind} {name!r} declared twice (first at {first.file}:{first.line})")
        return None
    return name, aliases


def _add_entity(fb: FactBase, rec: dict, label: str, line: int, errors: list[str]) -> None:
    where = f"{label}:{line}"
    named = _named(rec, "entity", where, fb.entities, errors)
    if named is None:
        return
    name, aliases = named
    if rec["level"] not in LEVELS:
        errors.append(f"{where}: level {rec['level']!r} of {name!r} is not one of {', '.join(LEVELS)}")
        return
    fb.entities[name] = Entity(name, aliases, rec["level"], rec["parent"], label, line)


def _add_metric(fb: FactBase, rec: dict, label: str, line: int, errors: list[str]) -> None:
    where = f"{label}:{line}"
    named = _named(rec, "metric", where, fb.metrics, errors)
    if named is None:
        return
    name, aliases = named
    unit = rec["unit"]
    try:
        split_unit(unit)
    except (ValueError, TypeError):
        errors.append(f"{where}: unknown unit {unit!r} for metric {name!r}")
        return
    fb.metrics[name] = Metric(name, aliases, unit, label, line)


def _make_fact(fb: FactBase, rec: dict, label: str, line: int, errors: list[str]) -> Optional[Fact]:
    where = f"{label}:{line}"
    fid = rec["id"]
    if not isinstance(fid, str) or not _ID_RE.match(fid):
        errors.append(f"{where}: id {fid!r} must be lowercase ascii letters, digits, '.', '-' or '_'")
        return None
    n = len(errors)
    if rec["entity"] not in fb.entities:
        errors.append(f"{where}: {fid}: unknown entity {rec['entity']!r} (declare it in an [[entity]] table)")
    if rec["metric"] not in fb.metrics:
        errors.append(f"{where}: {fid}: unknown metric {rec['metric']!r} (declare it in a [[metric]] table)")
    value = rec["value"]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        errors.append(f"{where}: {fid}: value must be a number, not {value!r}")
    elif not (isinstance(value, int) or math.isfinite(value)) or abs(value) > MAX_VALUE:
        shown = f"{value!r}" if isinstance(value, float) else f"a number of {len(str(abs(value)))} digits"
        errors.append(f"{where}: {fid}: value must be a finite number of at most {MAX_VALUE:.0e} in magnitude, not {shown}")
    try:
        scale_word, base, dimension, scale = split_unit(rec["unit"])
    except (ValueError, TypeError):
        errors.append(f"{where}: {fid}: unknown unit {rec['unit']!r}")
        scale_word, base, dimension, scale = "", "", "", 1.0
    try:
        period = parse_period(str(rec["period"]))
    except ValueError as e:
        errors.append(f"{where}: {fid}: bad period: {e}")
        period = None
    qualifier = rec["qualifier"]
    lex = lexicon()
    allowed_q = set(lex.before) | set(lex.after) | {"前", ""}
    if qualifier not in allowed_q:
        errors.append(f"{where}: {fid}: unknown qualifier {qualifier!r}")
    if rec["kind"] not in KINDS:
        errors.append(f"{where}: {fid}: kind {rec['kind']!r} is not one of {', '.join(KINDS)}")
    status = rec["status"]
    if status not in STATUSES:
        errors.append(f"{where}: {fid}: status {status!r} is not one of {', '.join(STATUSES)}")
    if not isinstance(rec["source"], str) or not _SOURCE_RE.match(rec["source"]):
        errors.append(f"{where}: {fid}: source {rec['source']!r} must be FILE:LINE")
    try:
        source_date = parse_date(str(rec["source_date"]))
    except ValueError as e:
        errors.append(f"{where}: {fid}: bad source_date: {e}")
        source_date = None
    aliases = _str_list(rec["aliases"])
    if aliases is None:
        errors.append(f"{where}: {fid}: aliases must be a list of strings")
    if len(errors) > n or period is None or source_date is None:  # None only with its error said
        return None
    return Fact(
        id=fid, entity=rec["entity"], metric=rec["metric"], aliases=aliases or (), period=period,
        value=float(value), unit=rec["unit"], scale_word=scale_word, base_unit=base, dimension=dimension,
        scale=scale, qualifier=qualifier, kind=rec["kind"], source=rec["source"], source_date=source_date,
        status=status, note=rec["note"], file=label, line=line,
    )


def _conflicts(facts: list[Fact]) -> list[str]:
    """Two accepted values for one entity, metric, period and kind are an error: mark them."""
    groups: dict[tuple, list[Fact]] = {}
    for f in facts:
        groups.setdefault(f.subject, []).append(f)
    errors = []
    for (entity, metric, period, kind), fs in groups.items():
        accepted = [f for f in fs if f.status == "accepted"]
        values = {round(f.magnitude, 9) for f in accepted}
        if len(values) > 1:
            a, b = accepted[0], next(f for f in accepted[1:] if round(f.magnitude, 9) != round(accepted[0].magnitude, 9))
            errors.append(
                f"{b.file}:{b.line}: {b.id}: {entity} {metric} {period} ({kind}) is {b.value:g}{b.unit} here and "
                f"{a.value:g}{a.unit} at {a.file}:{a.line}; mark one status = \"erratum\" or both \"disputed\""
            )
    return errors
