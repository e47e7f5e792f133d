"""Claim extraction on sentences written for these tests: values, units, shapes, periods, kinds,
and what is not a claim; each in simplified script, traditional script and with full-width digits,
with the exact line and column of the figure."""

from __future__ import annotations

from datetime import date

import opencc
import pytest
from helpers import only

D = date(2026, 2, 15)
T2 = opencc.OpenCC("s2t")

# (sentence, span, value, unit, qualifier)
VALUES = [
    ("丁市去年规上工业总产值达到1061亿元。", "1061亿元", 1061, "亿元", None),
    ("衢州港去年集装箱吞吐量为2.58万标箱。", "2.58万标箱", 2.58, "万标箱", None),
    ("全市今年累计完成投资1,500亿元。", "1,500亿元", 1500, "亿元", None),
    ("全市规上工业总产值达到３１９９亿元。", "３１９９亿元", 3199, "亿元", None),
    ("全县粮食产业已连续两年获评优秀。", "两年", 2, "年", None),
    ("全市专精特新企业达到四十四家。", "四十四家", 44, "家", None),
    ("这座城市的平安建设实现了十九连冠。", "十九连冠", 19, "连冠", None),
    ("新材料产业去年产值突破千亿元。", "突破千亿元", 1000, "亿元", "突破"),
    ("那家企业去年已成为百亿级企业。", "百亿级", 100, "亿元", "级"),
    ("2020年丙县生产总值为1600多亿元。", "1600多亿元", 1600, "亿元", "多"),
    ("五年间全区生产总值增加近800亿元。", "近800亿元", 800, "亿元", "近"),
    ("全市产业基金规模超千亿元。", "超千亿元", 1000, "亿元", "超"),
    ("常住人口城镇化率提高到63%左右。", "63%左右", 63, "%", "左右"),
    ("城乡居民收入倍差缩小至1.76。", "1.76", 1.76, "", None),
]

UNITS = [
    ("全区居民人均可支配收入达到33181元。", "33181元", "元"),
    ("这家企业尚有1500万元资金缺口。", "1500万元", "万元"),
    ("今年新引进青年博士210人。", "210人", "人"),
    ("去年完成共富搬迁2.1万人。", "2.1万人", "万人"),
    ("活动吸引了超2万人次参与。", "超2万人次", "万人次"),
    ("元旦假期接待游客61.3万人次。", "61.3万人次", "万人次"),
    ("全区集聚短剧相关企业117家。", "117家", "家"),
    ("今年签约产业项目116个。", "116个", "个"),
    ("去年推进营商环境改革130项。", "130项", "项"),
    ("锅炉每小时产生蒸汽260吨。", "260吨", "吨"),
    ("项目建成后年产正极材料15万吨。", "15万吨", "万吨"),
    ("码头去年吞吐集装箱800标箱。", "800标箱", "标箱"),
    ("城市建成区面积达到101.9平方公里。", "101.9平方公里", "平方公里"),
    ("项目规划占地面积467.18亩。", "467.18亩", "亩"),
    ("高铁通车后两地最快只要41分钟。", "41分钟", "分钟"),
    ("新线每天开行动车组列车17对。", "17对", "对"),
    ("研发经费占营业收入比重同比提升0.53个百分点。", "0.53个百分点", "个百分点"),
]


def _variants(sentence: str, span: str):
    """The sentence as written, in traditional script, and with full-width digits."""
    fw = str.maketrans("0123456789.%", "０１２３４５６７８９．％")
    yield sentence, span
    yield T2.convert(sentence), T2.convert(span)
    yield sentence.translate(fw), span.translate(fw)


def _check_position(claim, text, span):
    col = text.index(span) + 1
    assert (claim.line, claim.column) == (1, col)
    assert (claim.end_line, claim.end_column) == (1, col + len(span))


@pytest.mark.parametrize("sentence,span,value,unit,qualifier", VALUES)
def test_value_forms(claims_of, sentence, span, value, unit, qualifier):
    for text, sp in _variants(sentence, span):
        c = only(claims_of(text, D), sp)
        assert c.value == value and c.unit == unit and c.qualifier == qualifier
        _check_position(c, text, sp)


@pytest.mark.parametrize("sentence,span,unit", UNITS)
def test_units(claims_of, sentence, span, unit):
    for text, sp in _variants(sentence, span):
        c = only(claims_of(text, D), sp)
        assert c.unit == unit
        _check_position(c, text, sp)


