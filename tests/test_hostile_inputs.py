"""Input that someone else wrote, or that is not what it claims to be: nothing in it runs, and
nothing about it ends a run in a traceback. Each refusal is one line on stderr and exit 2.

(The tests run as root in CI; files of "another user" are made with os.chown to nobody, 65534.)
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import run_cli

from quzhou_check import cache, factbase

MINI = Path(__file__).parent / "data" / "minifacts"
NOBODY = 65534
ARTICLE = "2025年，衢州新材料产业链产值达1061亿元，同比增长12.5%。\n"

needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")


def cli(*args, **kw) -> subprocess.CompletedProcess:
    """``python -m quzhou_check ARGS`` in a process of its own, with the code under test."""
    env = dict(kw.pop("env", os.environ), PYTHONPATH=str(Path(factbase.__file__).parents[1]))
    return subprocess.run([*kw.pop("prefix", []), sys.executable, "-m", "quzhou_check", *map(str, args)],
                          capture_output=True, text=True, timeout=kw.pop("timeout", 60), env=env, **kw)


run = run_cli


def one_line_error(rc: int, err: str, *words: str) -> None:
    """Exit 2 and one line on stderr, no traceback, holding each of ``words``."""
    assert rc == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "internal error" not in err and "Traceback" not in err, err
    for w in words:
        assert w in err, err


@pytest.fixture
def article(tmp_path) -> Path:
    p = tmp_path / "article.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    return p


# -- 1. the cache runs no one else's code ------------------------------------------------------


class _Planted:
    """Unpickled, it creates the file ``marker``: proof that a pickle was read."""

    def __init__(self, marker: Path):
        self.marker = str(marker)

    def __reduce__(self):
        return open, (self.marker, "w")


@pytest.fixture
def cached_base(tmp_path, monkeypatch):
    """A fact base whose validated copy is in a fresh cache folder; every entry there is then
    replaced by a planted pickle. Returns (facts folder, cache folder, marker)."""
    monkeypatch.setattr(factbase, "CACHE_FROM_BYTES", 0)
    monkeypatch.setattr(cache, "_warned", False, raising=False)
    folder = tmp_path / "cache"
    monkeypatch.setenv("QZCHECK_CACHE_DIR", str(folder))
    facts = tmp_path / "facts"
    shutil.copytree(MINI, facts)
    factbase.load([facts])
    marker = tmp_path / "MARKER"
    entries = list(folder.glob("factbase-*.pickle"))
    assert len(entries) == 1
    for e in entries:
        e.write_bytes(pickle.dumps(_Planted(marker)))
        os.chmod(e, 0o600)
    return facts, folder, marker


def test_a_planted_entry_in_a_private_folder_is_read(cached_base):
    """The control of the tests below: the planted pickle, when trusted, does run."""
    facts, folder, marker = cached_base
    factbase.load([facts])
    assert marker.exists()


def test_a_cache_folder_others_may_write_is_not_used(cached_base, capsys):
    facts, folder, marker = cached_base
    os.chmod(folder, 0o777)
    assert len(factbase.load([facts]).facts) > 0
    assert len(factbase.load([facts]).facts) > 0
    assert not marker.exists()
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(folder) in err[0]  # one warning a process, naming the folder
    assert list(folder.glob("factbase-*.pickle"))[0].read_bytes().count(b"MARKER") == 1  # not rewritten


def test_a_group_writable_entry_is_not_read(cached_base):
    facts, folder, marker = cached_base
    for e in folder.glob("factbase-*.pickle"):
        os.chmod(e, 0o620)
    assert len(factbase.load([facts]).facts) > 0
    assert not marker.exists()


@needs_root
def test_an_entry_owned_by_another_user_is_not_read(cached_base):
    facts, folder, marker = cached_base
    for e in folder.glob("factbase-*.pickle"):
        os.chown(e, NOBODY, NOBODY)
    assert len(factbase.load([facts]).facts) > 0
    assert not marker.exists()


@needs_root
def test_a_cache_folder_owned_by_another_user_is_not_used(cached_base, capsys):
    facts, folder, marker = cached_base
    os.chown(folder, NOBODY, NOBODY)
    assert len(factbase.load([facts]).facts) > 0
    assert not marker.exists()
    assert str(folder) in capsys.readouterr().err


def test_an_entry_that_is_a_symbolic_link_is_not_read(cached_base, tmp_path):
    facts, folder, marker = cached_base
    for e in folder.glob("factbase-*.pickle"):
        planted = tmp_path / "elsewhere.pickle"
        e.rename(planted)
        e.symlink_to(planted)
    assert len(factbase.load([facts]).facts) > 0
    assert not marker.exists()


def test_a_cache_folder_that_is_a_symbolic_link_is_not_used(cached_base, tmp_path, monkeypatch):
    facts, folder, marker = cached_base
    link = tmp_path / "link"
    link.symlink_to(folder)
    monkeypatch.setenv("QZCHECK_CACHE_DIR", str(link))
    assert len(factbase.load([facts]).facts) > 0
    assert not marker.exists()


def test_a_new_cache_folder_is_private(tmp_path, monkeypatch):
    monkeypatch.setenv("QZCHECK_CACHE_DIR", str(tmp_path / "new" / "cache"))
    cache.put("demo-1", 1)
    assert (tmp_path / "new" / "cache").stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "new" / "cache" / "demo-1.pickle").stat().st_mode & 0o077 == 0
    assert cache.get("demo-1") == 1


# -- 2. git runs nothing the checked repository's configuration names --------------------------

BAD = "2025年，衢州全社会研发投入强度达到2.65%。\n"  # the fact base says 2.56%


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


@pytest.fixture
def hostile_repo(tmp_path) -> tuple[Path, Path]:
    """A repository with a committed and then changed draft, whose .git/config names a command
    (that creates a file in ``markers``) everywhere git would run one: file-system monitor, hooks,
    a clean filter and a textconv driver named by .gitattributes, an external diff, a pager."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo, markers = tmp_path / "repo", tmp_path / "markers"
    repo.mkdir()
    markers.mkdir()
    _git(repo, "init", "-q")
    (repo / "a.txt").write_text(BAD, encoding="utf-8")
    (repo / ".gitattributes").write_text("*.txt filter=evil diff=evil\n", encoding="utf-8")
    _git(repo, "add", ".")
    _git(repo, "-c", "user.name=qz", "-c", "user.email=qz@example.com", "commit", "-qm", "first")
    (repo / "a.txt").write_text(BAD + BAD, encoding="utf-8")
    script = tmp_path / "evil.sh"
    script.write_text(f'#!/bin/sh\ntouch "{markers}/$$"\ncat\n', encoding="utf-8")
    script.chmod(0o755)
    for key in ("core.fsmonitor", "core.pager", "diff.external", "filter.evil.clean", "filter.evil.process",
                "diff.evil.textconv", "diff.evil.command"):
        _git(repo, "config", key, str(script))
    _git(repo, "config", "filter.evil.required", "true")
    _git(repo, "config", "core.hooksPath", str(tmp_path / "hooks"))
    return repo, markers


