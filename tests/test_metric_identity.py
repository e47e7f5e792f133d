"""Metric identity, not similarity (issue 17, item 3): the words that change what a figure counts
(lexicon.toml [metric_identity]) must agree before a claim is judged against a metric, and two
figures are the same figure for QZ201 only when they agree too. Sentences written for these tests,
against the made-up fact base tests/data/minifacts (丁市); each modifier group with a hit (the right
metric matches and a wrong value is caught) and a near miss (the other modifier matches nothing
and raises nothing). The plain cases (a sentence and the findings it raises) are data, in
tests/rules/QZ100.toml, QZ102.toml and QZ201.toml."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from quzhou_check import factbase
from quzhou_check.engine import check_text
from quzhou_check.judge import judge_all
from quzhou_check.match import eligible, profile

MINI = Path(__file__).parent / "data" / "minifacts"
D = date(2026, 3, 1)


@pytest.fixture(scope="module")
def fb():
    return factbase.load([MINI])


def codes(fb, text):
    return [(f.rule, f.text) for f in check_text(text, date=D, facts=fb).findings]


def outcomes(fb, text):
    """(figure, outcome, fact id) of each claim."""
    report = check_text(text, date=D, facts=fb)
    return [(v.claim.text, v.outcome, v.fact.id if v.fact else None) for v in judge_all(report.files, fb)]


def test_a_share_of_gdp_is_not_matched_to_gdp_growth(fb):
    [*_, share] = outcomes(fb, "2025年，丁市第一产业增加值96亿元，占地区生产总值的4.0%。")
    assert share == ("4.0%", "unverified", None)


def test_the_rule_is_per_name():
    # an alias that states no modifier serves words that state none; 户籍 is eligible for neither
    name, alias, plain = profile("按常住人口计算的人均生产总值", "money"), profile("人均生产总值", "money"), profile("人均生产总值", "money")
    assert eligible(plain, alias, "money") and not eligible(plain, name, "money")
    registered = profile("按户籍人口计算人均生产总值", "money")
    assert not eligible(registered, name, "money") and not eligible(registered, alias, "money")
    # 进出口 is read whole, not as 出口; 增加值 is no 增加
    assert profile("进出口总额", "money") != profile("出口总额", "money")
    assert profile("第一产业增加值", "money")[0] == "level"
    assert profile("城镇人口增加", "people")[0] == "increase"
    assert profile("城镇化率提高", "pp")[0] == "pp"


def test_a_bare_head_is_a_close_call_never_a_finding(fb):
    # 规模 alone says an amount, not which: found inside 产业基金集群规模 it is no evidence
    assert outcomes(fb, "2025年，丁市规模超过600亿元。") == [("超过600亿元", "uncertain", "ding.fund.2025")]
    assert codes(fb, "2025年，丁市规模为600亿元。") == []
    # near miss: the full name still matches and a wrong value is caught
    assert codes(fb, "2025年，丁市产业基金集群规模为600亿元。") == [("QZ100", "600亿元")]


