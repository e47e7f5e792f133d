"""The metric words of a figure: the words before it in its clause, with the words that qualify
them, the counted noun after a classifier, the threshold a round money figure names."""

from __future__ import annotations

import re
from functools import lru_cache

from ..lexicon import metric_identity
from ..sentences import SUBCLAUSE_RE, clause_end, clause_start, subclause_start
from .sentence import _HAN_RE, Sentence, _Candidate, _first_ending_after, _first_starting_at

_GENERIC = re.compile(
    r"^(?:同比|分别|年均|其中|双双|连续|跻身|中排|中|排|首个|首家|第一个|[一二三四五六七八九十两\d]+年|增速|增幅|增长|排名|位列|位居|位于|居于|名列|进入|居|列|达|达到|完成|实现|提高|提升|为|是|共|累计|已|均|全省|全国|全市|和|与|及|、|再|且|的|以|在|中|比重|占比)*$"
)


@lru_cache(maxsize=8192)
def _generic(word: str) -> bool:
    """A word that names no metric (同比, 增长, 全省…): asked of the same few thousand words over
    and over, so the answer is kept (a word, not a sentence: what any copy repeats)."""
    return _GENERIC.match(word) is not None


@lru_cache(maxsize=8192)
def _wordlike(token: str) -> bool:
    """A token holding a Han character or a Latin letter (not punctuation or digits alone); kept per token."""
    return _HAN_LATIN_RE.search(token) is not None


# kept at the head of a figure's words: 累计投资 is another metric than 投资
_KEPT_LEADING = frozenset(("累计",))
# patterns used per figure, compiled once (re's own cache costs a lookup per call)
_HAN_LATIN_RE = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_WORD_RE = re.compile(r"[\u4e00-\u9fffA-Za-z]+")
_ITEMS_BEFORE = re.compile(r"[\d一二三四五六七八九十]+项$")
_STREAK_LEAD = re.compile(r"^(?:的|在|获|被|均|都)+")
_COMPARE_LEAD = re.compile(r"^(?:持续|明显|均|都)?(?:快于|慢于|高于|低于|超过|好于)")
_RATE_AFTER = re.compile(r"的?(增速|增幅|比重|占比)")
_RANK_TAIL_LEAD = re.compile(r"^(?:的成绩|的|名|位)+")
_STOP_TOKENS = frozenset(
    "的 了 在 和 与 及 是 为 已 将 也 还 都 均 共 约 近 超 超过 突破 逾 达 达到 完成 实现 累计 其中 分别 以 从 由 到 至 "
    "增加 增长 提高 提升 攀升 拓展 上升 下降 减少 缩小 跃升 成为 首次 同比 比 较 再 又 并 而 就 才 仅 只 每 其 该 这 那 此 "
    "全年 当年 去年 今年 目前 近年来 新 首 更 进一步 持续 不断 已经 实现了 达到了 有 多 余 左右 以上 以下 不足 "
    "力争 预计 争取 确保 力求".split()
)




