"""What the extractor reads of one sentence: its figures and its tokens' spans."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate
from operator import attrgetter, itemgetter
from typing import Optional

from ..models import Period

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
