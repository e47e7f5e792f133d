"""QZ200: arithmetic inside an article that does not hold."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Iterator, Optional

from ..match import eligible, interval, profile
from ..models import Claim, Document, FileResult, Finding
from . import RULES, rule

_EXACT = ("count", "org", "people", "visits")
_DOUBLING = {"翻番": 2.0, "翻一番": 2.0, "翻了一番": 2.0, "翻两番": 4.0, "翻了两番": 4.0, "翻三番": 8.0}
_DOUBLING_RE = re.compile("|".join(sorted(_DOUBLING, key=len, reverse=True)))
_SHARE_WHOLE = re.compile(r"(?:在|占)([\u4e00-\u9fff]{2,12}?)(?:中的?|的)?(?:占比|比重|总量|总额)")
# 占地区生产总值的3.1%: the whole named right before the figure, with no 比重 after it
_SHARE_OF = re.compile(r"占([\u4e00-\u9fff]{2,12}?)的?(?:比重|比例)?(?:为|达到|达)?$")


@dataclass
class Computation:
    """One piece of arithmetic the article states, and whether it holds."""

    kind: str  # growth | difference | points | doubling | multiple | share
    holds: bool
    stated: str  # what the article states (35.2%, 翻番 …)
    expected: str  # what the figures beside it give
    start: int  # span of the stated figure or word, offsets into the document
    end: int
    claims: list[Claim] = field(default_factory=list)


def _range(c: Claim) -> tuple[float, float]:
    """The magnitudes a claim allows, in its base unit."""
    if not c.qualifier and c.scale == 1 and c.value == int(c.value) and c.dimension in _EXACT:
        return c.value, c.value  # 6家, 22家: a count is exact
    lo, hi = interval(c.value, c.qualifier, c.decimals)
    return lo * c.scale, hi * c.scale


def _closed(r: tuple[float, float]) -> bool:
    return math.isfinite(r[0]) and math.isfinite(r[1]) and r[0] > 0


def _fmt(lo: float, hi: float, unit: str) -> str:
    a, b = f"{lo:.4g}", f"{hi:.4g}"
    return f"{a}{unit}" if a == b else f"{a}–{b}{unit}"


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] + 1e-9 and b[0] <= a[1] + 1e-9


def computations(result: FileResult) -> Iterator[Computation]:
    """Every computable statement in one article: growth, differences, doublings, shares (none in
    an article that could not be read)."""
    doc = result.document
    if doc is None:
        return
    by_sentence: dict[tuple[int, int], list[Claim]] = {}
    wholes: list[dict] = []  # the article's possible wholes, indexed when a share first needs them
    for c in result.claims:
        by_sentence.setdefault(c.sentence, []).append(c)
    for (_, s_end), cs in by_sentence.items():
        for i, x in enumerate(cs):
            if x.role != "from" or i + 1 >= len(cs) or cs[i + 1].role != "to":
                continue
            y = cs[i + 1]
            if x.dimension != y.dimension:
                continue
            rx, ry = _range(x), _range(y)
            if not (_closed(rx) and _closed(ry)):
                continue
            nxt = cs[i + 2:]
            for z in nxt:
                if z.role == "from":
                    break
                comp = _stated_change(x, y, z, rx, ry)
                if comp is not None:
                    yield comp
            end_of_pair = nxt[0].start if nxt and nxt[0].role == "from" else s_end
            for m in _DOUBLING_RE.finditer(doc.normalized, y.end, end_of_pair):
                factor = _DOUBLING[m.group(0)]
                ratio = (ry[0] / rx[1], ry[1] / rx[0])
                holds = ratio[1] >= factor * 0.975
                yield Computation("doubling", holds, m.group(0), f"×{_fmt(*ratio, '')}", m.start(), m.end(), [x, y])
        # 和2020年的1600多亿元相比，增长近800亿元: a difference between two figures of one metric
        for k, z in enumerate(cs):
            if z.role == "change" and z.dimension == "percent" and k >= 2:
                comp = _growth_on_base(doc.normalized, cs[k - 2], cs[k - 1], z)
                if comp is not None:
                    yield comp
            if z.role != "change" or z.dimension in ("percent", "pp", "multiple"):
                continue
            if k >= 1 and cs[k - 1].role == "to":
                continue  # handled with its from-to pair above
            same = [c for c in cs[:k] if c.dimension == z.dimension and c.role not in ("change", "new")]
            if len(same) >= 2 and same[-1].period.text != same[-2].period.text:
                a, b = same[-2], same[-1]
                ra, rb = _range(a), _range(b)
                if _closed(ra) and _closed(rb):
                    diff = (abs(ra[0] - rb[1]) if ra[0] > rb[1] else abs(rb[0] - ra[1]),
                            max(abs(ra[1] - rb[0]), abs(rb[1] - ra[0])))
                    diff = (min(diff), max(diff))
                    # which figure is the base is not read here: the size of the change is compared
                    # (减少800亿元 is -800: its size is 800)
                    rz = _range(z)
                    holds = _overlap(diff, rz if rz[0] >= 0 else (-rz[1], -rz[0]))
                    yield Computation("difference", holds, z.text, _fmt(diff[0] / z.scale, diff[1] / z.scale, z.unit), z.start, z.end, [a, b, z])
        yield from _shares(result, doc, cs, wholes)


def _growth_on_base(text: str, a: Claim, b: Claim, z: Claim) -> Optional[Computation]:
    """A，比上年的B增长Z%: a growth stated after a figure and its base of an earlier period."""
    if a.role != "value" or b.role != "value" or a.dimension != b.dimension or a.dimension in ("percent", "pp", "rank", "ratio"):
        return None
    if a.period.end is None or b.period.end is None or not b.period.end < a.period.end:
        return None
    if not re.search(r"(?:比|较|同)[^，,；;。]{0,4}的$", text[a.end:b.start]) or re.search(r"[；;。]", text[a.end:b.start]):
        return None
    ra, rb = _range(a), _range(b)
    if not (_closed(ra) and _closed(rb)):
        return None
    growth = ((ra[0] / rb[1] - 1) * 100, (ra[1] / rb[0] - 1) * 100)
    return Computation("growth", _overlap(growth, _range(z)), z.text, _fmt(*growth, "%"), z.start, z.end, [b, a, z])


def _stated_change(x: Claim, y: Claim, z: Claim, rx, ry) -> Optional[Computation]:
    """A change stated after a from-to pair: 增长Z%, 增加N, 提高N个百分点, 增长N倍."""
    rz = _range(z)
    if z.role == "change" and z.dimension == "percent" and x.dimension != "percent":
        growth = ((ry[0] / rx[1] - 1) * 100, (ry[1] / rx[0] - 1) * 100)
        return Computation("growth", _overlap(growth, rz), z.text, _fmt(*growth, "%"), z.start, z.end, [x, y, z])
    if z.role == "change" and z.dimension == "pp" and x.dimension == "percent":
        pts = (ry[0] - rx[1], ry[1] - rx[0])
        return Computation("points", _overlap(pts, rz), z.text, _fmt(*pts, "个百分点"), z.start, z.end, [x, y, z])
    if z.role in ("change", "new") and z.dimension == x.dimension and z.dimension not in ("percent", "rank"):
        diff = (ry[0] - rx[1], ry[1] - rx[0])
        return Computation("difference", _overlap(diff, rz), z.text, _fmt(diff[0] / z.scale, diff[1] / z.scale, z.unit), z.start, z.end, [x, y, z])
    if z.role == "change" and z.dimension == "multiple":
        # 增长N倍 is ×(N+1)
        ratio = (ry[0] / rx[1] - 1, ry[1] / rx[0] - 1)
        return Computation("multiple", _overlap(ratio, rz), z.text, _fmt(*ratio, "倍"), z.start, z.end, [x, y, z])
    return None


def _shares(result: FileResult, doc: Document, cs: list[Claim], wholes: list[dict]) -> Iterator[Computation]:
    """占比Z%: the part stated before it in the sentence, the whole named by 在…中 / 占… and stated
    elsewhere in the article for the same period."""
    for k, z in enumerate(cs):
        if z.role not in ("share", "to") or z.dimension != "percent":
            continue
        window = doc.normalized[max(z.sentence[0], z.start - 30):z.start]
        m = _SHARE_WHOLE.search(window) or _SHARE_OF.search(window)
        if not m:
            continue
        whole_words = re.sub(r"^(?:全市|全区|全县|全省)", "", m.group(1))
        parts = [c for c in cs[:k] if c.dimension not in ("percent", "pp", "rank", "ratio") and c.role in ("value", "to")]
        if not parts or z.role == "to" and k >= 1 and cs[k - 1].role == "from":
            continue
        part = parts[-1]
        if not wholes:
            wholes.append(_wholes_index(result.claims))
        whole = _the_whole(wholes[0], part, whole_words, result.date.year)
        if whole is None:
            continue
        rp, rw = _range(part), _range(whole)
        if not (_closed(rp) and _closed(rw)):
            continue
        share = (rp[0] / rw[1] * 100, rp[1] / rw[0] * 100)
        yield Computation("share", _overlap(share, _range(z)), z.text, _fmt(*share, "%"), z.start, z.end, [part, whole, z])


def _wholes_index(claims) -> dict:
    """The article's figures that can be a whole, by (entity, dimension, period) then metric: a
    share looks among the few metrics of its part's entity and period, not at every figure of the
    article (a 6 MB file spent 3 of its 7 s there)."""
    index: dict = {}
    for c in claims:
        if c.role in ("value", "to"):
            index.setdefault((c.entity, c.dimension, c.period.text), {}).setdefault(c.metric, []).append(c)
    return index


def _the_whole(index: dict, part: Claim, whole_words: str, year: int) -> Optional[Claim]:
    """The one figure of the same entity, dimension and period (or a "now" figure, for a part of
    this year or last) whose metric holds the whole's words; None when there is none or several."""
    keys = {(part.entity, part.dimension, part.period.text): None}
    if part.period.end is not None and part.period.end.year >= year - 1:
        keys[(part.entity, part.dimension, None)] = None  # a "now" figure
    found: list[Claim] = []
    for key in keys:
        for metric, claims in index.get(key, {}).items():
            if whole_words in metric and _same_kind(whole_words, metric, part.dimension):
                found.extend(c for c in claims if c is not part)
                if len(found) > 1:
                    return None
    return found[0] if found else None


