"""What the extractor reads of one sentence: its text, tokens, times, mentions and figures.

A ``Sentence`` is built once per sentence that holds a figure and handed to each question asked
of its figures (shape, period, kind, entity, metric) in place of the loose arguments each took.
Its lists are read, never changed, by those questions."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from operator import attrgetter, itemgetter
from typing import Optional

from ..entities import Mention
from ..models import Period
from ..periods import TimeExpr

# patterns used per figure, compiled once (re's own cache costs a lookup per call)
_HAN_RE = re.compile(r"[\u4e00-\u9fff]")


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


@dataclass(slots=True)
class Sentence:
    """One sentence as the questions about its figures read it (offsets are in ``text``)."""

    text: str  # squeezed: the characters between its first and last printed ones, spaces kept out
    start: int  # in the document
    end: int
    index: Sequence[int]  # the document offset of each character of text (a list or a range)
    times: list[TimeExpr]
    figures: list[_Candidate]  # in order of their start
    tokens: list[tuple[int, int, str]]  # (start, end, token), jieba's, contiguous
    mentions: list[Mention]  # places and organisations, scope words of a ranking left out
    skip: list[bool]  # the characters that are no metric words: time words, dates, names…
    inherited: Optional[TimeExpr]  # the paragraph's time, for a figure whose sentence states none
    kind_words: bool  # whether the sentence may hold a target or forecast word


_START = attrgetter("start")


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
