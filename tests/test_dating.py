"""Dating an article from its own words (quzhou_check/dating.py): each kind of evidence with a
hit and a near miss, where the near miss is a date of an event, not of the writing. The texts are
made up (a town called 青石镇)."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from helpers import run_cli

from quzhou_check.dating import from_text, resolve
from quzhou_check.normalize import normalize
from quzhou_check.reader import line_starts

TODAY = date(2026, 12, 8)

run = run_cli


def dated(text: str, today: date = TODAY):
    return from_text(normalize(text), line_starts(text), today)


def kinds(d) -> list[str]:
    return [e.kind for e in d.evidence]


# --- metadata ----------------------------------------------------------------------------------

def test_front_matter_date():
    d = dated("---\ntitle: 青石镇简报\ndate: 2024-05-06\n---\n3月1日，青石大桥正式通车。\n")
    assert d.date == date(2024, 5, 6) and kinds(d) == ["metadata"] and d.evidence[0].line == 3


def test_an_event_date_is_not_the_date_of_writing():
    assert dated("青石镇简报\n\n2024年5月6日，青石大桥正式通车，全长1.2公里。\n") is None


@pytest.mark.parametrize("line, expected", [
    ("发布时间：2023-04-19 15:52:00 来源：青石日报", date(2023, 4, 19)),
    ("青石新闻网·2025-12-21 16:36", date(2025, 12, 21)),  # a time of day
    ("2013年1月22日 星期二", date(2013, 1, 22)),  # a weekday: a newspaper's issue
    ("2025年4月11日", date(2025, 4, 11)),  # alone on its line
    ("二○○八年一月八日", date(2008, 1, 8)),  # in Chinese numerals
    ("2022.09.08 11:28:16 更新", date(2022, 9, 8)),
])
def test_the_page_date_near_the_top(line, expected):
    d = dated(f"青石镇经济稳中有进\n\n{line}\n\n前三季度，全镇工业产值增长8%。\n")
    assert d.date == expected and kinds(d) == ["metadata"] and d.evidence[0].line == 3


@pytest.mark.parametrize("line", [
    "会议时间：2023年5月20日",  # the time of a meeting, not of the page
    "2025年4月11日，青石大桥开工建设。",  # an event in a sentence
])
def test_a_dated_line_that_is_not_the_page_date(line):
    assert dated(f"青石镇经济稳中有进\n{line}\n全镇工业产值增长8%。\n") is None


def test_the_earliest_page_date_wins():
    """A host page's update time is later than the entry it shows."""
    d = dated("青石镇\n更新时间:2025-03-25 01:17:33\n\n青石镇 | 2022.09.08 11:28:16 更新\n正文。\n")
    assert d.date == date(2022, 9, 8)


def test_the_page_date_at_the_bottom():
    body = "\n".join(f"第{i}段，全镇工业产值增长8%。" for i in range(40))
    assert dated(f"青石镇一年成绩单\n{body}\n青石日报 第6版 2016年02月27日 星期六\n").date == date(2016, 2, 27)


# --- datelines ---------------------------------------------------------------------------------

def test_dateline_takes_its_year_from_the_self_references():
    d = dated("新华社杭州12月29日电 2025年是“十四五”收官之年。今年1至11月，青石镇工业产值增长8%。\n")
    assert d.date == date(2025, 12, 29) and kinds(d)[0] == "dateline"


def test_a_dateline_with_no_year_anywhere_says_the_year_was_assumed():
    d = dated("本报杭州3月5日电 今天，青石镇召开表彰会。\n")
    assert d.date == date(2026, 3, 5) and "no year" in d.reason and "no year" in d.as_dict()["reason"]
    # near miss: a year from the article's own figures, nothing assumed
    d = dated("本报杭州3月5日电 2024年，青石镇工业产值58亿元。\n")
    assert d.date == date(2025, 3, 5) and d.reason == ""


def test_a_report_dated_by_the_meeting_it_was_given_at():
    d = dated("青石镇人民政府工作报告\n\n2025年1月23日在青石镇第三届人民代表大会第二次会议上\n\n各位代表：过去一年……\n")
    assert d.date == date(2025, 1, 23) and kinds(d)[0] == "metadata"
    # a label that is a word of its own: 成文日期
    assert dated("索引号：A-2024\n成文日期: 2024-03-11\n\n政府工作报告\n").date == date(2024, 3, 11)
    # near miss: a meeting reported in a sentence is an event, not the date of writing
    d = dated("2025年1月23日在青石镇召开的大会上，镇长宣布了新目标。2025年是“十四五”收官之年。\n")
    assert d is None or d.date != date(2025, 1, 23)


def test_a_page_time_stamp_written_day_first():
    assert dated("青石镇新闻\n21.06.2017 03:12\n\n今年青石镇工业产值增长8%。\n").date == date(2017, 6, 21)
    # near miss: a version number or a score is no date
    assert dated("青石镇新闻\n版本 21.06.2017\n\n今年青石镇工业产值增长8%。\n") is None


