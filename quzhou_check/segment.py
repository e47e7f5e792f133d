"""jieba, loaded lazily and once: importing qzcheck costs nothing until a sentence holds a figure.

jieba's full dictionary (about 350,000 words) takes about 0.5 s to load even from its cache, more
than the rest of a check. qzcheck segments only the sentences that hold a figure, to name what is
counted, so it loads a dictionary of jieba's most frequent words (TOP_WORDS; the words a metric
name is made of are common words) plus every entity and metric name of the fact base. The trimmed
dictionary is derived from the installed jieba's own dict.txt on first use and kept in the
temporary folder beside jieba's cache, keyed by that file's size and date.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
import tempfile
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


def _trimmed_dictionary() -> str:
    jieba = _jieba()

    src = Path(os.path.dirname(jieba.__file__)) / "dict.txt"
    st = src.stat()
    target = Path(tempfile.gettempdir()) / f"qzcheck-jieba-{TOP_WORDS}-{st.st_size}-{int(st.st_mtime)}.txt"
    if target.exists():
        return str(target)
    rows = []
    with open(src, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2:
                rows.append((int(parts[1]), parts[0], parts[2] if len(parts) > 2 else ""))
    rows.sort(key=lambda r: -r[0])
    fd, tmp = tempfile.mkstemp(dir=str(target.parent), prefix=".qzcheck-jieba-", suffix=".txt")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        for freq, word, tag in rows[:TOP_WORDS]:
            out.write(f"{word} {freq} {tag}\n".rstrip() + "\n")
    os.replace(tmp, target)
    return str(target)


@lru_cache(maxsize=1)
def _tokenizer():
    jieba = _jieba()
    jieba.setLogLevel(logging.WARNING)  # jieba logs its dictionary load to stderr otherwise
    dictionary = _trimmed_dictionary()
    tok = jieba.Tokenizer(dictionary=dictionary)
    # jieba keeps its prefix dictionary in a marshal file and takes 60 ms to read it back; the
    # same table pickled reads in 15 ms. It is kept in qzcheck's per-user cache (never a shared
    # temporary folder: a pickle is code), named after the trimmed dictionary, which is named
    # after jieba's own.
    from . import cache

    name = "jieba-" + hashlib.sha256(f"{jieba.__version__}|{Path(dictionary).name}".encode()).hexdigest()[:32]
    state = cache.get(name)
    if isinstance(state, tuple) and len(state) == 2 and isinstance(state[0], dict) and state[0]:
        tok.FREQ, tok.total = state
        tok.initialized = True
    else:
        tok.initialize()
        cache.put(name, (tok.FREQ, tok.total))
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
