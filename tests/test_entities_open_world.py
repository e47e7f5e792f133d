"""Entity, established and never defaulted (issue 17, item 2), against the shipped fact base (home
衢州): a figure of a place the fact base does not list is that place's and is never judged against
衢州's facts; 我市/全市 resolve to the article's subject; a subject that is not a place (an
industry, a park) owns its figure. The sentences are written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from quzhou_check import factbase
from quzhou_check.engine import check_text
from quzhou_check.entities import divisions
from quzhou_check.extract import Extractor

D = date(2026, 1, 15)
# 衢州's 2020 GDP in the fact base is 1600多亿元: 1900亿元 disagrees with it
WRONG_FOR_HOME = "2020年衢州市生产总值1900亿元。"


def rules(text, d=D):
    return [(f.rule, f.text) for f in check_text(text, date=d).findings]


@pytest.fixture(scope="module")
def extractor():
    return Extractor(factbase.load().gazetteer)


@pytest.fixture(scope="module")
def checker():
    from quzhou_check.engine import Checker

    return Checker()


def claims(checker, text, d=D):
    return checker.extract(checker.document(text, "t"), d)


def test_the_home_figure_is_still_checked():
    assert rules(WRONG_FOR_HOME) == [("QZ100", "1900亿元")]
    assert rules("2020年衢州生产总值1900亿元。") == [("QZ100", "1900亿元")]


@pytest.mark.parametrize(
    "place",
    ["金华市", "金华", "东阳市", "武义县", "丽水", "绍兴市", "吴兴区", "嵊州市", "义乌", "湖州市", "宁波", "广东省",
     "内蒙古", "嘉兴市"],
)
def test_a_place_the_fact_base_does_not_list_is_never_given_the_home_facts(place):
    # the same wrong-for-衢州 figure, about another place: unverified, no finding
    assert rules(f"2020年{place}生产总值1900亿元。") == []
    assert rules(f"2020年，{place}实现生产总值1900亿元，比上年增长3.1%。") == []


def test_a_province_named_bare_opening_the_clause_owns_the_figure():
    assert rules("2020年，江苏全省生产总值为1900亿元。") == []


@pytest.mark.parametrize(
    "text",
    [
        "2020年坚持和平发展，衢州生产总值1900亿元。",  # 和平 is a word here (和平区 is in 天津)
        "据新华社报道，2020年衢州生产总值1900亿元。",  # 新华社 holds no 新华
        "东方欲晓，2020年衢州生产总值1900亿元。",  # 东方 (a city of 海南) as a word
        "东方市场繁荣，2020年衢州生产总值1900亿元。",  # 东方市场 names no 东方市
        "成功创建示范县，2020年衢州生产总值1900亿元。",  # 示范县 holds no 范县
    ],
)
def test_ordinary_words_are_not_places(text):
    assert rules(text) == [("QZ100", "1900亿元")]


def test_gazetteer_names_and_near_misses(extractor):
    g = extractor.gaz
    found = lambda s: [(m.name, m.known) for m in g.mentions(s)]  # noqa: E731
    assert found("金华东阳和湖州吴兴") == [("金华市", False), ("东阳市", False), ("湖州市", False), ("吴兴区", False)]
    assert found("天津和平区") == [("天津市", False), ("和平区", False)]
    assert found("坚持和平发展") == []
    assert found("新华社记者") == []
    assert found("衢州市") == [("衢州", True)]  # the fact base's name first


def test_the_gazetteer_is_data():
    dv = divisions()
    assert dv.full["金华市"].level == "city" and dv.full["金华市"].parent == "浙江省"
    assert dv.short["吴兴"].name == "吴兴区" and dv.short["浙江"].name == "浙江省"
    assert not dv.short["和平"].bare  # a common word: a place only in full or after its parent
    assert len(dv.full) > 3000


# ---- 我市, 全市: the article's subject -----------------------------------------------------------

def test_wo_shi_in_an_article_about_the_home_city_is_checked():
    text = "衢州经济稳步发展。\n我市2020年生产总值{}亿元。"
    assert rules(text.format(1900)) == [("QZ100", "1900亿元")]
    assert rules(text.format(1650)) == []


def test_wo_shi_alone_is_the_home_city():
    assert rules("我市2020年生产总值1900亿元。") == [("QZ100", "1900亿元")]


def test_quan_shi_in_an_article_about_another_city_is_that_city():
    # an article about 金华 (its first lines name it, not 衢州): 全市 and 我市 are 金华's
    text = "金华市统计局发布金华市统计公报。\n2020年全市生产总值1900亿元。我市2020年生产总值1900亿元。"
    assert rules(text) == []


def test_an_article_about_another_city_that_names_the_home_once():
    text = "金华市统计公报：金华与衢州合作，金华市经济稳步发展。\n2020年全市生产总值1900亿元。"
    assert rules(text) == []
    # near miss: an article about 衢州 that names 金华 once keeps 衢州 as its subject
    text = "衢州市统计公报：衢州与金华合作，衢州市经济稳步发展。\n2020年全市生产总值1900亿元。"
    assert rules(text) == [("QZ100", "1900亿元")]


def test_quan_sheng_where_the_base_lists_no_province_is_not_the_city():
    # the shipped base lists 浙江省, so 全省 is 浙江's; a figure about 全省 is never 衢州's
    assert rules("2020年全省生产总值1900亿元。") == []


# ---- a subject that is not a place -------------------------------------------------------------

def test_an_industry_heading_the_clause_owns_the_figure(checker):
    cl = claims(checker, "2022年，衢州新材料产业实现规上工业总产值850亿元。")
    assert [(c.entity, c.entity_known) for c in cl] == [("新材料产业", False)]
    assert rules("2022年，衢州新材料产业实现规上工业总产值850亿元。") == []


def test_an_industry_as_the_topic_of_the_sentence_owns_the_figure(checker):
    cl = claims(checker, "仅仅是新材料产业，2022年，衢州市实现规上产值850亿元。")
    assert [(c.entity, c.entity_known) for c in cl] == [("新材料产业", False)]


def test_a_park_heading_the_clause_owns_the_figure(checker):
    cl = claims(checker, "2022年，衢州智造新城高新区完成工业产值500亿元。")
    assert [(c.entity, c.entity_known) for c in cl] == [("智造新城高新区", False)]


def test_a_metric_naming_an_industry_stays_the_citys(checker):
    # near miss: 第三产业增加值 is a metric of the city, not an industry as subject
    cl = claims(checker, "2022年，衢州第三产业增加值1000亿元。")
    assert [(c.entity, c.entity_known) for c in cl] == [("衢州", True)]
    # and a scope word makes the figure the place's
    cl = claims(checker, "2022年，全市新材料产业实现产值850亿元。")
    assert [(c.entity, c.entity_known) for c in cl] == [("衢州", True)]


def test_a_class_of_firms_a_place_counts_is_no_subject(checker):
    # the city's listed companies: their count and their market value are the city's figures
    cl = claims(checker, "到2026年，衢州上市公司达到30家以上、总市值3000亿元以上。")
    assert [(c.entity, c.entity_known) for c in cl] == [("衢州", True), ("衢州", True)]
    # near miss: one named company heading its clause owns its figure
    cl = claims(checker, "2023年，衢州某某新能源公司实现营收120亿元。")
    assert [(c.entity, c.entity_known) for c in cl] == [("某某新能源公司", False)]


def test_a_village_or_street_named_after_a_division_is_not_it(extractor):
    from quzhou_check import segment

    def places(t):
        return [m.name for m in extractor.gaz.mentions(t, segment.tokens(t)) if not m.known]

    assert places("大安村村民人均收入增长了10%。") == []  # a village, not 大安市
    assert places("该项目获省投资5亿元。") == []  # 获省 is no province
    # near misses: the division itself, named in full or bare
    assert places("吉林大安市地区生产总值100亿元。") == ["吉林省", "大安市"]
    assert places("大安的生产总值100亿元。") == ["大安市"]
