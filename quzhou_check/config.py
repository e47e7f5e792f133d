"""Configuration: ``[tool.qzcheck]`` in the nearest ``pyproject.toml``, or a ``qzcheck.toml``.

Found from the first checked path upwards (in each folder ``qzcheck.toml`` first, then a
``pyproject.toml`` that has a ``[tool.qzcheck]`` table). Options on the command line override it.
An unknown key or a bad value is an error naming the file and the key.

A configuration found upwards may sit in a folder other people write (a shared drive, a
checkout made by someone else), and it decides what is checked (``ignore = ["QZ"]`` silences
every rule). So it is used only when it is the user's or root's, writable by neither group nor
others, and its folder is not writable by everyone (unless sticky, as /tmp); otherwise it is
ignored with one warning naming it. A file named with ``--config`` is the user's choice and used.
It must be a regular file of at most MAX_BYTES.

    [tool.qzcheck]
    facts = ["newsroom-facts"]          # fact base folders, relative to this file
    home = "衢州"                        # the home entity (default: the fact base's own)
    select = ["QZ1", "QZ2"]             # or "QZ1,QZ2"
    ignore = ["QZ101"]
    per-file-ignores = { "archive/*.txt" = ["QZ101"] }
    fail-on = "warning"                 # error | warning | info | never
    date = "article"                    # article or auto (the article's own words, else today) | today | YYYY-MM-DD
    exclude = ["drafts/old/*"]
"""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass, field
from datetime import date
from fnmatch import fnmatch
from pathlib import Path
from typing import Optional

from . import tomlfile
from .errors import UsageError

FAIL_ON = ("error", "warning", "info", "never")
KEYS = ("facts", "home", "select", "ignore", "per-file-ignores", "fail-on", "date", "exclude")
MAX_BYTES = tomlfile.MIB  # a configuration file larger is refused
# publication dates outside this range are refused: relative periods (前年, 5年来) are counted
# back and forth from the date, and what a newsroom publishes lies well inside it
DATES = (date(1900, 1, 1), date(2200, 12, 31))


class ConfigError(UsageError):
    """A configuration file has an unknown key or a bad value."""


@dataclass
class Config:
    path: Optional[Path] = None
    facts: list[str] = field(default_factory=list)
    home: Optional[str] = None
    select: Optional[list[str]] = None
    ignore: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    fail_on: str = "warning"
    date: Optional[date] = None
    date_policy: str = "article"  # article | today | fixed
    exclude: list[str] = field(default_factory=list)

    def ignored_for(self, path: str) -> list[str]:
        """Codes ignored for this file by per-file-ignores (globs relative to the config's folder)."""
        if not self.per_file_ignores:
            return []
        rel = _relative(path, self.path.parent if self.path else Path.cwd())
        out: list[str] = []
        for pattern, codes in self.per_file_ignores.items():
            if fnmatch(rel, pattern) or fnmatch(Path(path).name, pattern):
                out.extend(codes)
        return out

    def excluded(self, path: str) -> bool:
        rel = _relative(path, self.path.parent if self.path else Path.cwd())
        return any(fnmatch(rel, p) or fnmatch(Path(path).name, p) or rel.startswith(p.rstrip("/*") + "/")
                   for p in self.exclude)


