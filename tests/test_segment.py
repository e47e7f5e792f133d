"""The segmenter's set-up: jieba is loaded lazily, once, and without the modules it does not need."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

import pytest

from quzhou_check import segment

_CHECK = """
import sys
{before}
from quzhou_check import segment
toks = segment.tokens("衢州市2025年地区生产总值突破2400亿元")
assert "".join(toks) == "衢州市2025年地区生产总值突破2400亿元", toks
print("|".join(segment.tokens("衢江区港区年吞吐量增至600多万吨，开通33条适水航线")))
print("pkg_resources" in sys.modules and sys.modules["pkg_resources"] is not None)
"""


def _fresh(before: str = "", env=None) -> str:
    proc = subprocess.run([sys.executable, "-c", _CHECK.format(before=before)], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def _flag(out: str) -> str:
    return out.splitlines()[-1]


def test_jieba_loads_without_pkg_resources():
    # jieba imports pkg_resources (about 60 ms) only to open its own files; qzcheck keeps it out
    assert _flag(_fresh()) == "False"


def test_pkg_resources_imported_before_is_left_alone():
    if importlib.util.find_spec("pkg_resources") is None:
        pytest.skip("setuptools is not installed: no pkg_resources to leave alone")
    assert _flag(_fresh("import pkg_resources")) == "True"


def test_tokens_join_back_to_the_text():
    text = "常山县胡柚产业产值达到45亿元"
    assert "".join(segment.tokens(text)) == text


def test_jieba_prefix_table_is_kept_in_the_user_cache(tmp_path):
    # the first run builds it with jieba and keeps it; the next reads it (4× faster than jieba's
    # marshal file) and segments the same; a corrupt entry is a miss, never an error
    env = dict(os.environ, QZCHECK_CACHE_DIR=str(tmp_path))
    built = _fresh(env=env)
    kept = list(tmp_path.glob("jieba-*.pickle"))
    assert len(kept) == 1
    assert _fresh(env=env) == built
    kept[0].write_bytes(b"not a pickle")
    assert _fresh(env=env) == built
    assert kept[0].read_bytes() != b"not a pickle"  # rewritten


def test_the_set_up_writes_nothing_to_the_shared_temporary_folder(tmp_path):
    # it used to keep its trimmed dictionary there, one 830 KB file per jieba install, never removed,
    # and to read any file of that name another user had put there first
    tmp, cache = tmp_path / "tmp", tmp_path / "cache"
    tmp.mkdir()
    env = dict(os.environ, TMPDIR=str(tmp), QZCHECK_CACHE_DIR=str(cache))
    first = _fresh(env=env)  # a cache miss: the prefix table is built
    second = _fresh(env=env)  # a hit
    assert first == second
    assert list(tmp.iterdir()) == []
    assert [p.name[:6] for p in cache.iterdir()] == ["jieba-"]


def test_the_prefix_table_holds_the_most_frequent_words_and_their_prefixes(tmp_path, monkeypatch):
    import jieba

    src = tmp_path / "dict.txt"
    src.write_text("衢州 5 ns\n常山县 9 ns\n柚子 1 n\n", encoding="utf-8")
    monkeypatch.setattr(segment, "TOP_WORDS", 2)
    freq, total = segment._prefix_table(src, jieba.Tokenizer.gen_pfdict)
    assert freq == {"常": 0, "常山": 0, "常山县": 9, "衢": 0, "衢州": 5} and total == 14