def test_checking_a_folder_runs_no_command_of_its_git_config(hostile_repo, capsys):
    repo, markers = hostile_repo
    rc, out, err = run(capsys, "--date", "2026-02-15", repo)
    assert rc in (0, 1), err
    assert list(markers.iterdir()) == []


def test_diff_runs_no_command_of_its_git_config(hostile_repo, capsys):
    repo, markers = hostile_repo
    rc, out, err = run(capsys, "--format", "json", "--date", "2026-02-15", "--diff", "HEAD", repo / "a.txt")
    assert rc in (0, 1), err
    assert list(markers.iterdir()) == []
    assert [f["line"] for f in json.loads(out)["findings"]] == [2]  # the line changed, and only it


# -- 4. fact files are regular files of bounded size --------------------------


def _facts_with(tmp_path, name: str, make) -> Path:
    folder = tmp_path / "facts"
    shutil.copytree(MINI, folder)
    make(folder / name)
    return folder


def test_a_device_as_the_fact_base_is_refused(article, capsys):
    one_line_error(*run(capsys, "--facts", "/dev/zero", article)[::2], "/dev/zero", "not a folder")


def test_a_device_named_toml_in_the_fact_base_is_refused(tmp_path, article, capsys):
    facts = _facts_with(tmp_path, "zero.toml", lambda p: p.symlink_to("/dev/zero"))
    one_line_error(*run(capsys, "--facts", facts, article)[::2], "zero.toml", "not a regular file")


def test_a_fifo_in_the_fact_base_is_refused_without_waiting(tmp_path, article):
    facts = _facts_with(tmp_path, "pipe.toml", os.mkfifo)
    proc = cli("--facts", facts, article, timeout=20)
    one_line_error(proc.returncode, proc.stderr, "pipe.toml", "not a regular file")


def test_an_oversized_fact_file_is_refused(tmp_path, article, capsys):
    facts = _facts_with(tmp_path, "huge.toml", lambda p: os.truncate(p.open("w").name, factbase.MAX_FILE_BYTES + 1))
    one_line_error(*run(capsys, "--facts", facts, article)[::2], "huge.toml", "too large", "64 MiB")


# -- 5. fact values and TOML that Python cannot hold ---------------------------------------------


@pytest.mark.parametrize("literal", ["nan", "inf", "-inf", "1e309", "1e300", "9" * 4000],
                         ids=["nan", "inf", "-inf", "overflow", "absurd", "4000-digits"])
