"""--fix changes only the figure's bytes, or nothing (issue 16).

Each case runs the real command in-process and compares the file's bytes before and after: either
exactly the wrong figure's bytes became the right figure's bytes, or the file is byte-identical and
standard error says why (``qzcheck: not fixed: PATH: reason``)."""

from __future__ import annotations

import codecs
import dataclasses
import os
import stat
from datetime import date

import pytest

from quzhou_check import fix
from quzhou_check.cli import main

DATE = ("--date", "2026-02-15")
# 全社会研发投入强度 2025 is 2.56% in the shipped fact base; 2.7 is wrong and one character shorter
WRONG = "2025年，衢州全社会研发投入强度达到2.7%。\n"
RIGHT = "2025年，衢州全社会研发投入强度达到2.56%。\n"
MORE = "全市上下凝心聚力，稳中求进。\n"


def run(capsys, *args):
    rc = main([*DATE, *map(str, args)])
    out, err = capsys.readouterr()
    return rc, out, err


def only_figure_changed(before: bytes, after: bytes, old: bytes, new: bytes) -> None:
    assert before.count(old) == 1, "the figure must be unique in the test article"
    assert after == before.replace(old, new), (before, after)


def untouched_with_reason(before: bytes, path, err: str, *words: str) -> None:
    assert path.read_bytes() == before
    lines = [line for line in err.splitlines() if line.startswith("qzcheck: not fixed: ")]
    assert len(lines) == 1 and str(path) in lines[0], err
    for w in words:
        assert w in lines[0], lines[0]


