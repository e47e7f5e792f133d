"""``--diff REV``: the lines of each file that changed since a git revision.

git is asked a fixed number of times per repository (where the repository is, whether the revision
exists, which files it tracks, which existed at the revision, and one diff of them all), not five
times per file: 600 drafts took 6.4 s of git that way, a CI push's whole check being 1.3 s.
"""

from __future__ import annotations

import codecs
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Iterator, Optional

from .errors import UsageError

_HUNK = re.compile(r"@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
_CHUNK = 1000  # paths per git command: far below any system's limit on a command's length

# git runs commands that the configuration of the repository it reads names, and that
# configuration (.git/config) belongs to whoever made the checked folder: the file-system monitor
# (core.fsmonitor) at check-ignore, ls-files and diff, hooks, a fetch of missing objects in a
# partial clone (and with it ssh or a remote helper). qzcheck only reads, so every git it starts
# runs with all of them off; diff also gets --no-ext-diff and --no-textconv, and no clean filter
# of the repository's own (see _no_repository_filters). The pager is never started (--no-pager).
SAFE = ("--no-pager", "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", "-c", "protocol.allow=never")


def command(*args: str) -> list[str]:
    """A git command line that runs none of the commands the repository's configuration names."""
    return ["git", *SAFE, *args]


def _git(args: list[str], cwd: Path, env: Optional[dict[str, str]] = None) -> subprocess.CompletedProcess:
    try:
        # paths are file names, never patterns (a draft named [1].txt is that file)
        return subprocess.run(command("--literal-pathspecs", "-c", "core.quotePath=false", *args), cwd=str(cwd),
                              capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=60,
                              env=env)
    except (OSError, subprocess.SubprocessError) as e:
        raise UsageError(f"--diff: git failed: {e}") from None


def _no_repository_filters(top: Path) -> Optional[dict[str, str]]:
    """An environment for ``git diff`` in which no filter driver that the repository's own
    configuration defines (.git/config, config.worktree, or a file they include) runs.

    git diff passes each work-tree file through the clean filter its .gitattributes names, and a
    filter is a command. Those the user's own configuration (global, system) defines, git-lfs
    among them, stay on. The override is given in GIT_CONFIG_KEY_n/VALUE_n, after any the
    environment holds: a driver's name may hold '=', which ``-c`` would split at. None: no such
    filter, the environment as it is (one git command more per repository for --diff)."""
    proc = _git(["config", "--show-scope", "-z", "--get-regexp", r"^filter\."], top)
    fields = proc.stdout.split("\0") if proc.returncode == 0 else []
    names = set()
    for scope, entry in zip(fields[::2], fields[1::2]):
        key = entry.split("\n", 1)[0]
        if scope in ("local", "worktree") and key.count(".") >= 2:
            names.add(key[len("filter."):key.rindex(".")])
    if not names:
        return None
    env = dict(os.environ)
    n = int(env.get("GIT_CONFIG_COUNT", "0") or 0)
    for name in sorted(names):
        for field, value in (("clean", ""), ("process", ""), ("required", "false")):
            env[f"GIT_CONFIG_KEY_{n}"], env[f"GIT_CONFIG_VALUE_{n}"] = f"filter.{name}.{field}", value
            n += 1
    env["GIT_CONFIG_COUNT"] = str(n)
    return env


def changed_lines(rev: str, paths: list[str]) -> dict[str, Optional[set[int]]]:
    """For each path, the line numbers added or changed since ``rev``; None means every line (a file
    git does not track, or one that did not exist at ``rev``)."""
    if shutil.which("git") is None:
        raise UsageError("--diff needs git, which is not installed")
    tops: dict[Path, Path] = {}  # folder -> the top of its work tree, asked once a folder
    by_top: dict[Path, list[tuple[str, str]]] = {}  # top -> (path as given, path in the repository)
    for path in paths:
        p = Path(path).resolve()
        top = tops.get(p.parent)
        if top is None:
            proc = _git(["rev-parse", "--show-toplevel"], p.parent)
            if proc.returncode != 0:
                raise UsageError(f"--diff: {path} is not in a git repository")
            top = tops[p.parent] = Path(proc.stdout.strip()).resolve()
        by_top.setdefault(top, []).append((path, p.relative_to(top).as_posix()))
    out: dict[str, Optional[set[int]]] = {}
    for top, files in by_top.items():
        if _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], top).returncode != 0:
            raise UsageError(f"--diff: unknown revision {rev!r}")
        names = [name for _, name in files]
        tracked = set(_listed(["ls-files", "-z", "--"], names, top))
        at_rev = set(_listed(["ls-tree", "-r", "-z", "--name-only", rev, "--"], names, top))
        lines: dict[str, set[int]] = {}
        env = _no_repository_filters(top) if tracked & at_rev else None
        for chunk in _chunks(sorted(tracked & at_rev)):
            proc = _git(["diff", "--unified=0", "--no-color", "--no-ext-diff", "--no-textconv", "--no-renames",
                         rev, "--", *chunk], top, env)
            if proc.returncode != 0:
                err = proc.stderr.strip().splitlines()
                raise UsageError(f"--diff: git diff failed: {err[-1] if err else proc.returncode}")
            lines.update(_hunks(proc.stdout))
        for path, name in files:
            out[path] = lines.get(name, set()) if name in tracked and name in at_rev else None
    return out


def _chunks(names: list[str]) -> Iterator[list[str]]:
    for i in range(0, len(names), _CHUNK):
        yield names[i:i + _CHUNK]


def _listed(args: list[str], names: list[str], top: Path) -> Iterator[str]:
    """The NUL-separated paths a git listing command prints for the names, asked in chunks."""
    for chunk in _chunks(names):
        proc = _git([*args, *chunk], top)
        if proc.returncode == 0:
            yield from (x for x in proc.stdout.split("\0") if x)


def _hunks(diff: str) -> dict[str, set[int]]:
    """The new-side line numbers of every hunk of a unified diff, by the file's path. A path is
    read from the ``+++ b/…`` line of a file's header only: a changed line of the text that starts
    with ``++ b/`` looks the same inside a hunk."""
    out: dict[str, set[int]] = {}
    current: Optional[set[int]] = None
    in_header = False
    for line in diff.split("\n"):
        if line.startswith("diff --git "):
            in_header, current = True, None
        elif in_header and line.startswith("+++ "):
            name = _unquote(line[4:].rstrip("\t"))
            if name.startswith("b/"):
                current = out.setdefault(name[2:], set())
        elif line.startswith("@@ "):
            in_header = False
            m = _HUNK.match(line)
            if m and current is not None:
                start, count = int(m.group(1)), int(m.group(2) or 1)
                current.update(range(start, start + count))
    return out


def _unquote(name: str) -> str:
    """git's C-style quoting of a path holding a quote, a backslash or a control character."""
    if len(name) >= 2 and name[0] == name[-1] == '"':
        return codecs.escape_decode(name[1:-1].encode("utf-8"))[0].decode("utf-8", errors="replace")
    return name