@pytest.mark.parametrize(
    "sentence,span,value",
    [
        ("丙市跻身全国城市创新能力百强榜第49位。", "第49位", 49),
        ("该市增速位列全省第二。", "第二", 2),
        ("全区主要指标均位居全省前三。", "前三", 3),
        ("两项指标增速均居全省首位。", "首位", 1),
        ("这是全市首个突破千亿元的产业。", "首个", 1),
    ],
)
def test_ranks(claims_of, sentence, span, value):
    for text, sp in _variants(sentence, span):
        c = only(claims_of(text, D), sp)
        assert (c.value, c.unit, c.role) == (value, "位", "rank")


def test_from_to_with_years(claims_of):
    text = "丙县规上工业总产值从2020年的1902.1亿元增加到2023年的2913.1亿元，三年增长53.2%。"
    cs = claims_of(text, date(2024, 6, 1))
    a, b, g = only(cs, "1902.1亿元"), only(cs, "2913.1亿元"), only(cs, "53.2%")
    assert (a.role, a.period.text) == ("from", "2020")
    assert (b.role, b.period.text) == ("to", "2023")
    assert (g.role, g.period.text) == ("change", "2020/2023")
    assert a.entity == b.entity == "丙县" and not a.entity_known
    assert a.metric == b.metric == "规上工业总产值"


def test_from_to_in_a_span(claims_of):
    cs = claims_of("5年来，衢州上市公司由6家提高到22家。", D)
    assert only(cs, "6家").period.text == "2020"
    assert only(cs, "22家").period.text == "2025"


def test_growth_change_share_new(claims_of):
    cs = claims_of("去年全区港口货物吞吐量1057万吨，同比增长19.4%，占全省内河港的12.5%，新增航线5条，年均增长9.3%。", D)
    assert only(cs, "19.4%").role == "change"
    assert only(cs, "19.4%").metric == "港口货物吞吐量增速"
    assert only(cs, "12.5%").role == "share"
    assert only(cs, "5条").role == "new"
    assert only(cs, "9.3%").role == "avg_growth"


def test_enumeration_respectively(claims_of):
    cs = claims_of("去年，丙市工业投资、制造业投资、技改投资分别增长32.5%、34.5%和50.3%。", D)
    assert [c.metric for c in cs] == ["工业投资增速", "制造业投资增速", "技改投资增速"]
    assert all(c.period.text == "2025" for c in cs)


@pytest.mark.parametrize(
    "sentence,d,span,period",
    [
        ("2025年，衢州新材料产业产值1061亿元。", D, "1061亿元", "2025"),
        ("2025年前三季度，全区居民人均可支配收入33181元。", date(2026, 1, 10), "33181元", "2025-01/2025-09"),
        ("今年1至11月，港口货物吞吐量同比增长17.4%。", date(2025, 12, 10), "17.4%", "2025-01/2025-11"),
        ("截至今年11月，景区游客人数突破1600万人次。", date(2025, 12, 10), "突破1600万人次", "2025-11"),
        ("去年，外贸出口额达539亿元。", date(2025, 12, 10), "539亿元", "2024"),
        ("去年，外贸出口额达539亿元。", date(2023, 3, 1), "539亿元", "2022"),
        ("今年，机场旅客吞吐量同比增长7.2%。", date(2025, 12, 10), "7.2%", "2025"),
        ("过去的一年，水路运输总周转量1.9亿吨公里。", D, "1.9亿吨公里", "2025"),
        ("5年来，全市累计引进重大项目15个。", D, "15个", "2021/2025"),
        ("“十四五”以来，全市累计完成制造业投资超1500亿元。", date(2025, 12, 10), "超1500亿元", "2021/2025"),
        ("2021年以来，全市新增国家高新技术企业487家。", date(2024, 6, 1), "487家", "2021/2023"),
        ("近年来，全市制造业投资年均增长22.3%。", D, "22.3%", None),
        ("全市规上工业总产值达到3199亿元。", D, "3199亿元", None),
        ("2023年末，全市常住人口城镇化率为58.1%。", D, "58.1%", "2023"),
        ("2026年元旦假期，全市接待游客61.3万人次。", D, "61.3万人次", "2026-01-01/2026-01-03"),
    ],
)
def test_periods(claims_of, sentence, d, span, period):
    for text, sp in _variants(sentence, span):
        c = only(claims_of(text, d), sp)
        assert c.period.text == period


def test_comparison_base_is_not_the_period(claims_of):
    c = only(claims_of("去年机场旅客吞吐量比2024年提前26天突破百万。", D), "26天")
    assert c.period.text == "2025"


