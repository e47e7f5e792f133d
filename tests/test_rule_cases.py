"""Each rule's cases as data, and each rule's documented example, run through the real pipeline.

tests/rules/QZnnn.toml holds one rule's cases (in the manner of sqlfluff's YAML fixtures):

    facts = "minifacts"          # the fact base of every case: minifacts (tests/data/minifacts,
                                 # made up: 丁市 and its district 甲区) or shipped (facts/)
    date = 2026-03-01            # the article's date of every case

    [[fail]]                     # the text raises exactly these findings of the file's rule,
    text = "2025年，丁市全社会研发投入强度达到2.65%。"    # in order, and no finding of any other
    flagged = ["2.65%"]
    note = "transposed digits"   # optional: what the case shows

    [[pass]]                     # the text raises no finding at all
    text = "2025年，丁市全社会研发投入强度达到2.56%。"

A case may set its own ``facts`` or ``date``, and give ``texts = [...]`` instead of ``text``: several
articles checked in one run (QZ300). Every rule runs, with the file's rule selected even when it is
off by default (QZ103). Every rule code has a file with at least one pass and one fail case.

The second half runs each rule's docstring: its *Example* must raise the rule and its *Use instead*
must not (the conventions for writing them are in quzhou_check/rules/__init__.py).
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from quzhou_check import factbase
from quzhou_check.engine import Checker, Options
from quzhou_check.rules import RULES, _load_rule_modules

ROOT = Path(__file__).resolve().parents[1]
CASES = Path(__file__).parent / "rules"
FACT_BASES = {"minifacts": ROOT / "tests" / "data" / "minifacts", "shipped": ROOT / "facts"}
CASE_KEYS = {"text", "texts", "date", "facts", "flagged", "note"}
_load_rule_modules()


@cache
def checker(facts: str) -> Checker:
    return Checker(factbase.load([FACT_BASES[facts]]))


def run(code: str, texts: list[str], facts: str, d: date, tmp_path: Path) -> list[tuple[str, str]]:
    """(rule, flagged text) of every finding of one run over the texts, as the CLI makes it."""
    paths = []
    for i, text in enumerate(texts):
        p = tmp_path / f"{'abcdefgh'[i]}.txt"
        p.write_text(text, encoding="utf-8")
        paths.append(str(p))
    report = checker(facts).check_paths(paths, d, options=Options(select=["QZ", code]))
    assert not report.failures
    for f in report.findings:
        assert f.severity == RULES[f.rule].severity
    return [(f.rule, f.text) for f in report.findings]


def _cases():
    for path in sorted(CASES.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        top = {k: v for k, v in data.items() if k not in ("pass", "fail")}
        for outcome in ("fail", "pass"):
            for i, case in enumerate(data.get(outcome, []), 1):
                yield pytest.param(path.stem, outcome, {**top, **case}, id=f"{path.stem}-{outcome}-{i}")


@pytest.mark.parametrize("code,outcome,case", list(_cases()))
def test_rule_case(code, outcome, case, tmp_path):
    assert set(case) <= CASE_KEYS, f"unknown keys {set(case) - CASE_KEYS}"
    assert ("text" in case) != ("texts" in case), "a case gives text or texts"
    texts = case["texts"] if "texts" in case else [case["text"]]
    found = run(code, texts, case["facts"], case["date"], tmp_path)
    if outcome == "fail":
        assert case.get("flagged"), "a fail case says what its rule flags"
        assert found == [(code, t) for t in case["flagged"]], case.get("note", "")
    else:
        assert "flagged" not in case
        assert found == [], case.get("note", "")


def test_every_rule_has_a_case_file_with_a_pass_and_a_fail():
    files = {p.stem: tomllib.loads(p.read_text(encoding="utf-8")) for p in CASES.glob("*.toml")}
    assert set(files) == set(RULES)
    for code, data in files.items():
        assert data.get("pass") and data.get("fail"), code


# ---- the documentation's examples ----------------------------------------------------------------

_MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july",
                                       "august", "september", "october", "november", "december"], 1)}
_REMARK = re.compile(r"\(([a-z][^()]*)\)")
_ARTICLE_OF = re.compile(r"an article of (?:([A-Z][a-z]+) )?(\d{4})")
DOC_DATE = date(2026, 2, 15)


def _section(doc: str, title: str) -> str:
    m = re.search(rf"^## {title}\n(.*?)(?=^## |\Z)", doc, re.S | re.M)
    assert m, f"no ## {title}"
    return m.group(1).strip()


def articles(section: str) -> tuple[list[str], date]:
    """The copy of an Example or Use instead section, as articles, and the article's date."""
    d = DOC_DATE
    for remark in _REMARK.findall(section):
        m = _ARTICLE_OF.search(remark)
        if m:
            d = date(int(m.group(2)), _MONTHS[m.group(1).lower()], 15) if m.group(1) else date(int(m.group(2)), 7, 1)
    copy = _REMARK.sub("", section).replace("……", "\n\n")
    parts = [p.strip() for p in re.split(r"\b[a-z]\.txt:", copy)]
    return [p for p in parts if p], d


def _documented():
    for code in sorted(RULES):
        for title, raises in (("Example", True), ("Use instead", False)):
            yield pytest.param(code, title, raises, id=f"{code}-{title.split()[0].lower()}")


@pytest.mark.parametrize("code,title,raises", list(_documented()))
def test_documented_example(code, title, raises, tmp_path):
    texts, d = articles(_section(RULES[code].doc, title))
    assert texts and not any(re.search(r"[a-z]{2,}", re.sub(r"<!--.*?-->", "", t)) for t in texts), texts  # copy, no prose
    found = [rule for rule, _ in run(code, texts, "shipped", d, tmp_path)]
    assert (code in found) == raises, (texts, d, found)


def test_the_example_conventions_are_read():
    assert articles("(an article of 2026) 衢州列全国城市创新能力百强榜第58位。") == (
        ["衢州列全国城市创新能力百强榜第58位。"], date(2026, 7, 1))
    assert articles("(an article of November 2023, with a remark) 目前通航城市25个。")[1] == date(2023, 11, 15)
    assert articles("a.txt: 甲。  b.txt: 乙。")[0] == ["甲。", "乙。"]
    assert articles("甲。……乙。（2025年）")[0] == ["甲。\n\n乙。（2025年）"]  # full-width brackets are copy