def _relative(path: str, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()


def in_range(d: date) -> bool:
    """Whether ``d`` is a publication date qzcheck accepts (see DATES)."""
    return DATES[0] <= d <= DATES[1]


def find(start: Path) -> Optional[tuple[Path, dict]]:
    """The nearest configuration above ``start``: (file, its qzcheck table). None when there is
    none, or when the nearest is not trusted (see the module's docstring; a warning says so)."""
    try:
        here = start.resolve()
    except (OSError, RuntimeError):  # a symbolic link loop: reading the path will say so
        here = Path(os.path.abspath(start))
    if here.is_file() or not here.exists():
        here = here.parent
    for folder in (here, *here.parents):
        for name in ("qzcheck.toml", "pyproject.toml"):
            path = folder / name
            if not path.is_file():
                continue
            why = _untrusted(path)
            if why and not (name == "pyproject.toml" and _table(path, name, quiet=True) is None):
                print(f"qzcheck: warning: ignoring {path}: {why}", file=sys.stderr)
                return None
            table = _table(path, name)
            if table is not None:
                return path, table
    return None


def _table(path: Path, name: str, quiet: bool = False):
    """The file's qzcheck settings: a pyproject.toml's [tool.qzcheck] (None without one), a
    qzcheck.toml's whole content or its [tool.qzcheck]. ``quiet``: a file that cannot be read
    counts as having them (an untrusted one is then ignored with a warning, not an error)."""
    try:
        data = _read(path)
    except ConfigError:
        if quiet:
            return {}
        raise
    return data.get("tool", {}).get("qzcheck", data if name != "pyproject.toml" else None)


def _untrusted(path: Path) -> Optional[str]:
    """Why a configuration found upwards must not be used, or None when it may."""
    try:
        st, folder = os.stat(path), os.stat(path.parent)
    except OSError as e:
        return f"cannot stat it ({e.strerror})"
    if st.st_uid not in (os.geteuid(), 0):
        return "it belongs to another user"
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return "others may write it"
    if folder.st_mode & stat.S_IWOTH and not folder.st_mode & stat.S_ISVTX:
        return "anyone may replace it (its folder is writable by all)"
    return None


def _read(path: Path) -> dict:
    try:
        return tomlfile.parse(tomlfile.read(path, MAX_BYTES).decode("utf-8"), str(path))
    except tomlfile.TomlFileError as e:
        raise ConfigError(str(e)) from None
    except UnicodeDecodeError as e:
        raise ConfigError(f"{path}: not UTF-8 text ({e.reason} at byte {e.start})") from None


def _codes(path: Path, key: str, value) -> list[str]:
    if isinstance(value, str):
        value = [v for v in value.split(",")]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{path}: {key}: expected a list of rule codes")
    codes = [v.strip().upper() for v in value if v.strip()]
    for c in codes:
        if not c.startswith("QZ"):
            raise ConfigError(f"{path}: {key}: {c!r} is not a rule code or prefix (QZ…)")
    return codes


def parse(path: Path, table: dict) -> Config:
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.qzcheck] must be a table")
    cfg = Config(path=path)
    for key, value in table.items():
        if key not in KEYS:
            raise ConfigError(f"{path}: unknown key {key!r} (known: {', '.join(KEYS)})")
        if key == "facts":
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{path}: facts: expected a folder or a list of folders")
            cfg.facts = [str((path.parent / v).resolve()) for v in value]
            for f in cfg.facts:
                if not Path(f).is_dir():
                    raise ConfigError(f"{path}: facts: folder {f} not found")
        elif key == "home":
            if not isinstance(value, str) or not value:
                raise ConfigError(f"{path}: home: expected an entity name")
            cfg.home = value
        elif key == "select":
            cfg.select = _codes(path, key, value)
        elif key == "ignore":
            cfg.ignore = _codes(path, key, value)
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise ConfigError(f"{path}: per-file-ignores: expected a table of glob = [codes]")
            cfg.per_file_ignores = {str(k): _codes(path, f"per-file-ignores.{k}", v) for k, v in value.items()}
        elif key == "fail-on":
            if value not in FAIL_ON:
                raise ConfigError(f"{path}: fail-on: {value!r} is not one of {', '.join(FAIL_ON)}")
            cfg.fail_on = value
        elif key == "date":
            if value in ("article", "auto", "today"):  # auto: the same as article, as --date auto
                cfg.date_policy = "today" if value == "today" else "article"
            else:
                try:
                    cfg.date = value if type(value) is date else date.fromisoformat(str(value))
                    cfg.date_policy = "fixed"
                except ValueError:
                    raise ConfigError(f"{path}: date: {value!r} is not article, auto, today or YYYY-MM-DD") from None
                if not in_range(cfg.date):
                    raise ConfigError(f"{path}: date: {cfg.date} is not between {DATES[0]} and {DATES[1]}")
        elif key == "exclude":
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{path}: exclude: expected a list of globs")
            cfg.exclude = value
    return cfg


def load(paths: list[str], explicit: Optional[str] = None) -> Config:
    """The configuration for a run: an explicit file, else the nearest one above the first path."""
    if explicit:
        p = Path(explicit)
        if not p.exists():
            raise ConfigError(f"{explicit}: configuration file not found")
        table = _table(p, p.name)
        return parse(p, {} if table is None else table)
    first = next((p for p in paths if p != "-"), None)
    found = find(Path(first) if first else Path.cwd())
    if found is None:
        return Config()
    return parse(*found)
