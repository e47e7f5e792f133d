"""Another city's newsroom (issue 17): a fact base of 嘉兴's figures from its statistical bulletin
(tests/data/othercity, figures only, cited), 15 correct and 15 wrong sentences written for it, and
figures of 10 places it does not list. Every correct sentence is clean, every wrong one is caught by
the rule named, and no other place's figure is flagged. ``scripts/city_eval.py -v`` explains each."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from quzhou_check.engine import Checker

DATA = Path(__file__).parent / "data" / "othercity"
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from city_eval import LOUD, read_cases  # noqa: E402

CASES = read_cases(DATA / "sentences.tsv", lambda r: "correct" if r["expected"].strip() == "clean" else "wrong") \
    + read_cases(DATA / "places.tsv", lambda r: "place")


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(facts_dirs=[str(DATA / "facts")])


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_sentence(checker, case):
    _, findings = checker.check_document(checker.document(case.sentence, path=case.id), case.date)
    loud = sorted({f.rule for f in findings if f.severity in LOUD})
    if case.group == "wrong":
        assert case.expected in loud, (case.note, [f.message for f in findings])
    else:
        assert loud == [], (case.note, [f.message for f in findings])


def test_the_base_is_large_enough():
    assert len(Checker(facts_dirs=[str(DATA / "facts")]).facts.facts) >= 40
    assert sum(c.group == "correct" for c in CASES) == 15 and sum(c.group == "wrong" for c in CASES) == 15
    assert sum(c.group == "place" for c in CASES) == 10
