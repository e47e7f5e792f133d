"""The orchestration: each sentence of a document that holds a figure, each of its figures asked
its shape, period, kind, entity and metric, and the claim built from the answers."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from .. import segment
from ..entities import Gazetteer, Mention
from ..lexicon import lexicon
from ..models import NOW, Claim, Document
from ..periods import TimeExpr, find_time_expressions
from ..sentences import clause_start, sentences, squeeze, subclause_start
from .metric import _after_words, _streak_subject, _threshold_class, metric_words
from .numbers import _NUMERAL_CHAR_RE, _firsts, _mask, _name_like, _quoted, Numbers
from .sentence import _START, _Candidate, _token_spans
from .shapes import _respectively, _shared_rank_metrics, roles
from .when import _opens_clause, kind_of, period_of
from .where import Places, _is_rank_scope


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
            rank = self.places._para_rank
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
            numbers = self.numbers._candidates(s)
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
            roles(s, cands, self.lex)
            # whether the sentence holds a target or forecast word at all (most hold none; see
            # Lexicon.kinds_plain for why a word before a figure is then found in the whole sentence)
            kind_words = not self.lex.kinds_plain or self.lex.target.search(s) is not None \
                or self.lex.forecast.search(s) is not None
            prev_metric = ""
            tok_spans = _token_spans(toks)
            metrics: list[str] = []
            skip = list(mask)  # time words, dates, meeting numbers… and names are not metric words
            for span in mentions:
                if not span.known and not span.scope and span.level in Places._ORDER:
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
                period = c.period = period_of(s, c, recent, times, inherited, article_date)
                entity, known, fallbacks = self.places._entity(s, c, mentions, para_entity.get(para), subject)
                kind = kind_of(s, c, times, article_date, period, self.lex, kind_words)
                if c.role == "from" and kind != "actual" and period.source == "from":
                    # 通车后通行时间将从4.5小时缩短至2.7小时: the start of a planned change is today's figure
                    kind, period = "actual", NOW
                    c.period = period
                metric = _respectively(s, c, i, cands, metrics, skip, respectively) \
                    or metric_words(s, c, recent, skip_dim.get(c.dimension, skip), tok_spans, prev_metric)
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
