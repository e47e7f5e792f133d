"""Metric identity, not similarity (issue 17, item 3): the words that change what a figure counts
(lexicon.toml [metric_identity]) must agree before a claim is judged against a metric, and two
figures are the same figure for QZ201 only when they agree too. Sentences written for these tests,
against the made-up fact base tests/data/minifacts (丁市); each modifier group with a hit (the right
metric matches and a wrong value is caught) and a near miss (the other modifier matches nothing
and raises nothing)."""

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


@pytest.mark.parametrize(
    "text,expected",
    [
        # sectors: 第一产业 is not 第三产业 (服务业), nor is 制造业 or 采矿业
        ("2025年，丁市服务业增加值1350亿元。", [("QZ100", "1350亿元")]),
        ("2025年，丁市第三产业增加值1250亿元。", []),
        ("2025年，丁市第二产业增加值980亿元。", []),
        ("2025年，丁市制造业增加值660亿元。", []),
        ("2025年，丁市采矿业增加值3亿元。", []),
        ("2025年，丁市第一产业增加值99亿元。", [("QZ100", "99亿元")]),
        # 人均 against none: per-capita GDP is not GDP, and GDP is not per-capita GDP
        ("2025年，丁市人均GDP为110000元。", [("QZ100", "110000元")]),
        ("2025年，丁市人均GDP为100000元。", []),
        ("2025年，丁市GDP为2400亿元。", []),
        # the population basis: 户籍 is not 常住, and a 常住 figure is checked
        ("按户籍人口计算，2025年丁市人均生产总值为13万元。", []),
        ("按常住人口计算，2025年丁市人均生产总值为13万元。", [("QZ100", "13万元")]),
        ("2025年，丁市按户籍人口计算的人均生产总值为130000元，按常住人口计算为100000元。", []),
        # direction of trade: imports plus exports are not exports
        ("2025年，丁市外贸进出口总额900亿元。", [("QZ100", "900亿元")]),
        ("2025年，丁市进出口总额800亿元，其中出口额520亿元。", []),
        ("2025年，丁市外贸进口额280亿元。", []),
        # 年均 against one year's growth
        ("“十四五”期间，丁市工业投资年均增长25.5%。", [("QZ100", "25.5%")]),
        ("“十四五”期间，丁市工业投资年均增长20.5%。", []),
        ("2025年，丁市工业投资增长61.0%。", []),
        ("2025年，丁市工业投资增长20.5%。", []),  # a one-year growth is never the average
        # 建成区 against the whole area
        ("2025年，丁市建成区面积98平方公里。", [("QZ100", "98平方公里")]),
        ("丁市市域面积8800平方公里。", []),
        # stock against new listings: 新增 and 累计新培育 are not the stock
        ("2025年，丁市上市公司达到25家。", [("QZ100", "25家")]),
        ("2025年，丁市新增上市公司5家。", []),
        ("截至目前，丁市累计新培育产值超百亿元企业3家、上市企业16家。", []),
        # a level's increase is not the level
        ("2025年末丁市城镇人口185万人。", [("QZ100", "185万人")]),
        ("2025年末丁市城镇人口180万人，比上年增加了6.2万人。", []),
    ],
)
def test_modifier_groups(fb, text, expected):
    assert codes(fb, text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        # a share is not a growth, nor a growth a level
        ("2025年，丁市生产总值增长6.5%。", [("QZ100", "6.5%")]),
        ("2025年，丁市第一产业增加值96亿元，占地区生产总值的4.0%。", []),
        ("2025年，丁市数字经济核心产业增加值占生产总值比重为23.8%。", [("QZ100", "23.8%")]),
        ("2025年，丁市数字经济核心产业增加值占生产总值比重为20.8%。", []),
        # a change in 个百分点 is not the level; % for 个百分点 is a unit slip
        ("2025年，丁市城镇化率比上年提高1.5个百分点。", [("QZ100", "1.5个百分点")]),
        ("2025年，丁市城镇化率比上年提高1.2个百分点。", []),
        ("2025年，丁市城镇化率比上年提高1.2%。", [("QZ102", "1.2%")]),
    ],
)
def test_aspects(fb, text, expected):
    assert codes(fb, text) == expected


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


@pytest.mark.parametrize(
    "text,expected",
    [
        # the same scope twice: a contradiction
        ("2025年丁市税收收入240亿元。\n\n2025年，丁市税收收入达到260亿元。", [("QZ201", "260亿元")]),
        # 税收收入 as a part of two different wholes
        ("2025年，丁市各项税费收入500亿元，其中税收收入400亿元。\n\n2025年，丁市一般公共预算收入中，税收收入240亿元。", []),
        # two items whose growth is qualified the same way: the item stays with its growth
        ("2023年丁市一般公共预算收入300亿元，自然口径增长0.6%。\n\n2023年丁市税收收入240亿元，自然口径增长8.2%。", []),
        ("2023年丁市一般公共预算收入300亿元，自然口径增长0.6%。\n\n2023年丁市一般公共预算收入自然口径增长1.6%。", [("QZ201", "1.6%")]),
        # 自然口径 against 同口径
        ("2023年丁市一般公共预算收入自然口径增长0.6%。\n\n2023年丁市一般公共预算收入同口径增长6.9%。", []),
        # per-capita GDP is not GDP; the two bases of a per-capita figure are two figures
        ("2025年，丁市人均GDP为100000元。\n\n2025年，丁市GDP为2400亿元。", []),
        ("2025年，按户籍人口计算，丙市人均生产总值为13万元。\n\n2025年，按常住人口计算，丙市人均生产总值为10万元。", []),
        ("2025年，按户籍人口计算，丙市人均生产总值为13万元。\n\n2025年，按户籍人口计算，丙市人均生产总值为11万元。", [("QZ201", "11万元")]),
    ],
)
def test_qz201_same_figure(fb, text, expected):
    assert codes(fb, text) == expected


def test_a_bare_head_is_a_close_call_never_a_finding(fb):
    # 规模 alone says an amount, not which: found inside 产业基金集群规模 it is no evidence
    assert outcomes(fb, "2025年，丁市规模超过600亿元。") == [("超过600亿元", "uncertain", "ding.fund.2025")]
    assert codes(fb, "2025年，丁市规模为600亿元。") == []
    # near miss: the full name still matches and a wrong value is caught
    assert codes(fb, "2025年，丁市产业基金集群规模为600亿元。") == [("QZ100", "600亿元")]


@pytest.mark.parametrize(
    "text,expected",
    [
        # the figure a change reaches is a level, though 提高 is a change word (it read as a growth)
        ("2025年，丁市常住人口城镇化率提高到63%。", []),
        ("2025年，丁市常住人口城镇化率提高到68%。", [("QZ100", "68%")]),
        # near miss: the change itself, in 个百分点, is still the change's
        ("2025年，丁市常住人口城镇化率提高1.2个百分点。", []),
    ],
)
def test_the_end_of_a_change_is_a_level(fb, text, expected):
    assert codes(fb, text) == expected
