"""Sentences and clauses: where the extractor's units start and end, and how a run-on one is cut."""

from __future__ import annotations

from datetime import date

import pytest

from quzhou_check.engine import extract_claims
from quzhou_check.sentences import MAX_SENTENCE, _end_before, clause_end, clause_start, sentences, subclause_start

D = date(2026, 2, 15)


def test_sentences_end_at_stops_and_paragraphs_at_blank_lines():
    text = "丁市生产总值增长5%。投资增长！\r\n\r\n  戊区呢？\n"
    got = [(text[a:b], p) for a, b, p in sentences(text)]
    assert got == [("丁市生产总值增长5%。", 0), ("投资增长！", 0), ("戊区呢？", 1)]


def test_a_blank_line_inside_a_sentence_is_a_layout_break():
    # the seeds break sentences across lines: a blank line after a comma does not end the sentence
    text = "丁市生产总值增长5%，这是一段很长的说明文字，用来说明它不是标题也不是图片说明，\n\n比上年提高1个百分点。"
    assert len(sentences(text)) == 1


def test_clauses_break_at_commas_and_sub_clauses_also_at_enumeration_commas():
    s = "丁市、戊区生产总值，增长5%"
    assert clause_start(s, s.index("增")) == s.index("增") and clause_start(s, 3) == 0
    assert subclause_start(s, 3) == 3 and clause_end(s, 0) == s.index("，") and clause_end(s, s.index("增")) == len(s)

# ---- a run-on "sentence": a table or list pasted with no 。 ------------------------------------

def test_a_run_on_sentence_is_read_in_pieces_with_every_figure_whole():
    text = "".join(f"丁市第{i}项指标为{1000 + i}亿元，" for i in range(400))  # about 6,000 characters
    pieces = sentences(text)
    assert len(pieces) > 1 and all(b - a <= MAX_SENTENCE for a, b, _ in pieces)
    assert [a for a, _, _ in pieces[1:]] == [b for _, b, _ in pieces[:-1]]  # contiguous, nothing lost
    assert all(text[b - 1] == "，" for _, b, _ in pieces[:-1])  # cut after a clause break
    # it used to take time in the square of its figures (a 3 MB line: hours)
    values = sorted(c.value for c in extract_claims(text, date=D) if c.unit == "亿元")
    assert values == [1000 + i for i in range(400)]


def test_a_run_on_sentence_with_no_break_is_never_cut_inside_a_number():
    text = "增" * (MAX_SENTENCE - 3) + "123456" + "长" * 500
    (a1, b1, _), (a2, b2, _) = sentences(text)
    assert b1 == a2 == MAX_SENTENCE - 3 and text[a2:a2 + 6] == "123456" and b2 == len(text)


def test_a_long_sentence_of_copy_is_one_sentence():
    text = ("丁市" + "持续推进产业链、创新链、人才链深度融合，" * 60)[:MAX_SENTENCE - 1] + "。"
    assert len(text) == MAX_SENTENCE and sentences(text) == [(0, MAX_SENTENCE, 0)]


@pytest.mark.parametrize("text", ["丁市 \n\n 增长", "丁市\r\n\r\n", "丁市\u3000\t\n", "  ", "丁市", "\n", ""])
def test_end_before_is_rstrip_without_the_copy(text):
    for pos in range(len(text) + 1):
        assert _end_before(text, pos) == len(text[:pos].rstrip())
        assert _end_before(text, pos, "\r\n") == len(text[:pos].rstrip("\r\n"))


def test_a_piece_that_starts_with_its_only_clause_break_is_still_never_cut_inside_a_number():
    # the window's one break is its first character: the piece ends after it, and the next window,
    # which has none, backs off from the number rather than cutting through it
    number = "123456789012"
    text = "，" + "增" * (MAX_SENTENCE - 6) + number + "长" * 500
    cuts = [b for _, b, _ in sentences(text)[:-1]]
    at = text.index(number)
    assert cuts and not any(at < c < at + len(number) for c in cuts)