def metric_words(sent: Sentence, c: _Candidate, previous: list[_Candidate], skip: list[bool], prev_metric: str) -> str:
    """The figure's metric words. ``previous``: the figures just before it (two at most);
    ``skip``: the characters that are no metric words, earlier figures of its unit among them
    (亿元以上产业项目116个: a figure of another unit is a modifier, and its words are kept)."""
    s, tok_spans = sent.text, sent.tokens
    if c.role == "to" and previous and previous[-1].role == "from":
        return prev_metric
    if c.role == "rank" and _ITEMS_BEFORE.search(s[:c.start]):
        return ""  # 其中9项前三: the rank of some of the indicators, no metric of its own
    if c.dimension == "streak_years":
        # 连续十一年夺得大禹鼎: what is continued follows the number
        tail = s[c.end:clause_end(s, c.end)]
        tail = _STREAK_LEAD.sub("", tail)
        return (tail or _base(prev_metric)) + "连续年数"
    start = subclause_start(s, c.start)
    if previous and previous[-1].end > start and previous[-1].dimension == c.dimension:
        # 增速以6%持续快于城镇居民5%: the second figure's words start after the first; a figure of
        # another unit before it (亿元以上产业项目116个) is part of the words
        start = previous[-1].end
    words = []
    for k in range(_first_ending_after(tok_spans, start), len(tok_spans)):
        a, b, tok = tok_spans[k]
        if a >= c.start:
            break  # the spans are in order: none after this one is before the figure
        # keep the characters of the token that are neither time words nor names (年全 -> 全)
        if not (start <= a and b <= c.start and True not in skip[a:b]):
            tok = "".join(ch for i, ch in enumerate(tok, a) if start <= i < c.start and not skip[i])
        if not tok or not _wordlike(tok):
            continue
        words.append(tok)
    dropped = []  # 增速全省居首: a rank of a growth keeps the growth its dropped words name
    while words and (words[0] in _STOP_TOKENS or _generic(words[0])) and words[0] not in _KEPT_LEADING:
        dropped.append(words.pop(0))
    while words and (words[-1] in _STOP_TOKENS or _generic(words[-1])):
        dropped.append(words.pop())
    growth = ""
    if c.role == "rank" and dropped and _RANK_GROWTH.search("".join(dropped)):
        growth = "年均增速" if "年均" in "".join(dropped) else "增速"
    if not words and not prev_metric and c.role in ("from", "value") and start > 0:
        # 全区交通投资实现跨越式增长，从2020年的7.2亿元攀升至…: the subject is the clause before
        p_start = subclause_start(s, start - 1)
        words = []
        for k in range(_first_starting_at(tok_spans, p_start), len(tok_spans)):
            a, b, t = tok_spans[k]
            if b > start - 1:
                break  # in order: every later token ends after it too
            if True not in skip[a:b] and _HAN_RE.search(t) and t not in _STOP_TOKENS:
                words.append(t)
    if c.dimension in ("count", "org", "people", "visits") and c.role != "rank":
        # 138类电子证照, 15个重大项目: the counted noun follows the classifier
        for k in range(_first_starting_at(tok_spans, c.end), len(tok_spans)):
            a, b, tok = tok_spans[k]
            if not _WORD_RE.fullmatch(tok) or tok in _STOP_TOKENS or tok in ("等", "和", "与", "及"):
                break
            words.append(tok)
            if b - c.end >= 10:
                break
    if c.unit in _UNIT_NOUNS:
        words.append(_UNIT_NOUNS[c.unit])  # 覆盖7省33市: the unit is the thing counted
    metric = _COMPARE_LEAD.sub("", "".join(words))
    metric = _qualified(s, c, previous, start, metric, prev_metric)
    after = _RATE_AFTER.match(s[c.end:c.end + 4])
    if after and not metric.endswith(after.group(1)):
        metric += "增速" if after.group(1) == "增幅" else after.group(1)
    if c.role in ("change", "avg_growth", "rank", "share") or _GENERIC.match(metric):
        return _shaped(s, c, metric, growth, prev_metric)
    return metric


def _shaped(s: str, c: _Candidate, metric: str, growth: str, prev_metric: str) -> str:
    """The metric of a change, growth, rank or share, or of a figure whose own words are generic:
    its words (else the figure before's) with the shape's suffix (增速, 增量, 年均增速, 排名, 变化).
    ``growth``: the growth a rank's dropped words name (增速全省居首)."""
    core = "" if _GENERIC.match(metric) else metric
    base = core or _base(prev_metric)
    suffix = {"change": "增速" if c.unit in ("%", "个百分点") else "增量", "avg_growth": "年均增速", "rank": "排名"}.get(c.role, "")
    if growth and core and not _RANK_GROWTH.search(core[-2:]):
        core = base = core + growth
    if c.role == "rank" and not core:
        if prev_metric and growth == "增速":
            # 年均增长8.57%、连续两年增幅排名全省前六: the rank of the yearly growth
            return _AVG_WORDS.sub("", _base(prev_metric)) + "增速排名"
        if prev_metric:
            return prev_metric + "排名"
        # 以全国第四名的成绩荣获文明城市称号: the ranking is named after the figure
        tail = _RANK_TAIL_LEAD.sub("", s[c.end:clause_end(s, c.end)])
        return tail + "排名" if tail else ""
    if not base:
        return ""
    if c.role == "change" and c.unit == "个百分点":
        suffix = "变化"
    if base.endswith(suffix):
        return base
    return base + suffix


_RANK_GROWTH = re.compile(r"增速|增幅|增长")
_AVG_WORDS = re.compile(r"年均(?:增长|增速|增幅)?")



