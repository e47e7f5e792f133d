"""Extract numeric claims from a normalised document.

Numbers are found by regular expressions on the normalised text (never from jieba tokens: jieba
splits full-width digits and glues scale to unit); jieba is run only on the sentences that hold a
candidate figure, to name the metric and to find unknown places. For each figure the extractor decides:

- value, scale and unit (``2.58万标箱`` → 2.58, 万, 标箱), and the qualifier around it (超, 近, 多, 左右…);
- whether it is a statistic at all: dates, meeting numbers (八届六次), codes in quotes (“5020”), names
  (十个“桥头堡”, 5A级, PM2.5) and counts of indicators in a ranking statement are not;
- its shape (from / to / change / avg_growth / share / rank / new / value);
- period (the nearest time expression before it in the sentence), entity (the place its clause names,
  else the sentence's, the paragraph's, the article's, else the fact base's home), and kind.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import accumulate
from operator import attrgetter, itemgetter
from datetime import date
from typing import Optional

from .entities import Gazetteer, Mention, divisions
from .lexicon import lexicon, metric_identity
from .models import NOW, Claim, Document, Period
from .numerals import parse_number
from .periods import TimeExpr, find_time_expressions, span_period as span_from, year_period
from . import segment
from .sentences import CLAUSE_RE, SUBCLAUSE_RE, clause_end, clause_start, sentences, squeeze, subclause_start

# A figure at least this large is no figure (a run of hundreds of digits): far beyond any
# statistic, and small enough that arithmetic on two figures (a product, a ratio) stays finite.
MAX_MAGNITUDE = 1e100
_CN_NUM = "〇零一二两三四五六七八九十百千万亿"
# \d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[〇…亿]+ (1,500.5 | 2.58 | 四十四), written to start with one
# character class: re then skips to the characters that can start a number instead of trying the
# three alternatives at every position (about twice as fast on prose)
NUM_RE = re.compile(rf"[\d{_CN_NUM}](?:(?<=\d)(?:\d*(?:,\d{{3}})+(?:\.\d+)?|\d*(?:\.\d+)?)|(?<=[{_CN_NUM}])[{_CN_NUM}]*)")
_NUMERAL_CHAR_RE = re.compile(rf"[\d{_CN_NUM}]")  # the characters a NUM_RE match starts with
_QUOTE_RE = re.compile(r"“[^“”]{1,14}”|「[^「」]{1,14}」|『[^『』]{1,14}』|\"[^\"]{1,14}\"|‘[^‘’]{1,14}’")
_LATIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
# Each pattern with the characters one of which every match holds: a sentence holding none of
# them (found in one scan with _MASK_TRIGGER_RE) is not scanned with it. Where those characters
# are common (年 is in most sentences), a narrower pattern every match also holds gates the scan.
# A pattern that opens with a run of a class (\d+, [A-Za-z]+) starts only where the run does
# ((?<!…)): tried inside the run it would scan to the run's end again from each of its characters,
# and fail where it failed at the run's start (time in the square of a run of digits not followed
# by 年来, 个多月, +…: 10 KB of them took seconds).
_MASK_RES = [
    (re.compile(r"(?<![一二三四五六七八九十\d])[一二三四五六七八九十\d]+届[一二三四五六七八九十\d]+次"), "届", None),  # 八届六次全会
    (re.compile(r"第[一二三四五六七八九十百\d]+(?:届|次|批|期|季度|轮|号|章|条|站|代)"), "第", None),  # ordinals
    (re.compile(r"(?<![\d一二三四五六七八九十])[\d一二三四五六七八九十]+项(?=(?:主要)?(?:经济)?指标|进入|前[一二三四五六七八九十\d]|第[一二三四五六七八九十\d]|位居|位列)"), "项", None),
    (re.compile(r"(?<!\d)\d+个多月|(?<![\d一二三四五六七八九十])[\d一二三四五六七八九十]+年(?:来|间|内|前|后)"), "月年",  # durations that are periods
     re.compile(r"个多月|年[来间内前后]")),
    (re.compile(r"(?<![A-Za-z])[A-Za-z]+\d+(?:\.\d+)?|(?<!\d)\d+(?:\.\d+)?[A-Za-z]+"), _LATIN, None),  # PM2.5, 5A, 5G
    (re.compile(r"(?<!\d)\d+(?:\+[\dA-Za-z]+)+|[A-Za-z]\+\d+"), "+", None),  # 10+2, 6+X
    (re.compile(r"\d{1,2}月\d{1,2}日|\d{1,2}月(?:份)?|\d{1,2}日|\d{1,2}[时点]"), "月日时点",  # dates and times
     re.compile(r"\d[月日时点]")),
]
_MASK_RES = [(rx, frozenset(chars), gate) for rx, chars, gate in _MASK_RES]
_MASK_TRIGGER_RE = re.compile("[" + re.escape("".join(sorted({ch for _, chars, _ in _MASK_RES for ch in chars}))) + "]")
_RANK_BEFORE = re.compile(r"(?:全省|全国|全市|全球|省内|市内|全区|全县|级市|城市|居|列|位列|位居|排名|排|进位至|跃居|跃升至|居于|位于|名列|获得|荣获|夺得|以|[\d一二三四五六七八九十]项)$")
_BARE_SCALE_RE = re.compile(r"(?<![\d〇零一二两三四五六七八九十百千.])(亿|万)元(以上|级)")
_ROMAN_RE = re.compile(r"(?<![A-Za-z])(VIII|VII|VI|IV|IX|V|III|II|I)类(及以上|以上)?")
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9}
_FIRST_RE = re.compile(r"首个|首家|首座|首位(?![\u4e00-\u9fff])|居首(?![\u4e00-\u9fff])")
# the longest match of each pattern that must end where a figure starts (tests/test_extract.py checks)
_TAIL = 24
_TO_BEFORE = re.compile(r"(?:增加|提高|提升|增长|拓展|攀升|扩大|上升|下降|减少|缩小|跃升|跃居|升|降|增|缩短)(?:到|至)$")
_CHANGE_BEFORE = re.compile(r"(?:同比|比上年|较上年|比去年)?(?:分别)?(?:再)?(?:增长|增加|提高|提升|上升|下降|减少|增|降|回落|扩大)(?:了)?$")
_AVG_BEFORE = re.compile(r"年均(?:分别)?(?:增长|增幅|增速|提高)?(?:为|达|达到)?(?:分别)?$")
_NEW_BEFORE = re.compile(r"(?:新增|新引进|新落地|新建|新开工|新认定|累计新增)[^，,；;]{0,12}$")
_SHARE_BEFORE = re.compile(r"(?:占比|比重|占[^，,；;]{1,12}的?)(?:提高|提升|达到|达|为|从|由)?(?:到|至)?$")
_COPULA_BEFORE = re.compile(r"(?:至|为|达到|达|是|比)$")
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
_HAN_RE = re.compile(r"[\u4e00-\u9fff]")
_HAN_LATIN_RE = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_WORD_RE = re.compile(r"[\u4e00-\u9fffA-Za-z]+")
_CLASS_NOUN_AFTER = re.compile(r"(?:产业|集群|级|企业|元)")
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
_OF_RE = re.compile(r"的?")
_TARGET_BEFORE = re.compile(r"(?:力争|目标|计划|到|至)$")
_ITEMS_BEFORE = re.compile(r"[\d一二三四五六七八九十]+项$")
_STREAK_LEAD = re.compile(r"^(?:的|在|获|被|均|都)+")
_COMPARE_LEAD = re.compile(r"^(?:持续|明显|均|都)?(?:快于|慢于|高于|低于|超过|好于)")
_RATE_AFTER = re.compile(r"的?(增速|增幅|比重|占比)")
_RANK_TAIL_LEAD = re.compile(r"^(?:的成绩|的|名|位)+")
_RESPECTIVELY_TAIL = re.compile(r"(?:年均|同比|比上年|增速|增幅|增长|均|都)+$")
_VISITORS_RE = re.compile(r"旅客|游客|客流|人次")
_PEOPLE_RE = re.compile(r"人口|人数|人才|就业")
_FROM_CHAR_END = re.compile(r"[从由]$")
_RANK_SCOPE_AFTER = re.compile(r"(?:第|前|首位|排名|排|平均|领先|前列|居首|同类)")
_STOP_TOKENS = frozenset(
    "的 了 在 和 与 及 是 为 已 将 也 还 都 均 共 约 近 超 超过 突破 逾 达 达到 完成 实现 累计 其中 分别 以 从 由 到 至 "
    "增加 增长 提高 提升 攀升 拓展 上升 下降 减少 缩小 跃升 成为 首次 同比 比 较 再 又 并 而 就 才 仅 只 每 其 该 这 那 此 "
    "全年 当年 去年 今年 目前 近年来 新 首 更 进一步 持续 不断 已经 实现了 达到了 有 多 余 左右 以上 以下 不足 "
    "力争 预计 争取 确保 力求".split()
)


@dataclass(slots=True)
class _Candidate:
    start: int  # in the squeezed sentence
    end: int
    num_start: int
    num_end: int
    number_text: str
    value: float
    scale_word: str
    unit: str
    dimension: str
    qualifier: Optional[str]
    role: str = "value"
    period: Optional[Period] = None


class Extractor:
    """Holds the compiled tables; ``extract`` is pure per document."""

    def __init__(self, gazetteer: Gazetteer):
        self.gaz = gazetteer
        self.lex = lexicon()
        # the lengths of the qualifier words, longest first: a qualifier is looked up by slicing
        # that many characters before (after) a number, not by trying every word
        self._before_lens = sorted({len(w) for w in self.lex.before}, reverse=True)
        self._after_lens = sorted({len(w) for w in self.lex.after}, reverse=True)
        # the characters a qualifier before a number ends with, and one after it starts with: most
        # figures have neither next to them, and are not looked up at every length
        self._before_last = frozenset(w[-1] for w in self.lex.before)
        self._after_first = frozenset(w[0] for w in self.lex.after)
        # the subjects that are not places (data: lexicon [subjects]); a pattern that matches nothing
        # when the lexicon lists none
        heads = "|".join(re.escape(h) for h in self.lex.subject_heads) or "(?!)"
        verbs = "|".join(re.escape(v) for v in self.lex.subject_verbs) or "(?!)"
        leads = "|".join(re.escape(v) for v in self.lex.topic_leads) or "(?!)"
        self._heads_re = re.compile(heads)
        self._clause_subject_re = re.compile(rf"((?!规上|规模以上|全部|其中|全)[\u4e00-\u9fff]{{1,10}}?(?:{heads}))(?:的)?(?:{verbs})")
        self._topic_re = re.compile(rf"(?:^|(?<=[，。；,;：:]))(?:{leads})([\u4e00-\u9fff]{{1,10}}?(?:{heads}))(?:而言|来说)?[，,]")

    # ---- numbers ---------------------------------------------------------------------------
    def _candidates(self, s: str) -> list[_Candidate]:
        """Every figure in the sentence, time words and dates included (the caller drops those)."""
        lex = self.lex
        out = []
        for m in NUM_RE.finditer(s):
            a, b = m.span()
            text = m.group(0)
            arabic = text[0].isdigit()
            if not arabic:
                # trailing 万/亿 are the scale, not part of the numeral
                text = text.rstrip("万亿")
                b = a + len(text)
                if not text or text[0] in "万亿":
                    continue
            if s[b:b + 1] == "年" and not s.endswith("连续", 0, a) and "时间" not in s[b + 1:b + 5]:
                continue  # 2025年, 三年增长: a year or a span, not a figure (see _keep: 连续N年, N年时间 are)
            if arabic and a > 1 and s[a - 1] in ".," and s[a - 2].isdigit():
                continue  # the tail of a number the regex already read
            try:
                value = float(text) if arabic and text.isascii() and "," not in text else parse_number(text)
            except (ValueError, OverflowError):  # 一亿亿亿…: more than a float holds
                continue
            if not arabic and len(text) > 1 and all(ch in "〇零一二两三四五六七八九" for ch in text) and len(text) != 4:
                continue  # 三四个 (three or four): a vague count, not a figure
            um = lex.unit_re.match(s, b)
            approx, scale_word, approx2, unit = um.groups()  # the named groups, in order
            approx = approx or approx2
            scale_word = scale_word or ""
            unit = unit or ""
            end = um.end()
            if not arabic and not s.endswith(("第", "前"), 0, a) and (
                    not (unit or scale_word) or (value == 1 and (unit or scale_word not in ("亿", "万")))):
                continue  # 一位, 一条, 十分: an article, an idiom or a word, as _keep would say (第一, 前三 are ranks)
            if not arabic and scale_word in ("千", "百") and not unit:
                # 千年, 百里: no unit after a small scale word; leave the scale alone
                scale_word = ""
                end = b + (1 if approx else 0)
            if unit and s[end - len(unit):end + 1] in lex.false_units:
                continue  # 千亿台阶, 3项目: the unit character starts another word
            if not abs(value) * lex.scales.get(scale_word, 1.0) * lex.unit_factors.get(unit, 1.0) < MAX_MAGNITUDE:
                continue  # 400 digits: no figure (and no inf or nan, which no rule can compare)
            dimension = lex.units.get(unit, "")
            if unit in lex.arabic_only_units and not arabic:
                continue
            qualifier = None
            for n in self._before_lens if a and s[a - 1] in self._before_last else ():  # longest first
                if n <= a and s[a - n:a] in lex.before:
                    w = s[a - n:a]
                    if not any(s.endswith(x, 0, a) for x in lex.not_qualifiers.get(w, ())):
                        qualifier = w  # 约2亿元, but not 签约2亿元
                    break
            start = a - len(qualifier) if qualifier else a
            if approx:
                qualifier = approx if qualifier is None else qualifier + approx
            for n in self._after_lens if s[end:end + 1] in self._after_first else ():  # longest first
                w = s[end:end + n]
                if len(w) == n and w in lex.after:
                    qualifier = w if qualifier is None else qualifier + w
                    end += n
                    break
            cand = _Candidate(start, end, a, b, m.group(0)[: b - a], value, scale_word, unit, dimension, qualifier)
            if self._keep(s, cand, arabic):
                out.append(cand)
        return out

    def _keep(self, s: str, c: _Candidate, arabic: bool) -> bool:
        a, b = c.num_start, c.num_end
        before = s[:a]
        after = s[c.end:]
        # ranks: 第49位, 全省第二, 前三, 首位
        if before.endswith("第"):
            pre = before[:-1]
            nxt = s[b:b + 1]
            if nxt == "个" and _HAN_RE.match(s[b + 1:b + 2] or "。") \
                    and (_RANK_BEFORE.search(pre) or self._ends_with_entity(pre) or _copula_rank(pre, s[b:clause_end(s, b)])):
                self._as_rank(s, c)  # 第二个突破千亿元的产业, 是第二个落地的项目: a rank, as 首个 is
                c.end = b + 1
                return True
            if nxt not in ("位", "名") and _HAN_RE.match(nxt or "。"):
                return False  # 第二人民医院, 第五次: an ordinal in a name
            if c.unit in ("位", "名") or nxt == "名" or _RANK_BEFORE.search(pre) or self._ends_with_entity(pre):
                self._as_rank(s, c)
                return True
            return False
        if before.endswith("前") and (not c.unit or c.unit in ("位", "名")) and not c.scale_word:
            pre = before[:-1]
            if _RANK_BEFORE.search(pre) or self._ends_with_entity(pre) or pre.endswith(("进入", "保持", "稳居")):
                self._as_rank(s, c, qualifier="前")
                return True
            return False
        if c.unit == "年":
            # 年 counts in 连续N年 (a streak) and 用N年时间 (a duration); 三年增长, 千年古城 are not figures
            if before.endswith("连续"):
                return True
            if after.startswith("时间"):
                c.dimension = "duration"
                return True
            return False
        if c.unit == "位" and not before.endswith("第"):
            c.dimension = "people"
        if c.scale_word in ("亿", "万") and not c.unit and not _implied_unit(s, a) \
                and (not arabic and c.scale_word == "亿" or (c.qualifier or "").endswith("级")):
            # 千亿产业链, 百亿级企业, “千亿级产值”: a round money figure used as a class
            c.unit, c.dimension = "元", "money"
            if s[c.end:c.end + 1] == "级":
                c.end += 1
                c.qualifier = (c.qualifier or "") + "级"
            elif not (c.qualifier or "").endswith("级") and not _CLASS_NOUN_AFTER.match(after):
                return False
            if c.qualifier is None:
                c.qualifier = "级"
            return True
        if not c.unit and not c.scale_word:
            if c.qualifier == "级" or not arabic:
                return False
            # a bare number is a claim only as a ratio after a copula: 倍差缩小至1.76
            if not _COPULA_BEFORE.search(before) or (c.value == int(c.value) and 1900 <= c.value <= 2100):
                return False
            c.dimension = "ratio"
            return True
        if not c.unit and c.scale_word and c.qualifier != "级":
            c.dimension = "number"
        if not arabic and c.value == 1:
            return False  # 一公里, 一颗, 一周: an article or an idiom, not a figure
        if not arabic and c.value <= 2 and c.unit in ("个", "家", "条", "种", "位", "名", "套", "座", "项"):
            return False  # 一个, 两家, 两个数据: an article or a phrase, not a figure
        if not arabic and c.unit == "元" and not c.scale_word:
            return False  # 三元材料: a name
        if c.scale_word and not c.unit and _implied_unit(s, a):
            # the unit left out after a scale: 常住人口增加15.5万, 旅客吞吐量突破百万
            c.unit = _implied_unit(s, a)
            c.dimension = self.lex.units[c.unit]
        if c.dimension in ("count", "org") and after[:1] in "“「『\"":
            return False  # 十个“桥头堡”: the name of a programme
        if c.dimension in ("count", "org") and before.endswith("等") and _listed(before[:-1]) == c.value:
            return False  # 生猪、蔬菜、柑橘、渔业等4条产业链: the length of the list just given, not a figure
        return True

    def _as_rank(self, s: str, c: _Candidate, qualifier: Optional[str] = None) -> None:
        if s[c.num_end:c.num_end + 1] in ("位", "名") and c.unit not in ("位", "名"):
            c.end = c.num_end + 1
        c.start = c.num_start - 1
        c.unit, c.dimension, c.scale_word, c.role = "位", "rank", "", "rank"
        c.qualifier = qualifier

    def _ends_with_entity(self, text: str) -> bool:
        tail = text[-8:]
        return any(m.end == len(tail) for m in self.gaz.mentions(tail))

    # ---- the document ----------------------------------------------------------------------
    def extract(self, doc: Document, article_date: date) -> list[Claim]:
        # the clause starts are kept while one document is read (several steps ask for the same
        # figure's), not across documents
        clause_start.cache_clear()
        subclause_start.cache_clear()
        text = doc.normalized
        claims: list[Claim] = []
        subject = self._subject(text)
        para_entity: dict[int, Mention] = {}
        para_time: dict[int, TimeExpr] = {}
        # a sentence with no figure is read only for what it says of its paragraph (its place, its
        # span of time), and only once a later sentence of the paragraph has a figure
        pending: dict[int, list[str]] = {}

        def paragraph_state(s: str, para: int, times: list[TimeExpr], mask: list[bool], cands: list[_Candidate]):
            inherited = para_time.get(para)
            # a paragraph's span (5年来) or range (前三季度) carries to its later sentences; a bare year does not
            # only a time that opens its clause is the paragraph's (为决胜“十四五”…: a plan named, no time)
            own = [t for t in times if t.anchor in ("span", "point") and _opens_clause(s, t)]
            if own:
                para_time[para] = own[-1]
            elif any(t.anchor == "year" and _opens_clause(s, t) for t in times):
                para_time.pop(para, None)  # 今年以来…。2024年，…。其中…: the paragraph has moved to a stated year
            toks = segment.tokens(s) if cands else None
            mentions = self.gaz.mentions(s, toks, mask)
            mentions = [mm for mm in mentions if not _is_rank_scope(s, mm)]
            # what a paragraph is about: its most specific place, else the first company it names;
            # a scope word (全国, 全省) never is
            rank = self._para_rank
            for mm in mentions:
                if mm.scope:
                    continue
                cur = para_entity.get(para)
                if cur is None or (rank(mm) < rank(cur) and rank(mm) > 0) or (rank(cur) == 0 and rank(mm) > 0):
                    para_entity[para] = mm
            return inherited, toks, mentions

        for s_start, s_end, para in sentences(text):
            if not _NUMERAL_CHAR_RE.search(text, s_start, s_end):
                continue  # NUM_RE finds a number exactly where one of its characters is
            s, index = squeeze(text, s_start, s_end)
            quoted = _quoted(s)
            numbers = self._candidates(s)
            firsts = _firsts(s, quoted)
            if not numbers and not firsts:
                pending.setdefault(para, []).append(s)  # no figure, whatever the time words
                continue
            for earlier in pending.pop(para, ()):
                earlier_times = find_time_expressions(earlier, article_date)
                paragraph_state(earlier, para, earlier_times, _mask(earlier, earlier_times), [])
            times = find_time_expressions(s, article_date)
            mask = _mask(s, times)
            # figures in time words, dates, meeting numbers… are none
            cands = [c for c in numbers if True not in mask[c.num_start:c.num_end]]
            if quoted is not None:
                cands = [c for c in cands if not (quoted[c.num_start] and _name_like(c))]
            cands.extend(c for c in firsts if not mask[c.start])
            cands.sort(key=_START)
            inherited, toks, mentions = paragraph_state(s, para, times, mask, cands)
            if not cands:
                continue
            self._roles(s, cands)
            # whether the sentence holds a target or forecast word at all (most hold none; see
            # Lexicon.kinds_plain for why a word before a figure is then found in the whole sentence)
            kind_words = not self.lex.kinds_plain or self.lex.target.search(s) is not None \
                or self.lex.forecast.search(s) is not None
            prev_metric = ""
            tok_spans = _token_spans(toks)
            metrics: list[str] = []
            skip = list(mask)  # time words, dates, meeting numbers… and names are not metric words
            for span in mentions:
                if not span.known and not span.scope and span.level in self._ORDER:
                    continue  # a place of the gazetteer the fact base does not list stays in the words (衢州至宁波舟山港的通行时间)
                skip[span.start:span.end] = [True] * (span.end - span.start)
            # per unit dimension, skip with the figures read so far of that dimension marked too: a
            # figure's words leave out the earlier figures of its unit (kept up figure by figure,
            # not rebuilt from all the earlier figures at each: a sentence of hundreds of figures,
            # a 分别 list, was quadratic)
            skip_dim: dict[str, list[bool]] = {}
            respectively: dict = {}  # what _respectively reads once per 分别 of the sentence
            for i, c in enumerate(cands):
                recent = cands[max(0, i - 2):i]  # what _period and _metric look at of the figures before
                period = c.period = self._period(s, c, recent, times, inherited, article_date)
                entity, known, fallbacks = self._entity(s, c, mentions, para_entity.get(para), subject)
                kind = self._kind(s, c, times, article_date, period, kind_words)
                if c.role == "from" and kind != "actual" and period.source == "from":
                    # 通车后通行时间将从4.5小时缩短至2.7小时: the start of a planned change is today's figure
                    kind, period = "actual", NOW
                    c.period = period
                metric = _respectively(s, c, i, cands, metrics, skip, respectively) \
                    or self._metric(s, c, recent, skip_dim.get(c.dimension, skip), tok_spans, prev_metric)
                metrics.append(metric)
                if c.dimension != "streak_years":
                    prev_metric = metric or prev_metric
                else:
                    # 监测连续两年获评A等，排名跻身前20: a rank after a streak is its subject's;
                    # 年均增长8.57%，增幅连续两年排名前六: with no subject, the figure's before it
                    prev_metric = _streak_subject(s, c, cands[:i], skip) or prev_metric
                alt = _after_words(s, c, cands[i + 1:i + 2], skip, tok_spans)
                if i + 1 < len(cands):
                    marked = skip_dim.get(c.dimension)
                    if marked is None:
                        marked = skip_dim[c.dimension] = list(skip)
                    marked[c.start:c.end] = [True] * (c.end - c.start)
                cls = _threshold_class(s, c, self.lex.class_re)
                if cls:
                    # 累计签约亿元以上产业项目116个: the figure is the threshold of a class of projects;
                    # the words as written stay the alternative (千亿元级产业集群 may be the chain's output)
                    metric, alt = re.sub(r"^[一两]个|^[一两]条", "", metric) + cls, metric + alt
                o_start, o_end = index[c.start], index[c.end - 1] + 1
                line, col = doc.position(o_start)
                end_line, end_col = doc.position(o_end)
                claims.append(
                    Claim(  # positional, in the field order (a call with 24 keywords costs twice as much)
                        doc.path, o_start, o_end, line, col, end_line, end_col,
                        doc.text[o_start:o_end],  # text
                        c.value,
                        c.scale_word + c.unit,  # unit
                        c.unit,  # base_unit
                        self.lex.scales.get(c.scale_word, 1.0) * self.lex.unit_factors.get(c.unit, 1.0),  # scale
                        c.dimension, c.qualifier, entity, known, metric, period, kind, c.role,
                        fallbacks,  # fallback_entities
                        (metric + alt) if alt and c.role != "to" and not cls else alt,  # metric_alt
                        (s_start, s_end),  # sentence
                        doc.text[index[c.num_start]:index[c.num_end - 1] + 1],  # number_text
                    )
                )
                if c.role == "rank":
                    # one rank stated for several indicators is a claim about each of them
                    for extra in _shared_rank_metrics(s, c, i, cands, metrics, skip):
                        claims.append(replace(claims[-1], metric=extra, metric_alt=""))
        return claims

    def _para_rank(self, mm: Mention) -> int:
        """How specific a paragraph's place is: district 1 … country 4; a company 0, an unknown place 9."""
        return self._ORDER.get(mm.level, 0) if mm.known else 9

    def _subject(self, text: str) -> Optional[Mention]:
        """What the article is about: the most specific known place in its first lines; but a place
        the fact base does not list, of a city's level or below, when the first lines name it more
        often than all the known places together (an article about 金华 that names 衢州 once)."""
        head = "".join(line for line in text.splitlines()[:12] if line.strip())[:300]
        order = {"district": 0, "county": 0, "city": 1, "province": 2}
        best = None
        counts: dict[str, int] = {}
        first: dict[str, Mention] = {}
        known = 0
        for m in self.gaz.mentions(head):
            if m.scope or m.level not in order:
                continue
            if m.known:
                known += 1
                if best is None or order[m.level] < order[best.level]:
                    best = m
            else:
                counts[m.name] = counts.get(m.name, 0) + 1
                first.setdefault(m.name, m)
        other = [first[n] for n in counts if order[first[n].level] <= 1 or best is None]
        if other:
            top = max(other, key=lambda m: (counts[m.name], -order[m.level], -m.start))
            if counts[top.name] > known:
                return top
        return best

    # ---- shapes ----------------------------------------------------------------------------
    def _roles(self, s: str, cands: list[_Candidate]) -> None:
        for i, c in enumerate(cands):
            if c.role == "rank":
                continue
            # each pattern ends where the figure starts and is at most _TAIL characters long: it is
            # looked for in that tail only, not tried at every position of the sentence before it
            at, tail = c.start, max(0, c.start - _TAIL)
            # a shape is looked for only when its tail holds a character every match of it holds
            # (most figures have none of the shapes; a search tries every position of the tail)
            if _AVG_GATE.search(s, tail, at) and _AVG_BEFORE.search(s, tail, at):
                c.role = "avg_growth"
            elif _FROM_GATE.search(s, tail, at) and _FROM_BEFORE.search(s, tail, at):  # 从, 由 and 从2020年的
                nxt = cands[i + 1] if i + 1 < len(cands) else None
                if nxt and _TO_MARK.search(s[c.end: nxt.start]) and not CLAUSE_RE.search(s[c.end: nxt.start]):
                    c.role = "from"
                    nxt.role = "to"
            elif c.role == "to":
                pass
            elif _TO_GATE.search(s, tail, at) and _TO_BEFORE.search(s, tail, at):
                c.role = "to"
            elif c.unit == "%" and _SHARE_GATE.search(s, tail, at) and _SHARE_BEFORE.search(s, tail, at):
                c.role = "share"
            elif _CHANGE_GATE.search(s, tail, at) and _CHANGE_BEFORE.search(s, tail, at):
                c.role = "change"
            elif _NEW_GATE.search(s, tail, at) and _NEW_BEFORE.search(s, max(0, at - 16), at):  # in the clause or not, its last 16 characters
                c.role = "new"
            prev = cands[i - 1] if i else None
            if c.role == "value" and prev is not None and prev.role in ("change", "avg_growth", "share") \
                    and _LIST_JOIN_RE.fullmatch(s[prev.end:c.start]) and prev.unit == c.unit:
                c.role = prev.role  # 分别增长32.5%、34.5%和50.3%
            if c.role in ("change", "avg_growth") and c.value > 0 and self._falls(s, c):
                c.value = -c.value  # 下降3.2% is -3.2 (the span keeps its words)

    def _falls(self, s: str, c: _Candidate) -> bool:
        """Is the change a fall? The last direction word before it in its clause says (下降7.5%、12.8%:
        both; 增长4.6%、下降5.9%: the second), and 增长-3.2% is one too."""
        at = c.start
        if s[at - 1:at] in ("-", "−", "－", "﹣") and not s[at - 2:at - 1].isdigit():
            return True
        last = None
        for last in self.lex.direction.finditer(s, max(clause_start(s, at), at - _TAIL), at):
            pass
        return last is not None and last.lastgroup.startswith("fall")

    # ---- time, place, kind, metric ---------------------------------------------------------
    def _period(self, s, c: _Candidate, previous: list[_Candidate], times: list[TimeExpr], inherited: Optional[TimeExpr], d: date) -> Period:
        """The nearest time expression before the figure in its sentence, else one after it in its
        clause, else the paragraph's last one, else "now". Shapes adjust it: the start of a from-to
        in a span is the year before the span, a growth after a from-to covers the pair's years, a
        rank of the figure before it shares that figure's period, 连续N年 ends where its period ends."""
        usable = [t for t in times if t.anchor != "base" or _OF_RE.fullmatch(s[t.end:c.num_start if c.role != "rank" else c.start])]
        # 比2020年的234.2亿元: a comparison base is the period of the figure it introduces, of no other
        prev = previous[-1] if previous else None
        if prev is not None and c.role in ("change", "avg_growth") and prev.role == "to" and len(previous) >= 2 and previous[-2].role == "from":
            a, b = previous[-2].period, prev.period
            # 从2020年的X增加到2023年的Y、三年增长Z%: words of a period nobody can read (三年) do not part the growth from its pair
            read = [t for t in usable if t.anchor != "unknown"]
            if a.start is not None and b.end is not None and not _time_between(read, prev.end, c.start):
                return span_from(a.start.year, b.end.year, "")
        if prev is not None and c.role == "change" and len(previous) >= 2 and _compared(s, previous[-2], prev):
            # 2400亿元，和2020年的1600多亿元相比，增长近800亿元: the change spans the base's year to the figure's
            a, b = prev.period, previous[-2].period
            if a.start is not None and b.end is not None and a.start.year < b.end.year:
                return span_from(a.start.year, b.end.year, "")
        if prev is not None and c.role == "rank" and prev.period is not None and not _time_between(usable, prev.end, c.start):
            return prev.period
        if c.role == "to" and prev is not None and prev.role == "from":
            # the from's own year (从2021年的49%) is not the to's: look before it
            own = [t for t in usable if prev.end <= t.start and t.end <= c.start]
            if own:
                chosen = own[-1]
            else:
                owned = [t for t in usable if t.end <= prev.start and _from_owned(s, t, prev)]
                outside = [t for t in usable if t.end <= prev.start and t not in owned]
                chosen = outside[-1] if outside else (inherited if inherited else None)
        else:
            before = [t for t in usable if t.end <= c.start]
            chosen = before[-1] if before else None
            if chosen is None:
                cl_end = clause_end(s, c.end)
                after = [t for t in usable if t.start >= c.end and t.end <= cl_end]
                chosen = after[0] if after else inherited
        if chosen is None or (c.role == "from" and chosen.period.is_now):
            if c.role == "from":
                return Period(None, source="from")  # the start of a from-to is never "now"
            return NOW
        p = chosen.period
        if c.unit == "年" and c.dimension == "streak_years" and p.end is not None and not p.is_now:
            n = int(c.value)
            return span_from(p.end.year - n + 1, p.end.year, chosen.period.source)
        if p.span and c.role == "from" and p.start is not None:
            return year_period(p.start.year - 1, chosen.period.source)
        if p.span and c.role == "to" and p.end is not None:
            return year_period(p.end.year, chosen.period.source)
        return p

    _ORDER = {"country": 4, "province": 3, "city": 2, "district": 1, "county": 1}

    def _entity(self, s, c, mentions, para_mention, subject) -> tuple[str, bool, tuple[str, ...]]:
        """(entity, known, fallbacks): the place or organisation the figure is about.

        The first name in the figure's clause, else the last one before it in the sentence, else
        the paragraph's, else the article's subject, else the home entity. A place of a higher
        level than the article's subject (浙江 in an article about 衢州) names where something
        happened, not whose figure it is, unless it opens its clause. A company or project may
        be only the setting of a figure about its place: its fallbacks are the place entities.
        """
        cl = clause_start(s, c.start)
        own = self._non_place_subject(s, c, cl, mentions) if self._heads_re.search(s, 0, c.start) else None
        if own is not None:
            name = self.gaz.canonical(own)
            return (name, True, ()) if name else (own, False, ())
        sub_level = self._ORDER.get(subject.level, 0) if subject else self._ORDER.get(self.gaz.level(self.gaz.home or ""), 0)

        def usable(m: Mention) -> bool:
            lvl = self._ORDER.get(m.level, 0)
            if m.scope and c.role == "rank" and lvl > 1:
                return False  # 全国最具人才吸引力城市第49位: the scope of the ranking
            if (m.known or m.scope or lvl) and lvl > sub_level > 0 \
                    and m.start > self._after_lead(s, clause_start(s, m.start), m.start, ()):  # 2020年全省… opens its clause
                return False
            return True

        before = [m for m in mentions if m.end <= c.start and usable(m)]
        in_clause = [m for m in before if cl <= m.start]
        # 衢州港衢江港区, 衢州市衢江区: a place named right after its parent is the place meant
        while len(in_clause) > 1 and self._is_child(in_clause[1], in_clause[0]):
            in_clause = in_clause[1:]
        chosen = None
        for m in in_clause[:1] or before[-1:] or ([para_mention] if para_mention else []):
            chosen = self._resolve(m, subject)
            if chosen:
                break
        default = (subject.name if subject is not None else self.gaz.home) or ""
        if chosen is None:
            return default, (subject.known if subject is not None else bool(default)), ()
        name, known = chosen
        if known and self.gaz.level(name) not in self._ORDER:
            places = [self._resolve(m, subject) for m in reversed(before) if m.scope or self._ORDER.get(m.level)]
            places = [p[0] for p in places if p and p[1]]
            fallbacks = tuple(dict.fromkeys([*places, default]))
            return name, known, tuple(f for f in fallbacks if f and f != name)
        # a company named earlier in the sentence may own a figure whose clause names only a place
        # (盒马鲜生衢州首店在衢江区开业，店内商品总数超过7000种)
        # (a known name's mention carries its level)
        companies = [m.name for m in reversed(before) if m.known and m.level not in self._ORDER]
        if not companies:
            return name, known, ()
        return name, known, tuple(dict.fromkeys(f for f in companies if f != name))

    def _non_place_subject(self, s: str, c: _Candidate, cl: int, mentions: list[Mention]) -> Optional[str]:
        """The subject of a figure that is not a place (an industry, a park, a fund, a company), or None.

        - It heads the figure's clause, after its time words and places, and a verb or an output
          word follows it (衢州新材料产业实现产值…, 该园区规上产值…);
        - or the sentence opens with it as its topic (仅仅是新材料产业，2022年，衢州实现规上产值…).
        A scope word (全市) in the figure's clause makes the figure the place's."""
        if any(m.scope and cl <= m.start < c.start for m in mentions):
            return None
        if c.unit in _COUNTED_UNITS:
            return None  # 上市公司达到25家: the head noun is what a count counts, not its subject
        head = self._clause_subject_re.match(s, self._after_lead(s, cl, c.start, mentions), c.start)
        if head is not None and head.end(1) <= c.start and not head.group(1).endswith(self.lex.class_nouns):
            return head.group(1)
        best = None
        for m in self._topic_re.finditer(s, 0, cl):
            best = m
        return best.group(1) if best is not None else None

    def _after_lead(self, s: str, cl: int, end: int, mentions: list[Mention]) -> int:
        """Where a clause's own words start: after its time words and the places that open it."""
        pos = cl
        while True:
            m = _SUBJECT_LEAD_RE.match(s, pos, end)
            if m is not None and m.end() > pos:
                pos = m.end()
                continue
            place = next((mm for mm in mentions if mm.start == pos and not mm.scope), None)
            if place is None:
                return pos
            pos = place.end

    def _is_child(self, m: Mention, parent: Mention) -> bool:
        e = self.gaz.entities.get(m.name)
        if e is not None:
            return bool(parent.known and e.parent == parent.name)
        return not m.known and not m.scope and self._parent_of(m.name) == parent.name

    def _parent_of(self, name: str) -> str:
        """The place a place belongs to: the fact base's word for it, else the gazetteer's (金华市 for
        武义县), named as the fact base names it when it lists it (衢州 for 衢州市)."""
        e = self.gaz.entities.get(name)
        if e is not None:
            return e.parent or ""
        d = divisions().full.get(name)
        if d is None or not d.parent:
            return ""
        return self.gaz.canonical(d.parent) or d.parent

    def _resolve(self, m: Mention, subject: Optional[Mention]) -> Optional[tuple[str, bool]]:
        if not m.scope:
            return m.name, m.known
        # 全区 in an article about a district is that district; 全市 is the subject's city (我市, 本市
        # the same); in an article about a place the fact base does not list, that place's (unknown)
        if subject is None:
            home = self.gaz.home
            if home and self.gaz.level(home) == m.level:
                return home, True
            if not home or m.level != "province":
                return None
            subject = Mention(0, 0, home, True, self.gaz.level(home))  # 全省 with no place named: the home's province
        if subject.level == m.level or (m.level in ("district", "county") and subject.level in ("district", "county")):
            return subject.name, subject.known
        if m.level == "city":
            parent = self._parent_of(subject.name)
            if parent and (self.gaz.level(parent) or (divisions().full.get(parent) or (None, ""))[1]) == "city":
                return parent, parent in self.gaz.entities
            return (subject.name, subject.known) if subject.level == "city" else None
        if m.level == "province":
            if not subject.known:
                # 全省 in an article about 金华: its province, known or not
                prov = subject.name if subject.level == "province" else self._parent_of(self._parent_of(subject.name)) \
                    if subject.level in ("district", "county") else self._parent_of(subject.name)
                if prov:
                    return prov, prov in self.gaz.entities
                return m.name, False
            for e in self.gaz.entities.values():
                if e.level == "province":
                    return e.name, True
            return m.name, False  # 全省 where the fact base lists no province: not the city's
        if m.level == "country":
            # 全国仅21个: a national figure, not the subject's (known when the fact base has the country)
            return m.name, self.gaz.level(m.name) == "country"
        return None

    def _kind(self, s, c, times, d: date, period: Period, kind_words: bool = True) -> str:
        if period.start is not None and period.start > d:
            return "target" if _TARGET_BEFORE.search(s[: _period_pos(times, c)]) else "forecast"
        cl = clause_start(s, c.start)
        # an explicit past year in the figure's own clause makes it a result
        for t in times:
            if cl <= t.start < c.start and t.period.end is not None and t.period.end.year < d.year and t.anchor != "now":
                return "actual"
        if not kind_words:
            return "actual"
        best = None
        for rx, kind in ((self.lex.target, "target"), (self.lex.forecast, "forecast")):
            for m in rx.finditer(s[: c.num_start]):
                if best is None or m.start() > best[0]:
                    best = (m.start(), kind)
        return best[1] if best else "actual"

    def _metric(self, s, c, previous, skip, tok_spans, prev_metric) -> str:
        """The figure's metric words. ``previous``: the figures just before it (two at most);
        ``skip``: the characters that are no metric words, earlier figures of its unit among them
        (亿元以上产业项目116个: a figure of another unit is a modifier, and its words are kept)."""
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
        return metric


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
        for q in mi.qualifier_re.finditer(head):
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


