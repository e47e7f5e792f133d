"""QZ100, QZ101 and QZ102 on sentences written for these tests, against a small made-up fact base
(tests/data/minifacts: 丁市, its district 甲区): each rule with hits and near-misses, time, place,
qualifiers, precision, targets, errata and disputes. The plain cases (a sentence and the findings
it raises) are data: tests/rules/QZ100.toml, QZ101.toml and QZ102.toml."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import opencc
import pytest

from quzhou_check import factbase
from quzhou_check.engine import check_text

MINI = Path(__file__).parent / "data" / "minifacts"
T2 = opencc.OpenCC("s2t")


@pytest.fixture(scope="module")
def fb():
    return factbase.load([MINI])


def codes(fb, text, d=date(2026, 3, 1)):
    report = check_text(text, date=d, facts=fb)
    return [(f.rule, f.text) for f in report.findings]


# ---- QZ100 -------------------------------------------------------------------------------------

def test_qz100_in_traditional_script_reports_the_original_text(fb):
    assert codes(fb, T2.convert("2025年，丁市全社会研发投入强度达到2.65%。")) == [("QZ100", "2.65%")]
    assert codes(fb, "2025年丁市生产总值超２５００亿元。") == [("QZ100", "超２５００亿元")]


def test_qz100_json_fields(fb):
    f = check_text("2025年，丁市全社会研发投入强度达到2.65%。", date=date(2026, 3, 1), facts=fb).findings[0]
    assert (f.severity, f.line, f.column, f.end_column) == ("error", 1, 20, 25)
    assert f.fact["id"] == "ding.rd.2025" and f.fact["source"] == "made-up.txt:4"
    assert 0.7 < f.fact["confidence"] <= 1.0
    assert "2.65%" in f.message and "2.56%" in f.message


# ---- QZ101 and time ----------------------------------------------------------------------------

def test_now_claim_before_and_after_a_newer_figure_is_known(fb):
    text = "近年来，丁市创新能力持续提升，列全国城市创新能力百强榜第58位。"
    assert codes(fb, text, date(2025, 12, 20)) == []  # 49 (2025) not yet known: 58 is the newest
    assert codes(fb, text, date(2026, 3, 1)) == [("QZ101", "第58位")]
    assert codes(fb, text.replace("第58位", "第49位"), date(2026, 3, 1)) == []
    assert codes(fb, text.replace("第58位", "第50位"), date(2026, 3, 1)) == [("QZ100", "第50位")]


def test_last_year_at_two_article_dates(fb):
    text = "去年，丁市生产总值达到2400亿元。"
    assert codes(fb, text, date(2026, 3, 1)) == []  # 去年 = 2025
    assert codes(fb, text, date(2025, 3, 1)) == [("QZ100", "2400亿元")]  # 去年 = 2024: 2200
    assert codes(fb, "去年，丁市生产总值达到2200亿元。", date(2025, 3, 1)) == []


def test_explicit_year_checked_against_a_fact_published_later(fb):
    # the 2025 fact was published in 2026-02; an article of 2025-06 still must agree with it
    assert codes(fb, "2025年，丁市全社会研发投入强度达到2.65%。", date(2025, 6, 1)) == [("QZ100", "2.65%")]


def test_from_to_in_a_span(fb):
    assert codes(fb, "5年来，丁市上市公司从6家增加到22家。", date(2026, 3, 1)) == []
    assert codes(fb, "5年来，丁市上市公司从6家增加到23家。", date(2026, 3, 1)) == [("QZ100", "23家")]


def test_targets_only_against_targets(fb):
    assert codes(fb, "丁市力争到2026年实现产业基金集群规模1000亿元。", date(2024, 7, 1)) == []
    assert codes(fb, "丁市力争到2026年实现产业基金集群规模1500亿元。", date(2024, 7, 1)) == [("QZ100", "1500亿元")]
    # a target for 2025 is never compared with the 2025 result
    assert codes(fb, "丁市力争2025年生产总值达到2600亿元。", date(2024, 7, 1)) == []


# ---- QZ102 -------------------------------------------------------------------------------------

def test_erratum_is_never_the_truth(fb):
    f = check_text("2025年丁市城乡居民收入倍差缩小至1.75%。", date=date(2026, 3, 1), facts=fb).findings[0]
    assert f.fact["value"] == 1.76 and f.fact["erratum"]["id"] == "ding.income-ratio.2025.misprint"


def test_disputed_values_both_hold(fb):
    assert codes(fb, "2025年丁市常住人口城镇化率为63%。") == []
    assert codes(fb, "2025年丁市常住人口城镇化率为64.5%。") == []
    assert codes(fb, "2025年丁市常住人口城镇化率为66%。") == [("QZ100", "66%")]


# ---- place -------------------------------------------------------------------------------------

def test_district_and_city_each_to_its_own(fb):
    text = "2025年，甲区生产总值360亿元，丁市生产总值2400亿元。"
    assert codes(fb, text) == []
    assert codes(fb, "2025年，甲区生产总值2400亿元，丁市生产总值360亿元。") == [("QZ100", "2400亿元"), ("QZ100", "360亿元")]


def test_scope_word_in_a_district_article(fb):
    text = "甲区全力推进港产城融合发展\n\n2025年，全区生产总值达到360亿元。"
    assert codes(fb, text) == []
    assert codes(fb, text.replace("360", "2400")) == [("QZ100", "2400亿元")]


@pytest.mark.parametrize("place", ["丙县", "某市", "戊区"])
def test_unknown_place_is_never_the_home_city(fb, place):
    report = check_text(f"2025年，{place}生产总值达到2.65亿元，研发投入强度达到9.9%。", date=date(2026, 3, 1), facts=fb)
    assert report.findings == []
    assert {c.entity for c in report.files[0].claims} == {place}