def _qualified(s: str, c, previous, start: int, metric: str, prev_metric: str) -> str:
    """The figure's metric words with the qualifiers that lie outside them (lexicon [metric_identity]):

    - words that only qualify (自然口径, 按常住人口计算) take the item of the figure before:
      一般公共预算收入489亿元，自然口径下降0.6% is that revenue's growth;
    - a share whose words start at 占 is the share of the figure before (其中第一产业增加值144亿元，
      占GDP的3.1%);
    - a qualifier phrase heading the sentence (按户籍人口计算，人均生产总值…) qualifies its figures;
    - the stock-or-flow words heading a list (累计新培育A3家、B19家) qualify each of its items.
    """
    mi = metric_identity()
    base = _base(prev_metric)
    if prev_metric and metric:
        bare = mi.qualifier_re.sub("", metric)
        if bare != metric and (not bare or _generic(bare)):
            return mi.qualifier_re.sub("", base) + metric
        if c.role == "share" and metric.startswith("占") and "占" not in base:
            return base + metric
    if metric:
        head = s[previous[-1].end if previous else 0:start]
        q = None
        for q in mi.qualifier_re.finditer(head):  # noqa: B007 (the last one is kept)
            pass
        if q is not None and q.group(0) not in metric and not mi.qualifier_re.search(metric):
            metric = q.group(0) + metric
        if previous and "、" in s[start - 1:start + 1]:
            cl = clause_start(s, start)
            first = next((p for p in previous if p.start >= cl), None)
            if first is not None:
                metric = "".join(w.group(0) for w in mi.word_re.finditer(s, cl, first.start)
                                 if w.group(0) in mi.list_words and w.group(0) not in metric) + metric
    return metric



_UNIT_NOUNS = {"省": "省份", "市": "城市", "家": "家", "座": "座", "所": "所"}


def _streak_subject(sent: Sentence, c: _Candidate, i: int) -> str:
    """What a 连续N年 streak is of, when its clause names it before the streak (监测连续两年…)."""
    s, previous, skip = sent.text, sent.figures[:i], sent.skip
    cl = max([clause_start(s, c.start), *(p.end for p in previous if p.end <= c.start)])
    words = "".join(ch for k, ch in enumerate(s[cl:c.start], cl) if not skip[k]).lstrip("、和及与")
    words = re.sub(r"(?:已|均|都)?连续$", "", words)
    return "" if len(words) < 2 or _GENERIC.match(words) else words



def _threshold_class(s: str, c: _Candidate, class_re: re.Pattern) -> str:
    """The class a money figure is the threshold of, as metric words (超百亿元企业 -> 企业门槛), or "".

    Only a bound (超, 以上, 级) or a round scale written in words (千亿产业链) is a threshold: 投资
    10亿元项目 names an amount, not a class."""
    if c.dimension != "money" or c.role == "rank":
        return ""
    q = c.qualifier or ""
    if not (q.endswith(("级", "以上")) or q.startswith(("超", "逾")) or not c.number_text[:1].isdigit()):
        return ""
    m = class_re.match(s, c.end)
    return re.sub(r"^[“”\"]", "", m.group(0)) + "门槛" if m else ""



def _after_words(sent: Sentence, c: _Candidate, i: int) -> str:
    """The words after a figure up to the end of its clause or the next figure (2.5秒下线一颗电芯,
    30余万元政策资金, 千亿元先进制造业集群): the matcher tries the metric with them too."""
    if c.role == "rank" or c.dimension in ("count", "org", "people", "visits"):
        return ""  # a count already has the noun after its classifier in its words
    s, skip, tok_spans, following = sent.text, sent.skip, sent.tokens, sent.figures[i + 1:i + 2]
    m = SUBCLAUSE_RE.search(s, c.end)
    end = m.start() if m else len(s)
    if following and following[0].start < end:
        end = following[0].start
    words = []
    for k in range(_first_starting_at(tok_spans, c.end), len(tok_spans)):
        a, b, tok = tok_spans[k]
        if b > end:
            break  # in order: every later token ends after end too
        if True in skip[a:b] or not _HAN_RE.search(tok):
            continue
        words.append(tok)
    while words and (words[0] in _STOP_TOKENS or words[0] in ("的", "就", "到", "了")):
        words.pop(0)
    return "".join(words)[:16]



def _base(metric: str) -> str:
    for suffix in ("年均增速", "增速", "增量", "排名", "变化"):
        if metric.endswith(suffix):
            return metric[: -len(suffix)]
    return metric


