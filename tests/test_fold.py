"""One finding per wrong figure (issue 17, item 6): QZ201 and QZ300 on the span of a fact-base
finding fold into it, and QZ201 sits on the figure the fact base says is wrong."""

from __future__ import annotations

from datetime import date

from quzhou_check.engine import Options

D = date(2026, 2, 15)
WRONG_FIRST = "去年衢州规上工业总产值达到1061亿元。\n\n2025年，衢州规上工业总产值为3199亿元。\n"  # the fact: 3199
RIGHT = "去年衢州规上工业总产值达到3199亿元。\n"


def _check(checker, tmp_path, texts, **opts):
    paths = []
    for i, text in enumerate(texts):
        p = tmp_path / f"{i}.txt"
        p.write_text(text, encoding="utf-8")
        paths.append(str(p))
    report = checker.check_paths(paths, D, None, Options(jobs=1, **opts))
    return [(f.rule, f.path[-5:], f.line, [(r.path[-5:], r.line) for r in f.related]) for f in report.findings]


def test_a_wrong_figure_gets_one_finding_with_the_others_related(checker, tmp_path):
    assert _check(checker, tmp_path, [RIGHT, WRONG_FIRST]) == [
        ("QZ100", "1.txt", 1, [("1.txt", 3), ("0.txt", 1)])]


def test_self_contradiction_sits_on_the_figure_the_fact_base_says_is_wrong(checker, tmp_path):
    assert _check(checker, tmp_path, [WRONG_FIRST], select=["QZ201"]) == [("QZ201", "0.txt", 1, [("0.txt", 3)])]


def test_near_miss_figures_the_fact_base_cannot_settle_keep_their_own_finding(checker, tmp_path):
    # no fact for 2018: the later figure is flagged against the earlier, as before
    text = "2018年衢州规上工业总产值为2800亿元。\n\n2018年，衢州规上工业总产值达到2900亿元。\n"
    assert _check(checker, tmp_path, [text]) == [("QZ201", "0.txt", 3, [("0.txt", 1)])]
