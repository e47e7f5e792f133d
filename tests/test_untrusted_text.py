"""Odd text and odd runs: invisible characters in figures, absurd figures, a file that cannot be
checked among good ones, hostile file names, Ctrl-C and an empty path (issue 16)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from helpers import only, run_cli

D = date(2026, 2, 15)
WRONG = "去年衢州规上工业总产值达到1061亿元。\n"  # the fact base says 3199亿元 for 2025
RIGHT = "去年衢州规上工业总产值达到3199亿元。\n"


run = run_cli


def _write(folder: Path, name: str, text: str) -> str:
    p = folder / name
    p.write_text(text, encoding="utf-8")
    return str(p)


# --- invisible characters -------------------------------------------------------------------

def test_a_zero_width_space_inside_a_figure_neither_changes_nor_splits_it(claims_of):
    text = "去年衢州规上工业总产值达到1\u200b061亿元。"
    c = only(claims_of(text), "1\u200b061亿元")
    assert c.value == 1061
    assert (c.start, c.end) == (text.index("1"), text.index("元") + 1)  # the span covers the mark
    assert (c.line, c.column, c.end_column) == (1, 14, 21)


def test_direction_marks_around_a_figure_do_not_hide_it(checker):
    doc = checker.document("去年衢州规上工业总产值达到\u200f1061\u200e亿元。")
    _, findings = checker.check_document(doc, D)
    assert [(f.rule, f.text) for f in findings] == [("QZ100", "1061\u200e亿元")]


def test_near_miss_marks_between_two_figures_keep_them_apart(claims_of):
    claims = claims_of("去年衢州规上工业总产值达到3199亿元\u200b，增长\u200d8.9%。")
    assert [c.value for c in claims] == [3199, 8.9]


# --- absurd figures ------------------------------------------------------------------------

def test_a_figure_of_hundreds_of_digits_is_no_claim(claims_of):
    assert claims_of("去年衢州规上工业总产值达到" + "9" * 400 + "亿元。") == []
    assert claims_of("去年衢州规上工业总产值达到" + "9" * 308 + "亿元。") == []  # finite, times 亿 is not


def test_json_report_never_holds_nan_or_infinity(capsys, tmp_path):
    big = _write(tmp_path, "big.txt", "去年衢州规上工业总产值达到" + "9" * 309 + "亿元，增长" + "9" * 320 + "%。\n")
    rc, out, err = run(capsys, "--format", "json", "--date", "2026-02-15", big, _write(tmp_path, "ok.txt", RIGHT))

    def refuse(name):
        raise AssertionError(f"JSON holds {name}")

    json.loads(out, parse_constant=refuse)
    assert rc == 0, err


# --- one file that cannot be checked ----------------------------------------------------------

def _bad_inputs(tmp_path: Path) -> list[str]:
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    return [str(tmp_path / "missing.txt"), str(tmp_path / "binary.txt"), _write(tmp_path, "empty.txt", "  \n")]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_that_fails_is_its_own_failure_and_the_others_are_checked(capsys, tmp_path, jobs):
    wrong = _write(tmp_path, "wrong.txt", WRONG)
    bad = _bad_inputs(tmp_path)
    rc, out, err = run(capsys, "--format", "json", "--date", "2026-02-15", "-j", jobs, bad[0], wrong, *bad[1:])
    data = json.loads(out)
    assert [f["path"] for f in data["files"]] == [wrong]
    assert [f["rule"] for f in data["findings"]] == ["QZ100"]
    assert [e["path"] for e in data["errors"]] == bad
    lines = err.strip().splitlines()
    assert len(lines) == 3 and all(line.startswith("qzcheck: ") for line in lines)
    assert rc == 2


def test_near_miss_a_run_with_no_failure_has_no_errors_key(capsys, tmp_path):
    rc, out, err = run(capsys, "--format", "json", "--date", "2026-02-15", _write(tmp_path, "ok.txt", RIGHT))
    assert "errors" not in json.loads(out) and rc == 0 and err == ""


def test_a_bug_met_on_one_file_fails_that_file_only(checker, tmp_path, monkeypatch):
    real = checker.extractor.extract

    def extract(doc, d):
        if doc.path.endswith("trap.txt"):
            raise ZeroDivisionError("a bug")
        return real(doc, d)

    monkeypatch.setattr(checker.extractor, "extract", extract)
    paths = [_write(tmp_path, "trap.txt", RIGHT), _write(tmp_path, "wrong.txt", WRONG)]
    report = checker.check_paths(paths, D)
    assert [r.path for r in report.files] == [paths[1]]
    assert [f.rule for f in report.findings] == ["QZ100"]
    assert [(x.path, "internal error: ZeroDivisionError" in x.message) for x in report.failures] == [(paths[0], True)]


# --- file names that would write to the terminal or the CI log -------------------------------

def test_visible_escapes_control_and_invisible_characters_only():
    from quzhou_check.normalize import visible

    assert visible("bad\nname\x1b[31m.txt") == "bad\\nname\\x1b[31m.txt"
    assert visible("1\u200b061亿元") == "1\\u200b061亿元"
    assert visible("衢州 2025年.txt") == "衢州 2025年.txt"  # near miss: nothing to escape


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_a_file_name_cannot_inject_lines_or_escapes(capsys, tmp_path, fmt):
    name = _write(tmp_path, "a\n::error::forged\x1b[2J.txt", WRONG)
    rc, out, err = run(capsys, "--format", fmt, "--date", "2026-02-15", name)
    assert rc == 1
    assert "\x1b" not in out
    assert not any(line.startswith("::error::forged") for line in out.splitlines())
    rc, out, err = run(capsys, name + "-gone")
    assert rc == 2 and "\x1b" not in err and len(err.strip().splitlines()) == 1


# --- small ones -----------------------------------------------------------------------------

def test_an_empty_path_is_a_usage_error_not_the_current_folder(capsys):
    rc, out, err = run(capsys, "")
    assert rc == 2 and "empty path" in err and out == ""
    rc, out, err = run(capsys, "claims", "")
    assert rc == 2 and "empty path" in err


def test_ctrl_c_says_interrupted_and_exits_130():
    exe = Path(sys.executable).with_name("qzcheck")
    proc = subprocess.Popen([str(exe), "--date", "2026-02-15", "-"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        time.sleep(1.5)  # started and waiting for standard input, which never ends
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
    finally:
        proc.kill()
    assert proc.returncode == 130
    assert err.decode().strip() == "qzcheck: interrupted"
