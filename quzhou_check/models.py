"""Plain data passed between the pipeline stages: read -> normalise -> extract -> match -> judge -> report."""

from __future__ import annotations

import pickle
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from operator import attrgetter
from typing import Optional, Union

from .normalize import fold_width
from .numerals import decimals as _written_decimals


@dataclass(frozen=True)
class Document:
    """An article as read from disk: the decoded text and how to map offsets back to the file.

    ``text`` is the decoded text (BOM removed, line ends kept as they were), so an offset into it is
    an offset into the file's characters. ``normalized`` has exactly the same length: full-width forms
    folded and traditional characters converted, character by character.
    """

    path: str
    text: str
    normalized: str
    encoding: str
    line_starts: tuple[int, ...]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset; columns count characters."""
        i = bisect_right(self.line_starts, offset) - 1
        return i + 1, offset - self.line_starts[i] + 1


OUTCOMES = ("agrees", "disagrees", "outdated", "unverified", "uncertain")  # see quzhou_check.judge


@dataclass(frozen=True)
class Period:
    """When a figure is for. ``text`` is canonical (see facts/README.md); ``None`` start means "now"."""

    text: Optional[str]
    start: Optional[date] = None
    end: Optional[date] = None
    span: bool = False  # a multi-year span (5年来, "十四五"以来)
    source: str = ""  # the words it was read from (去年, 5年来 …)
    unknown: bool = False  # stated in words the checker cannot read (全年 with no year): neither now nor a period

    @property
    def is_now(self) -> bool:
        return self.text is None and not self.unknown


NOW = Period(None)


@dataclass
class Claim:
    """One numeric statement in an article."""

    path: str
    start: int  # offsets into Document.text
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    text: str  # the span as it appears in the original file
    value: float
    unit: str  # unit with its scale as written: 亿元, 万标箱, %, 个百分点, 位, "" for a bare ratio
    base_unit: str  # unit without the scale: 元, 标箱 …
    scale: float  # 1e8 for 亿 …
    dimension: str  # money, count, people, percent, pp, rank, ratio …
    qualifier: Optional[str]
    entity: str
    entity_known: bool
    metric: str  # the metric words, simplified script
    period: Period
    kind: str  # actual | target | forecast
    role: str = ""  # from | to | change | share | rank … the shape the number took
    fallback_entities: tuple[str, ...] = ()  # places to try when the entity is a company with no such metric
    metric_alt: str = ""  # the metric words with the words after the figure (the matcher tries both)
    sentence: tuple[int, int] = (0, 0)
    number_text: str = ""

    @property
    def magnitude(self) -> float:
        return self.value * self.scale

    @property
    def decimals(self) -> int:
        """How many decimals the number was written with (２．６５ -> 2): its precision."""
        t = self.number_text
        if "." not in t and "\uff0e" not in t:
            return 0  # no point, ASCII or full-width: a whole number (most figures)
        return _written_decimals(fold_width(t).replace(",", ""))

    def __reduce__(self):
        # pickled as its fields in order, not as a dict of them: a worker process sends tens of
        # thousands back (a third faster to write, twice as fast to read, 30% smaller)
        return (Claim, _claim_fields(self))

    def to_dict(self) -> dict:
        return {
            "entity": self.entity,
            "metric": self.metric,
            "period": self.period.text,
            "value": self.value,
            "unit": self.unit,
            "qualifier": self.qualifier,
            "kind": self.kind,
            "period_text": self.period.source or None,
            "line": self.line,
            "column": self.column,
            "text": self.text,
        }


_claim_fields = attrgetter(*(f.name for f in fields(Claim)))


@dataclass
class Finding:
    rule: str
    severity: str
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    message: str
    claim: Optional[Claim] = None
    fact: Optional[dict] = None
    related: list = field(default_factory=list)

    def sort_key(self):
        return (self.path, self.line, self.column, self.rule)


class PackedClaims(Sequence):
    """A file's claims packed into one byte string, unpacked the first time one is read.

    A worker process sends its file's claims back packed: the parent receives one bytes object
    instead of tens of thousands of objects to rebuild, and a report that needs only their number
    (JSON, SARIF, text) never unpacks them.
    """

    __slots__ = ("_blob", "_n", "_items")

    def __init__(self, claims: Sequence[Claim]):
        self._items: Optional[list[Claim]] = None
        # as tuples of fields: the pickler then calls no Claim.__reduce__ (82 -> 63 µs a file)
        self._blob: Optional[bytes] = pickle.dumps(list(map(_claim_fields, claims)), protocol=pickle.HIGHEST_PROTOCOL)
        self._n = len(claims)

    @classmethod
    def _restore(cls, blob: bytes, n: int) -> "PackedClaims":
        out = cls.__new__(cls)
        out._blob, out._n, out._items = blob, n, None
        return out

    def __reduce__(self):
        if self._blob is None:
            return (PackedClaims, (self._items,))
        return (PackedClaims._restore, (self._blob, self._n))

    def _unpacked(self) -> list[Claim]:
        if self._items is None:
            self._items = [Claim(*fields) for fields in pickle.loads(self._blob)]
            self._blob = None
        return self._items

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i):
        return self._unpacked()[i]

    def __iter__(self):
        return iter(self._unpacked())

    def __eq__(self, other) -> bool:
        if isinstance(other, (PackedClaims, list)):
            return self._unpacked() == list(other)
        return NotImplemented

    def __repr__(self) -> str:
        return repr(self._unpacked())


@dataclass
class FileResult:
    path: str
    date: date
    date_source: str  # option | article | today
    encoding: str
    claims: Union[list[Claim], PackedClaims]
    document: Optional[Document] = None
    error: Optional[str] = None  # why the file could not be checked (one line, naming it); then no claims
    # the judge stage's outcome of each claim, in claim order: (agrees | disagrees | outdated |
    # unverified | uncertain, the id of the fact it was compared with or None)
    outcomes: Optional[list[tuple[str, Optional[str]]]] = None
    # why this date (dating.Dating.as_dict): the kind of evidence, its phrase and line; None for --date
    date_evidence: Optional[dict] = None

    def outcome_counts(self) -> dict[str, int]:
        out = dict.fromkeys(OUTCOMES, 0)
        for outcome, _ in self.outcomes or ():
            out[outcome] += 1
        return out


@dataclass(frozen=True)
class Failure:
    """A file that could not be checked: the others still are, and the run ends with exit 2."""

    path: str
    message: str  # one line that names the file


@dataclass
class Report:
    files: list[FileResult]
    findings: list[Finding]
    failures: list[Failure] = field(default_factory=list)

    def counts(self) -> dict:
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            out[f.severity] += 1
        return out

    def outcome_counts(self) -> dict[str, int]:
        """How many figures of the run agreed, disagreed, were outdated, unverified or uncertain."""
        out = dict.fromkeys(OUTCOMES, 0)
        for r in self.files:
            for k, n in r.outcome_counts().items():
                out[k] += n
        return out