@pytest.mark.parametrize(
    "sentence,span,kind",
    [
        ("预计2025年全市生产总值将达到2400亿元。", "2400亿元", "forecast"),
        ("力争到2026年实现基金集群规模1000亿元。", "1000亿元", "target"),
        ("全区的目标是今年引进项目30个。", "30个", "target"),
        ("该县计划总投资6亿元建设新厂。", "6亿元", "target"),
        ("新材料产业链今年将突破千亿元。", "突破千亿元", "forecast"),
        ("项目投产后年新增产值300亿元。", "300亿元", "forecast"),
        ("去年全区生产总值达到362.7亿元。", "362.7亿元", "actual"),
    ],
)
def test_kinds(claims_of, sentence, span, kind):
    for text, sp in _variants(sentence, span):
        assert only(claims_of(text, date(2025, 12, 10)), sp).kind == kind


def test_past_figure_beside_a_forecast_is_actual(claims_of):
    cs = claims_of("预计2025年全市生产总值将达到2400亿元，和2020年的1600多亿元相比，增长近800亿元。", date(2025, 12, 10))
    assert only(cs, "2400亿元").kind == "forecast"
    assert only(cs, "1600多亿元").kind == "actual"
    assert only(cs, "1600多亿元").period.text == "2020"


def test_kind_words_are_looked_for_once_a_sentence_only_when_safe():
    # a sentence with no target or forecast word skips the per-figure search; that is sound only
    # while the words hold no look-around or anchor (a word found before a figure is then found
    # in the whole sentence), so a pattern that has one turns the shortcut off
    from quzhou_check.lexicon import lexicon, plain

    assert lexicon().kinds_plain
    assert plain(["力争", "建成[^，,。；;]{0,4}后", "(?:将)达"])
    for pattern in ("预计(?!不)", "(?<=将)达到", r"\b将", "^预计", "预计$"):
        assert not plain([pattern]), pattern


def test_kind_shortcut_keeps_the_kinds(claims_of):
    # the near-miss: a forecast word in the sentence, but after the figure, does not make it a forecast
    cs = claims_of("去年全区生产总值362.7亿元，预计今年将达到400亿元。", date(2025, 12, 10))
    assert only(cs, "362.7亿元").kind == "actual"
    assert only(cs, "400亿元").kind == "forecast"


@pytest.mark.parametrize(
    "sentence",
    [
        "1月26日零时起，铁路实施新的列车运行图。",
        "2026年第一季度列车运行图正式实施。",
        "咨询电话：0570-8881234，或拨打13905701234。",
        "公司地址在荷花中路123号。",
        "市委八届六次全会昨天召开。",
        "2026年是“十五五”开局之年。",
        "全市推进“5020”项目和“3030”计划，打造“十个桥头堡”。",
        "今年一季度，12项主要经济指标增幅有11项进入全省前四。",
        "市区PM2.5平均浓度下降，5A级景区创建持续推进。",
        "衢州市第二人民医院创成三乙医院。",
        "一条千方百计的路，两个数据让人眼前一亮。",
    ],
)
def test_not_claims(claims_of, sentence):
    cs = claims_of(sentence, D)
    texts = [c.text for c in cs]
    if "12项" in sentence:
        assert texts == ["前四"]  # the rank is a claim, the counts of indicators are not
    else:
        assert texts == []


def test_entities_place_and_scope(claims_of):
    text = "衢江区全力建设港产城融合先行区\n\n去年全区生产总值达到362.7亿元，某市生产总值为500亿元。"
    cs = claims_of(text, D)
    assert only(cs, "362.7亿元").entity == "衢江区"
    unknown = only(cs, "500亿元")
    assert unknown.entity == "某市" and not unknown.entity_known


def test_home_entity_by_default(claims_of):
    c = only(claims_of("去年规上工业总产值达到3199亿元。", D), "3199亿元")
    assert c.entity == "衢州" and c.entity_known


def test_words_broken_across_lines_keep_positions(claims_of):
    # a layout break inside a sentence (the line before is long and does not end it)
    text = "这座身在浙江西部、毗邻四省边际的城市持续加大科技投入，去年全社会研发投入强\n\n度达到2.56%，列全国第49位。"
    cs = claims_of(text, D)
    c = only(cs, "2.56%")
    assert (c.line, c.column) == (3, 4)
    assert c.metric == "全社会研发投入强度"
    assert c.period.text == "2025"
    assert (only(cs, "第49位").line, only(cs, "第49位").column) == (3, 13)


def test_change_after_a_comparison_base_spans_both_years(claims_of):
    cs = claims_of("预计2025年丁市生产总值将达到2400亿元，和2020年的1600多亿元相比，增长近800亿元。", date(2025, 12, 10))
    assert only(cs, "近800亿元").period.text == "2020/2025"
    # near miss: a change with no comparison base keeps the sentence's year
    cs = claims_of("2025年丁市生产总值达到2400亿元，增长近800亿元。", date(2026, 2, 10))
    assert only(cs, "近800亿元").period.text == "2025"


