"""The command line as users and CI meet it: exit codes, JSON shape, one-line errors."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import run_cli

ARTICLE = "衢州新材料产业快速发展\n\n2025年，衢州新材料产业链产值达1061亿元，同比增长12.5%。\n"

run = run_cli


@pytest.fixture
def article(tmp_path) -> Path:
    p = tmp_path / "article.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    return p


def test_json_report_shape(capsys, article):
    rc, out, err = run(capsys, "--format", "json", "--date", "2026-02-15", str(article))
    data = json.loads(out)
    assert data["version"] == 1
    head = {k: v for k, v in data["files"][0].items() if k != "outcomes"}
    assert head == {"path": str(article), "date": "2026-02-15", "date_source": "option", "encoding": "utf-8", "claims": 2}
    assert len(data["files"][0]["outcomes"]) == 2
    assert set(data["summary"]) == {"files", "claims", "error", "warning", "info", "outcomes"}
    assert data["summary"]["claims"] == 2
    assert rc == (1 if data["summary"]["error"] or data["summary"]["warning"] else 0)


def test_json_report_is_laid_out_as_the_spec_shows_it_one_file_and_one_finding_a_line(capsys, tmp_path):
    from quzhou_check.report.json_report import report_dict

    (tmp_path / "a.txt").write_text("2025年，衢州新材料产业链产值达1161亿元。\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE, encoding="utf-8")
    rc, out, err = run(capsys, "--format", "json", "--date", "2026-02-15", str(tmp_path))
    lines = out.splitlines()
    assert lines[:3] == ["{", '  "version": 1,', '  "files": [']
    assert lines[3].startswith('    {"path": ') and lines[3].endswith("},") and lines[5] == "  ],"
    assert lines[6] == '  "findings": [' and lines[7].startswith('    {"rule": "QZ100", ')
    assert lines[-2].startswith('  "summary": {"files": 2, ') and lines[-1] == "}"
    from datetime import date

    from quzhou_check.engine import Checker

    report = Checker().check_paths([str(tmp_path)], date(2026, 2, 15))
    assert json.loads(out) == report_dict(report)
    # no findings: an empty list, as json would write it
    rc, out, err = run(capsys, "--format", "json", "--date", "2026-02-15", "--select", "QZ3", str(tmp_path / "b.txt"))
    assert '  "findings": [],' in out.splitlines() and json.loads(out)["findings"] == []


def test_json_report_written_in_pieces_is_the_same_report(tmp_path, monkeypatch):
    from datetime import date

    from quzhou_check.engine import Checker
    from quzhou_check.report import json_report

    (tmp_path / "a.txt").write_text("2025年，衢州新材料产业链产值达1161亿元。\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE, encoding="utf-8")
    report = Checker().check_paths([str(tmp_path)], date(2026, 2, 15))
    whole = json_report.render(report)
    monkeypatch.setattr(json_report, "_PIECE", 50)  # a piece written after almost every line
    writes: list[str] = []

    class Out:
        write = writes.append

    json_report.write(report, Out())
    assert len(writes) > 3 and "".join(writes) == whole


def test_date_from_article_or_today(capsys, tmp_path):
    p = tmp_path / "a.txt"
    # the page's own date (a dated line under the headline), not the date of an event
    p.write_text("规上工业稳中有进\n发布时间：2025-12-03\n11月20日，全市规上工业总产值达到3199亿元。", encoding="utf-8")
    rc, out, _ = run(capsys, "--format", "json", str(p))
    assert json.loads(out)["files"][0]["date"] == "2025-12-03"
    assert json.loads(out)["files"][0]["date_source"] == "article"
    assert json.loads(out)["files"][0]["date_evidence"]["line"] == 2
    p.write_text("2025年12月3日，全市规上工业总产值达到3199亿元。", encoding="utf-8")  # an event's date
    rc, out, _ = run(capsys, "--format", "json", str(p))
    assert json.loads(out)["files"][0]["date_source"] == "today"
    assert json.loads(out)["files"][0]["date_evidence"]["reason"] == "no date in the article"


def test_text_report_has_summary(capsys, article):
    rc, out, err = run(capsys, "--date", "2026-02-15", str(article))
    assert "1 file(s), 2 claim(s), date 2026-02-15 (option)" in out


def test_claims_command(capsys, article):
    rc, out, err = run(capsys, "claims", "--format", "json", "--date", "2026-02-15", str(article))
    assert rc == 0
    claims = json.loads(out)
    assert [c["text"] for c in claims] == ["1061亿元", "12.5%"]
    assert claims[0]["line"] == 3 and claims[0]["column"] == 18 and claims[0]["period"] == "2025"


def test_stdin(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode("gb18030"))))
    rc, out, err = run(capsys, "--format", "json", "--date", "2026-02-15", "-")
    data = json.loads(out)
    assert data["files"][0]["path"] == "<stdin>" and data["files"][0]["encoding"] == "gb18030"


def test_directory_in_sorted_order(capsys, tmp_path):
    (tmp_path / "b.txt").write_text("去年全市生产总值达到2400亿元。", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.md").write_text("去年全市生产总值达到2400亿元。", encoding="utf-8")
    (tmp_path / "c.bin").write_bytes(b"\x00")
    rc, out, err = run(capsys, "--format", "json", "--date", "2026-02-15", str(tmp_path))
    assert [f["path"] for f in json.loads(out)["files"]] == [str(tmp_path / "b.txt"), str(tmp_path / "sub" / "a.md")]


@pytest.mark.parametrize(
    "setup,needle",
    [
        (lambda p: None, "no such file"),
        (lambda p: p.write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00"), "binary"),
        (lambda p: p.write_bytes(bytes(range(0x80, 0x100)) * 8), "cannot decode"),
        (lambda p: p.mkdir() or None, "no .txt or .md"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys, tmp_path, setup, needle):
    p = tmp_path / "input.txt"
    setup(p)
    rc, out, err = run(capsys, str(p))
    assert rc == 2
    assert needle in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err and out == ""


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b" \r\n\t\r\n", "\u3000\n".encode("utf-8")],
                         ids=["empty", "bom-only", "blank-lines", "full-width-space"])
def test_empty_file_is_exit_2(capsys, tmp_path, content):
    # an empty draft is bad input, not a clean report: a file saved before it was written, or a
    # wrong path in CI, would otherwise pass every check
    p = tmp_path / "empty.txt"
    p.write_bytes(content)
    rc, out, err = run(capsys, "--format", "json", str(p))
    assert rc == 2 and out == ""
    assert err.strip().splitlines() == [f"qzcheck: {p}: empty, no text to check"]


def test_empty_standard_input_is_exit_2(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    rc, out, err = run(capsys, "--format", "json", "-")
    assert rc == 2 and err.strip() == "qzcheck: <stdin>: empty, no text to check"


@pytest.mark.slow
def test_ten_megabyte_file(capsys, tmp_path):
    p = tmp_path / "big.txt"
    block = "".join(f"第{i}段：全市第{i}号企业去年产值达到{i}亿元，同比增长{i % 97}.5%。这是一段没有数字的说明文字，描述产业发展的背景和意义。\n" for i in range(1000))
    p.write_text(block * (10 * 1024 * 1024 // len(block.encode()) + 1), encoding="utf-8")
    rc, out, err = run(capsys, "--format", "json", "--date", "2026-02-15", "--select", "QZ9", str(p))
    assert rc in (0, 1) and json.loads(out)["files"][0]["claims"] > 100_000


@pytest.mark.parametrize(
    "args,needle",
    [
        (["--date", "2026-13-01", "x.txt"], "--date"),
        (["--format", "xml", "x.txt"], "format"),
        ([], "PATH"),
        (["--select", "ZZ1", "x.txt"], "unknown rule"),
        (["--facts", "/nonexistent", "x.txt"], "not found"),
    ],
)
def test_usage_errors_exit_2(capsys, args, needle):
    rc, out, err = run(capsys, *args)
    assert rc == 2 and needle in err and "Traceback" not in err


def test_version(capsys):
    rc, out, err = run(capsys, "--version")
    assert rc == 0 and out.startswith("qzcheck ")


def test_console_script_runs(tmp_path, article):
    proc = subprocess.run(
        [sys.executable, "-m", "quzhou_check", "--format", "json", "--date", "2026-02-15", str(article)],
        capture_output=True, text=True, encoding="utf-8",
    )
    assert proc.returncode in (0, 1), proc.stderr
    assert json.loads(proc.stdout)["summary"]["claims"] == 2
    assert proc.stderr == ""


def test_console_script_leaves_a_whole_report(tmp_path):
    # the command skips the interpreter's teardown (cli.run): what it wrote must still all be out,
    # and the exit code must still be the report's
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(30):
        (folder / f"a{i:02}.txt").write_text(ARTICLE.replace("1061", str(1000 + i)), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "quzhou_check", "--format", "json", "--date", "2026-02-15",
                           "-j", "2", str(folder)], capture_output=True, text=True, encoding="utf-8")
    data = json.loads(proc.stdout)
    assert data["summary"]["files"] == 30 and data["summary"]["claims"] == 60
    assert proc.returncode == (1 if data["summary"]["error"] or data["summary"]["warning"] else 0), proc.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_report_to_a_full_disk_is_exit_2(article):
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "quzhou_check", "--format", "json", "--date", "2026-02-15",
                               str(article)], stdout=full, stderr=subprocess.PIPE, text=True)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == ["qzcheck: cannot write the report: No space left on device"]


def test_a_json_run_loads_only_what_it_needs(article):
    # start-up is most of a check of one article: a JSON run imports no console library (rich) and
    # no validator (pydantic, which typer 0.29 loads for every option), jieba without pkg_resources,
    # no multiprocessing for one file, and the package's own files found by path, not importlib.resources
    unwanted = ("rich.console", "pydantic", "pkg_resources", "multiprocessing", "importlib.resources")
    code = ("import sys; from quzhou_check.cli import main; rc = main(sys.argv[1:]); "
            f"print(rc, sorted(m for m in {unwanted!r} if sys.modules.get(m)))")
    proc = subprocess.run([sys.executable, "-c", code, "--format", "json", "--date", "2026-02-15", str(article)],
                          capture_output=True, text=True)
    assert proc.stdout.strip().splitlines()[-1] == "0 []", proc.stdout + proc.stderr