_COUNTED_UNITS = frozenset(("家", "个", "座", "所", "户", "只"))  # units of a count of firms, parks, funds…
_SUBJECT_LEAD_RE = re.compile(r"(?:[\d〇零一二三四五六七八九十]+年(?:末|底|度|全年)?|今年|去年|全年|上半年|下半年|前三季度|[一二三四]季度|其中|同时|此外|另外|而|[“”\"、，,])+")


_SUFFIX = {"change": "增速", "avg_growth": "年均增速"}
_UNIT_NOUNS = {"省": "省份", "市": "城市", "家": "家", "座": "座", "所": "所"}


def _respectively(s: str, c: _Candidate, i: int, cands: list[_Candidate], metrics: list[str], skip: list[bool],
                  memo: dict) -> str:
    """X、Y和Z分别增长a、b和c: the j-th figure after 分别 belongs to the j-th item before it.

    ``memo`` (one per sentence) keeps where each 分别 is and, per 分别, what it pairs (the range of
    its figures, its items, the figures before it): read once, not again at each of its figures
    (a list of hundreds of items was quadratic)."""
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


def _shared_rank_metrics(s: str, c: _Candidate, i: int, cands: list[_Candidate], metrics: list[str],
                         skip: list[bool]) -> list[str]:
    """The other indicators a rank is stated for, as metric words (the rank's own metric, the
    last indicator's, is already read):

    - 工业投资、制造业投资、规上服务业营收增速全省居首: each item of the list before the rank;
    - 游客…、收入…同比分别增长16.6%和17.7%，增速双双居于全省首位: each figure the 分别 gave.
    """
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


