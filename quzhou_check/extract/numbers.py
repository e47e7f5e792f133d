"""Finding the figures of a sentence and deciding which are statistics.

Numbers are found by regular expressions on the normalised text (never from jieba tokens: jieba
splits full-width digits and glues scale to unit). For each, value, scale and unit (``2.58万标箱``
→ 2.58, 万, 标箱) and the qualifier around it (超, 近, 多, 左右…); then whether it is a statistic at
all: dates, meeting numbers (八届六次), codes in quotes (“5020”), names (十个“桥头堡”, 5A级, PM2.5)
and counts of indicators in a ranking statement are not.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Optional

from ..entities import Gazetteer
from ..lexicon import Lexicon
from ..numerals import parse_number
from ..periods import TimeExpr
from ..sentences import clause_end, clause_start
from .sentence import _HAN_RE, _Candidate

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
_MASK_PATTERNS = [
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
_MASK_RES = [(rx, frozenset(chars), gate) for rx, chars, gate in _MASK_PATTERNS]
_MASK_TRIGGER_RE = re.compile("[" + re.escape("".join(sorted({ch for _, chars, _ in _MASK_RES for ch in chars}))) + "]")
_RANK_BEFORE = re.compile(r"(?:全省|全国|全市|全球|省内|市内|全区|全县|级市|城市|居|列|位列|位居|排名|排|进位至|跃居|跃升至|居于|位于|名列|获得|荣获|夺得|以|[\d一二三四五六七八九十]项)$")
_BARE_SCALE_RE = re.compile(r"(?<![\d〇零一二两三四五六七八九十百千.])(亿|万)元(以上|级)")
_ROMAN_RE = re.compile(r"(?<![A-Za-z])(VIII|VII|VI|IV|IX|V|III|II|I)类(及以上|以上)?")
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9}
_FIRST_RE = re.compile(r"首个|首家|首座|首位(?![\u4e00-\u9fff])|居首(?![\u4e00-\u9fff])")
_COPULA_BEFORE = re.compile(r"(?:至|为|达到|达|是|比)$")
_CLASS_NOUN_AFTER = re.compile(r"(?:产业|集群|级|企业|元)")
_VISITORS_RE = re.compile(r"旅客|游客|客流|人次")
_PEOPLE_RE = re.compile(r"人口|人数|人才|就业")


class Numbers:
    """The figures of a sentence, with the qualifier tables compiled once."""

    def __init__(self, lex: Lexicon, gazetteer: Gazetteer):
        self.lex = lex
        self.gaz = gazetteer
        # the lengths of the qualifier words, longest first: a qualifier is looked up by slicing
        # that many characters before (after) a number, not by trying every word
        self._before_lens = sorted({len(w) for w in self.lex.before}, reverse=True)
        self._after_lens = sorted({len(w) for w in self.lex.after}, reverse=True)
        # the characters a qualifier before a number ends with, and one after it starts with: most
        # figures have neither next to them, and are not looked up at every length
        self._before_last = frozenset(w[-1] for w in self.lex.before)
        self._after_first = frozenset(w[0] for w in self.lex.after)

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
            assert um is not None  # every part of it is optional: it matches anywhere
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
            kept = self._keep(s, cand, arabic)
            if kept is not None:
                out.append(kept)
        return out

    def _keep(self, s: str, c: _Candidate, arabic: bool) -> Optional[_Candidate]:
        """The figure as a statistic (a new record where its unit, dimension, span or shape is read
        anew: a rank, a duration, a money class, an implied unit), or None when it is none."""
        a, b = c.num_start, c.num_end
        before = s[:a]
        after = s[c.end:]
        # ranks: 第49位, 全省第二, 前三, 首位
        if before.endswith("第"):
            pre = before[:-1]
            nxt = s[b:b + 1]
            if nxt == "个" and _HAN_RE.match(s[b + 1:b + 2] or "。") \
                    and (_RANK_BEFORE.search(pre) or self._ends_with_entity(pre) or _copula_rank(pre, s[b:clause_end(s, b)])):
                # 第二个突破千亿元的产业, 是第二个落地的项目: a rank, as 首个 is
                return self._as_rank(s, c, end=b + 1)
            if nxt not in ("位", "名") and _HAN_RE.match(nxt or "。"):
                return None  # 第二人民医院, 第五次: an ordinal in a name
            if c.unit in ("位", "名") or nxt == "名" or _RANK_BEFORE.search(pre) or self._ends_with_entity(pre):
                return self._as_rank(s, c)
            return None
        if before.endswith("前") and (not c.unit or c.unit in ("位", "名")) and not c.scale_word:
            pre = before[:-1]
            if _RANK_BEFORE.search(pre) or self._ends_with_entity(pre) or pre.endswith(("进入", "保持", "稳居")):
                return self._as_rank(s, c, qualifier="前")
            return None
        if c.unit == "年":
            # 年 counts in 连续N年 (a streak) and 用N年时间 (a duration); 三年增长, 千年古城 are not figures
            if before.endswith("连续"):
                return c
            if after.startswith("时间"):
                return replace(c, dimension="duration")
            return None
        if c.unit == "位" and not before.endswith("第"):
            c = replace(c, dimension="people")
        if c.scale_word in ("亿", "万") and not c.unit and not _implied_unit(s, a) \
                and (not arabic and c.scale_word == "亿" or (c.qualifier or "").endswith("级")):
            # 千亿产业链, 百亿级企业, “千亿级产值”: a round money figure used as a class
            end, q = c.end, c.qualifier
            if s[end:end + 1] == "级":
                end += 1
                q = (q or "") + "级"
            elif not (q or "").endswith("级") and not _CLASS_NOUN_AFTER.match(after):
                return None
            if q is None:
                q = "级"
            return replace(c, unit="元", dimension="money", end=end, qualifier=q)
        if not c.unit and not c.scale_word:
            if c.qualifier == "级" or not arabic:
                return None
            # a bare number is a claim only as a ratio after a copula: 倍差缩小至1.76
            if not _COPULA_BEFORE.search(before) or (c.value == int(c.value) and 1900 <= c.value <= 2100):
                return None
            return replace(c, dimension="ratio")
        if not c.unit and c.scale_word and c.qualifier != "级":
            c = replace(c, dimension="number")
        if not arabic and c.value == 1:
            return None  # 一公里, 一颗, 一周: an article or an idiom, not a figure
        if not arabic and c.value <= 2 and c.unit in ("个", "家", "条", "种", "位", "名", "套", "座", "项"):
            return None  # 一个, 两家, 两个数据: an article or a phrase, not a figure
        if not arabic and c.unit == "元" and not c.scale_word:
            return None  # 三元材料: a name
        if c.scale_word and not c.unit and _implied_unit(s, a):
            # the unit left out after a scale: 常住人口增加15.5万, 旅客吞吐量突破百万
            unit = _implied_unit(s, a)
            c = replace(c, unit=unit, dimension=self.lex.units[unit])
        if c.dimension in ("count", "org") and after[:1] in "“「『\"":
            return None  # 十个“桥头堡”: the name of a programme
        if c.dimension in ("count", "org") and before.endswith("等") and _listed(before[:-1]) == c.value:
            return None  # 生猪、蔬菜、柑橘、渔业等4条产业链: the length of the list just given, not a figure
        return c

    def _as_rank(self, s: str, c: _Candidate, qualifier: Optional[str] = None, end: Optional[int] = None
                 ) -> _Candidate:
        """The figure read as a rank (第二, 前三, 第49位), from its 第 or 前 to its 位 or 名 (or ``end``)."""
        if end is None:
            end = c.num_end + 1 if s[c.num_end:c.num_end + 1] in ("位", "名") and c.unit not in ("位", "名") else c.end
        return replace(c, start=c.num_start - 1, end=end, unit="位", dimension="rank", scale_word="", role="rank",
                       qualifier=qualifier)

    def _ends_with_entity(self, text: str) -> bool:
        tail = text[-8:]
        return any(m.end == len(tail) for m in self.gaz.mentions(tail))

    # ---- the document ----------------------------------------------------------------------

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


def _listed(text: str) -> int:
    """How many items the enumeration at the end of ``text`` names (A、B和C -> 3; none -> 0)."""
    tail = text[clause_start(text, len(text)):]
    items = re.split(r"[、]", tail)
    return len(items) if len(items) > 1 else 0



def _copula_rank(before: str, after: str) -> bool:
    """是第二个落地衢州的项目 is a rank; 并不是第一个关注夜经济的人 is a phrase about a person."""
    return before.endswith(("是", "成为")) and not before.endswith(("不是", "并非")) and not after.endswith("的人")



def _implied_unit(s: str, a: int) -> str:
    """The unit a scale stands for when the clause says what is counted: 旅客…百万 is 人次."""
    context = s[clause_start(s, a):a]
    if _VISITORS_RE.search(context):
        return "人次"
    if _PEOPLE_RE.search(context):
        return "人"
    return ""


