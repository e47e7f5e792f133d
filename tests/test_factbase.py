"""Loading and validating the fact base: every error names its file and line; the CLI exits 2."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quzhou_check import factbase
from quzhou_check.cli import main
from quzhou_check.errors import FactBaseError

MINI = Path(__file__).parent / "data" / "minifacts"

GOOD = """
[[fact]]
id = "ding.test.2025"
entity = "丁市"
metric = "生产总值"
period = "2025"
value = 1
unit = "亿元"
kind = "actual"
source = "x.txt:1"
source_date = "2026-01"
"""


@pytest.fixture
def base(tmp_path) -> Path:
    d = tmp_path / "facts"
    shutil.copytree(MINI, d)
    return d


def write(base: Path, text: str) -> Path:
    p = base / "extra.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_shipped_fact_base_is_valid():
    fb = factbase.load()
    assert len(fb.facts) >= 200 and fb.home == "衢州"
    assert all(f.source.split(":")[0].endswith(".txt") for f in fb.facts)


def test_minifacts_valid(base):
    assert factbase.validate([base]) == []


@pytest.mark.parametrize(
    "change,needle,line",
    [
        (lambda t: t.replace('unit = "亿元"', 'unit = "亿美刀"'), "unknown unit", 2),
        (lambda t: t.replace('period = "2025"', 'period = "2025年"'), "bad period", 2),
        (lambda t: t.replace('period = "2025"', 'period = "2025/2021"'), "bad period", 2),
        (lambda t: t.replace('kind = "actual"', 'kind = "guess"'), "kind", 2),
        (lambda t: t.replace('source = "x.txt:1"', 'source = "x.txt"'), "FILE:LINE", 2),
        (lambda t: t.replace('entity = "丁市"', 'entity = "戊市"'), "unknown entity", 2),
        (lambda t: t.replace('metric = "生产总值"', 'metric = "产值"'), "unknown metric", 2),
        (lambda t: t.replace('value = 1\n', 'value = "一"\n'), "value must be a number", 2),
        (lambda t: t.replace('value = 1\n', ''), "missing field 'value'", 2),
        (lambda t: t.replace('kind = "actual"', 'kind = "actual"\ncolour = "red"'), "unknown field 'colour'", 2),
        (lambda t: t.replace('id = "ding.test.2025"', 'id = "ding.gdp.2025"'), "duplicate id", 2),
        (lambda t: t + "[[fact\n", "not valid TOML", 12),
    ],
)
def test_bad_record_names_file_and_line(base, change, needle, line):
    p = write(base, change(GOOD))
    errors = factbase.validate([base])
    assert errors, "expected an error"
    assert any(needle in e and f"{p}:{line}" in e for e in errors), errors


def test_two_values_for_one_key_need_marking(base):
    p = write(base, GOOD.replace('id = "ding.test.2025"', 'id = "ding.gdp.2025.again"').replace("value = 1\n", "value = 2500\n"))
    errors = factbase.validate([base])
    assert any("mark one" in e and f"{p}:2" in e and "2400" in e for e in errors), errors
    p.write_text(p.read_text(encoding="utf-8").replace('kind = "actual"', 'kind = "actual"\nstatus = "disputed"'), encoding="utf-8")
    (base / "facts.toml").write_text(
        (base / "facts.toml").read_text(encoding="utf-8").replace(
            'source = "made-up.txt:2"', 'source = "made-up.txt:2"\nstatus = "disputed"'), encoding="utf-8")
    assert factbase.validate([base]) == []


def test_load_raises_one_line(base):
    write(base, GOOD.replace('unit = "亿元"', 'unit = "亿美刀"'))
    with pytest.raises(FactBaseError) as e:
        factbase.load([base])
    assert "\n" not in str(e.value) and "extra.toml:2" in str(e.value)


def test_cli_exit_2_on_invalid_fact_base(base, tmp_path, capsys):
    write(base, GOOD.replace('kind = "actual"', 'kind = "guess"'))
    article = tmp_path / "a.txt"
    article.write_text("去年丁市生产总值2400亿元。", encoding="utf-8")
    assert main(["--facts", str(base), str(article)]) == 2
    err = capsys.readouterr().err
    assert "extra.toml:2" in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_facts_command_summary(capsys):
    assert main(["facts"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("fact base OK:") and "per entity: 衢州" in out and "per metric:" in out


def test_facts_command_lists_every_problem(base, capsys):
    write(base, GOOD.replace('kind = "actual"', 'kind = "guess"') + GOOD.replace("ding.test.2025", "ding.test.b").replace('unit = "亿元"', 'unit = "x"'))
    assert main(["facts", "--facts", str(base)]) == 2
    err = capsys.readouterr().err
    assert "extra.toml:2" in err and "extra.toml:13" in err and "2 problem(s)" in err


def test_fact_file_not_utf8_is_one_line_exit_2(base, tmp_path, capsys):
    (base / "extra.toml").write_bytes(GOOD.encode("gb18030"))
    article = tmp_path / "a.txt"
    article.write_text("去年丁市生产总值2400亿元。", encoding="utf-8")
    assert main(["--facts", str(base), str(article)]) == 2
    err = capsys.readouterr().err
    assert "extra.toml" in err and "UTF-8" in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


@pytest.mark.parametrize("make, said", [
    (lambda d: d, "fact base folder not found"),
    (lambda d: (d.mkdir(), d)[1], "fact base folder holds no .toml files"),  # a mistyped folder
    (lambda d: (d.write_text("x", encoding="utf-8"), d)[1], "is not a folder: a fact base is a folder of .toml files"),
], ids=["missing", "empty", "a-file"])
def test_cli_exit_2_on_a_fact_base_folder_that_is_not_one(tmp_path, capsys, make, said):
    # an empty folder would check every article against no facts at all, and pass it
    folder = make(tmp_path / "facts")
    article = tmp_path / "a.txt"
    article.write_text("去年丁市生产总值2400亿元。", encoding="utf-8")
    assert main(["--facts", str(folder), str(article)]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [f"qzcheck: {folder}: {said}"]