def _streak_subject(s: str, c: _Candidate, previous: list[_Candidate], skip: list[bool]) -> str:
    """What a 连续N年 streak is of, when its clause names it before the streak (监测连续两年…)."""
    cl = max([clause_start(s, c.start), *(p.end for p in previous if p.end <= c.start)])
    words = "".join(ch for k, ch in enumerate(s[cl:c.start], cl) if not skip[k]).lstrip("、和及与")
    words = re.sub(r"(?:已|均|都)?连续$", "", words)
    return "" if len(words) < 2 or _GENERIC.match(words) else words


def _copula_rank(before: str, after: str) -> bool:
    """是第二个落地衢州的项目 is a rank; 并不是第一个关注夜经济的人 is a phrase about a person."""
    return before.endswith(("是", "成为")) and not before.endswith(("不是", "并非")) and not after.endswith("的人")


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


def _implied_unit(s: str, a: int) -> str:
    """The unit a scale stands for when the clause says what is counted: 旅客…百万 is 人次."""
    context = s[clause_start(s, a):a]
    if _VISITORS_RE.search(context):
        return "人次"
    if _PEOPLE_RE.search(context):
        return "人"
    return ""


def _after_words(s: str, c: _Candidate, following: list, skip: list[bool], tok_spans) -> str:
    """The words after a figure up to the end of its clause or the next figure (2.5秒下线一颗电芯,
    30余万元政策资金, 千亿元先进制造业集群): the matcher tries the metric with them too."""
    if c.role == "rank" or c.dimension in ("count", "org", "people", "visits"):
        return ""  # a count already has the noun after its classifier in its words
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