def article(tmp_path, text=WRONG + MORE, name="a.txt", encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


# ---- one file under several names -----------------------------------------------------------------

def test_a_file_named_twice_is_fixed_once(capsys, tmp_path):
    p = article(tmp_path)
    before = p.read_bytes()
    rc, _, err = run(capsys, "--fix", p, p, tmp_path / "." / "a.txt")
    only_figure_changed(before, p.read_bytes(), "2.7%".encode(), "2.56%".encode())
    assert err.count("qzcheck: fixed") == 1 and rc == 0


@pytest.mark.parametrize("with_file", [True, False])
def test_a_hard_link_is_fixed_once_and_stays_a_link(capsys, tmp_path, with_file):
    p = article(tmp_path)
    link = tmp_path / "b.txt"
    os.link(p, link)
    before = p.read_bytes()
    rc, _, err = run(capsys, "--fix", *([p] if with_file else []), link)
    only_figure_changed(before, p.read_bytes(), "2.7%".encode(), "2.56%".encode())
    assert os.path.samefile(p, link) and os.stat(p).st_nlink == 2
    assert err.count("qzcheck: fixed") == 1 and rc == 0


@pytest.mark.parametrize("also_target", [False, True])
def test_a_symlink_has_its_target_fixed_and_stays_a_link(capsys, tmp_path, also_target):
    real = tmp_path / "store"
    real.mkdir()
    p = article(real)
    link = tmp_path / "link.txt"
    link.symlink_to(p)
    before = p.read_bytes()
    rc, _, err = run(capsys, "--fix", link, *([p] if also_target else []))
    assert link.is_symlink() and os.readlink(link) == str(p)
    only_figure_changed(before, p.read_bytes(), "2.7%".encode(), "2.56%".encode())
    assert err.count("qzcheck: fixed") == 1 and rc == 0
    assert sorted(os.listdir(tmp_path)) == ["link.txt", "store"] and os.listdir(real) == ["a.txt"]


# ---- only finite values ---------------------------------------------------------------------------

@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf"), float("1e309")])
def test_a_non_finite_fact_is_never_written(capsys, monkeypatch, tmp_path, value):
    # the fact base's validator refuses such values too; the fixer must not trust it to
    real = fix.Known.the_fact

    def poisoned(self, f):
        fact = real(self, f)
        return None if fact is None else dataclasses.replace(fact, value=value)

    monkeypatch.setattr(fix.Known, "the_fact", poisoned)
    p = article(tmp_path)
    before = p.read_bytes()
    rc, out, err = run(capsys, "--fix", p)
    untouched_with_reason(before, p, err, "finite")
    rc, out, err = run(capsys, "--fix-diff", p)
    assert "+++" not in out and "finite" in err


def test_small_values_are_written_in_plain_digits():
    assert fix._number(0.0000004) == "0.0000004"
    assert fix._number(2.56) == "2.56" and fix._number(3199.0000000000005) == "3199"
    with pytest.raises(ValueError):
        fix._number(float("nan"))


# ---- the file changed while it was checked ----------------------------------------------------------

def _edit_during(monkeypatch, p, when: str):
    real = fix.plan

    def plan_then_edit(report, fb):
        if when == "before plan":
            p.write_bytes(p.read_bytes() + "编辑追加的一句。\n".encode())
        fixes = real(report, fb)
        if when == "after plan":
            p.write_bytes(p.read_bytes() + "编辑追加的一句。\n".encode())
        return fixes

    monkeypatch.setattr(fix, "plan", plan_then_edit)


@pytest.mark.parametrize("when", ["before plan", "after plan"])
def test_an_edit_made_during_the_run_is_kept(capsys, monkeypatch, tmp_path, when):
    p = article(tmp_path)
    _edit_during(monkeypatch, p, when)
    rc, _, err = run(capsys, "--fix", p)
    edited = (WRONG + MORE + "编辑追加的一句。\n").encode()
    untouched_with_reason(edited, p, err, "changed since it was checked")
    assert rc == 2


# ---- the encoding, byte for byte ------------------------------------------------------------------

def test_utf16_big_endian_stays_big_endian(capsys, tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(codecs.BOM_UTF16_BE + (WRONG + MORE).encode("utf-16-be"))
    before = p.read_bytes()
    rc, _, err = run(capsys, "--fix", p)
    only_figure_changed(before, p.read_bytes(), "2.7%".encode("utf-16-be"), "2.56%".encode("utf-16-be"))
    assert rc == 0


def test_utf8_bom_and_crlf_are_kept(capsys, tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(codecs.BOM_UTF8 + (WRONG + MORE).replace("\n", "\r\n").encode())
    before = p.read_bytes()
    rc, _, err = run(capsys, "--fix", p)
    only_figure_changed(before, p.read_bytes(), b"2.7%", b"2.56%")


@pytest.mark.parametrize("pair", ["f9f9", "f9fd", "a2cc", "a2ce"])
def test_big5_that_would_not_survive_a_rewrite_is_refused(capsys, tmp_path, pair):
    # cp950 decodes these pairs to characters it encodes as other pairs (F9F9 -> ═ -> A2A4)
    text = "2025年，衢州全社會研發投入強度達到2.7%。\n"
    p = tmp_path / "a.txt"
    p.write_bytes(text.encode("cp950") + bytes.fromhex(pair) + "說明。\n".encode("cp950"))
    before = p.read_bytes()
    rc, out, err = run(capsys, "--fix", p)
    untouched_with_reason(before, p, err, "would not survive")
    assert rc == 1  # the finding stays, and says so


def test_big5_that_round_trips_changes_only_the_figure(capsys, tmp_path):
    text = "2025年，衢州全社會研發投入強度達到2.7%。\n說明。\n"
    p = article(tmp_path, text, encoding="cp950")
    before = p.read_bytes()
    rc, _, err = run(capsys, "--fix", p)
    only_figure_changed(before, p.read_bytes(), b"2.7%", b"2.56%")


# ---- owner, group, mode, extended attributes, read-only -----------------------------------------------

@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a file away needs root")
def test_owner_group_mode_and_xattrs_are_kept(capsys, tmp_path):
    p = article(tmp_path)
    os.chown(p, 4321, 4322)
    os.chmod(p, 0o640)
    try:
        os.setxattr(p, "user.qzcheck", b"reviewed")
        xattrs = True
    except (OSError, AttributeError):
        xattrs = False
    before = p.read_bytes()
    rc, _, err = run(capsys, "--fix", p)
    only_figure_changed(before, p.read_bytes(), b"2.7%", b"2.56%")
    st = os.stat(p)
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (4321, 4322, 0o640)
    if xattrs:
        assert os.getxattr(p, "user.qzcheck") == b"reviewed"
    assert os.listdir(tmp_path) == ["a.txt"]  # no temporary file left


def test_a_read_only_file_is_refused(capsys, tmp_path):
    p = article(tmp_path)
    os.chmod(p, 0o444)
    before = p.read_bytes()
    rc, _, err = run(capsys, "--fix", p)
    untouched_with_reason(before, p, err, "read-only")
    assert rc == 2 and stat.S_IMODE(os.stat(p).st_mode) == 0o444


# ---- the span replaced is the figure ------------------------------------------------------------

@pytest.mark.parametrize("written,fixed", [
    ("2.6\u200b5%", "2.56%"),  # a zero-width space inside a wrong figure
    ("2.\u200b65%", "2.56%"),
    ("2.6\u200e5%", "2.56%"),  # a direction mark
])
def test_an_invisible_character_inside_a_figure(capsys, tmp_path, written, fixed):
    # read as one figure, the whole of it (invisible character and all) is replaced; read as two,
    # the file is refused: never a figure rewritten beside the rest of itself
    text = f"2025年，衢州全社会研发投入强度达到{written}。\n" + MORE
    p = article(tmp_path, text)
    before = p.read_bytes()
    rc, _, err = run(capsys, "--fix", p)
    if p.read_bytes() == before:
        untouched_with_reason(before, p, err, "runs on")
    else:
        only_figure_changed(before, p.read_bytes(), written.encode(), fixed.encode())


def test_a_zero_width_space_after_the_first_digit(capsys, tmp_path):
    # 1​061亿元: read as 061亿元 (61 for 1061) it must not become 1​1061亿元
    text = "2025年，衢州新材料产业链产值达到1\u200b061亿元。\n" + MORE
    p = article(tmp_path, text)
    before = p.read_bytes()
    rc, _, err = run(capsys, "--fix", p)
    assert p.read_bytes() == before  # refused, or (read through the space) nothing wrong to fix
    assert "qzcheck: fixed" not in err
    if rc == 1:  # read as 61亿元, a wrong figure: refused, and why
        untouched_with_reason(before, p, err, "runs on")


def test_a_span_that_is_not_the_claim_is_refused(tmp_path):
    # whatever the extractor reads, the fixer replaces a span only when it holds the claim's figure
    from quzhou_check.engine import Checker
    from quzhou_check.models import Report

    p = article(tmp_path)
    checker = Checker()
    report = checker.check_paths([str(p)], date(2026, 2, 15))
    [f] = [f for f in report.findings if f.rule in fix.FIXABLE]
    moved = dataclasses.replace(f.claim, start=f.claim.start - 1, end=f.claim.end - 1)
    report = Report(report.files, [dataclasses.replace(f, claim=moved)])
    [planned] = fix.plan(report, checker.facts)
    assert planned.new is None and "not the figure read" in planned.reason
