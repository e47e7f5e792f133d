"""Match claims to facts: candidates by entity, unit family and kind; metric words scored with rapidfuzz.

The index is built once per fact base: facts grouped by (entity, unit family, kind class), and for
each group the list of metric names (canonical name and aliases) rapidfuzz scores against. A claim
is compared only with the few facts of its own group, never with another entity's.

Metric identity, not similarity. Before any score counts, a name must be *eligible* for the claim:
the words that change what a figure counts must agree. They are data, ``[metric_identity]`` in
data/lexicon.toml, read once; for a string (the claim's metric words, or one metric name or alias)
its *profile* is

- its modifiers: for each group of mutually exclusive classes (年均 | 同比; 累计 | 新增; 规上 | 全部;
  进出口 | 出口 | 进口; 户籍 | 常住; 第一 | 第二 | 第三产业; 建成区 | 市域; 人均; 自然 | 同口径;
  集群), the set of classes whose words it holds (words found longest first, so 进出口 is no 出口,
  and neutral words such as 增加值 hide what they contain);
- its aspect: level (no word), growth (增速, 增幅), share (占, 比重, 占比), increase (增量) or
  change in 个百分点 (变化); the last aspect word decides, and a change word (增长, 提高, 下降…)
  takes the aspect of the unit: growth in %, a rank or a ratio, pp in 个百分点, increase in any
  other unit. A claim whose words hold no aspect word takes its shape's (a change, a share).

A name is eligible when, for every group, either both sides state the same set of classes, or
neither states any, or only one side states classes none of which is *marked* (a marked class —
人均, 户籍, 常住, 累计, 新增, 年均, the sectors, 进出口/出口/进口, 建成区, 集群 — must be stated on both
sides: 人均GDP is not GDP, and GDP is not 人均GDP); and the aspects are equal, except that a claim's
growth in % may be a name's change in 个百分点 (提高0.5% for 0.5个百分点: a unit slip, QZ102). The
check is per name, so an alias that states no modifier (人均生产总值 for 按常住人口计算的人均生产总值)
is eligible for words that state none, and a claim that states 按户籍人口计算 is eligible for neither.

Among eligible names rapidfuzz absorbs variants of wording: the best score below THRESHOLD is no
match; a runner-up metric within AMBIGUITY_MARGIN makes the match ambiguous, which the judge turns
into ``uncertain``, never a finding. An ineligible name is never a runner-up either. Metric words that
are only a bare head (金额, 规模, 总量: ``bare_heads`` in the lexicon) and not a name exactly are
ambiguous too: found inside a long name, they do not say which metric they are.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Optional

from rapidfuzz import fuzz, process

from .factbase import Fact, FactBase
from .lexicon import metric_identity
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


# ---- metric identity (see the module docstring) ----------------------------------------------

# the dimensions a change word reads as an increase in (增加6.2万人); in %, a rank or a ratio it is a growth
_QUANTITIES = frozenset(("money", "count", "org", "people", "visits", "mass", "freight", "containers", "area",
                         "length", "duration", "power", "energy", "number"))
_SHAPE_ASPECT = {"change": "change", "avg_growth": "growth", "share": "share"}
_LEVEL_ROLES = frozenset(("to", "from"))  # 从…提高到…: the ends of a change are levels

# a claim's aspect in % that may be a name's: 提高0.5% for 0.5个百分点 (a unit slip, QZ102); a percentage
# with no aspect word (新增企业中八成以上…) may be a share
_LOOSE_ASPECTS = frozenset((("growth", "pp"), ("level", "share")))

Profile = tuple[str, tuple[tuple[int, frozenset[int]], ...]]  # (aspect, ((group, classes), …))


@lru_cache(maxsize=16384)
def profile(words: str, dimension: str, role: str = "") -> Profile:
    """The aspect and the modifiers the words carry (a claim's words with its unit's dimension and
    its shape; a metric name with its unit's dimension)."""
    mi = metric_identity()
    found: dict[int, set[int]] = {}
    aspect = ""
    cut = words.rfind("等") + 1  # 人均收入等主要指标: the items listed before 等 are not the head's
    if cut and cut < len(words):
        words = words[cut:]
    for m in mi.word_re.finditer(words):
        info = mi.words[m.group(0)]
        if info[0] == "group":
            found.setdefault(info[1], set()).add(info[2])
        elif info[0] == "aspect" and not (info[1] == "change" and role in _LEVEL_ROLES):
            aspect = info[1]  # but 提高到63%: the figure a change reaches (or starts from) is a level
    if role == "new" and mi.new_class is not None and mi.new_class[0] not in found:
        found[mi.new_class[0]] = {mi.new_class[1]}  # the shape 新增…N家 says 新增 though its words may not
    for g, classes in found.items():
        both = mi.groups[g][2]
        if len(classes) > 1 and both in classes:
            found[g] = {both}  # 累计新增 is 新增 over a span
    if not aspect:
        aspect = _SHAPE_ASPECT.get(role, "level")
    if aspect == "change":
        aspect = "pp" if dimension == "pp" else "increase" if dimension in _QUANTITIES else "growth"
    return aspect, tuple(sorted((g, frozenset(c)) for g, c in found.items()))


def eligible(claim: Profile, name: Profile, claim_dimension: str) -> bool:
    """Does a metric name of this profile count what the claim's words count? (module docstring)"""
    if claim == name:
        return True
    if claim[0] != name[0] and not (claim_dimension == "percent" and (claim[0], name[0]) in _LOOSE_ASPECTS):
        return False
    if claim[1] == name[1]:
        return True
    groups = metric_identity().groups
    a, b = dict(claim[1]), dict(name[1])
    for g in a.keys() | b.keys():
        x, y = a.get(g), b.get(g)
        if x and y:
            if x != y:
                return False
        elif (x or y) & groups[g][1]:
            return False  # a marked modifier on one side only: 人均GDP is not GDP
    return True


def _name_profiles(name: str, dimension: str, span: bool) -> tuple[Profile, ...]:
    """The profiles a metric name answers to: its own; for a metric with facts for spans
    (2021—2025), what happened in the span is its 累计 and its 新增 too (累计签约项目116个)."""
    own = profile(name, dimension)
    if not span:
        return (own,)
    mi = metric_identity()
    if mi.new_class is None:
        return (own,)
    g = mi.new_class[0]
    mods = dict(own[1])
    if g in mods:
        return (own,)
    out = [own]
    for k in range(len(mi.group_classes[g])):
        out.append((own[0], tuple(sorted({**mods, g: frozenset((k,))}.items()))))
    return tuple(out)


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
        self._profiles: dict[tuple[str, str, str], list[tuple[Profile, ...]]] = {}
        for f in fb.facts:
            key = (f.entity, family(f.dimension), kind_class(f.kind))
            self._groups.setdefault(key, {}).setdefault(f.metric, []).append(f)
        for key, by_metric in self._groups.items():
            names, owners, profiles = [], [], []
            spans = {m: any(f.period.span for f in fs) for m, fs in by_metric.items()}
            for metric, facts in by_metric.items():
                seen = set()
                for fact in facts:
                    for n in self.fb.metric_names(fact):
                        if n not in seen:
                            seen.add(n)
                            names.append(n)
                            owners.append(metric)
                            profiles.append(_name_profiles(n, fact.dimension, spans[metric]))
            self._choices[key] = (names, owners)
            self._profiles[key] = profiles

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
            memo_key = (key, words, claim.dimension, claim.role)
            f = self._memo.get(memo_key, _MISSING)
            if f is _MISSING:
                f = self._memo[memo_key] = self._best(key, words, claim.dimension, claim.role)
            if f is not None and (found is None or f[1] > found[1]):
                found = f
        if found is None:
            return None
        metric, score, runner = found
        return Match(claim, metric, score, self._groups[key][metric], runner_up=runner)

    def _best(self, key, words: str, dimension: str, role: str = "") -> Optional[tuple[str, float, float]]:
        """(metric, score, runner-up score) for metric words in one group, among the names eligible
        for them (module docstring); the scoring runs in rapidfuzz's compiled loops, two calls a
        group, never a Python call per name."""
        names, owners = self._choices[key]
        profiles = self._profiles[key]
        mine = profile(words, dimension, role)
        scores = _scores(words, names)

        per_metric: dict[str, tuple[float, float]] = {}  # metric -> (ranking score, score)
        taken = 0
        for idx in sorted(range(len(names)), key=lambda i: -scores[i]):
            if taken == 12 or scores[idx] < THRESHOLD - 10.0:
                break  # below the threshold even with the same-unit bonus: no candidate
            if not any(eligible(mine, p, dimension) for p in profiles[idx]):
                continue  # another thing counted: not a candidate, nor a runner-up
            taken += 1
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
        if words in metric_identity().bare_heads and best < 100.0:
            # 超500亿元的金额: two characters found inside a long name are no evidence of which metric
            return best_metric, best, best
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