def test_a_fact_value_that_is_not_a_finite_figure_is_refused(tmp_path, article, capsys, literal):
    def edit(p: Path):
        p.write_text((MINI / "facts.toml").read_text(encoding="utf-8").replace("value = 2400", f"value = {literal}", 1),
                     encoding="utf-8")

    facts = _facts_with(tmp_path, "facts.toml", edit)
    rc, _, err = run(capsys, "--facts", facts, article)
    one_line_error(rc, err, "facts.toml:", "finite")


def test_an_integer_past_pythons_digit_limit_is_one_line(tmp_path, article, capsys):
    facts = _facts_with(tmp_path, "more.toml", lambda p: p.write_text("\n\nx = " + "9" * 5000 + "\n"))
    one_line_error(*run(capsys, "--facts", facts, article)[::2], "more.toml:3:", "not valid TOML")


DEEP = "a = " + "[" * 100_000 + "]" * 100_000 + "\n"


def test_deeply_nested_toml_is_one_line(tmp_path, article, capsys):
    facts = _facts_with(tmp_path, "deep.toml", lambda p: p.write_text(DEEP))
    one_line_error(*run(capsys, "--facts", facts, article)[::2], "deep.toml", "nested too deeply")


# -- 6. a fact base with no facts is no fact base --------------------------------------------------


@pytest.mark.parametrize("content", ["", "# nothing yet\n", 'home = "丁市"\n[[entity]]\nname = "丁市"\nlevel = "city"\n'],
                         ids=["empty-file", "comment", "entities-only"])
def test_a_fact_base_with_no_facts_is_refused(tmp_path, article, capsys, content):
    folder = tmp_path / "facts"
    folder.mkdir()
    (folder / "a.toml").write_text(content, encoding="utf-8")
    one_line_error(*run(capsys, "--facts", folder, article)[::2], str(folder), "no [[fact]]")


# -- 3. configurations: one found upwards is used only when no one else may have written it; any
# is a regular file of bounded size, and TOML that Python cannot hold is one line ---------

SILENCE_ALL = '[tool.qzcheck]\nignore = ["QZ"]\n'


@pytest.fixture
def bad_draft(tmp_path) -> Path:
    """A draft with a wrong figure (exit 1) in a folder of its own."""
    folder = tmp_path / "drafts"
    folder.mkdir()
    p = folder / "a.txt"
    p.write_text(BAD, encoding="utf-8")
    return p


def test_a_configuration_in_a_folder_anyone_may_write_is_ignored(bad_draft, capsys):
    (bad_draft.parent / "qzcheck.toml").write_text(SILENCE_ALL, encoding="utf-8")
    os.chmod(bad_draft.parent, 0o777)
    rc, out, err = run(capsys, "--date", "2026-02-15", bad_draft)
    assert rc == 1  # the rules ran
    assert len(err.strip().splitlines()) == 1 and str(bad_draft.parent / "qzcheck.toml") in err


def test_a_configuration_others_may_write_is_ignored(bad_draft, capsys):
    cfg = bad_draft.parent / "qzcheck.toml"
    cfg.write_text(SILENCE_ALL, encoding="utf-8")
    os.chmod(cfg, 0o666)
    rc, out, err = run(capsys, "--date", "2026-02-15", bad_draft)
    assert rc == 1 and str(cfg) in err


@needs_root
def test_a_configuration_of_another_user_is_ignored(bad_draft, capsys):
    cfg = bad_draft.parent.parent / "pyproject.toml"  # found one folder up
    cfg.write_text(SILENCE_ALL, encoding="utf-8")
    os.chown(cfg, NOBODY, NOBODY)
    rc, out, err = run(capsys, "--date", "2026-02-15", bad_draft)
    assert rc == 1 and str(cfg) in err


def test_a_trusted_configuration_and_an_explicit_one_are_used(bad_draft, capsys):
    cfg = bad_draft.parent / "qzcheck.toml"
    cfg.write_text(SILENCE_ALL, encoding="utf-8")
    assert run(capsys, "--date", "2026-02-15", bad_draft)[:3:2] == (0, "")
    os.chmod(cfg, 0o666)
    assert run(capsys, "--config", cfg, "--date", "2026-02-15", bad_draft)[:3:2] == (0, "")


def test_an_oversized_or_special_configuration_is_refused(tmp_path, article, capsys):
    from quzhou_check import config

    cfg = tmp_path / "qzcheck.toml"
    cfg.write_text("# padding\n", encoding="utf-8")
    os.truncate(cfg, config.MAX_BYTES + 1)
    one_line_error(*run(capsys, "--date", "2026-02-15", article)[::2], "qzcheck.toml", "too large")
    one_line_error(*run(capsys, "--config", "/dev/zero", article)[::2], "/dev/zero", "regular file")
    cfg.unlink()
    cfg.write_bytes(b"ignore = ['\xff']\n")
    one_line_error(*run(capsys, "--date", "2026-02-15", article)[::2], "qzcheck.toml", "UTF-8")


