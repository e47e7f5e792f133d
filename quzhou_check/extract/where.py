"""Where a figure is of: the place or organisation its clause, sentence, paragraph or article names,
or a subject that is not a place (an industry, a park, a fund)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Optional

from ..entities import Gazetteer, Mention, divisions
from ..lexicon import Lexicon
from ..sentences import clause_start
from .sentence import Sentence, _Candidate

_RANK_SCOPE_AFTER = re.compile(r"(?:第|前|首位|排名|排|平均|领先|前列|居首|同类)")
_COUNTED_UNITS = frozenset(("家", "个", "座", "所", "户", "只"))  # units of a count of firms, parks, funds…
_SUBJECT_LEAD_RE = re.compile(r"(?:[\d〇零一二三四五六七八九十]+年(?:末|底|度|全年)?|今年|去年|全年|上半年|下半年|前三季度|[一二三四]季度|其中|同时|此外|另外|而|[“”\"、，,])+")


class Places:
    """The gazetteer and the subject patterns of the lexicon, compiled once."""

    def __init__(self, lex: Lexicon, gazetteer: Gazetteer):
        self.lex = lex
        self.gaz = gazetteer
        # the subjects that are not places (data: lexicon [subjects]); a pattern that matches nothing
        # when the lexicon lists none
        heads = "|".join(re.escape(h) for h in self.lex.subject_heads) or "(?!)"
        verbs = "|".join(re.escape(v) for v in self.lex.subject_verbs) or "(?!)"
        leads = "|".join(re.escape(v) for v in self.lex.topic_leads) or "(?!)"
        self._heads_re = re.compile(heads)
        self._clause_subject_re = re.compile(rf"((?!规上|规模以上|全部|其中|全)[\u4e00-\u9fff]{{1,10}}?(?:{heads}))(?:的)?(?:{verbs})")
        self._topic_re = re.compile(rf"(?:^|(?<=[，。；,;：:]))(?:{leads})([\u4e00-\u9fff]{{1,10}}?(?:{heads}))(?:而言|来说)?[，,]")


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
    _ORDER = {"country": 4, "province": 3, "city": 2, "district": 1, "county": 1}

    def _entity(self, sent: Sentence, c: _Candidate, para_mention: Optional[Mention],
                subject: Optional[Mention]) -> tuple[str, bool, tuple[str, ...]]:
        """(entity, known, fallbacks): the place or organisation the figure is about.

        The first name in the figure's clause, else the last one before it in the sentence, else
        the paragraph's, else the article's subject, else the home entity. A place of a higher
        level than the article's subject (浙江 in an article about 衢州) names where something
        happened, not whose figure it is, unless it opens its clause. A company or project may
        be only the setting of a figure about its place: its fallbacks are the place entities.
        """
        s, mentions = sent.text, sent.mentions
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
            resolved = [self._resolve(m, subject) for m in reversed(before) if m.scope or self._ORDER.get(m.level)]
            places = [p[0] for p in resolved if p and p[1]]
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

    def _after_lead(self, s: str, cl: int, end: int, mentions: Sequence[Mention]) -> int:
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


def _is_rank_scope(s: str, m: Mention) -> bool:
    """全省 in 位列全省第二 names where the ranking is, not who ranks; 在全市103个乡镇 where, not who."""
    if m.scope and s[max(0, m.start - 1):m.start] in ("在", "于"):
        return True
    return bool(_RANK_SCOPE_AFTER.match(s[m.end:m.end + 3]))


