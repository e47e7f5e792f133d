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


def tokens(text: str) -> list[str]:
    """jieba's accurate-mode tokens; they join back to ``text``."""
    return _tokenizer().lcut(text, HMM=True)
