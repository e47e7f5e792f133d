"""jieba, loaded lazily and once: importing qzcheck costs nothing until a sentence holds a figure.

jieba's full dictionary (about 350,000 words) takes about 0.5 s to load even from its cache, more
than the rest of a check. qzcheck segments only the sentences that hold a figure, to name what is
counted, so it loads a dictionary of jieba's most frequent words (TOP_WORDS; the words a metric
name is made of are common words) plus every entity and metric name of the fact base. Its prefix
table is derived from the installed jieba's own dict.txt on first use and kept in qzcheck's
per-user cache.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import sys
from functools import lru_cache
from pathlib import Path

TOP_WORDS = 60_000
_extra_words: set[str] = set()


def register_words(words) -> None:
    """Words the segmenter must keep whole (entity and metric names); call before the first cut."""
    _extra_words.update(w for w in words if w and len(w) >= 2)
    if _tokenizer.cache_info().currsize:
        tok = _tokenizer()
        for w in words:
            if w and len(w) >= 2:
                tok.add_word(w, 1000)
        _cached.cache_clear()


def _jieba():
    """``import jieba``, without the pkg_resources jieba imports only to open its bundled files.

    Importing pkg_resources takes about 60 ms, a sixth of a cold run; without it jieba opens the
    same files by path (its own fallback). When something else has imported it already, it is used.
    """
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes `import pkg_resources` fail
    try:
        import jieba
    finally:
        if "pkg_resources" in sys.modules and sys.modules["pkg_resources"] is None:
            del sys.modules["pkg_resources"]
    return jieba


def _dictionary_file(jieba) -> Path:
    return Path(os.path.dirname(jieba.__file__)) / "dict.txt"


def _prefix_table(src: Path, gen_pfdict) -> tuple[dict, int]:
    """jieba's prefix table (word and prefix -> frequency, and the total) of the TOP_WORDS most
    frequent words of its dictionary ``src``, built by jieba's own ``gen_pfdict`` in memory: no
    trimmed copy of the dictionary is written anywhere."""
    rows = []
    with open(src, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2:
                rows.append((int(parts[1]), parts[0]))
    rows.sort(key=lambda r: -r[0])
    data = "".join(f"{word} {freq}\n" for freq, word in rows[:TOP_WORDS]).encode("utf-8")
    return gen_pfdict(io.BytesIO(data))


@lru_cache(maxsize=1)
def _tokenizer():
    jieba = _jieba()
    jieba.setLogLevel(logging.WARNING)  # jieba logs its dictionary load to stderr otherwise
    tok = jieba.Tokenizer()
    # The prefix table takes about 0.35 s to build from jieba's dictionary. It is kept in qzcheck's
    # per-user cache (never a shared temporary folder: a pickle is code, and a dictionary planted
    # there would change what every check reads), keyed by jieba's version, TOP_WORDS and the size
    # and date of jieba's dictionary file; pickled, it reads back in 15 ms.
    from . import cache

    src = _dictionary_file(jieba)
    st = src.stat()
    ident = f"{jieba.__version__}|{TOP_WORDS}|{st.st_size}|{int(st.st_mtime)}"
    name = "jieba-" + hashlib.sha256(ident.encode()).hexdigest()[:32]
    state = cache.get(name)
    if not (isinstance(state, tuple) and len(state) == 2 and isinstance(state[0], dict) and state[0]):
        state = _prefix_table(src, jieba.Tokenizer.gen_pfdict)
        cache.put(name, state)
    tok.FREQ, tok.total = state
    tok.initialized = True  # jieba would otherwise load its whole dictionary at the first cut
    for w in _extra_words:
        tok.add_word(w, 1000)
    return tok


@lru_cache(maxsize=8192)
def _cached(text: str) -> tuple[str, ...]:
    return tuple(_tokenizer().lcut(text, HMM=True))


def tokens(text: str) -> list[str]:
    """jieba's accurate-mode tokens; they join back to ``text``. Repeated sentences (captions,
    boilerplate) are segmented once."""
    return list(_cached(text))


def warm_up() -> None:
    """Load the segmenter now (before forking workers that should share it)."""
    _tokenizer()
