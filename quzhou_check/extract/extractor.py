"""The orchestration: each sentence of a document that holds a figure, each of its figures asked
its shape, period, kind, entity and metric, and the claim built from the answers."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Optional

from .. import segment
from ..entities import Gazetteer, Mention
from ..lexicon import lexicon
from ..models import NOW, Claim, Document, Period
from ..periods import TimeExpr, find_time_expressions
from ..sentences import clause_start, sentences, squeeze, subclause_start
from .metric import _after_words, _streak_subject, _threshold_class, metric_words
from .numbers import _NUMERAL_CHAR_RE, Numbers, _firsts, _mask, _name_like, _quoted
from .sentence import _START, Sentence, _Candidate, _token_spans
from .shapes import _respectively, _shared_rank_metrics, roles
from .when import _opens_clause, kind_of, period_of
from .where import Places, _is_rank_scope


class Paragraphs:
    """What the sentences of each paragraph say for its later ones: the place it is about and the
    span of time it is in. A sentence with no figure is read only for that, and only once a later
    sentence of its paragraph has a figure (until then it waits in ``pending``)."""

    __slots__ = ("places", "gaz", "entity", "time", "pending")

    def __init__(self, places: Places, gaz: Gazetteer):
        self.places = places
        self.gaz = gaz
        self.entity: dict[int, Mention] = {}
        self.time: dict[int, TimeExpr] = {}
        self.pending: dict[int, list[str]] = {}

    def defer(self, para: int, s: str) -> None:
        """A sentence with no figure, read when (if) a later one of its paragraph has one."""
        self.pending.setdefault(para, []).append(s)

    def catch_up(self, para: int, d: date) -> None:
        """Read the paragraph's waiting sentences, in order, for their place and time."""
        for earlier in self.pending.pop(para, ()):
            times = find_time_expressions(earlier, d)
            self.read(earlier, para, times, _mask(earlier, times), [])

    def read(self, s: str, para: int, times: list[TimeExpr], mask: list[bool], cands: list[_Candidate]
             ) -> tuple[Optional[TimeExpr], Optional[list[str]], list[Mention]]:
        """(the paragraph's time before this sentence, its tokens, its mentions), with what the
        sentence says of its paragraph recorded (its opening span of time, its most specific place)."""
        inherited = self.time.get(para)
        # a paragraph's span (5年来) or range (前三季度) carries to its later sentences; a bare year does not
        # only a time that opens its clause is the paragraph's (为决胜“十四五”…: a plan named, no time)
        own = [t for t in times if t.anchor in ("span", "point") and _opens_clause(s, t)]
        if own:
            self.time[para] = own[-1]
        elif any(t.anchor == "year" and _opens_clause(s, t) for t in times):
            self.time.pop(para, None)  # 今年以来…。2024年，…。其中…: the paragraph has moved to a stated year
        toks = segment.tokens(s) if cands else None
        mentions = self.gaz.mentions(s, toks, mask)
        mentions = [mm for mm in mentions if not _is_rank_scope(s, mm)]
        # what a paragraph is about: its most specific place, else the first company it names;
        # a scope word (全国, 全省) never is
        rank = self.places._para_rank
        entity = self.entity
        for mm in mentions:
            if mm.scope:
                continue
            cur = entity.get(para)
            if cur is None or (rank(mm) < rank(cur) and rank(mm) > 0) or (rank(cur) == 0 and rank(mm) > 0):
                entity[para] = mm
        return inherited, toks, mentions