def test_length_of_a_list_just_given_is_not_a_figure(claims_of):
    cs = claims_of("甲区生猪、蔬菜、柑橘、渔业等4条产业链总产值超30亿元。", D)
    assert [c.text for c in cs] == ["超30亿元"]
    # near miss: 等 after fewer items than counted is a real count (only some are named)
    cs = claims_of("甲区引进吉利、先导等15个重大项目。", D)
    assert only(cs, "15个").value == 15


def test_cumulative_is_part_of_the_metric_words(claims_of):
    cs = claims_of("丁市产业基金年度投资额突破100亿元，已累计投资175亿元。", D)
    assert only(cs, "175亿元").metric == "累计投资"
    assert only(cs, "突破100亿元").metric == "产业基金年度投资额"


def test_threshold_of_a_class_has_its_own_metric_words(claims_of):
    cs = claims_of("甲区累计签约亿元以上产业项目116个，新增产值超百亿元企业3家。", D)
    assert only(cs, "亿元以上").metric == "累计签约产业项目门槛"
    assert only(cs, "超百亿元").metric == "新增产值企业门槛"
    assert only(cs, "116个").metric == "累计签约亿元以上产业项目"  # the count keeps the class in its words
    # near miss: a plain amount before a project is not a threshold
    assert "门槛" not in only(claims_of("甲区计划投资10亿元建设项目。", D), "10亿元").metric


def test_rank_for_figures_given_together(claims_of):
    cs = claims_of("2024年，丁市接待游客3932.4万人次，旅游总收入429亿元，同比分别增长16.6%和17.7%，增速双双居于全省首位。", D)
    ranks = [c.metric for c in cs if c.text == "首位"]
    assert sorted(ranks) == ["接待游客增速排名", "旅游总收入增速排名"]
    # near miss: one growth figure, one rank
    cs = claims_of("2024年，丁市旅游总收入429亿元，同比增长17.7%，增速居于全省首位。", D)
    assert [c.metric for c in cs if c.text == "首位"] == ["旅游总收入增速排名"]


def test_rank_after_a_streak_takes_the_streak_subject(claims_of):
    cs = claims_of("甲区新建学校24所，教育现代化发展水平监测连续两年获评A等，排名跻身全省前20。", D)
    assert only(cs, "前20").metric == "教育现代化发展水平监测排名"


def test_a_word_ending_in_a_qualifier_is_not_one(claims_of):
    c = only(claims_of("甲区累计签约2亿元以上产业项目116个。", D), "2亿元以上")
    assert c.qualifier == "以上"
    # near miss: 约 on its own is the qualifier
    c = only(claims_of("甲区今年引进产业项目投资约2亿元。", D), "约2亿元")
    assert c.qualifier == "约"


def test_ordinal_after_a_copula_is_a_rank(claims_of):
    c = only(claims_of("该产业园项目是第二个落地丁市的百亿元制造业项目。", D), "第二个")
    assert (c.value, c.unit) == (2, "位")
    # near miss: an ordinal in a name after 是 is not a figure
    assert [x.text for x in claims_of("这里是第二人民医院。", D)] == []
    assert [x.text for x in claims_of("他并不是第一个关注夜经济的人。", D)] == []


def test_target_word_is_not_a_metric_word(claims_of):
    c = only(claims_of("甲区加快临港产业区建设，力争实现“千亿级产值”。", D), "千亿级")
    assert c.kind == "target" and "临港产业区" in c.metric
    c = only(claims_of("丁市力争实现基金集群规模1000亿元。", D), "1000亿元")
    assert c.metric == "基金集群规模"


def test_patterns_read_in_the_tail_before_a_figure_fit_in_it():
    # _roles looks for these only in the _TAIL characters before a figure: each must be shorter
    import re

    from quzhou_check.extract import shapes as extract

    for rx in (extract._AVG_BEFORE, extract._FROM_BEFORE, extract._TO_BEFORE, extract._SHARE_BEFORE,
               extract._CHANGE_BEFORE, extract._NEW_BEFORE):
        assert re._parser.parse(rx.pattern).getwidth()[1] <= extract._TAIL, rx.pattern


