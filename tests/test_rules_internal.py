"""QZ200 (arithmetic), QZ201 (an article against itself) and QZ300 (articles against each other),
on sentences written for these tests: each shape with a hit and a near-miss that must stay clean.
These rules need no fact base, so the places here are unknown to it (丙市, 丙县). The plain cases (a
sentence and the findings it raises) are data: tests/rules/QZ200.toml, QZ201.toml and QZ300.toml."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import opencc
import pytest

from quzhou_check import factbase
from quzhou_check.cli import main
from quzhou_check.engine import Checker, check_text

MINI = Path(__file__).parent / "data" / "minifacts"
D = date(2026, 2, 15)


@pytest.fixture(scope="module")
def fb():
    return factbase.load([MINI])


def found(fb, text, d=D):
    return [(f.rule, f.text) for f in check_text(text, date=d, facts=fb).findings]


def test_qz200_traditional_and_json(fb):
    text = opencc.OpenCC("s2t").convert("丙市外贸总额从2020年的358.4亿元增长到2024年的537.6亿元，总额翻番。")
    report = check_text(text, date=D, facts=fb)
    [f] = report.findings
    assert (f.rule, f.text, f.line, f.column) == ("QZ200", "翻番", 1, text.index("翻番") + 1)
    assert [c.text for c in f.related] == ["358.4億元", "537.6億元"]
    assert "×1.5" in f.message


def test_qz201_names_the_other_place(fb):
    [f] = check_text("2025年丙市生产总值2400亿元。\n\n2025年，丙市生产总值达到2500亿元。", date=D, facts=fb).findings
    assert f.line == 3 and f.related[0].line == 1 and "line 1" in f.message


def _two(tmp_path, a: str, b: str):
    pa, pb = tmp_path / "a.txt", tmp_path / "b.txt"
    pa.write_text(a, encoding="utf-8")
    pb.write_text(b, encoding="utf-8")
    return str(pa), str(pb)


def test_qz300_between_articles(fb, tmp_path):
    pa, pb = _two(tmp_path, "2025年丙市上市公司达到22家。", "2025年，丙市上市公司达到20家。")
    report = Checker(fb).check_paths([pa, pb], D)
    [f] = report.findings
    assert (f.rule, f.path, f.text) == ("QZ300", pb, "20家")
    assert f.related[0].path == pa and pa in f.message


def test_claims_about_the_same_thing_share_one_key_object_and_the_table_of_keys_is_bounded(fb, tmp_path, monkeypatch):
    from quzhou_check.rules import _same

    pa, pb = _two(tmp_path, "2025年丙市上市公司达到22家。", "2025年，丙市上市公司达到22家。")
    checker, opts = Checker(fb), None
    ka, kb = ([k for _, _, k, _ in checker.judge_file(checker.read(p, D), opts)[1]] for p in (pa, pb))
    assert ka and ka == kb and all(x is y for x, y in zip(ka, kb))  # one object: pickled once a batch
    monkeypatch.setattr(_same, "_INTERNED", {})
    for i in range(5000):
        _same._interned(("丙市", f"指标{i}"))
    assert len(_same._INTERNED) <= 4096


def test_qz300_time_series_is_not_a_contradiction(fb, tmp_path):
    pa, pb = _two(tmp_path, "2023年丙市上市公司达到18家。", "2025年，丙市上市公司达到22家。")
    assert Checker(fb).check_paths([pa, pb], D).findings == []
    # "now" figures of articles of different dates are a series too
    pa, pb = _two(tmp_path, "目前，丙市上市公司达到18家。", "目前，丙市上市公司达到22家。")
    dates = [("a.txt", date(2024, 6, 1)), ("b.txt", date(2026, 2, 1))]
    assert Checker(fb).check_paths([pa, pb], None, dates).findings == []
    report = Checker(fb).check_paths([pa, pb], date(2026, 2, 1))
    assert [f.rule for f in report.findings] == ["QZ300"]


def test_unknown_place_gets_internal_rules(fb, tmp_path):
    assert found(fb, "丙市出口额从100亿元增长到200亿元，增长2倍。") == [("QZ200", "2倍")]
    pa, pb = _two(tmp_path, "2025年丙市生产总值2400亿元。", "2025年丙市生产总值2500亿元。")
    assert [f.rule for f in Checker(fb).check_paths([pa, pb], D).findings] == ["QZ300"]


def test_date_per_file_option(tmp_path, capsys):
    import json

    pa, pb = _two(tmp_path, "去年丙市生产总值2400亿元。", "去年丙市生产总值2400亿元。")
    rc = main(["--format", "json", "--date", "a.txt=2025-03-01", "--date", "*.txt=2026-03-01", pa, pb])
    files = json.loads(capsys.readouterr().out)["files"]
    assert [(f["date"], f["date_source"]) for f in files] == [("2025-03-01", "option"), ("2026-03-01", "option")]
    assert rc == 0  # 去年 is 2024 in one and 2025 in the other: no contradiction


@pytest.mark.parametrize(
    "text,expected",
    [
        # 占X的Z% with no 比重 after the whole: the share of the part before it (it was not computed)
        ("2024年，丁市地区生产总值5000亿元，其中第一产业增加值150亿元，占地区生产总值的4.5%。", ["QZ200"]),
        ("2024年，丁市地区生产总值5000亿元，其中第一产业增加值150亿元，占地区生产总值的3.0%。", []),
        # near miss: the whole named (出口总值) is not a figure whose words name more (进出口总值)
        ("一季度，丁市进出口总值1900亿元，其中机电产品出口700亿元，占全市出口总值的41.7%。", []),
        ("一季度，丁市进出口总值1900亿元，其中机电产品出口700亿元，占全市出口总值的比重为41.7%。", []),
    ],
)
def test_share_of_a_whole_named_before_the_figure(text, expected):
    from quzhou_check.engine import check_text

    report = check_text(text, date=date(2025, 3, 1))
    assert [f.rule for f in report.findings if f.rule == "QZ200"] == expected