class Extractor:
    """Holds the compiled tables; ``extract`` is pure per document."""

    def __init__(self, gazetteer: Gazetteer):
        self.gaz = gazetteer
        self.lex = lexicon()
        self.numbers = Numbers(self.lex, gazetteer)
        self.places = Places(self.lex, gazetteer)

    def extract(self, doc: Document, article_date: date) -> list[Claim]:
        # the clause starts are kept while one document is read (several steps ask for the same
        # figure's), not across documents
        clause_start.cache_clear()
        subclause_start.cache_clear()
        text = doc.normalized
        claims: list[Claim] = []
        subject = self.places._subject(text)
        paragraphs = Paragraphs(self.places, self.gaz)
        for s_start, s_end, para in sentences(text):
            if not _NUMERAL_CHAR_RE.search(text, s_start, s_end):
                continue  # NUM_RE finds a number exactly where one of its characters is
            sent = self._sentence(text, s_start, s_end, para, paragraphs, article_date)
            if sent is not None:
                self._claims(doc, sent, paragraphs.entity.get(para), subject, article_date, claims)
        return claims

    def _sentence(self, text: str, s_start: int, s_end: int, para: int, paragraphs: Paragraphs,
                  d: date) -> Optional[Sentence]:
        """The sentence with its figures, times, tokens and mentions; None when it holds no figure
        (it is then only read for its paragraph)."""
        s, index = squeeze(text, s_start, s_end)
        quoted = _quoted(s)
        numbers = self.numbers._candidates(s)
        firsts = _firsts(s, quoted)
        if not numbers and not firsts:
            paragraphs.defer(para, s)  # no figure, whatever the time words
            return None
        paragraphs.catch_up(para, d)
        times = find_time_expressions(s, d)
        mask = _mask(s, times)
        # figures in time words, dates, meeting numbers… are none
        cands = [c for c in numbers if True not in mask[c.num_start:c.num_end]]
        if quoted is not None:
            cands = [c for c in cands if not (quoted[c.num_start] and _name_like(c))]
        cands.extend(c for c in firsts if not mask[c.start])
        cands.sort(key=_START)
        inherited, toks, mentions = paragraphs.read(s, para, times, mask, cands)
        if not cands:
            return None
        cands = roles(s, cands, self.lex)
        # whether the sentence holds a target or forecast word at all (most hold none; see
        # Lexicon.kinds_plain for why a word before a figure is then found in the whole sentence)
        kind_words = not self.lex.kinds_plain or self.lex.target.search(s) is not None \
            or self.lex.forecast.search(s) is not None
        skip = list(mask)  # time words, dates, meeting numbers… and names are not metric words
        for span in mentions:
            if not span.known and not span.scope and span.level in Places._ORDER:
                continue  # a place of the gazetteer the fact base does not list stays in the words (衢州至宁波舟山港的通行时间)
            skip[span.start:span.end] = [True] * (span.end - span.start)
        return Sentence(s, s_start, s_end, index, times, cands, _token_spans(toks), mentions, skip, inherited,
                        kind_words)

    def _claims(self, doc: Document, sent: Sentence, para_mention: Optional[Mention], subject: Optional[Mention],
                d: date, claims: list[Claim]) -> None:
        """Ask each figure of the sentence its questions and add its claims to ``claims``."""
        cands, skip, lex, places = sent.figures, sent.skip, self.lex, self.places
        prev_metric = ""
        metrics: list[str] = []
        # per unit dimension, skip with the figures read so far of that dimension marked too: a
        # figure's words leave out the earlier figures of its unit (kept up figure by figure,
        # not rebuilt from all the earlier figures at each: a sentence of hundreds of figures,
        # a 分别 list, was quadratic)
        skip_dim: dict[str, list[bool]] = {}
        respectively: dict = {}  # what _respectively reads once per 分别 of the sentence
        for i, c in enumerate(cands):
            recent = cands[max(0, i - 2):i]  # what period_of and metric_words look at of the figures before
            period = c.period = period_of(sent, c, recent, d)
            entity, known, fallbacks = places._entity(sent, c, para_mention, subject)
            kind = kind_of(sent, c, d, period, lex)
            if c.role == "from" and kind != "actual" and period.source == "from":
                # 通车后通行时间将从4.5小时缩短至2.7小时: the start of a planned change is today's figure
                kind, period = "actual", NOW
                c.period = period
            metric = _respectively(sent, c, i, metrics, respectively) \
                or metric_words(sent, c, recent, skip_dim.get(c.dimension, skip), prev_metric)
            metrics.append(metric)
            if c.dimension != "streak_years":
                prev_metric = metric or prev_metric
            else:
                # 监测连续两年获评A等，排名跻身前20: a rank after a streak is its subject's;
                # 年均增长8.57%，增幅连续两年排名前六: with no subject, the figure's before it
                prev_metric = _streak_subject(sent, c, i) or prev_metric
            alt = _after_words(sent, c, i)
            if i + 1 < len(cands):
                marked = skip_dim.get(c.dimension)
                if marked is None:
                    marked = skip_dim[c.dimension] = list(skip)
                marked[c.start:c.end] = [True] * (c.end - c.start)
            cls = _threshold_class(sent.text, c, lex.class_re)
            if cls:
                # 累计签约亿元以上产业项目116个: the figure is the threshold of a class of projects;
                # the words as written stay the alternative (千亿元级产业集群 may be the chain's output)
                metric, alt = re.sub(r"^[一两]个|^[一两]条", "", metric) + cls, metric + alt
            alt = (metric + alt) if alt and c.role != "to" and not cls else alt
            claims.append(self._claim(doc, sent, c, entity, known, metric, period, kind, fallbacks, alt))
            if c.role == "rank":
                # one rank stated for several indicators is a claim about each of them
                for extra in _shared_rank_metrics(sent, c, i, metrics):
                    claims.append(replace(claims[-1], metric=extra, metric_alt=""))

    def _claim(self, doc: Document, sent: Sentence, c: _Candidate, entity: str, known: bool, metric: str,
               period: Period, kind: str, fallbacks: tuple[str, ...], alt: str) -> Claim:
        index = sent.index
        o_start, o_end = index[c.start], index[c.end - 1] + 1
        line, col = doc.position(o_start)
        end_line, end_col = doc.position(o_end)
        return Claim(  # positional, in the field order (a call with 24 keywords costs twice as much)
            doc.path, o_start, o_end, line, col, end_line, end_col,
            doc.text[o_start:o_end],  # text
            c.value,
            c.scale_word + c.unit,  # unit
            c.unit,  # base_unit
            self.lex.scales.get(c.scale_word, 1.0) * self.lex.unit_factors.get(c.unit, 1.0),  # scale
            c.dimension, c.qualifier, entity, known, metric, period, kind, c.role,
            fallbacks,  # fallback_entities
            alt,  # metric_alt
            (sent.start, sent.end),  # sentence
            doc.text[index[c.num_start]:index[c.num_end - 1] + 1],  # number_text
        )
