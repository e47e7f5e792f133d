"""Read an article: bytes to text, with the encoding named and a map from offsets to lines and columns.

Encodings: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030 (and so GBK and GB2312) and Big5.
Line ends: LF, CRLF or a lone CR each count as one line break. The BOM is not part of the text.

Choosing between GB18030 and Big5, which both decode most byte strings without error, is done by
counting how many decoded characters are common ones; charset-normalizer was measured on short
sentences and guessed cp949 or UTF-16 for a GB18030 headline, so it is not used.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from functools import lru_cache
from itertools import chain, product

from .errors import InputError

MAX_BYTES = 50 * 1024 * 1024  # 50 MiB: larger input is refused, not read into memory

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def line_starts(text: str) -> tuple[int, ...]:
    """Offsets where each line starts; CRLF is one break."""
    starts = [0]
    starts.extend(m.end() for m in _LINE_BREAK.finditer(text))
    return tuple(starts)


def _common(ch: str) -> bool:
    if ch < "\u0080":
        return True
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        pass
    try:
        b = ch.encode("big5")
    except UnicodeEncodeError:
        return False
    # Big5 level 1 (frequent characters) and symbols: A140..C67E
    return len(b) == 2 and 0xA140 <= (b[0] << 8 | b[1]) <= 0xC67E


@lru_cache(maxsize=1)
def _common_table() -> dict[int, None]:
    """A str.translate table that deletes every common character (see _common), so that what is
    left of a text is its rare characters, counted in C: a Python test of every character took
    1.2 ms for a 7 KB GB18030 article and 4.3 ms for a Big5 one, as long as the rest of its check.

    Built once (about 8 ms, and only when a file is not UTF-8) from every character the two codecs
    decode in their common ranges, each confirmed by _common itself."""

    def decoded(codec: str, leads: range, trails) -> set[str]:
        # an ASCII byte after each pair: an unassigned pair cannot shift the pairs after it
        return set(bytes(chain.from_iterable(product(leads, trails, (10,)))).decode(codec, "replace"))

    gb2312 = decoded("gb2312", range(0xA1, 0xF8), range(0xA1, 0xFF))
    big5 = decoded("big5", range(0xA1, 0xC7), (*range(0x40, 0x7F), *range(0xA1, 0xFF)))
    gb2312.discard("\ufffd")  # what GB2312 decodes it encodes, so it is common (a test checks)
    table: dict[int, None] = dict.fromkeys(range(0x80))
    table.update(dict.fromkeys(map(ord, gb2312)))
    table.update(dict.fromkeys(ord(ch) for ch in big5 - gb2312 if _common(ch)))
    return table


def _rare_count(text: str) -> int:
    """How many characters of the text are not common ones (see _common)."""
    return len(text.translate(_common_table()))


def decode(data: bytes, name: str = "<input>") -> tuple[str, str]:
    """Return (text, encoding name). Raises InputError for binary or undecodable bytes."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as e:
            raise InputError(f"{name}: starts with a UTF-8 BOM but is not valid UTF-8 (byte {e.start + 3})") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise InputError(f"{name}: starts with a UTF-16 BOM but is not valid UTF-16") from None
    if b"\x00" in data:
        raise InputError(f"{name}: binary file (contains NUL bytes), not a text article")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for label, codec in (("gb18030", "gb18030"), ("big5", "cp950")):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        candidates.append((_rare_count(text), label, text))
    if not candidates:
        raise InputError(f"{name}: cannot decode as UTF-8, GB18030 or Big5")
    candidates.sort(key=lambda c: c[0])
    rare, label, text = candidates[0]
    non_ascii = len(text) - len(text.encode("ascii", "ignore")) or 1
    if rare / non_ascii > 0.5:
        raise InputError(f"{name}: cannot decode as UTF-8, GB18030 or Big5 (looks binary)")
    if any(ord(ch) < 32 and ch not in "\t\n\r\f" for ch in text[:4096]):
        raise InputError(f"{name}: binary file (control bytes), not a text article")
    return text, label


def read_bytes(path: str) -> bytes:
    """Read a file or standard input ('-'), with one-line errors.

    The file is opened once and its size read from the open file: one system call where asking
    first whether it exists, is a folder and how large it is took three more."""
    if path == "-":
        import sys

        return _within_limit(path, sys.stdin.buffer.read(MAX_BYTES + 1))
    try:
        with open(path, "rb") as f:
            st = os.fstat(f.fileno())
            if st.st_size > MAX_BYTES:
                raise _too_large(path, st.st_size)
            # a file is read to its end (read(n) would set aside n bytes first: 17 µs a file, not
            # 4); a device or pipe, which may say 0 and never end, only up to the limit
            data = f.read() if stat.S_ISREG(st.st_mode) else f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except PermissionError:
        if os.path.isdir(path):  # Windows refuses to open a folder this way
            raise InputError(f"{path}: is a directory") from None
        raise InputError(f"{path}: permission denied") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None
    return _within_limit(path, data)


def _too_large(path: str, size: int) -> InputError:
    mib = 1024 * 1024
    return InputError(f"{path}: too large ({'over ' if size == MAX_BYTES + 1 else ''}{size // mib} MiB; "
                      f"the limit is {MAX_BYTES // mib} MiB)")


def _within_limit(path: str, data: bytes) -> bytes:
    """What was read, read up to one byte past the limit: refused if it went past."""
    if len(data) > MAX_BYTES:
        raise _too_large(path, len(data))
    return data
