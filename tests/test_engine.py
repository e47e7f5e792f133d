"""The engine's runs over many files: worker processes, what they send back, the collector pause."""

from __future__ import annotations

import gc
import pickle
import shutil
from datetime import date
from pathlib import Path

import pytest

from quzhou_check.engine import Checker, Options
from quzhou_check.models import PackedClaims
from quzhou_check.report.json_report import render

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
D = date(2026, 2, 15)


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker()


@pytest.fixture
def folder(tmp_path) -> Path:
    """The examples (their cross-article contradictions included) and a suppressed copy of one."""
    for p in EXAMPLES.glob("*.txt"):
        shutil.copy(p, tmp_path / p.name)
    text = (EXAMPLES / "quzhou-briefing.txt").read_text(encoding="utf-8")
    (tmp_path / "zz-suppressed.txt").write_text("<!-- qzcheck: disable QZ3 a draft of the briefing -->\n" + text, encoding="utf-8")
    return tmp_path


def test_two_workers_report_what_one_process_does(checker, folder):
    one = checker.check_paths([str(folder)], D, None, Options(jobs=1))
    two = checker.check_paths([str(folder)], D, None, Options(jobs=2))
    assert {f.rule for f in one.findings} >= {"QZ100"}
    # a cross-article disagreement, folded into the fact finding on its figure (issue 17)
    assert any(r.path != f.path for f in one.findings for r in f.related)
    assert render(two) == render(one)
    assert [list(r.claims) for r in two.files] == [list(r.claims) for r in one.files]
    assert two.findings == one.findings
    # what a library caller reads of each file does not depend on which process read it
    assert [r.document for r in two.files] == [r.document for r in one.files]


def test_packed_claims_count_without_unpacking_and_read_like_a_list(checker):
    claims = checker.check_paths([str(EXAMPLES / "quzhou-briefing.txt")], D).files[0].claims
    packed = pickle.loads(pickle.dumps(PackedClaims(claims)))
    assert len(packed) == len(claims) and packed._items is None  # the number alone unpacks nothing
    assert packed == claims and list(packed) == claims and packed[-1] == claims[-1]
    assert pickle.loads(pickle.dumps(packed)) == claims  # once unpacked, it still pickles
    # a claim pickles as its fields in order (Claim.__reduce__); claims that shared a period still do
    again = pickle.loads(pickle.dumps(claims))
    assert again == claims and [repr(c) for c in again] == [repr(c) for c in claims]
    same = [(i, j) for i in range(len(claims)) for j in range(i) if claims[i].period is claims[j].period]
    assert same and all(again[i].period is again[j].period for i, j in same)


def test_a_run_leaves_no_cyclic_garbage(checker, folder):
    # the collector is paused during a run: that is safe only while a run makes no reference cycles
    checker.check_paths([str(folder)], D)
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        checker.check_paths([str(folder)], D, None, Options(jobs=1))
        assert gc.collect() == 0
    finally:
        if was:
            gc.enable()


def test_the_collector_is_restored_after_a_run(checker, folder):
    assert gc.isenabled()
    report = checker.check_paths([str(folder)], D, None, Options(jobs=1))
    assert gc.isenabled()
    # what the run kept is counted as long-lived (the oldest generation), not left for the next
    # young collection to walk; nothing stays frozen
    claim = report.files[0].claims[0]
    assert any(o is claim for o in gc.get_objects(generation=2)) and gc.get_freeze_count() == 0
    # a caller's own frozen objects are left as they are
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        checker.check_paths([str(folder)], D, None, Options(jobs=1))
        assert gc.get_freeze_count() <= frozen  # none added (some may have been freed meanwhile)
    finally:
        gc.unfreeze()
    gc.disable()
    try:
        checker.check_paths([str(folder)], D, None, Options(jobs=1))
        assert not gc.isenabled()  # a caller's own choice is kept
    finally:
        gc.enable()


def test_bad_files_are_failures_of_their_own_alike_in_one_process_and_in_several(checker, folder):
    # each bad file is its own failure, in the files' order, whichever process met it; the good
    # files are checked (issue 16: before, the first bad file stopped the run)
    for name in ("b-binary.txt", "c-binary.txt"):
        (folder / name).write_bytes(b"\x00\x01\x02binary\xff\xfe" * 50)

    seen = []
    for jobs in (1, 2):
        report = checker.check_paths([str(folder)], D, None, Options(jobs=jobs))
        seen.append(([Path(x.path).name for x in report.failures], [x.message for x in report.failures],
                     [r.path for r in report.files], len(report.findings)))
    assert seen[0] == seen[1]
    assert seen[0][0] == ["b-binary.txt", "c-binary.txt"] and len(seen[0][2]) > 0


def test_progress_counts_every_file_in_a_parallel_run(checker, folder):
    seen = []
    report = checker.check_paths([str(folder)], D, None, Options(jobs=2, progress=lambda done, total: seen.append((done, total))))
    n = len(report.files)
    assert seen and seen[-1] == (n, n) and all(t == n for _, t in seen)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_the_default_number_of_processes_waits_for_files_enough_to_repay_one(monkeypatch):
    # a second process costs about 30 ms to start and warm up: 2 files are read faster by one
    from quzhou_check import engine

    monkeypatch.setattr(engine.os, "cpu_count", lambda: 4)
    assert [engine.default_jobs(n) for n in (1, 2, 15, 16, 24, 32, 600)] == [1, 1, 1, 2, 3, 4, 4]
    monkeypatch.setattr(engine.os, "cpu_count", lambda: None)
    assert engine.default_jobs(600) == 1


def test_a_few_files_are_read_in_this_process_by_default(checker, folder, monkeypatch):
    from quzhou_check import parallel

    def no(*a, **k):
        raise AssertionError("forked for a few files")

    monkeypatch.setattr(parallel, "run", no)
    report = checker.check_paths([str(folder)], D, None, Options(jobs=None))
    assert 1 < len(report.files) < 8


def test_a_run_hands_what_it_no_longer_needs_to_a_caller_that_retains_it(checker, folder):
    kept: list = []
    report = checker.check_paths([str(folder)], D, None, Options(jobs=1, retain=kept))
    assert len(kept) == 1 and len(kept[0]) == len(report.files)  # the verdicts, one list a file
    assert render(report) == render(checker.check_paths([str(folder)], D, None, Options(jobs=1)))
