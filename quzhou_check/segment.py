"""jieba, loaded lazily and once: importing qzcheck costs nothing until a sentence holds a figure."""

from __future__ import annotations

import logging
from functools import lru_cache


@lru_cache(maxsize=1)
def _tokenizer():
    import jieba

    jieba.setLogLevel(logging.WARNING)  # jieba logs its dictionary load to stderr otherwise
    tok = jieba.Tokenizer()
    tok.initialize()
    return tok


@lru_cache(maxsize=8192)
def _cached(text: str) -> tuple[str, ...]:
    return tuple(_tokenizer().lcut(text, HMM=True))


def tokens(text: str) -> list[str]:
    """jieba's accurate-mode tokens; they join back to ``text``. Repeated sentences (captions,
    boilerplate) are segmented once."""
    return list(_cached(text))
