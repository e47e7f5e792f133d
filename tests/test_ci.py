"""qzcheck in CI and the newsroom: output formats (golden files), SARIF's required properties,
exit policy, configuration, suppressions, --diff, --fix, stdin and the pre-commit hook."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import run_cli

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden"
BRIEFING = "examples/quzhou-briefing.txt"
BAD = "2025年，衢州全社会研发投入强度达到2.65%。\n"
GOOD = "2025年，衢州全社会研发投入强度达到2.56%。\n"

run = run_cli


# ---- golden files: one per format ---------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_golden(capsys, monkeypatch, fmt):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    rc, out, err = run(capsys, "--format", fmt, "--date", "2026-02-15", BRIEFING)
    assert rc == 1 and err == ""
    out = out.replace(ROOT.as_uri(), "file://<ROOT>")
    golden = GOLDEN / f"briefing.{fmt}"
    if os.environ.get("QZCHECK_UPDATE_GOLDEN"):
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


def test_sarif_has_what_github_code_scanning_requires(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    rc, out, _ = run(capsys, "--format", "sarif", "--date", "2026-02-15", BRIEFING)
    sarif = json.loads(out)
    assert json.loads(json.dumps(sarif, ensure_ascii=False)) == sarif  # round-trips
    assert sarif["version"] == "2.1.0" and "$schema" in sarif
    run_ = sarif["runs"][0]
    assert run_["columnKind"] == "unicodeCodePoints"
    driver = run_["tool"]["driver"]
    assert driver["name"] == "qzcheck" and driver["version"]
    ids = [r["id"] for r in driver["rules"]]
    assert {"QZ100", "QZ101", "QZ102", "QZ200", "QZ201", "QZ300"} <= set(ids)
    for r in driver["rules"]:
        assert r["shortDescription"]["text"] and r["fullDescription"]["text"] and r["help"]["text"]
        assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")
    assert run_["results"]
    for res in run_["results"]:
        assert res["ruleId"] in ids and res["level"] in ("error", "warning", "note") and res["message"]["text"]
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == BRIEFING  # repository-relative
        region = loc["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1 and region["endColumn"] > region["startColumn"]
        assert len(res["partialFingerprints"]["qzcheck/v1"]) == 32


def test_sarif_fingerprint_survives_lines_added_above(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    p = tmp_path / "a.txt"
    p.write_text(BAD, encoding="utf-8")
    fp = lambda: json.loads(run(capsys, "--format", "sarif", "--date", "2026-02-15", "a.txt")[1])["runs"][0]["results"][0]["partialFingerprints"]  # noqa: E731
    before = fp()
    p.write_text("新的导语。\n\n" + BAD, encoding="utf-8")
    assert fp() == before


def test_github_escaping(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a,b:c.txt").write_text(BAD, encoding="utf-8")
    rc, out, _ = run(capsys, "--format", "github", "--date", "2026-02-15", "a,b:c.txt")
    assert out.startswith("::error file=a%2Cb%3Ac.txt,line=1,col=20,endLine=1,endColumn=25,title=QZ100 2.65%25::")
    assert "2.56%25" in out and "\n" not in out.rstrip("\n")


def test_output_file(capsys, tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(BAD, encoding="utf-8")
    target = tmp_path / "report.sarif"
    rc, out, _ = run(capsys, "--format", "sarif", "--output-file", str(target), "--date", "2026-02-15", str(p))
    assert rc == 1 and out == "" and json.loads(target.read_text(encoding="utf-8"))["version"] == "2.1.0"


# ---- exit policy --------------------------------------------------------------------------------

def test_fail_on_and_exit_zero(capsys, tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("近年来，衢州列全国城市创新能力百强榜第58位。\n", encoding="utf-8")  # a QZ101 warning
    assert run(capsys, "--date", "2026-02-15", str(p))[0] == 1
    assert run(capsys, "--date", "2026-02-15", "--fail-on", "error", str(p))[0] == 0
    assert run(capsys, "--date", "2026-02-15", "--fail-on", "never", str(p))[0] == 0
    assert run(capsys, "--date", "2026-02-15", "--exit-zero", str(p))[0] == 0
    rc, _, err = run(capsys, "--fail-on", "sometimes", str(p))
    assert rc == 2 and "--fail-on" in err
    assert run(capsys, "--exit-zero", str(tmp_path / "missing.txt"))[0] == 2


# ---- configuration ------------------------------------------------------------------------------

def _project(tmp_path, config: str, name="pyproject.toml") -> Path:
    proj = tmp_path / "proj"
    (proj / "drafts" / "old").mkdir(parents=True)
    (proj / name).write_text(config, encoding="utf-8")
    (proj / "drafts" / "a.txt").write_text(BAD, encoding="utf-8")
    (proj / "drafts" / "old" / "b.txt").write_text(BAD, encoding="utf-8")
    return proj


def _rules(capsys, *args):
    rc, out, err = run(capsys, "--format", "json", "--date", "2026-02-15", *args)
    assert rc in (0, 1), err
    data = json.loads(out)
    return [(Path(f["path"]).name, f["rule"]) for f in data["findings"]], [Path(f["path"]).name for f in data["files"]]


def test_config_in_pyproject_is_found_from_the_files_upwards(capsys, tmp_path):
    proj = _project(tmp_path, '[tool.qzcheck]\nignore = ["QZ100"]\nexclude = ["drafts/old/*"]\n')
    findings, files = _rules(capsys, str(proj / "drafts"))
    assert files == ["a.txt"] and findings == []


def test_qzcheck_toml_and_precedence(capsys, tmp_path):
    proj = _project(tmp_path, 'select = ["QZ2"]\nfail-on = "never"\n', name="qzcheck.toml")
    findings, _ = _rules(capsys, str(proj / "drafts" / "a.txt"))
    assert findings == []
    findings, _ = _rules(capsys, "--select", "QZ1", str(proj / "drafts" / "a.txt"))  # the option wins
    assert findings == [("a.txt", "QZ100")]
    rc, _, _ = run(capsys, "--date", "2026-02-15", str(proj / "drafts" / "a.txt"))
    assert rc == 0  # fail-on = never from the file


def test_per_file_ignores_and_facts_and_date(capsys, tmp_path):
    proj = _project(tmp_path, '[tool.qzcheck]\nper-file-ignores = { "drafts/old/*" = ["QZ1"] }\ndate = "2026-02-15"\n')
    rc, out, _ = run(capsys, "--format", "json", str(proj / "drafts"))
    data = json.loads(out)
    assert [(Path(f["path"]).name, f["rule"]) for f in data["findings"]] == [("a.txt", "QZ100")]
    assert data["files"][0]["date"] == "2026-02-15"
    mini = Path(__file__).parent / "data" / "minifacts"
    shutil.copytree(mini, proj / "facts-mini")
    (proj / "pyproject.toml").write_text('[tool.qzcheck]\nfacts = ["facts-mini"]\n', encoding="utf-8")
    rc, out, _ = run(capsys, "--format", "json", "--date", "2026-02-15", str(proj / "drafts" / "a.txt"))
    # the made-up fact base was used: it does not list 衢州, a place of its own, so the figure is
    # never given its home 丁市's facts (issue 17) ...
    assert json.loads(out)["findings"] == []
    # ... and the same figure about its home is judged against its fact
    (proj / "drafts" / "a.txt").write_text(BAD.replace("衢州", "丁市"), encoding="utf-8")
    rc, out, _ = run(capsys, "--format", "json", "--date", "2026-02-15", str(proj / "drafts" / "a.txt"))
    assert [f["fact"]["id"] for f in json.loads(out)["findings"]] == ["ding.rd.2025"]


@pytest.mark.parametrize(
    "config,needle",
    [
        ('[tool.qzcheck]\ncolour = "red"\n', "unknown key 'colour'"),
        ('[tool.qzcheck]\nselect = "ZZ1"\n', "select"),
        ('[tool.qzcheck]\nignore = 5\n', "ignore"),
        ('[tool.qzcheck]\nfail-on = "sometimes"\n', "fail-on"),
        ('[tool.qzcheck]\ndate = "yesterday"\n', "date"),
        ('[tool.qzcheck]\nfacts = ["nowhere"]\n', "facts"),
        ('[tool.qzcheck]\nper-file-ignores = ["x"]\n', "per-file-ignores"),
        ('[tool.qzcheck]\nexclude = 3\n', "exclude"),
        ('[tool.qzcheck]\nhome = "火星"\n', "home"),
        ('[tool.qzcheck\n', "not valid TOML"),
    ],
)
def test_bad_config_is_exit_2_naming_file_and_key(capsys, tmp_path, config, needle):
    proj = _project(tmp_path, config)
    rc, out, err = run(capsys, str(proj / "drafts" / "a.txt"))
    assert rc == 2 and needle in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    if needle != "home":
        assert "pyproject.toml" in err


def test_gitignore_is_honoured(capsys, tmp_path):
    proj = _project(tmp_path, "")
    subprocess.run(["git", "init", "-q", str(proj)], check=True)
    (proj / ".gitignore").write_text("drafts/old/\n", encoding="utf-8")
    _, files = _rules(capsys, str(proj / "drafts"))
    assert files == ["a.txt"]


def test_git_is_not_started_outside_a_work_tree(tmp_path, monkeypatch):
    # no .git from the folder up: nothing can be ignored, and starting git would cost 15 ms
    from quzhou_check import engine

    if any((d / ".git").exists() for d in (tmp_path, *tmp_path.parents)):
        pytest.skip("the temporary folder is inside a git work tree")
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    monkeypatch.delenv("GIT_DIR", raising=False)
    monkeypatch.delenv("GIT_WORK_TREE", raising=False)
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: pytest.fail(f"started {a[0]}"))
    assert engine.expand_paths([str(tmp_path)]) == [str(tmp_path / "a.txt")]


# ---- suppressions -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text,expected",
    [
        ("<!-- qzcheck: ignore QZ100 quoted from the 2024 draft budget -->\n" + BAD, []),
        ("<!-- qzcheck: ignore QZ1 quoted from the draft -->\n" + BAD, []),
        ("<!-- qzcheck: ignore QZ100 -->\n" + BAD, [("QZ100", 2), ("QZ902", 1)]),
        ("<!-- qzcheck: ignore QZ109 reason given -->\n" + BAD, [("QZ100", 2), ("QZ903", 1)]),
        ("<!-- qzcheck: ignore QZ101 wrong rule named -->\n" + BAD, [("QZ100", 2), ("QZ901", 1)]),
        ("<!-- qzcheck: ignore QZ100 nothing to hide here -->\n" + GOOD, [("QZ901", 1)]),
        ("<!-- qzcheck: disable QZ100 figures from the old plan -->\n" + BAD + BAD
         + "<!-- qzcheck: enable QZ100 -->\n" + BAD, [("QZ100", 5)]),
    ],
)
def test_suppressions(capsys, tmp_path, text, expected):
    p = tmp_path / "draft.md"
    p.write_text(text, encoding="utf-8")
    rc, out, _ = run(capsys, "--format", "json", "--date", "2026-02-15", str(p))
    assert sorted((f["rule"], f["line"]) for f in json.loads(out)["findings"]) == sorted(expected)


def test_suppression_comment_is_not_read_as_claims(capsys, tmp_path):
    p = tmp_path / "draft.md"
    p.write_text("<!-- qzcheck: ignore QZ100 the 2024 report says 2.65% -->\n" + BAD, encoding="utf-8")
    rc, out, _ = run(capsys, "--format", "json", "--date", "2026-02-15", str(p))
    assert json.loads(out)["files"][0]["claims"] == 1


# ---- --diff REV ---------------------------------------------------------------------------------

def _git(repo: Path, *args):
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def test_diff_reports_only_changed_lines(capsys, tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "qz@example.com")
    _git(repo, "config", "user.name", "qz")
    a = repo / "a.txt"
    a.write_text(BAD + "\n" + GOOD, encoding="utf-8")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "first")
    a.write_text(BAD + "\n" + BAD, encoding="utf-8")  # line 3 now wrong too
    (repo / "new.txt").write_text(BAD, encoding="utf-8")  # untracked: every line is new
    rc, out, _ = run(capsys, "--format", "json", "--date", "2026-02-15", "--diff", "HEAD", str(a), str(repo / "new.txt"))
    got = sorted((Path(f["path"]).name, f["rule"], f["line"]) for f in json.loads(out)["findings"])
    assert ("a.txt", "QZ100", 3) in got and ("a.txt", "QZ100", 1) not in got and ("new.txt", "QZ100", 1) in got
    rc, _, err = run(capsys, "--diff", "no-such-rev", str(a))
    assert rc == 2 and "unknown revision" in err


def test_diff_in_one_call_for_many_files_with_awkward_names(capsys, tmp_path):
    # git is asked once for all the files: each file's lines must still be its own, whatever its name
    repo = tmp_path / "repo"
    (repo / "sub").mkdir(parents=True)
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "qz@example.com")
    _git(repo, "config", "user.name", "qz")
    names = ["[1].txt", "a b.txt", "稿件.txt", 'say "hi".txt', "sub/deep.txt", "same.txt"]
    for n in names:
        (repo / n).write_text(BAD + "\n" + GOOD, encoding="utf-8")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "first")
    for n in names[:-1]:  # line 3 now wrong in all but the last
        (repo / n).write_text(BAD + "\n" + BAD, encoding="utf-8")
    (repo / "added.txt").write_text(BAD, encoding="utf-8")
    _git(repo, "add", "added.txt")  # tracked, but not at HEAD: every line is new
    rc, out, _ = run(capsys, "--format", "json", "--date", "2026-02-15", "--diff", "HEAD", str(repo))
    got = {(str(Path(f["path"]).relative_to(repo).as_posix()), f["line"]) for f in json.loads(out)["findings"]}
    assert got == {*((n, 3) for n in names[:-1]), ("added.txt", 1)}


def test_diff_hunks_are_read_per_file_and_a_changed_line_like_a_header_is_text():
    from quzhou_check.gitdiff import _hunks

    diff = "\n".join([
        "diff --git a/x.txt b/x.txt", "index 1..2 100644", "--- a/x.txt", "+++ b/x.txt",
        "@@ -2,0 +3,2 @@", "+++ b/y.txt", "+second",  # an added line whose text is '++ b/y.txt'
        "diff --git \"a/q\\\"t.txt\" \"b/q\\\"t.txt\"", '--- "a/q\\"t.txt"', '+++ "b/q\\"t.txt"', "@@ -1 +1 @@", "-a", "+b",
    ])
    assert _hunks(diff) == {"x.txt": {3, 4}, 'q"t.txt': {1}}


# ---- --fix --------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text,encoding,fixed",
    [
        (BAD + "过去的一年，衢州港集装箱吞吐量完成2.58亿标箱。\n", "utf-8",
         GOOD + "过去的一年，衢州港集装箱吞吐量完成2.58万标箱。\n"),
        ((BAD + "过去的一年，衢州港集装箱吞吐量完成2.58亿标箱。\n").replace("\n", "\r\n"), "gb18030",
         (GOOD + "过去的一年，衢州港集装箱吞吐量完成2.58万标箱。\n").replace("\n", "\r\n")),
        ("2025年，衢州全社會研發投入強度達到２．６５%。\n過去的一年，衢州港集裝箱吞吐量完成2.58億標箱。\n", "big5",
         "2025年，衢州全社會研發投入強度達到２．５６%。\n過去的一年，衢州港集裝箱吞吐量完成2.58萬標箱。\n"),
        ("\ufeff城乡居民收入倍差缩小至1.75%。\n", "utf-8", "\ufeff城乡居民收入倍差缩小至1.76。\n"),
    ],
)
def test_fix_round_trips(capsys, tmp_path, text, encoding, fixed):
    p = tmp_path / "a.txt"
    p.write_bytes(text.encode("cp950" if encoding == "big5" else encoding))
    rc, out, err = run(capsys, "--date", "2026-02-15", "--fix-diff", str(p))
    assert "-" in out and "+" in out and p.read_bytes() == text.encode("cp950" if encoding == "big5" else encoding)
    rc, out, err = run(capsys, "--date", "2026-02-15", "--fix", str(p))
    assert "fixed" in err
    assert p.read_bytes() == fixed.encode("cp950" if encoding == "big5" else encoding)
    assert rc == 0


def test_fix_leaves_a_file_it_cannot_fix_unambiguously(capsys, tmp_path):
    p = tmp_path / "a.txt"
    text = BAD + "2025年，衢州六大标志性产业链产值超2500亿元。\n"  # a broken bound: which part is wrong?
    p.write_text(text, encoding="utf-8")
    rc, out, err = run(capsys, "--date", "2026-02-15", "--fix", str(p))
    assert rc == 1 and "not fixed" in err and p.read_text(encoding="utf-8") == text


def test_stdin_filename(capsys, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BAD.encode("utf-8"))))
    rc, out, _ = run(capsys, "--format", "github", "--date", "2026-02-15", "--stdin-filename", "drafts/today.txt", "-")
    assert out.startswith("::error file=drafts/today.txt,line=1,col=20")


# ---- rules documentation --------------------------------------------------------------------------

def test_rule_command(capsys):
    rc, out, _ = run(capsys, "rule", "QZ101")
    assert rc == 0 and "## What it does" in out and "## Use instead" in out
    rc, out, _ = run(capsys, "rule")
    assert [line.split()[0] for line in out.splitlines()] == ["QZ100", "QZ101", "QZ102", "QZ103", "QZ104", "QZ200", "QZ201", "QZ300", "QZ901", "QZ902", "QZ903"]


# ---- pre-commit ---------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="git is needed by pre-commit")
def test_pre_commit_try_repo(tmp_path):
    pytest.importorskip("pre_commit")
    repo = tmp_path / "newsroom"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "qz@example.com")
    _git(repo, "config", "user.name", "qz")
    (repo / "bad.txt").write_text(BAD, encoding="utf-8")
    (repo / "good.md").write_text(GOOD, encoding="utf-8")
    _git(repo, "add", ".")
    env = dict(os.environ, PRE_COMMIT_HOME=str(Path(os.environ.get("TMPDIR", "/tmp")) / "qzcheck-pre-commit-cache"))

    def try_repo(name):
        return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "qzcheck", "--files", name],
                              cwd=repo, capture_output=True, text=True, encoding="utf-8", env=env, timeout=900)

    bad = try_repo("bad.txt")
    assert bad.returncode == 1 and "QZ100" in bad.stdout, bad.stdout + bad.stderr
    good = try_repo("good.md")
    assert good.returncode == 0, good.stdout + good.stderr


def test_fix_takes_a_fact_only_when_it_is_the_one_value_known(tmp_path):
    # the fixer's index (a fact by id, values per entity, metric, period and kind) says what a scan
    # of every fact said: an erratum beside the fact leaves it the one value; a second source of it does not
    from quzhou_check import factbase
    from quzhou_check.fix import Known
    from quzhou_check.models import Finding

    fact = ('[[fact]]\nid = "{id}"\nentity = "衢州"\nmetric = "生产总值"\nperiod = "1999"\nvalue = {v}\n'
            'unit = "亿元"\nkind = "actual"\nsource = "x.txt:{n}"\nsource_date = "2000-01"\nstatus = "{s}"\n')
    folder = tmp_path / "facts"
    shutil.copytree(factbase.default_facts_dir(), folder)  # with facts of its own for 1999
    (folder / "zz.toml").write_text(fact.format(id="a", v=2400, n=1, s="accepted")
                                    + fact.format(id="b", v=2300, n=2, s="erratum"), encoding="utf-8")
    finding = Finding("QZ100", "error", "a.txt", 1, 1, 1, 2, "2500亿元", "", None, {"id": "a"})
    assert Known(factbase.load([folder])).the_fact(finding).value == 2400
    (folder / "zz.toml").write_text(fact.format(id="a", v=2400, n=1, s="accepted")
                                    + fact.format(id="c", v=2400, n=2, s="accepted"), encoding="utf-8")
    assert Known(factbase.load([folder])).the_fact(finding) is None