_START = attrgetter("start")


def _mask(s: str, times: list[TimeExpr]) -> list[bool]:
    """The characters no figure may start in: time expressions, dates, meeting numbers, codes."""
    mask = [False] * len(s)
    for t in times:
        mask[t.start:t.end] = [True] * (t.end - t.start)
    present = set(_MASK_TRIGGER_RE.findall(s))
    if not present:
        return mask
    for rx, chars, gate in _MASK_RES:
        if present.isdisjoint(chars) or (gate is not None and not gate.search(s)):
            continue
        for m in rx.finditer(s):
            mask[m.start():m.end()] = [True] * (m.end() - m.start())
    return mask


def _name_like(c: _Candidate) -> bool:
    """A figure inside a short quotation is a name (“5020”项目, “四个全覆盖”) unless it measures something."""
    return c.dimension in ("count", "org", "people", "", "ratio", "number")


def _quoted(s: str) -> Optional[list[bool]]:
    """The characters inside short quotations, None when the sentence has none."""
    quoted = None
    for m in _QUOTE_RE.finditer(s):
        if quoted is None:
            quoted = [False] * len(s)
        quoted[m.start():m.end()] = [True] * (m.end() - m.start())
    return quoted


def _firsts(s: str, quoted: Optional[list[bool]]) -> list[_Candidate]:
    """首个, 首家, 全省首位: a rank of 1 written without a digit (the caller drops those in time words)."""
    out: list[_Candidate] = []
    # each pattern needs its words (首, 元以上 or 元级, 类): most sentences are not scanned at all (the
    # second pattern starts with a look-behind, so a scan of it tries every position)
    for m in _FIRST_RE.finditer(s) if "首" in s else ():
        if quoted is not None and quoted[m.start()]:
            continue
        at = m.start() + m.group(0).index("首")
        out.append(_Candidate(m.start(), m.end(), at, at + 1, "首", 1.0, "", "位", "rank", None, role="rank"))
    for m in _BARE_SCALE_RE.finditer(s) if "元以上" in s or "元级" in s else ():
        # 亿元以上项目: a threshold of one 亿 written without the 一
        out.append(_Candidate(m.start(), m.end(), m.start(), m.start() + 1, m.group(1), 1.0, m.group(1), "元", "money", m.group(2)))
    for m in _ROMAN_RE.finditer(s) if "类" in s else ():
        # 水质保持II类及以上: a quality class in Roman numerals
        out.append(_Candidate(m.start(), m.end(), m.start(), m.start(1) + len(m.group(1)), m.group(1),
                              float(_ROMAN[m.group(1)]), "", "类", "class", m.group(2)))
    return out


