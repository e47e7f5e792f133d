"""Shared fixtures: one Checker (jieba and OpenCC set up once) for the whole run."""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import date

import pytest
from helpers import SEEDS  # noqa: F401  (re-exported for tests)

from quzhou_check.engine import Checker

_CACHE = tempfile.mkdtemp(prefix="qzcheck-test-cache-")


def pytest_configure(config):
    # the tests (and the processes they start) keep qzcheck's cache in a folder of their own,
    # never in the user's
    os.environ["QZCHECK_CACHE_DIR"] = _CACHE


def pytest_unconfigure(config):
    shutil.rmtree(_CACHE, ignore_errors=True)


@pytest.fixture(scope="session")
def checker() -> Checker:
    return Checker()


@pytest.fixture(scope="session")
def claims_of(checker):
    def run(text: str, d: date = date(2026, 2, 15)):
        return checker.extract(checker.document(text), d)

    return run
