"""Recall of statistics and precision of claims on the hand-labelled sample of the five seed
articles (tests/data/seed_labels.tsv: file, line, the number, its reading or why it is not a claim).
Skips when ../shared/seeds is not beside the repository."""

from __future__ import annotations

import pytest
from helpers import SEEDS
from label_eval import evaluate, load_labels

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not present")


def test_sample_size():
    labels = load_labels()
    assert len(labels) >= 150
    assert sum(lb.is_claim for lb in labels) >= 150


def test_recall_and_precision(checker):
    r = evaluate(SEEDS, checker)
    assert r["recall"] >= 0.98, [f"{lb.file[:3]}:{lb.line} {lb.text}" for lb in r["missed"]]
    assert r["precision"] >= 0.98, [f"{k[0][:3]}:{k[1]} {c.text}" for k, c, _ in r["false"]]