def _from_owned(s: str, t: TimeExpr, frm: _Candidate) -> bool:
    """Is the time expression the from-figure's own year (从2021年的49%)?"""
    return bool(_FROM_CHAR_END.search(s[max(0, t.start - 1):t.start])) and not CLAUSE_RE.search(s[t.end:frm.start])


def _listed(text: str) -> int:
    """How many items the enumeration at the end of ``text`` names (A、B和C -> 3; none -> 0)."""
    tail = text[clause_start(text, len(text)):]
    items = re.split(r"[、]", tail)
    return len(items) if len(items) > 1 else 0


def _compared(s: str, figure: _Candidate, base: _Candidate) -> bool:
    """Is ``base`` the comparison base of ``figure`` (X，和2020年的Y相比 / X，比2020年的Y)?"""
    between = s[figure.end:base.start]
    return bool(re.search(r"(?:和|与|同|比|较)(?:\d{4}年)?的?$", between)) and not re.search(r"[。；;]", between)


def _opens_clause(s: str, t: TimeExpr) -> bool:
    """Does the time expression open its clause (at most two words' characters before it: 在, 全市)?"""
    head = s[clause_start(s, t.start):t.start]
    return len(head) - sum(ch in "“”\"「」『』‘’" for ch in head) <= 2


def _time_between(times: list[TimeExpr], a: int, b: int) -> bool:
    return any(a <= t.start and t.end <= b for t in times)


