"""Whole-system tests: the real command line, in a fresh process, on the bundled example articles
(simplified UTF-8, traditional Big5, GB18030 with CRLF), in text and JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def qzcheck(*args, env=None):
    return subprocess.run([sys.executable, "-m", "quzhou_check", *args], capture_output=True, text=True,
                          encoding="utf-8", env=env)


def check(*files):
    proc = qzcheck("--format", "json", "--date", "2026-02-15", *map(str, files))
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def report():
    """Each example checked on its own: no cross-article rule."""
    out = {"files": [], "findings": []}
    for p in sorted(EXAMPLES.glob("*.txt")):
        r = check(p)
        out["files"] += r["files"]
        out["findings"] += r["findings"]
    return out


def findings(report, name):
    return [(f["rule"], f["line"], f["column"], f["text"]) for f in report["findings"] if f["path"].endswith(name)]


def test_examples_checked_together_contradict_each_other():
    r = check(EXAMPLES)
    # each QZ300 sits on the figure the fact base disputes too, and is folded into that finding
    assert not [f for f in r["findings"] if f["rule"] == "QZ300"]
    cross = sorted((f["path"].rsplit("/", 1)[-1], f["text"], f["related"][0]["text"]) for f in r["findings"]
                   if f.get("related") and f["related"][0]["path"] != f["path"])
    assert cross == [
        ("quzhou-briefing.txt", "2.58亿标箱", "2.58万标箱"),  # on the one the fact base disputes too
        ("quzhou-briefing.txt", "2.65%", "2.56%"),
        ("quzhou-briefing.txt", "第58位", "第49位"),
        ("quzhou-traditional-big5.txt", "18家", "22家"),
    ]


def test_briefing(report):
    assert findings(report, "quzhou-briefing.txt") == [
        ("QZ100", 7, 56, "2.65%"),
        ("QZ101", 7, 76, "第58位"),
        ("QZ102", 9, 18, "2.58亿标箱"),
    ]


def test_traditional_big5(report):
    f = next(f for f in report["files"] if f["path"].endswith("quzhou-traditional-big5.txt"))
    assert f["encoding"] == "big5"
    assert findings(report, "quzhou-traditional-big5.txt") == [("QZ101", 5, 34, "18家")]


def test_gb18030_crlf(report):
    f = next(f for f in report["files"] if f["path"].endswith("qujiang-gb18030.txt"))
    assert f["encoding"] == "gb18030"
    [finding] = [x for x in report["findings"] if x["path"].endswith("qujiang-gb18030.txt")]
    assert (finding["rule"], finding["line"], finding["column"], finding["text"]) == ("QZ100", 5, 74, "9.5%")
    assert finding["claim"]["entity"] == "衢江区" and finding["claim"]["period"] == "2025-01/2025-09"
    assert finding["fact"]["value"] == 5.9 and finding["fact"]["source"].startswith("002_")


def test_clean_example_exits_0():
    proc = qzcheck("--date", "2026-02-15", str(EXAMPLES / "quzhou-clean.txt"))
    assert proc.returncode == 0
    assert "0 error(s), 0 warning(s)" in proc.stdout


def test_text_report_without_colour():
    env = dict(os.environ, NO_COLOR="1")
    proc = qzcheck("--date", "2026-02-15", str(EXAMPLES / "quzhou-briefing.txt"), env=env)
    assert proc.returncode == 1
    out = proc.stdout
    assert "\x1b[" not in out
    assert "quzhou-briefing.txt:7:56: QZ100 [error]" in out
    assert "- article: 2.65%" in out and "+ facts:   2.56%" in out and "000_414c09f3d001759d.txt:43" in out
    assert out.rstrip().splitlines()[-2].startswith("1 file(s),")
    assert out.rstrip().splitlines()[-1].startswith("figures checked against the fact base: 13 agree, 2 disagree")


def test_select_and_ignore():
    path = str(EXAMPLES / "quzhou-briefing.txt")
    proc = qzcheck("--format", "json", "--date", "2026-02-15", "--select", "QZ10", "--ignore", "QZ101", path)
    assert sorted({f["rule"] for f in json.loads(proc.stdout)["findings"]}) == ["QZ100", "QZ102"]
    proc = qzcheck("--format", "json", "--date", "2026-02-15", "--select", "QZ101", path)
    assert [f["rule"] for f in json.loads(proc.stdout)["findings"]] == ["QZ101"]
