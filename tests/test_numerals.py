import pytest

from quzhou_check.numerals import decimals, parse_arabic, parse_chinese


@pytest.mark.parametrize(
    "text,value",
    [("两", 2), ("十", 10), ("十九", 19), ("二十", 20), ("四十四", 44), ("一百零五", 105), ("千", 1000), ("百", 100),
     ("一千五百", 1500), ("三万", 30000), ("一亿二千万", 120_000_000), ("二〇二五", 2025), ("零", 0)],
)
def test_chinese_numerals(text, value):
    assert parse_chinese(text) == value


@pytest.mark.parametrize("text", ["", "十x", "abc", "万"])
def test_not_numerals(text):
    with pytest.raises(ValueError):
        parse_chinese(text)


def test_arabic_and_decimals():
    assert parse_arabic("1,500") == 1500
    assert parse_arabic("2.58") == 2.58
    assert decimals("2.60") == 2 and decimals("1061") == 0
