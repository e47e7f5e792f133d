"""Input no copy has, read without failing (tests/test_linear_time.py times such input)."""

from __future__ import annotations


def test_a_chinese_numeral_beyond_a_float_is_no_figure(claims_of):
    # 一亿 two hundred times is 10^1600: parse_chinese's int could not be made a float, and the run
    # ended in an internal error (OverflowError)
    claims = claims_of("产值" + "一亿" * 200 + "元。衢州产值达到10亿元。")
    assert [c.number_text for c in claims] == ["10"]