def _same_kind(words: str, metric: str, dimension: str) -> bool:
    """The figure's metric counts what the whole's words name (出口总值 is not 进出口总值: the
    modifiers of the lexicon's [metric_identity] must agree, as for a match with the fact base)."""
    return eligible(profile(words, dimension), profile(metric, dimension), dimension)


_KIND_WORDS = {"growth": "growth rate", "difference": "difference", "points": "change in percentage points",
               "doubling": "doubling", "multiple": "multiple", "share": "share"}


@rule("QZ200", "arithmetic", "error")
def arithmetic(ctx) -> Iterator[Finding]:
    """Arithmetic inside the article that does not hold: a growth rate, a difference, a doubling or a share.

    ## What it does
    Recomputes what the article states from the figures beside it, with each figure's own rounding
    (1902.1 and 2913.1 make 53.15% to 53.16%, so a stated 53.2% holds and 35.2% does not):
    从X增加到Y with 增长Z% / 增加N / 提高N个百分点 / 增长N倍 (×N+1) / 翻番 (×2) / 翻两番 (×4);
    和X相比增长N; 占比Z% with the part in the sentence and the whole stated elsewhere in the
    article for the same period. Figures with an open bound (超, 不足) are not computed with.
    年均增长 (an average rate, often in real terms, 按可比价) is not computed: nominal figures
    cannot show that it is wrong.

    ## Why is this bad?
    A reader can redo the sum; when it does not add up, the whole article loses credit, whatever
    figure is the wrong one.

    ## Example
    规上工业总产值从1902.1亿元增加到2913.1亿元，增长35.2%。

    ## Use instead
    规上工业总产值从1902.1亿元增加到2913.1亿元，增长53.2%。
    """
    me = RULES["QZ200"]
    for result in ctx.results:
        if result.document is None:
            continue
        for comp in computations(result):
            if comp.holds:
                continue
            doc = result.document
            line, col = doc.position(comp.start)
            end_line, end_col = doc.position(comp.end)
            text = doc.text[comp.start:comp.end]
            figures = "、".join(c.text for c in comp.claims if c.start != comp.start)
            msg = (f"{_KIND_WORDS[comp.kind]} does not hold: the article says {comp.stated}, "
                   f"the figures beside it ({figures}) give {comp.expected}")
            claim = next((c for c in comp.claims if c.start == comp.start), None)
            yield Finding(me.code, me.severity, result.path, line, col, end_line, end_col, text, msg, claim,
                          None, [c for c in comp.claims if c is not claim])