def _every_match_holds_one_of(parsed, chars) -> bool:
    """Whether every string the parsed pattern matches holds one of chars (re's own parse tree)."""
    import re

    c = re._constants
    for op, av in parsed:
        if op is c.LITERAL and chr(av) in chars:
            return True
        if op is c.IN and av and all(o is c.LITERAL and chr(v) in chars for o, v in av):
            return True
        if op is c.BRANCH and all(_every_match_holds_one_of(b, chars) for b in av[1]):
            return True
        if op is c.SUBPATTERN and _every_match_holds_one_of(av[3], chars):
            return True
        if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1 and _every_match_holds_one_of(av[2], chars):
            return True
    return False


def test_shape_characters_are_in_every_match_of_their_shape():
    # _roles searches a figure's tail for a shape only when the tail holds one of the shape's
    # characters: sound only while every match of the pattern holds one of them
    import re

    from quzhou_check.extract import shapes as x

    for rx, chars in ((x._AVG_BEFORE, x._AVG_CHARS), (x._FROM_BEFORE, x._FROM_CHARS), (x._TO_BEFORE, x._TO_CHARS),
                      (x._SHARE_BEFORE, x._SHARE_CHARS), (x._CHANGE_BEFORE, x._CHANGE_CHARS),
                      (x._NEW_BEFORE, x._NEW_CHARS)):
        assert _every_match_holds_one_of(re._parser.parse(rx.pattern), chars), rx.pattern
    # the near-miss: a character missing from the set is caught
    assert not _every_match_holds_one_of(re._parser.parse(x._CHANGE_BEFORE.pattern), x._CHANGE_CHARS - {"落"})
    assert not _every_match_holds_one_of(re._parser.parse(x._SHARE_BEFORE.pattern), frozenset("占"))


def test_claim_fields_keep_the_order_the_extractor_builds_them_in():
    # Extractor.extract builds a Claim with positional arguments (a call with 24 keywords costs
    # about as much again): a field added or moved in models.Claim must be placed there too
    from dataclasses import fields

    from quzhou_check.models import Claim

    assert [f.name for f in fields(Claim)] == [
        "path", "start", "end", "line", "column", "end_line", "end_column", "text", "value", "unit",
        "base_unit", "scale", "dimension", "qualifier", "entity", "entity_known", "metric", "period",
        "kind", "role", "fallback_entities", "metric_alt", "sentence", "number_text",
    ]



def test_keeping_a_figure_returns_a_new_record_and_leaves_the_one_given_alone():
    # Numbers._keep reads a figure anew (a rank, a duration, a money class) as a new record: the
    # record it was given is never edited, so no other step sees a figure change under it
    from copy import copy

    from quzhou_check import factbase
    from quzhou_check.extract import Extractor
    from quzhou_check.extract.sentence import _Candidate

    numbers = Extractor(factbase.load().gazetteer).numbers
    s = "衢州位列全省第二，用3年时间建成。"
    at = s.index("二")
    given = _Candidate(at, at + 1, at, at + 1, "二", 2.0, "", "", "", None)
    before = copy(given)
    kept = numbers._keep(s, given, False)
    assert kept is not given and (kept.role, kept.unit, kept.start) == ("rank", "位", at - 1)
    assert given == before
    at = s.index("3")
    given = _Candidate(at, at + 2, at, at + 1, "3", 3.0, "", "年", "duration?", None)
    kept = numbers._keep(s, given, True)
    assert kept.dimension == "duration" and given.dimension == "duration?"
    # the near miss: a figure kept as it is comes back as itself, and one dropped as None
    plain = _Candidate(0, 4, 0, 2, "12", 12.0, "", "个", "count", None)
    assert numbers._keep("12个项目", plain, True) is plain
    assert numbers._keep("三年增长", _Candidate(0, 2, 0, 1, "三", 3.0, "", "年", "", None), False) is None


def test_reading_shapes_returns_new_records_and_leaves_the_ones_given_alone():
    # roles reads from/to, change and falls as new records: the list and the figures given stay as
    # they were (a from makes the figure after it the to without editing that figure)
    from copy import copy

    from quzhou_check.extract.sentence import _Candidate
    from quzhou_check.extract.shapes import roles
    from quzhou_check.lexicon import lexicon

    s = "产值从12亿元增加到15亿元，利润下降3%，人数8人。"
    spans = [("12", "亿元"), ("15", "亿元"), ("3", "%"), ("8", "人")]
    given = []
    for num, unit in spans:
        a = s.index(num + unit)
        given.append(_Candidate(a, a + len(num + unit), a, a + len(num), num, float(num), unit[:-1], unit[-1:], "", None))
    before = [copy(c) for c in given]
    out = roles(s, given, lexicon())
    assert [c.role for c in out] == ["from", "to", "change", "value"]
    assert out[2].value == -3.0
    assert given == before
    # the near miss: a figure whose shape is plain value comes back as itself
    assert out[3] is given[3]
