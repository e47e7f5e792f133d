"""Match claims to facts: candidates by entity, unit family and kind; metric words scored with rapidfuzz.

The index is built once per fact base: facts grouped by (entity, unit family, kind class), and for
each group the list of metric names (canonical name and aliases) rapidfuzz scores against. A claim
is compared only with the few facts of its own group, never with another entity's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Optional

from rapidfuzz import fuzz, process

from .factbase import Fact, FactBase
from .models import Claim

THRESHOLD = 72.0  # below this metric score there is no match (an info finding at most)
AMBIGUITY_MARGIN = 4.0  # a runner-up metric this close makes the match ambiguous

# dimensions that a careless unit can swap: such a swap is QZ102, not another metric
FAMILIES = {
    "percent": "relative", "pp": "relative", "ratio": "relative", "multiple": "relative", "tenths": "relative",
    "people": "people", "visits": "people",
}


def family(dimension: str) -> str:
    return FAMILIES.get(dimension, dimension)


def kind_class(kind: str) -> str:
    return "actual" if kind == "actual" else "plan"


@dataclass
class Match:
    claim: Claim
    metric: str  # the fact base's metric name
    score: float  # 0..100
    facts: list[Fact]  # every fact of that entity and metric (all periods, all statuses), same kind class
    runner_up: float = 0.0  # the best score of another metric

    @property
    def ambiguous(self) -> bool:
        """Two metrics fit the words about equally well: not enough to call a figure wrong."""
        return self.runner_up >= self.score - AMBIGUITY_MARGIN

    @property
    def confidence(self) -> float:
        return round(self.score / 100.0, 3)


class Matcher:
    def __init__(self, fb: FactBase):
        self.fb = fb
        self._groups: dict[tuple[str, str, str], dict[str, list[Fact]]] = {}
        self._memo: dict[tuple, Optional[tuple[str, float, float]]] = {}
        self._choices: dict[tuple[str, str, str], tuple[list[str], list[str]]] = {}
        for f in fb.facts:
            key = (f.entity, family(f.dimension), kind_class(f.kind))
            self._groups.setdefault(key, {}).setdefault(f.metric, []).append(f)
        for key, by_metric in self._groups.items():
            names, owners = [], []
            for metric, facts in by_metric.items():
                seen = set()
                for fact in facts:
                    for n in self.fb.metric_names(fact):
                        if n not in seen:
                            seen.add(n)
                            names.append(n)
                            owners.append(metric)
            self._choices[key] = (names, owners)

    def match(self, claim: Claim) -> Optional[Match]:
        if not claim.entity_known or not (claim.metric or claim.metric_alt) or claim.dimension in ("class",):
            return None
        for entity in (claim.entity, *claim.fallback_entities):
            m = self._match(claim, entity)
            if m is not None:
                return m
        return None

    def _match(self, claim: Claim, entity: str) -> Optional[Match]:
        key = (entity, family(claim.dimension), kind_class(claim.kind))
        choices = self._choices.get(key)
        if not choices:
            return None
        found = None
        for words in (claim.metric, claim.metric_alt):
            if not words:
                continue
            memo_key = (key, words, claim.dimension)
            f = self._memo.get(memo_key, _MISSING)
            if f is _MISSING:
                f = self._memo[memo_key] = self._best(key, words, claim.dimension)
            if f is not None and (found is None or f[1] > found[1]):
                found = f
        if found is None:
            return None
        metric, score, runner = found
        return Match(claim, metric, score, self._groups[key][metric], runner_up=runner)

    def _best(self, key, words: str, dimension: str) -> Optional[tuple[str, float, float]]:
        """(metric, score, runner-up score) for metric words in one group; the scoring runs in
        rapidfuzz's compiled loops, two calls a group, never a Python call per name."""
        names, owners = self._choices[key]
        scores = _scores(words, names)
        per_metric: dict[str, tuple[float, float]] = {}  # metric -> (ranking score, score)
        for idx in sorted(range(len(names)), key=lambda i: -scores[i])[:12]:
            metric, score = owners[idx], scores[idx]
            # of two close names, prefer the one in the claim's own unit (比重 % against 比重提升 个百分点)
            same = any(f.dimension == dimension for f in self._groups[key][metric])
            r = score + (6.0 if same else 0.0)
            if r > per_metric.get(metric, (-1.0, 0.0))[0]:
                per_metric[metric] = (r, score)
        if not per_metric:
            return None
        ranked = sorted(per_metric.items(), key=lambda kv: kv[1][0], reverse=True)
        best_metric, (best_r, best) = ranked[0]
        if best < THRESHOLD:
            return None
        # the runner-up that could be confused with it: another metric in the same unit, if the best is
        same_unit = best_r > best
        others = [sc for m, (r, sc) in ranked[1:] if (r > sc) == same_unit]
        return best_metric, best, max(others, default=0.0)


_MISSING = object()


