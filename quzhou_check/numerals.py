"""Numerals: Arabic (1,500 / 2.58) and Chinese (两, 四十四, 十九, 千, 二〇二五) to numbers.

Libraries were measured and rejected for this (see the README): cn2an's transform rewrites ordinary
words, chinese2digits drops 多 and scale, pycnnum reads 二〇二五 as 5. The grammar needed here is small:
digits, the small units 十百千 inside a section, and 万/亿 between sections.
"""

from __future__ import annotations

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CHINESE_NUMERAL_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)
_ONE_CHARACTER = {**{ch: float(v) for ch, v in DIGITS.items()}, **{ch: float(v) for ch, v in SMALL_UNITS.items()}}
SCALES = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3, "百": 1e2}


def parse_arabic(text: str) -> float:
    """'1,500' -> 1500.0, '2.58' -> 2.58."""
    return float(text.replace(",", ""))


def parse_chinese(text: str) -> float:
    """Chinese numeral to a number; raises ValueError on anything else.

    >>> parse_chinese("四十四"), parse_chinese("十九"), parse_chinese("两"), parse_chinese("二〇二五")
    (44.0, 19.0, 2.0, 2025.0)
    """
    one = _ONE_CHARACTER.get(text)
    if one is not None:
        return one  # the common case: 一, 三, 十, 千
    if not text or any(ch not in CHINESE_NUMERAL_CHARS for ch in text) or not any(
        ch in DIGITS or ch in SMALL_UNITS for ch in text
    ):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    if len(text) > 1 and all(ch in DIGITS for ch in text):
        # digit by digit, as years are written: 二〇二五
        return float("".join(str(DIGITS[ch]) for ch in text))
    total = 0
    section = 0
    number = 0
    seen_digit = False
    for ch in text:
        if ch in DIGITS:
            number = DIGITS[ch]
            seen_digit = True
        elif ch in SMALL_UNITS:
            section += (number if seen_digit else 1) * SMALL_UNITS[ch]
            number = 0
            seen_digit = False
        elif ch == "万":
            section = (section + number) * 10_000
            total += section
            section = number = 0
            seen_digit = False
        else:  # 亿
            total = (total + section + number) * 100_000_000
            section = number = 0
            seen_digit = False
    return float(total + section + number)


def parse_number(text: str) -> float:
    """Arabic or Chinese numeral."""
    if text and (text[0].isdigit() and text[0].isascii()):
        return parse_arabic(text)
    return parse_chinese(text)


def decimals(text: str) -> int:
    """How many decimals a written number has: '2.60' -> 2, '1061' -> 0, '十九' -> 0."""
    if "." in text:
        return len(text.split(".", 1)[1])
    return 0