def _base(metric: str) -> str:
    for suffix in ("年均增速", "增速", "增量", "排名", "变化"):
        if metric.endswith(suffix):
            return metric[: -len(suffix)]
    return metric


def _period_pos(times, c) -> int:
    before = [t for t in times if t.end <= c.start]
    return before[-1].start if before else c.start


def _is_rank_scope(s: str, m: Mention) -> bool:
    """全省 in 位列全省第二 names where the ranking is, not who ranks; 在全市103个乡镇 where, not who."""
    if m.scope and s[max(0, m.start - 1):m.start] in ("在", "于"):
        return True
    return bool(_RANK_SCOPE_AFTER.match(s[m.end:m.end + 3]))


def _first_ending_after(tok_spans: list[tuple[int, int, str]], pos: int) -> int:
    """The index of the first token span that ends after pos (spans are contiguous, in order)."""
    return bisect_right(tok_spans, pos, key=itemgetter(1))


def _first_starting_at(tok_spans: list[tuple[int, int, str]], pos: int) -> int:
    """The index of the first token span that starts at or after pos."""
    return bisect_left(tok_spans, pos, key=itemgetter(0))


def _token_spans(toks: Optional[list[str]]) -> list[tuple[int, int, str]]:
    """(start, end, token) of each token; the tokens join to the sentence."""
    if not toks:
        return []
    ends = list(accumulate(map(len, toks)))
    return list(zip([0, *ends[:-1]], ends, toks))
