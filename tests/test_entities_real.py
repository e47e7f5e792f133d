"""Entities against the shipped fact base: a company named before a clause that names a place,
and national figures (全国仅N个) kept apart from the city's."""

from __future__ import annotations

from datetime import date

from quzhou_check.engine import check_text

D = date(2026, 1, 15)


def rules(text, d=D):
    return [(f.rule, f.text) for f in check_text(text, date=d).findings]


def test_company_named_before_a_place_clause():
    text = "2025年年底，盒马鲜生衢州首店在位于衢江区的商场开业，店内商品总数超过{}种。"
    assert rules(text.format(7000)) == []
    assert rules(text.format(9000)) == [("QZ100", "超过9000种")]


def test_national_figure_is_the_countrys():
    text = "衢州两个平台成功创建国家级制造业中试平台，全国仅{}个。"
    assert rules(text.format(21), date(2025, 12, 15)) == []
    assert rules(text.format(12), date(2025, 12, 15)) == [("QZ100", "12个")]
