"""The shape of a figure: from / to / change / avg_growth / share / rank / new / value, and the
lists 分别 pairs figures with."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace

from ..lexicon import Lexicon
from ..sentences import CLAUSE_RE, clause_start
from .metric import _base
from .sentence import _START, Sentence, _Candidate

# the longest match of each pattern that must end where a figure starts (tests/test_extract.py checks)
_TAIL = 24
_TO_BEFORE = re.compile(r"(?:增加|提高|提升|增长|拓展|攀升|扩大|上升|下降|减少|缩小|跃升|跃居|升|降|增|缩短)(?:到|至)$")
_CHANGE_BEFORE = re.compile(r"(?:同比|比上年|较上年|比去年)?(?:分别)?(?:再)?(?:增长|增加|提高|提升|上升|下降|减少|增|降|回落|扩大)(?:了)?$")
_AVG_BEFORE = re.compile(r"年均(?:分别)?(?:增长|增幅|增速|提高)?(?:为|达|达到)?(?:分别)?$")
_NEW_BEFORE = re.compile(r"(?:新增|新引进|新落地|新建|新开工|新认定|累计新增)[^，,；;]{0,12}$")
_SHARE_BEFORE = re.compile(r"(?:占比|比重|占[^，,；;]{1,12}的?)(?:提高|提升|达到|达|为|从|由)?(?:到|至)?$")
_FROM_BEFORE = re.compile(r"(?:从|由)(?:\d{4}年|[^，,；;\d]{0,6})的?$")
_TO_MARK = re.compile(r"(?:到|至)")
# for each shape above, characters one of which every match holds (tests/test_extract.py proves it
# from the patterns): a figure whose tail holds none of them is not searched for that shape
_AVG_CHARS, _FROM_CHARS, _TO_CHARS = frozenset("均"), frozenset("从由"), frozenset("到至")
_SHARE_CHARS, _CHANGE_CHARS, _NEW_CHARS = frozenset("占重"), frozenset("增高升降少落大"), frozenset("新")


def _gate(chars: frozenset) -> re.Pattern:
    return re.compile("[" + re.escape("".join(sorted(chars))) + "]")


_AVG_GATE, _FROM_GATE, _TO_GATE = _gate(_AVG_CHARS), _gate(_FROM_CHARS), _gate(_TO_CHARS)
_SHARE_GATE, _CHANGE_GATE, _NEW_GATE = _gate(_SHARE_CHARS), _gate(_CHANGE_CHARS), _gate(_NEW_CHARS)
_LIST_JOIN_RE = re.compile(r"[、和及与]")
_RESPECTIVELY_TAIL = re.compile(r"(?:年均|同比|比上年|增速|增幅|增长|均|都)+$")


def roles(s: str, cands: list[_Candidate], lex: Lexicon) -> list[_Candidate]:
    """The figures with their shapes read (a new record for each whose role or sign changes; the
    list and the records given are left alone): the start of a from-to makes the figure after it
    the to, a figure listed after a change is a change too, a fall is negative."""
    out: list[_Candidate] = []
    to_next = False  # the figure before was a from: this one is its to
    for i, c in enumerate(cands):
        role, value = ("to" if to_next else c.role), c.value
        to_next = False
        if role == "rank":
            out.append(c)
            continue
        # each pattern ends where the figure starts and is at most _TAIL characters long: it is
        # looked for in that tail only, not tried at every position of the sentence before it
        at, tail = c.start, max(0, c.start - _TAIL)
        # a shape is looked for only when its tail holds a character every match of it holds
        # (most figures have none of the shapes; a search tries every position of the tail)
        if _AVG_GATE.search(s, tail, at) and _AVG_BEFORE.search(s, tail, at):
            role = "avg_growth"
        elif _FROM_GATE.search(s, tail, at) and _FROM_BEFORE.search(s, tail, at):  # 从, 由 and 从2020年的
            nxt = cands[i + 1] if i + 1 < len(cands) else None
            if nxt and _TO_MARK.search(s[c.end: nxt.start]) and not CLAUSE_RE.search(s[c.end: nxt.start]):
                role = "from"
                to_next = True
        elif role == "to":
            pass
        elif _TO_GATE.search(s, tail, at) and _TO_BEFORE.search(s, tail, at):
            role = "to"
        elif c.unit == "%" and _SHARE_GATE.search(s, tail, at) and _SHARE_BEFORE.search(s, tail, at):
            role = "share"
        elif _CHANGE_GATE.search(s, tail, at) and _CHANGE_BEFORE.search(s, tail, at):
            role = "change"
        elif _NEW_GATE.search(s, tail, at) and _NEW_BEFORE.search(s, max(0, at - 16), at):  # in the clause or not, its last 16 characters
            role = "new"
        prev = out[i - 1] if i else None
        if role == "value" and prev is not None and prev.role in ("change", "avg_growth", "share") \
                and _LIST_JOIN_RE.fullmatch(s[prev.end:c.start]) and prev.unit == c.unit:
            role = prev.role  # 分别增长32.5%、34.5%和50.3%
        if role in ("change", "avg_growth") and value > 0 and _falls(s, c, lex):
            value = -value  # 下降3.2% is -3.2 (the span keeps its words)
        out.append(c if role == c.role and value == c.value else replace(c, role=role, value=value))
    return out


def _falls(s: str, c: _Candidate, lex: Lexicon) -> bool:
    """Is the change a fall? The last direction word before it in its clause says (下降7.5%、12.8%:
    both; 增长4.6%、下降5.9%: the second), and 增长-3.2% is one too."""
    at = c.start
    if s[at - 1:at] in ("-", "−", "－", "﹣") and not s[at - 2:at - 1].isdigit():
        return True
    last = None
    for last in lex.direction.finditer(s, max(clause_start(s, at), at - _TAIL), at):  # noqa: B007 (the last)
        pass
    return last is not None and last.lastgroup is not None and last.lastgroup.startswith("fall")

# ---- time, place, kind, metric ---------------------------------------------------------


_SUFFIX = {"change": "增速", "avg_growth": "年均增速"}
_RESPECTIVELY_RE = re.compile("分别")


_GROWTH_WORD = re.compile(r"增速|增幅")
_TOGETHER_RANK = re.compile(r"(?:双双|均|都)(?:居于|位居|位列|居|列|进入|排名|排|位于)?(?:全省|全国|全市)?$")



def _respectively(sent: Sentence, c: _Candidate, i: int, metrics: list[str], memo: dict) -> str:
    """X、Y和Z分别增长a、b和c: the j-th figure after 分别 belongs to the j-th item before it.

    ``memo`` (one per sentence) keeps where each 分别 is and, per 分别, what it pairs (the range of
    its figures, its items, the figures before it): read once, not again at each of its figures
    (a list of hundreds of items was quadratic)."""
    s, cands, skip = sent.text, sent.figures, sent.skip
    ats = memo.get(None)
    if ats is None:
        ats = memo[None] = [m.start() for m in _RESPECTIVELY_RE.finditer(s)]
    n = bisect_right(ats, c.start - 2) - 1  # the last 分别 that ends by the figure
    if n < 0:
        return ""
    at = ats[n]
    entry = memo.get(at)
    if entry is None:
        # its figures: those after it up to the next clause break
        brk = CLAUSE_RE.search(s, at)
        first, end = bisect_right(cands, at, key=_START), bisect_right(cands, brk.start() if brk else len(s), key=_START)
        cl = clause_start(s, at)
        head = "".join(ch for k, ch in enumerate(s[cl:at], cl) if not skip[k])
        head = _RESPECTIVELY_TAIL.sub("", head)
        items = [x for x in _LIST_JOIN_RE.split(head) if x]
        before = [] if items else \
            [k for k, o in enumerate(cands) if o.end <= at and o.role not in ("change", "avg_growth", "rank")]
        entry = memo[at] = (first, end, items, before)
    first, end, items, before = entry
    if not first <= i < end:
        return ""  # not after it, or a clause break between
    j = i - first
    suffix = _SUFFIX.get(c.role, "")
    if c.role == "change" and c.unit == "个百分点":
        suffix = "变化"
    if len(items) == end - first:
        return items[j] + suffix
    if not items:
        # 游客3932万人次，收入429亿元，同比分别增长16.6%和17.7%: the figures before are the items
        if len(before) >= end - first:
            k = before[len(before) - (end - first) + j]
            if k < len(metrics):
                return _base(metrics[k]) + suffix
    return ""


_RESPECTIVELY_RE = re.compile("分别")


_GROWTH_WORD = re.compile(r"增速|增幅")
_TOGETHER_RANK = re.compile(r"(?:双双|均|都)(?:居于|位居|位列|居|列|进入|排名|排|位于)?(?:全省|全国|全市)?$")


def _shared_rank_metrics(sent: Sentence, c: _Candidate, i: int, metrics: list[str]) -> list[str]:
    """The other indicators a rank is stated for, as metric words (the rank's own metric, the
    last indicator's, is already read):

    - 工业投资、制造业投资、规上服务业营收增速全省居首: each item of the list before the rank;
    - 游客…、收入…同比分别增长16.6%和17.7%，增速双双居于全省首位: each figure the 分别 gave.
    """
    s, cands, skip = sent.text, sent.figures, sent.skip
    cl = clause_start(s, c.start)
    if any(o.start >= cl for o in cands[:i]):
        return []  # 收入增幅全省第一、城镇化率增幅全省第二: the list holds figures of its own
    head = "".join(ch for k, ch in enumerate(s[cl:c.start], cl) if not skip[k])
    items = head.split("、")
    if len(items) >= 2 and all(0 < len(x) <= 14 and not re.search(r"\d", x) for x in items):
        first = re.sub(r"^(?:其中|而|且|并|以及)", "", items[0])
        suffix = ("增速" if _GROWTH_WORD.search(items[-1]) else "") + "排名"
        return [x + suffix for x in [first, *items[1:-1]] if x]
    if _TOGETHER_RANK.search(head) and i and cands[i - 1].role == "change":
        group = [i - 1]  # the changes just before, joined by 、和及与
        while group[0] > 0 and cands[group[0] - 1].role == "change" \
                and _LIST_JOIN_RE.fullmatch(s[cands[group[0] - 1].end:cands[group[0]].start]):
            group.insert(0, group[0] - 1)
        out = []
        for k in group[:-1]:
            base = _base(metrics[k]) if k < len(metrics) else ""
            if base:
                out.append(base + "增速排名")
        return out
    return []