def test_a_deeply_nested_configuration_is_one_line(article, capsys):
    (article.parent / "qzcheck.toml").write_text(DEEP)
    one_line_error(*run(capsys, article)[::2], "qzcheck.toml", "nested too deeply")


# -- 7. dates no calendar arithmetic can hold, and paths that cannot be walked ------------------

RELATIVE = "去年衢州规上工业总产值达到3199亿元，前年为3000亿元，5年来年均增长8%。\n"


@pytest.mark.parametrize("given", ["0001-01-01", "9999-12-31", "1899-12-31", "2201-01-01", "a.txt=0001-01-01"])
def test_a_date_outside_1900_to_2200_is_a_usage_error(tmp_path, capsys, given):
    a = tmp_path / "a.txt"
    a.write_text(RELATIVE, encoding="utf-8")
    one_line_error(*run(capsys, "--date", given, a)[::2], "--date", "1900-01-01", "2200-12-31")


@pytest.mark.parametrize("value", ['"0001-01-01"', "0001-01-01", "9999-12-31"])
def test_a_configured_date_outside_1900_to_2200_is_refused(tmp_path, capsys, value):
    a = tmp_path / "a.txt"
    a.write_text(RELATIVE, encoding="utf-8")
    (tmp_path / "qzcheck.toml").write_text(f"date = {value}\n", encoding="utf-8")
    one_line_error(*run(capsys, a)[::2], "qzcheck.toml", "date", "1900-01-01")


def test_the_edges_of_the_date_range_are_accepted(tmp_path, capsys):
    a = tmp_path / "a.txt"
    a.write_text(RELATIVE, encoding="utf-8")
    for d in ("1900-01-01", "2200-12-31"):
        rc, _, err = run(capsys, "--date", d, a)
        assert rc in (0, 1) and err == ""


def test_a_loop_of_symbolic_links_is_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("loop").symlink_to("loop")
    one_line_error(*run(capsys, "loop")[::2], "loop", "symbolic links")
    Path("drafts").mkdir()
    Path("drafts/a.txt").write_text(BAD, encoding="utf-8")
    one_line_error(*run(capsys, "drafts", "loop")[::2], "loop", "symbolic links")


def test_a_folder_that_cannot_be_listed_is_an_error_naming_it(tmp_path, monkeypatch):
    from quzhou_check import engine
    from quzhou_check.errors import InputError

    (tmp_path / "drafts" / "locked").mkdir(parents=True)
    (tmp_path / "drafts" / "a.txt").write_text(BAD, encoding="utf-8")
    (tmp_path / "drafts" / "locked" / "b.txt").write_text(BAD, encoding="utf-8")
    scandir = os.scandir

    def refusing(path):  # what a folder of mode 000 does to anyone but root
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)
    with pytest.raises(InputError, match=r"drafts/locked: cannot read folder \(Permission denied\)"):
        engine.expand_paths([str(tmp_path / "drafts")])


@needs_root
def test_a_folder_mode_000_is_exit_2_for_a_user_who_cannot_list_it(tmp_path):
    """The same, for real: the check runs as nobody, in a tree it may read but one folder."""
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv is not installed")
    as_nobody = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    if cli("--version", prefix=as_nobody, cwd="/").returncode != 0:
        # a checkout inside a private folder (mktemp -d is 0700): nobody cannot even start the code
        pytest.skip("nobody cannot read the code under test where it is checked out")
    import tempfile

    top = Path(tempfile.mkdtemp(prefix="qzcheck-nobody-"))
    try:
        top.chmod(0o755)
        shutil.copytree(MINI, top / "facts")
        (top / "drafts" / "locked").mkdir(parents=True)
        (top / "drafts" / "a.txt").write_text(BAD, encoding="utf-8")
        (top / "drafts" / "locked" / "b.txt").write_text(BAD, encoding="utf-8")
        (top / "drafts" / "locked").chmod(0o000)
        env = dict(os.environ, QZCHECK_CACHE_DIR=str(top / "no-cache"), HOME=str(top))
        proc = cli("--facts", top / "facts", "--date", "2026-02-15", top / "drafts", env=env, cwd=str(top),
                   prefix=as_nobody)
        one_line_error(proc.returncode, proc.stderr, str(top / "drafts" / "locked"), "cannot read folder")
    finally:
        (top / "drafts" / "locked").chmod(0o755)
        shutil.rmtree(top)
