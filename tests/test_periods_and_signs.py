"""Issue 17, items 4 and 5: a figure's period is established or the figure is not judged, "now"
is judged loudly only against a figure of the article's "now", and a fall is a negative change.

Sentences written for these tests, against the made-up fact base tests/data/minifacts (丁市): each
behaviour with a hit and a near miss. Plain cases are data: tests/rules/QZ100.toml, QZ101.toml."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from quzhou_check import factbase
from quzhou_check.engine import check_text
from quzhou_check.judge import UNCERTAIN, current_at
from quzhou_check.periods import find_time_expressions
from quzhou_check.rules import Context
from quzhou_check.rules._facts import verdicts

MINI = Path(__file__).parent / "data" / "minifacts"
D = date(2026, 3, 1)


@pytest.fixture(scope="module")
def fb():
    return factbase.load([MINI])


def codes(fb, text, d=D):
    report = check_text(text, date=d, facts=fb)
    return [(f.rule, f.severity, f.text) for f in report.findings]


def claims(fb, text, d=D):
    return check_text(text, date=d, facts=fb).files[0].claims


def periods(text, d=D):
    return [(t.period.text, t.period.unknown, t.anchor) for t in find_time_expressions(text, d)]


# ---- a stated period the checker cannot read is uncertain, never "now" -------------------------

@pytest.mark.parametrize("text", [
    "全年，丁市生产总值2500亿元。",  # 全年 with no year
    "丁市三年生产总值2500亿元。",  # N年 with no end
    "本季度丁市生产总值2500亿元。",
    "年初，丁市生产总值2500亿元。",
])
def test_unreadable_period_is_uncertain_not_now(fb, text):
    assert codes(fb, text) == []
    (c,) = claims(fb, text)
    assert c.period.unknown and not c.period.is_now
    v = verdicts(Context(check_text(text, date=D, facts=fb).files, fb))[0]
    assert v.outcome == UNCERTAIN


def test_no_time_words_is_still_now(fb):
    # the near miss: no time words at all is "now", judged against the newest fact (2025: 2400)
    assert codes(fb, "丁市生产总值2500亿元。") == [("QZ100", "error", "2500亿元")]
    (c,) = claims(fb, "丁市生产总值2500亿元。")
    assert c.period.is_now


def test_year_words_take_the_sentences_year(fb):
    # 全年 after 2025年 is 2025: judged (190 against 180)
    text = "2025年，丁市生产总值2400亿元，全年一般公共预算收入190亿元。"
    assert codes(fb, text) == [("QZ100", "error", "190亿元")]
    assert codes(fb, "2025年，丁市生产总值2400亿元，全年一般公共预算收入180亿元。") == []


def test_durations_and_streaks_are_not_unknown_periods():
    assert periods("连续3年") == []
    assert periods("用3年时间") == []
    assert periods("也是城乡面貌焕新的5年") == []  # a span named again, not a period of its own
    assert periods("三年增长50%") == [(None, True, "unknown")]


# ---- a quarter or months with no year -----------------------------------------------------------

def test_bare_quarter_is_the_article_years(fb):
    d = date(2025, 4, 30)
    assert periods("一季度，全市", d) == [("2025-01/2025-03", False, "point")]
    assert codes(fb, "一季度，丁市服务业增加值330亿元。", d) == [("QZ100", "error", "330亿元")]
    assert codes(fb, "一季度，丁市服务业增加值300亿元。", d) == []
    # near miss: in a year whose Q1 the fact base does not hold, nothing to compare (never the annual fact)
    assert codes(fb, "一季度，丁市服务业增加值330亿元。", date(2026, 4, 30)) == []


def test_bare_quarter_not_ended_is_last_years():
    assert periods("前三季度，全市", date(2026, 2, 15)) == [("2025-01/2025-09", False, "point")]
    assert periods("前三季度，全市", date(2025, 10, 20)) == [("2025-01/2025-09", False, "point")]


def test_bare_months_and_sentence_year():
    assert periods("1-5月，全市", date(2025, 6, 20)) == [("2025-01/2025-05", False, "point")]
    assert periods("1至11月，全市", date(2026, 1, 10)) == [("2025-01/2025-11", False, "point")]
    # a year stated before in the sentence wins
    assert periods("2023年，全市经济平稳，一季度增长", date(2025, 6, 20))[1] == ("2023-01/2023-03", False, "point")


# ---- spans ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["2021—2023年，全市", "2021-2023年，全市", "2021年至2023年，全市"])
def test_year_span_is_one_span(text):
    assert periods(text) == [("2021/2023", False, "span")]


def test_a_plan_named_in_a_purpose_clause_does_not_date_the_paragraph(fb):
    # one paragraph: a preface naming the plan, then the year's figures
    text = ("今年以来，全市上下团结奋斗，为决胜“十四五”打下了坚实基础。\n"
            "2025年，丁市经济运行稳中有进。其中，丁市一般公共预算收入180亿元。")
    cs = claims(fb, text, date(2026, 3, 1))
    assert [c.period.text for c in cs] == [None]  # "now", not 2021/2025
    # near miss: a span that opens its clause still carries to the paragraph's later sentences
    cs = claims(fb, "“十四五”期间，丁市经济持续向好。丁市一般公共预算收入180亿元。", date(2026, 3, 1))
    assert [c.period.text for c in cs] == ["2021/2025"]


# ---- "now" ------------------------------------------------------------------------------------------

def test_now_against_an_older_fact_is_info_not_error(fb):
    # 2025-12: the newest fact (30, for 2024) is older than the article's "now": the count may have moved on
    assert codes(fb, "截至目前，丁市专精特新小巨人企业45家。", date(2025, 12, 21)) == [("QZ104", "info", "45家")]
    report = check_text("丁市专精特新小巨人企业45家。", date=date(2025, 12, 21), facts=fb)
    assert "latest figure is 30家, for 2024" in report.findings[0].message
    # near miss: in April 2025 the 2024 figure is the "now" of the article: an error
    assert codes(fb, "截至目前，丁市专精特新小巨人企业45家。", date(2025, 4, 15)) == [("QZ100", "error", "45家")]
    assert codes(fb, "截至目前，丁市专精特新小巨人企业30家。", date(2025, 12, 21)) == []


def test_current_at_policy(fb):
    f2024 = next(f for f in fb.facts if f.id == "ding.little-giants.2024")  # published 2025-03
    assert current_at(f2024, date(2025, 4, 15))  # the last full year
    assert current_at(f2024, date(2025, 10, 31))  # still the last full year
    assert not current_at(f2024, date(2025, 11, 15))  # from November the article's year is its "now"
    f2020 = next(f for f in fb.facts if f.id == "ding.little-giants.2020")  # published 2021-03
    assert current_at(f2020, date(2021, 5, 1))
    assert not current_at(f2020, date(2022, 5, 1))


# ---- 比上年的X ------------------------------------------------------------------------------------

def test_previous_years_figure_is_the_year_before_the_sentences(fb):
    text = "2025年丁市一般公共预算收入180亿元，比上年的200亿元下降10.0%。"
    assert [c.period.text for c in claims(fb, text)] == ["2025", "2024", "2025"]
    assert codes(fb, text) == []
    # near miss: a wrong base is caught against the 2024 fact, not called outdated against 2025
    # (and 180 on 210 is no fall of 10%: QZ200 on the rate)
    assert codes(fb, "2025年丁市一般公共预算收入180亿元，比上年的210亿元下降10.0%。") == [
        ("QZ100", "error", "210亿元"), ("QZ200", "error", "10.0%")]


# ---- signs ------------------------------------------------------------------------------------------

def test_a_fall_is_negative_and_agrees_with_a_signed_fact(fb):
    text = "2025年丁市一般公共预算收入180亿元，同比下降10.0%。"
    assert [c.value for c in claims(fb, text)] == [180, -10.0]
    assert [c.text for c in claims(fb, text)] == ["180亿元", "10.0%"]  # the span keeps its words
    assert codes(fb, text) == []
    assert codes(fb, "2025年丁市一般公共预算收入下降近10%。") == []  # a bound on a fall bounds its size


def test_each_item_of_a_list_gets_its_sign(fb):
    assert codes(fb, "2025年，丁市教育、卫生健康支出分别下降7.5%、12.8%。") == []
    assert codes(fb, "2025年，丁市教育、卫生健康支出分别下降7.5%、21.8%。") == [("QZ100", "error", "21.8%")]
    cs = claims(fb, "2025年，丁市教育支出增长7.5%、卫生健康支出下降12.8%。")
    assert [c.value for c in cs] == [7.5, -12.8]
    assert codes(fb, "2025年，丁市教育支出增长7.5%、卫生健康支出下降12.8%。") == [("QZ100", "error", "7.5%")]


def test_arithmetic_holds_with_signed_changes(fb):
    # a fall stated after a from-to pair: -10% holds, +10% does not
    assert codes(fb, "甲区收入从200亿元下降到180亿元，下降10%。") == []
    assert [r for r, _, _ in codes(fb, "甲区收入从200亿元下降到180亿元，增长10%。")] == ["QZ200"]
    assert codes(fb, "甲区时间从4.5小时缩短至2.7小时，缩短1.8小时。") == []
    # 和X相比 compares the size of the change, whichever way it goes
    assert codes(fb, "甲区收入180亿元，和2020年的200亿元相比，减少20亿元。") == []


def test_growth_on_the_previous_years_figure(fb):
    # A，比上年的B增长Z%: Z must follow from A and B (signed)
    assert codes(fb, "2025年甲区收入180亿元，比上年的200亿元下降10%。") == []
    assert [r for r, _, _ in codes(fb, "2025年甲区收入180亿元，比上年的200亿元下降12%。")] == ["QZ200"]
    assert [r for r, _, _ in codes(fb, "2025年甲区收入180亿元，比上年的200亿元增长10%。")] == ["QZ200"]
    # near miss: two figures that are not a figure and its base compute nothing
    assert codes(fb, "2025年甲区收入180亿元，2024年支出200亿元，增长12%。") == []
