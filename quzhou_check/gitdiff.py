"""``--diff REV``: the lines of each file that changed since a git revision."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Optional

from .errors import UsageError

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.M)


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], cwd=str(cwd), capture_output=True, text=True, encoding="utf-8",
                              errors="replace", timeout=60)
    except (OSError, subprocess.SubprocessError) as e:
        raise UsageError(f"--diff: git failed: {e}") from None


def changed_lines(rev: str, path: str) -> Optional[set[int]]:
    """Line numbers added or changed in ``path`` since ``rev``; None means every line (a new file)."""
    if shutil.which("git") is None:
        raise UsageError("--diff needs git, which is not installed")
    p = Path(path).resolve()
    cwd = p.parent
    top = _git(["rev-parse", "--show-toplevel"], cwd)
    if top.returncode != 0:
        raise UsageError(f"--diff: {path} is not in a git repository")
    check = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd)
    if check.returncode != 0:
        raise UsageError(f"--diff: unknown revision {rev!r}")
    tracked = _git(["ls-files", "--error-unmatch", str(p)], cwd)
    if tracked.returncode != 0:
        return None
    existed = _git(["cat-file", "-e", f"{rev}:{p.relative_to(Path(top.stdout.strip()).resolve()).as_posix()}"], cwd)
    if existed.returncode != 0:
        return None
    proc = _git(["diff", "--unified=0", "--no-color", "--no-ext-diff", rev, "--", str(p)], cwd)
    if proc.returncode != 0:
        raise UsageError(f"--diff: git diff failed: {proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else proc.returncode}")
    lines: set[int] = set()
    for m in _HUNK.finditer(proc.stdout):
        start, count = int(m.group(1)), int(m.group(2) or 1)
        lines.update(range(start, start + count))
    return lines
