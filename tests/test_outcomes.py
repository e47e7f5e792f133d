"""What was checked, shown (issue 17, item 8): every claim's outcome and fact in the JSON report
and in `qzcheck claims`, the counts in the text summary, and the unchecked figures on demand (QZ103)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import run_cli

# 3199亿元 agrees with the fact of 2025; the growth of 2025 has no fact; 生产总值 of 2023 neither
ARTICLE = "去年衢州规上工业总产值达到3199亿元，增长8%。\n\n2023年衢州全社会研发投入强度为2.65%。\n"

run = run_cli


@pytest.fixture
def article(tmp_path) -> str:
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    return str(p)


def test_json_report_gives_each_claims_outcome_and_fact(capsys, article):
    rc, out, _ = run(capsys, "--format", "json", "--date", "2026-02-15", article)
    data = json.loads(out)
    outcomes = data["files"][0]["outcomes"]
    assert [(o["line"], o["text"], o["outcome"]) for o in outcomes] == [
        (1, "3199亿元", "agrees"), (1, "8%", "unverified"), (3, "2.65%", "unverified")]
    assert outcomes[0]["fact"] == "quzhou.industrial-output.2025" and outcomes[1]["fact"] is None
    assert data["summary"]["outcomes"] == {"agrees": 1, "disagrees": 0, "outdated": 0, "unverified": 2, "uncertain": 0}
    assert data["summary"]["claims"] == 3 and rc == 0


def test_a_disagreement_is_counted_as_such(capsys, tmp_path):
    p = tmp_path / "b.txt"
    p.write_text("去年衢州规上工业总产值达到3919亿元。\n", encoding="utf-8")
    rc, out, _ = run(capsys, "--format", "json", "--date", "2026-02-15", str(p))
    data = json.loads(out)
    assert [o["outcome"] for o in data["files"][0]["outcomes"]] == ["disagrees"]
    assert [f["rule"] for f in data["findings"]] == ["QZ100"] and rc == 1


def test_claims_command_shows_outcome_and_fact(capsys, monkeypatch, article):
    monkeypatch.setenv("COLUMNS", "200")
    rc, out, _ = run(capsys, "claims", "--format", "json", "--date", "2026-02-15", article)
    rows = json.loads(out)
    assert [(r["text"], r["outcome"], r["fact"]) for r in rows][:2] == [
        ("3199亿元", "agrees", "quzhou.industrial-output.2025"), ("8%", "unverified", None)]
    rc, out, _ = run(capsys, "claims", "--date", "2026-02-15", article)
    assert "outcome" in out and "agrees" in out


def test_text_summary_counts_what_was_checked(capsys, monkeypatch, article):
    monkeypatch.setenv("NO_COLOR", "1")
    rc, out, _ = run(capsys, "--date", "2026-02-15", article)
    assert out.splitlines()[-1] == (
        "figures checked against the fact base: 1 agree, 0 disagree, 0 outdated, 2 unverified, 0 uncertain")


def test_unchecked_figures_are_listed_only_on_demand(capsys, article):
    def rules(*extra):
        rc, out, _ = run(capsys, "--format", "json", "--date", "2026-02-15", *extra, article)
        return rc, [(f["rule"], f["text"], f["severity"]) for f in json.loads(out)["findings"]]

    assert rules() == (0, [])
    assert rules("--select", "QZ1") == (0, [])  # near miss: a prefix does not turn it on
    listed = [("QZ103", "8%", "info"), ("QZ103", "2.65%", "info")]
    assert rules("--unverified") == (0, listed)  # info never changes the exit code
    assert rules("--select", "QZ103") == (0, listed)
    assert rules("--unverified", "--ignore", "QZ103") == (0, [])


def test_unchecked_message_says_why(capsys, article):
    rc, out, _ = run(capsys, "--format", "json", "--date", "2026-02-15", "--unverified", article)
    messages = [f["message"] for f in json.loads(out)["findings"]]
    assert all("not checked" in m for m in messages)
    assert "2023" in messages[1]


def test_text_report_writes_a_fact_bound_as_copy_does(capsys, monkeypatch, tmp_path):
    # the fact 1600多亿元 was printed 多1600亿元
    monkeypatch.setenv("NO_COLOR", "1")
    p = tmp_path / "c.txt"
    p.write_text("2025年，丁市规上工业营业收入1750亿元。\n", encoding="utf-8")
    mini = str(Path(__file__).parent / "data" / "minifacts")
    rc, out, _ = run(capsys, "--date", "2026-03-01", "--facts", mini, str(p))
    assert "+ facts:   1600多亿元" in out and rc == 1
