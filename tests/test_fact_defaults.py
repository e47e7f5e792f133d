"""Fact files leave out fields at their default; the loader fills them in from one table."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from quzhou_check import factbase
from quzhou_check.errors import FactBaseError

ROOT = Path(__file__).resolve().parent.parent
FACT_DIRS = [ROOT / "facts", ROOT / "tests/data/minifacts", ROOT / "tests/data/othercity/facts"]

_spec = importlib.util.spec_from_file_location("trim_facts", ROOT / "scripts/trim_facts.py")
trim_facts = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(trim_facts)

BLOCK = """\
# a comment that stays
[[fact]]
id = "ding.gdp.2023"
entity = "丁市"
metric = "生产总值"
aliases = []
period = "2023"
value = 2000
unit = "亿元"
qualifier = ""
kind = "actual"
source = "made-up.txt:9"
source_date = "2024-02"
status = "accepted"
note = ""   # kept: it carries a comment
"""


def test_every_optional_field_has_one_default_and_the_rest_are_required():
    for kind, fields in factbase.FIELDS.items():
        assert set(factbase.DEFAULTS[kind]) < set(fields)
        assert kind in factbase.__doc__ and all(f"``{k}" in factbase.__doc__ for k in factbase.DEFAULTS[kind])


def test_trim_removes_default_lines_only_and_keeps_comments_and_order():
    new, removed = trim_facts.trim(BLOCK)
    assert removed == [6, 10, 14]  # aliases, qualifier, status; the note line has a comment
    assert new.splitlines() == [line for n, line in enumerate(BLOCK.splitlines(), 1) if n not in removed]
    assert trim_facts._records(new) == trim_facts._records(BLOCK)


def test_a_value_that_only_looks_like_a_default_is_kept():
    text = BLOCK.replace('qualifier = ""', 'qualifier = "多"').replace('unit = "亿元"', 'unit = ""')
    _, removed = trim_facts.trim(text)
    assert removed == [6, 14]  # a fact's unit is required, so unit = "" stays; 多 is not the default


@pytest.mark.parametrize("folder", FACT_DIRS, ids=lambda p: p.name)
def test_shipped_fact_files_restate_no_default(folder):
    for path in sorted(folder.glob("*.toml")):
        assert trim_facts.trim(path.read_text(encoding="utf-8"))[1] == [], path


def test_left_out_fields_load_as_their_defaults(tmp_path):
    (tmp_path / "a.toml").write_text(
        'home = "丁市"\n[[entity]]\nname = "丁市"\nlevel = "city"\n\n[[metric]]\nname = "生产总值"\n\n'
        + BLOCK.replace('aliases = []\n', "").replace('status = "accepted"\n', ""), encoding="utf-8")
    fb = factbase.load([tmp_path])
    (fact,) = fb.facts
    assert (fact.aliases, fact.qualifier, fact.status, fact.note) == ((), "", "accepted", "")
    assert fb.entities["丁市"].parent is None and fb.entities["丁市"].aliases == () and fb.metrics["生产总值"].unit == ""


def test_an_error_in_a_trimmed_file_names_the_records_header_line(tmp_path):
    text = trim_facts.trim(BLOCK)[0] + "\n" + trim_facts.trim(BLOCK.replace("2023", "2024").replace('"亿元"', '"亿头"'))[0]
    (tmp_path / "e.toml").write_text('home = "丁市"\n[[entity]]\nname = "丁市"\nlevel = "city"\n\n'
                                     '[[metric]]\nname = "生产总值"\n' + text, encoding="utf-8")
    lines = (tmp_path / "e.toml").read_text(encoding="utf-8").splitlines()
    second = [n for n, line in enumerate(lines, 1) if line == "[[fact]]"][1]
    with pytest.raises(FactBaseError) as e:
        factbase.load([tmp_path])
    assert e.value.errors == [f"{tmp_path / 'e.toml'}:{second}: ding.gdp.2024: unknown unit '亿头'"]