def test_bulletin_and_reporter_datelines():
    assert dated("本报讯（记者 李四）12月3日，2025年是“十四五”收官之年，青石镇召开总结会。\n").date == date(2025, 12, 3)
    d = dated("4月17日，记者从青石镇统计站获悉，今年一季度全镇工业产值增长8%。2022年，全镇生产总值58亿元。\n")
    assert d.date == date(2023, 4, 17)


def test_an_event_date_at_the_start_is_no_dateline():
    d = dated("12月29日，青石新站将正式开通。2025年是“十四五”收官之年。今年1至11月，全镇工业产值增长8%。\n")
    assert kinds(d) == ["self-reference", "self-reference"]
    assert d.interval == (date(2025, 12, 1), date(2025, 12, 31)) and d.date == date(2025, 12, 16)


# --- self-references ---------------------------------------------------------------------------

def test_the_closing_year_of_a_plan():
    d = dated("2025年是“十四五”收官之年，青石镇交出一份答卷。\n")
    assert d.interval == (date(2025, 1, 1), date(2026, 3, 31)) and kinds(d) == ["self-reference"]
    # 今年 with the plan's name says the year without writing it
    assert dated("今年是“十四五”收官之年。\n").interval == (date(2025, 1, 1), date(2025, 12, 31))


def test_a_target_year_is_not_a_self_reference():
    assert dated("到2030年，青石镇生产总值力争达到100亿元。\n") is None


def test_the_opening_year_and_the_new_year():
    d = dated("2026年是“十五五”开局之年。\n\n2026年新年伊始，青石港汽笛长鸣。\n")
    assert d.interval == (date(2026, 1, 1), date(2026, 2, 28)) and d.date == date(2026, 1, 30)
    d = dated("岁末年初，辞旧迎新，2026年的青石镇处处是工地。\n")
    assert d.interval == (date(2025, 12, 1), date(2026, 2, 28))


def test_the_new_year_of_a_plan_in_the_future_is_no_evidence():
    # nothing ties "2031年" to the writing: it is a plan's start, after today
    assert dated("2031年是“十六五”开局之年。\n") is None


def test_figures_of_this_year_date_the_article_after_their_period():
    d = dated("2025年是“十四五”收官之年。截至今年11月，青石镇接待游客120万人次。\n")
    assert d.interval == (date(2025, 12, 1), date(2025, 12, 31))


def test_an_event_of_this_year_is_no_period_of_figures():
    d = dated("2025年是“十四五”收官之年。今年11月，青石新馆将开馆。\n")
    assert d.interval == (date(2025, 1, 1), date(2026, 3, 31))


def test_last_year_compared_with_a_year_written_out():
    d = dated("去年青石镇游客人数相比2024年提前一个月突破百万。\n")
    assert d.interval[0] == date(2026, 1, 1) and kinds(d) == ["self-reference"]


def test_last_year_beside_an_event_date_is_no_evidence():
    assert dated("去年12月7日，青石镇举办了首届茶文化节。\n") is None


def test_the_latest_full_year_bounds_the_date_from_below():
    d = dated("2023年，青石镇实现生产总值58亿元。2021年，青石镇实现生产总值50亿元。\n")
    assert d.interval == (date(2024, 1, 1), date(2024, 4, 30)) and kinds(d) == ["latest figures"]
    assert d.evidence[0].text.startswith("2023年")


@pytest.mark.parametrize("text", [
    "到2027年，青石镇生产总值达到80亿元。",  # a deadline
    "预计2026年，青石镇生产总值将达到70亿元。",  # a forecast
    "2027年，青石镇力争实现生产总值80亿元。",  # a target
    "2019年开港以来，青石港吞吐量突破1200万吨。",  # since a year: a span, not a year's results
])
def test_a_plan_or_a_span_is_not_a_year_of_results(text):
    assert dated(text + "\n") is None


def test_figures_of_this_year_pick_the_year_after_the_latest_full_year():
    d = dated("今年一季度，青石镇工业产值增长9%。2023年，全镇实现产值265亿元。\n")
    assert d.interval == (date(2024, 4, 1), date(2024, 7, 31))


def test_lesser_evidence_that_contradicts_is_dropped():
    # 收官之年 says 2025 (to early 2026); 今年1至11月 says December of its year: 2025
    d = dated("2025年是“十四五”收官之年。今年1至11月，全镇工业产值增长8%。2025年，青石镇实现生产总值60亿元。\n")
    assert d.interval == (date(2025, 12, 1), date(2025, 12, 31))


# --- resolving: option, policy, none -------------------------------------------------------------

