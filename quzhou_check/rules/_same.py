"""When two claims speak of the same thing, and whether their values can both be true.

Shared by QZ201 (one article against itself) and QZ300 (articles against each other). Two claims
are about the same thing when entity, metric, period, kind and unit family agree. Precision first:
when it is not clear that two figures are one metric, they are not.

- The metric is the fact base's metric when the claim matched one clearly (score ≥ 90, not
  ambiguous). The matcher admits a name only when the modifiers and the aspect its words carry
  agree with the claim's (match.py): 人均GDP is never GDP, 按户籍人口计算 never 按常住人口计算.
- Else it is the claim's own metric words, which then must be identical: 规上工业总产值 and
  工业总产值 are different scopes, 税收收入 and 增值税 different items, 自然口径 and 同口径 growth
  different bases (the extractor keeps the item and its qualifier together: 税收收入自然口径增速).
- A figure given as a part of a whole (其中：税收收入…; 一般公共预算收入中，税收收入…) carries the
  whole, as the head of its sentence: 税收收入 within 各项税费收入 is not 税收收入 within the budget.

A "now" claim is pinned to its article's month, so articles of different dates never compare it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Optional

from ..judge import UNKEYED, Verdict
from ..lexicon import metric_identity
from ..match import family, interval, kind_class
from ..models import Claim

CLEAR_MATCH = 90.0


def key(v: Verdict) -> Optional[tuple]:
    """The claim's subject as (entity, metric, period, kind class, unit family, dimension), or None
    when it names too little to compare; computed once per verdict."""
    if v.same_key is UNKEYED:
        v.same_key = _key(v)
    return v.same_key


def _key(v: Verdict) -> Optional[tuple]:
    c = v.claim
    if c.period.is_now and c.period.source == "from" or c.period.unknown:
        return None  # the start of a from-to with no stated time; a period nobody can read
    if v.match is not None and v.match.score >= CLEAR_MATCH and not v.match.ambiguous:
        metric = "=" + v.match.metric
    elif len(c.metric) >= 4:
        metric = c.metric
    else:
        return None
    period = c.period.text if not c.period.is_now else _now(v.result.date)
    whole = _whole(v)
    if whole:
        metric = f"{whole}/{metric}"
    k = (c.entity, metric, period, kind_class(c.kind), family(c.dimension), c.dimension)
    return _interned(k)


_HAN = re.compile(r"[\u4e00-\u9fffA-Za-z]+")


def _whole(v: Verdict) -> str:
    """The whole a figure is a part of (其中…, X中，…): the words of its sentence before that, else ""."""
    doc = v.result.document
    if doc is None:
        return ""
    a = v.claim.sentence[0]
    text = doc.normalized
    at = v.claim.start
    part = None
    for part in metric_identity().part_of_re.finditer(text, a, at):  # noqa: B007 (the last one is kept)
        pass
    if part is None:
        return ""
    return "".join(_HAN.findall(text, a, part.start())) or "?"


# a key, one object for each distinct key: a worker's verdicts then pickle each key once per batch
# (160 of the benchmark's articles: 104 distinct keys among 7,906 claims; their verdicts half the
# bytes, 40% faster to read back), and QZ300's table finds it by identity. Bounded: a long run of
# a library caller does not keep every key it met.
_INTERNED: dict[tuple, tuple] = {}


def _interned(k: tuple) -> tuple:
    if len(_INTERNED) >= 4096:
        _INTERNED.clear()
    return _INTERNED.setdefault(k, k)


@lru_cache(maxsize=64)
def _now(d) -> str:
    """A "now" claim's period: its article's month (a few dates a run; formatting one is slow)."""
    return f"now@{d:%Y-%m}"


def magnitudes(v: Verdict) -> tuple[float, float]:
    """The values a claim allows, in its base unit (computed once per verdict)."""
    if v.magnitudes is None:
        c = v.claim
        lo, hi = interval(c.value, c.qualifier, c.decimals)
        v.magnitudes = (lo * c.scale, hi * c.scale)
    return v.magnitudes


def disjoint(ra: tuple[float, float], rb: tuple[float, float]) -> bool:
    """Two claims' magnitudes (see :func:`magnitudes`) that do not meet: both cannot be true, their
    rounding and qualifiers included."""
    if ra[0] != ra[0] or ra[1] != ra[1] or rb[0] != rb[0] or rb[1] != rb[1]:
        return False  # a NaN (the only value unequal to itself): nothing to compare
    return ra[1] < rb[0] - 1e-9 * abs(rb[0]) or rb[1] < ra[0] - 1e-9 * abs(ra[0])


def describe(c: Claim) -> str:
    period = c.period.text or "now"
    return f"{c.entity} {period} {c.metric}"


# What QZ300 needs of a claim's verdict: (index, outcome, key, magnitudes), ``index`` being the
# claim's position in its file's claims, looked up only when the claim is part of a finding. A
# plain tuple: a worker process sends fifty a file back, and a named tuple pickles four times slower.
Keyed = tuple[int, str, tuple, tuple[float, float]]


def keyed(verdicts: Iterable[Verdict]) -> list[Keyed]:
    """The claims of one file's verdicts (in claim order) that have a key; the others are never compared."""
    out = []
    for i, v in enumerate(verdicts):
        k = key(v)
        if k is not None:
            out.append((i, v.outcome, k, magnitudes(v)))
    return out
