"""Reading files in every supported encoding and line-ending, with exact positions."""

from __future__ import annotations

import os
from datetime import date

import opencc
import pytest

from quzhou_check.errors import InputError
from quzhou_check.reader import decode

TEXT = "衢江区的港口\n\n去年全区港口货物吞吐量达到600多万吨，同比增长19.4%。\n第三行没有数字。\n"


def _claims(checker, data: bytes, d=date(2026, 1, 15)):
    text, enc = decode(data, "t.txt")
    doc = checker.document(text, "t.txt", enc)
    return enc, checker.extract(doc, d)


@pytest.mark.parametrize(
    "encoding,data",
    [
        ("utf-8", TEXT.encode("utf-8")),
        ("utf-8-sig", b"\xef\xbb\xbf" + TEXT.replace("\n", "\r\n").encode("utf-8")),
        ("gb18030", TEXT.encode("gb18030")),
        ("gb18030", TEXT.replace("\n", "\r\n").encode("gb18030")),
        ("big5", opencc.OpenCC("s2t").convert(TEXT).encode("big5")),
        ("utf-16", TEXT.encode("utf-16")),
        ("utf-8", TEXT.replace("\n", "\r").encode("utf-8")),
    ],
)
def test_encodings_and_line_ends(checker, encoding, data):
    enc, claims = _claims(checker, data)
    assert enc == encoding
    by = {c.value: c for c in claims}
    big = by[600]
    assert (big.unit, big.qualifier, big.period.text, big.entity) == ("万吨", "多", "2025", "衢江区")
    assert (big.line, big.column, big.end_column) == (3, 14, 20)
    growth = by[19.4]
    assert (growth.line, growth.column, growth.unit) == (3, 25, "%")


def test_full_width_digits_keep_their_text(checker):
    enc, claims = _claims(checker, "全市规上工业总产值达到３１９９亿元。".encode("gb18030"))
    assert claims[0].text == "３１９９亿元" and claims[0].value == 3199 and claims[0].column == 12


def test_traditional_text_is_reported_as_written(checker):
    data = "衢州去年規上工業總產值達到3199億元。".encode("big5")
    enc, claims = _claims(checker, data)
    assert enc == "big5"
    assert claims[0].text == "3199億元" and claims[0].unit == "亿元" and claims[0].metric == "规上工业总产值"


@pytest.mark.parametrize(
    "data,message",
    [
        (b"\x00\x01\x02binary\x00", "binary"),
        (b"\xef\xbb\xbf\xff\xfe\xfa", "BOM"),
        (bytes(range(0x80, 0x100)) * 4, "cannot decode"),
    ],
)
def test_bad_bytes(data, message):
    with pytest.raises(InputError, match=message):
        decode(data, "bad.bin")


def test_input_over_the_limit_is_refused_unread(tmp_path, monkeypatch):
    from quzhou_check import reader

    monkeypatch.setattr(reader, "MAX_BYTES", 64)
    big = tmp_path / "big.txt"
    big.write_bytes("衢州".encode() * 20)
    with pytest.raises(InputError, match="too large"):
        reader.read_bytes(str(big))
    small = tmp_path / "small.txt"
    small.write_bytes("衢州".encode() * 10)
    assert reader.read_bytes(str(small)) == small.read_bytes()


def test_standard_input_over_the_limit_is_refused(monkeypatch):
    import io
    import sys

    from quzhou_check import reader

    monkeypatch.setattr(reader, "MAX_BYTES", 64)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x" * 65)))
    with pytest.raises(InputError, match="too large"):
        reader.read_bytes("-")


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_device_that_never_ends_is_refused_not_read_forever():
    # /dev/zero says it is empty and never ends: the read stops at the limit
    from quzhou_check import reader

    with pytest.raises(InputError, match="too large"):
        reader.read_bytes("/dev/zero")


@pytest.mark.parametrize("make, message", [
    (lambda p: p / "missing.txt", "no such file"),
    (lambda p: p, "is a directory"),
])
def test_unreadable_paths(tmp_path, make, message):
    from quzhou_check import reader

    with pytest.raises(InputError, match=message):
        reader.read_bytes(str(make(tmp_path)))


def test_full_width_folding_of_a_long_text_is_the_table_s():
    # fold_width replaces the distinct full-width characters one kind at a time on long texts; it
    # must give what the translation table gives, every kind and every place included
    from quzhou_check.normalize import _FULLWIDTH, fold_width

    text = ("２０２５年，全市ＧＤＰ达到２４００亿元（同比增长６．５％）；其中：工业？！" * 20
            + "　ａｂｃ［］｛｝～" + "衢州" * 100 + "，")
    assert len(text) > 200
    assert fold_width(text) == text.translate(_FULLWIDTH)
    assert fold_width("衢州" * 150) == "衢州" * 150


def test_the_common_table_deletes_exactly_the_common_characters():
    # GB18030 against Big5 is decided by counting rare characters with one str.translate; the
    # table must say what the per-character definition says, for every character of the BMP
    from quzhou_check.reader import _common, _common_table

    table = _common_table()
    differ = [hex(cp) for cp in range(0x10000) if not 0xD800 <= cp <= 0xDFFF
              and (cp in table) != _common(chr(cp))]
    assert differ == []


@pytest.mark.parametrize("text", ["丁市生产总值增长5%", "丁市生產總值增長5%", "𠀀𠀁 abc", "かな한글", "\ufffd", ""])
def test_rare_count_is_the_per_character_count(text):
    from quzhou_check.reader import _common, _rare_count

    assert _rare_count(text) == sum(1 for ch in text if not _common(ch))
