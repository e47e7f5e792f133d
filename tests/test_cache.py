"""The fact-base cache: a hit gives the same base, any change to the files is a miss, and a cache
that cannot be read or written is never an error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quzhou_check import cache, factbase
from quzhou_check.errors import FactBaseError

MINI = Path(__file__).parent / "data" / "minifacts"


@pytest.fixture
def base(tmp_path, monkeypatch):
    monkeypatch.setattr(factbase, "CACHE_FROM_BYTES", 0)  # cache even a small base
    monkeypatch.setenv("QZCHECK_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "facts"
    shutil.copytree(MINI, folder)
    return folder


def test_second_load_is_a_hit_with_the_same_facts(base, tmp_path, monkeypatch):
    first = factbase.load([base])
    entries = list((tmp_path / "cache").glob("factbase-*.pickle"))
    assert len(entries) == 1
    monkeypatch.setattr(factbase, "_load", lambda sources: pytest.fail("parsed again"))
    second = factbase.load([base])
    assert [f.id for f in second.facts] == [f.id for f in first.facts]
    assert second.facts[0] == first.facts[0]


def test_a_changed_file_is_a_miss(base):
    factbase.load([base])
    text = (base / "facts.toml").read_text(encoding="utf-8")
    (base / "facts.toml").write_text(text.replace("value = 2400", "value = 2500", 1), encoding="utf-8")
    fb = factbase.load([base])
    assert [f.value for f in fb.facts if f.id == "ding.gdp.2025"] == [2500]


def test_an_invalid_base_is_never_cached(base, tmp_path):
    (base / "bad.toml").write_text('[[fact]]\nid = "x"\n', encoding="utf-8")
    with pytest.raises(FactBaseError):
        factbase.load([base])
    with pytest.raises(FactBaseError):
        factbase.load([base])
    assert not list((tmp_path / "cache").glob("factbase-*.pickle"))


def test_corrupt_or_unwritable_cache_is_a_miss(base, tmp_path, monkeypatch):
    factbase.load([base])
    for entry in (tmp_path / "cache").glob("factbase-*.pickle"):
        entry.write_bytes(b"not a pickle")
    assert len(factbase.load([base]).facts) > 0
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    monkeypatch.setenv("QZCHECK_CACHE_DIR", str(blocker / "cache"))
    assert len(factbase.load([base]).facts) > 0


def test_old_entries_are_removed(tmp_path, monkeypatch):
    monkeypatch.setenv("QZCHECK_CACHE_DIR", str(tmp_path))
    for i in range(cache.KEEP + 2):
        cache.put(cache.key("demo", [str(i).encode()]), i)
    assert len(list(tmp_path.glob("demo-*.pickle"))) == cache.KEEP