def _scores(words: str, names: list[str]) -> list[float]:
    """Metric words against every metric name: whole-string similarity, helped by containment.

    A claim's metric words often carry extra words (接待全域旅游人数 for 全域旅游人数) or lack a few
    (集装箱吞吐量 for 港口集装箱吞吐量); partial matching finds those, scaled by how much of the
    longer string the shorter covers, and the plain ratio keeps a short name from matching inside a
    long unrelated phrase. Both are computed by rapidfuzz's batch functions, two calls a group.
    """
    n = len(names)
    if not words or not n:
        return [0.0] * n
    ratio = [0.0] * n
    partial = [0.0] * n
    for _name, sc, idx in process.extract(words, names, scorer=fuzz.ratio, limit=None):
        ratio[idx] = sc
    if len(words) >= 2:
        for _name, sc, idx in process.extract(words, names, scorer=fuzz.partial_ratio, limit=None):
            partial[idx] = sc
    out = []
    for i, name in enumerate(names):
        if name == words:
            out.append(100.0)
            continue
        if len(name) < 2:
            out.append(ratio[i])
            continue
        short, long_ = sorted((len(words), len(name)))
        out.append(max(ratio[i], partial[i] * (0.75 + 0.25 * short / long_)))
    return out


# ---- value consistency ------------------------------------------------------------------------

def interval(value: float, qualifier: Optional[str], decimals: int) -> tuple[float, float]:
    """The values a written figure allows, by its qualifier and its number of decimals."""
    half = 0.5 * 10 ** (-decimals)
    if not qualifier:  # most figures: the rounding of the number as written
        return value - half - 1e-9, value + half + 1e-9
    if value < 0:
        # a fall (下降近5%, 下降超3%): the qualifier bounds its size, so the interval is mirrored
        lo, hi = interval(-value, qualifier, decimals)
        return -hi, -lo
    q = qualifier
    if q.endswith("级"):
        return value, value * 10
    if q in ("前",):
        return 1, value
    if q.endswith(("多", "余")):
        step = 10 ** _trailing_zeros(value) if decimals == 0 else 10 ** (-decimals)
        lo, hi = value, value + step
        if q.startswith(("超", "逾", "突破")):
            return lo, math.inf
        return lo, hi
    if qualifier_class(q) == "gt":
        return value, math.inf
    if q in ("不足", "不到", "以下"):
        return -math.inf, value
    if q in ("近", "将近", "接近"):
        return value * 0.9, value + half
    if q in ("约", "大约", "左右", "上下"):
        tol = max(abs(value) * 0.05, half)
        return value - tol, value + tol
    return value - half - 1e-9, value + half + 1e-9


def _trailing_zeros(value: float) -> int:
    n = int(round(value))
    if n <= 0 or n != value:
        return 0
    z = 0
    while n % 10 == 0:
        n //= 10
        z += 1
    return z


def _written_decimals(value: float) -> int:
    """The decimals a stored value was written with: 1600.0 -> 0, 2.56 -> 2."""
    return 0 if float(value).is_integer() else len(repr(float(value)).partition(".")[2])


def in_claim_scale(fact: Fact, claim: Claim) -> float:
    return fact.magnitude / claim.scale if claim.scale else fact.value


_CLASSES = {
    "gt": ("超", "超过", "突破", "逾", "以上", "多达", "及以上", "迈上", "站上"),
    "lt": ("不足", "不到", "以下"),
    "near": ("近", "将近", "接近"),
    "plus": ("多", "余"),
    "ge": ("级",),
    "top": ("前",),
}


def qualifier_class(q: Optional[str]) -> str:
    if not q:
        return ""
    for name, words in _CLASSES.items():
        if q in words or (name == "plus" and q.endswith(words)):
            return name
    return "about"


def consistent(claim: Claim, fact: Fact, decimals: int, value: Optional[float] = None) -> bool:
    """Does the claim allow the fact's value (or the fact's own bound)? Same dimension assumed.

    When the fact is itself a bound of the same kind as the claim's (超2000 and 超2200), the two
    state the same thing and their numbers must agree: the fact base knows no more than the bound.
    """
    v = in_claim_scale(fact, claim) if value is None else value
    lo, hi = interval(claim.value, claim.qualifier, decimals)
    if fact.qualifier:
        cls = qualifier_class(fact.qualifier)
        if cls and cls == qualifier_class(claim.qualifier):
            # the same kind of bound: compare the numbers (约29 against 约32 is a conflict)
            plo, phi = interval(claim.value, claim.qualifier if cls == "about" else None, decimals)
            return plo <= v <= phi
        # the fact's bound as it was written (1600多 is 1600 to 1700: its step comes from its own
        # digits, not from a precision of 12 decimals), then in the claim's scale
        factor = v / fact.value if fact.value else 1.0
        flo, fhi = (x * factor for x in interval(fact.value, fact.qualifier, _written_decimals(fact.value)))
        return flo <= hi and lo <= fhi
    return lo <= v <= hi


def known_at(fact: Fact, d: date) -> bool:
    return fact.known_at(d)
