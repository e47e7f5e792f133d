"""Shared fixtures: one Checker (jieba and OpenCC set up once) for the whole run."""

from __future__ import annotations

from datetime import date
import pytest

from quzhou_check.engine import Checker

from helpers import SEEDS  # noqa: F401  (re-exported for tests)


@pytest.fixture(scope="session")
def checker() -> Checker:
    return Checker()


@pytest.fixture(scope="session")
def claims_of(checker):
    def run(text: str, d: date = date(2026, 2, 15)):
        return checker.extract(checker.document(text), d)

    return run