def test_resolve_order():
    text = "发布时间：2023-04-19\n全镇工业产值增长8%。\n"
    n, starts = normalize(text), line_starts(text)
    assert resolve(n, starts, date(2024, 1, 1)).source == "option"
    assert resolve(n, starts, date(2024, 1, 1)).as_dict() is None
    assert resolve(n, starts, None, today=TODAY).date == date(2023, 4, 19)
    r = resolve(n, starts, None, use_article=False, today=TODAY)
    assert (r.date, r.source, r.as_dict()["reason"]) == (TODAY, "today", "date policy today")
    r = resolve("全镇工业产值增长8%。", [0], None, today=TODAY)
    assert (r.date, r.source, r.as_dict()["kind"]) == (TODAY, "today", "none")


# --- the command line --------------------------------------------------------------------------

@pytest.fixture
def undated(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("2025年12月3日，全市规上工业总产值达到3199亿元。\n", encoding="utf-8")
    return p


@pytest.fixture
def with_page_date(tmp_path):
    p = tmp_path / "b.txt"
    p.write_text("规上工业稳中有进\n发布时间：2025-12-03\n全市规上工业总产值达到3199亿元。\n", encoding="utf-8")
    return p


def test_text_report_says_when_there_is_no_date(capsys, undated):
    rc, out, _ = run(capsys, str(undated))
    today = date.today().isoformat()
    lines = out.rstrip().splitlines()
    assert f"no date in the article; using today ({today}); pass --date" in lines
    assert lines[-2].startswith("1 file(s),") and lines[-1].startswith("figures checked against the fact base:")


def test_text_report_says_where_the_date_came_from(capsys, with_page_date):
    rc, out, _ = run(capsys, str(with_page_date))
    assert "date 2025-12-03 from the article: metadata “发布时间:2025-12-03” (line 2)" in out
    assert "no date in the article" not in out
    rc, out, _ = run(capsys, "--date", "2026-01-10", str(with_page_date))  # nothing to say of an option
    assert "from the article" not in out and "no date in the article" not in out


def test_date_auto_and_today(capsys, with_page_date):
    rc, out, _ = run(capsys, "--format", "json", "--date", "auto", str(with_page_date))
    f = json.loads(out)["files"][0]
    assert (f["date"], f["date_source"], f["date_evidence"]["kind"]) == ("2025-12-03", "article", "metadata")
    rc, out, _ = run(capsys, "--format", "json", "--date", "today", str(with_page_date))
    f = json.loads(out)["files"][0]
    assert (f["date"], f["date_source"]) == (date.today().isoformat(), "today")
    assert f["date_evidence"]["reason"] == "date policy today"
    rc, out, _ = run(capsys, "--format", "text", "--date", "today", str(with_page_date))
    assert "no date in the article" not in out  # today was asked for


def test_date_auto_overrides_a_fixed_date_in_the_configuration(capsys, tmp_path, with_page_date):
    cfg = tmp_path / "qzcheck.toml"
    cfg.write_text('date = "2020-01-01"\n', encoding="utf-8")
    rc, out, _ = run(capsys, "--format", "json", "--config", str(cfg), str(with_page_date))
    assert json.loads(out)["files"][0]["date"] == "2020-01-01"
    rc, out, _ = run(capsys, "--format", "json", "--config", str(cfg), "--date", "auto", str(with_page_date))
    assert json.loads(out)["files"][0]["date"] == "2025-12-03"
    cfg.write_text('date = "auto"\n', encoding="utf-8")
    rc, out, _ = run(capsys, "--format", "json", "--config", str(cfg), str(with_page_date))
    assert json.loads(out)["files"][0]["date_source"] == "article"
    cfg.write_text('date = "today"\n', encoding="utf-8")
    rc, out, _ = run(capsys, "--format", "json", "--config", str(cfg), str(with_page_date))
    assert json.loads(out)["files"][0]["date_source"] == "today"


def test_date_auto_given_twice_or_out_of_range(capsys, with_page_date):
    rc, _, err = run(capsys, "--date", "auto", "--date", "today", str(with_page_date))
    assert rc == 2 and "twice" in err
    rc, _, err = run(capsys, "--date", "2201-01-01", str(with_page_date))
    assert rc == 2 and "between" in err


def test_each_file_of_a_folder_gets_its_own_date(capsys, tmp_path, undated, with_page_date):
    rc, out, _ = run(capsys, "--format", "json", str(tmp_path))
    files = {f["path"].rsplit("/", 1)[-1]: f for f in json.loads(out)["files"]}
    assert files["a.txt"]["date_source"] == "today" and files["b.txt"]["date"] == "2025-12-03"
    rc, out, _ = run(capsys, str(tmp_path))
    assert re.search(r"a\.txt: no date in the article; using today \(\d{4}-\d\d-\d\d\); pass --date", out)
    assert re.search(r"date of \S*b\.txt 2025-12-03 from the article", out)
