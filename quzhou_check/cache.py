"""A per-user cache of set-up work that is slow to redo and depends only on its inputs' bytes.

A large fact base (100,000 facts) takes seconds to parse and validate, on every run of an editor
that checks on save. Its validated form is kept here, under a key made of the bytes of every
input file and of the code that reads them, so any change to either is a miss. The cache lives
in the user's own cache folder (``QZCHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/qzcheck``, else
``~/.cache/qzcheck``), created private to the user; any failure to read or write it is a miss,
never an error.

An entry is a pickle, and reading a pickle runs whatever code it names: an entry someone else
could write would run as the user who checks. So the folder and each entry are used only when
they are the user's own and no one else may write them (owner the user, not writable by group or
others, not a symbolic link), checked on the open folder and the open file (fstat, with every
entry opened relative to the folder's descriptor and O_NOFOLLOW), so nothing can be swapped in
between the check and the read. A folder that fails the check is not used at all (one warning a
process); a file that fails it is a miss. This costs one open and two fstat calls a read (12 µs
more than opening the entry by its path, against 18 ms to unpickle jieba's table). JSON, which runs
no code, was measured for that table (a dict of 73,000 words): 48 ms to read instead of 18, so the
entries stay pickles. Where descriptors relative to a folder are not available (Windows), there is
no cache.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
from pathlib import Path
from typing import Any, Iterable, Optional

KEEP = 3  # entries kept per kind
_CODE = ("factbase.py", "models.py", "entities.py", "periods.py", "lexicon.py", "data/lexicon.toml")
_SUFFIX = ".pickle"
_O_FOLDER = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_O_ENTRY = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_USABLE = (hasattr(os, "O_NOFOLLOW") and hasattr(os, "O_DIRECTORY") and hasattr(os, "geteuid")
           and os.open in os.supports_dir_fd)
_warned = False


def folder() -> Path:
    env = os.environ.get("QZCHECK_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache")
    return Path(base) / "qzcheck"


def key(kind: str, inputs: Iterable[bytes]) -> str:
    """A key for ``kind`` from the inputs' bytes and the bytes of the code that reads them."""
    h = hashlib.sha256(kind.encode())
    here = Path(__file__).parent
    for name in _CODE:
        h.update((here / name).read_bytes())
    for data in inputs:
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return f"{kind}-{h.hexdigest()[:32]}"


def _private(st: os.stat_result) -> bool:
    """Owned by this user and writable by no one else."""
    return st.st_uid == os.geteuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _open_folder(create: bool) -> Optional[int]:
    """A descriptor of the cache folder when it is private to the user (see the module's
    docstring), else None. ``create`` makes it first (mode 0o700) when it does not exist."""
    global _warned
    if not _USABLE:
        return None
    d = folder()
    if create:
        try:
            d.mkdir(mode=0o700, parents=True)
        except OSError:
            pass  # there already, or cannot be made: opening it says which
    try:
        fd = os.open(d, _O_FOLDER)
    except OSError:  # missing, not a folder, or a symbolic link
        return None
    st = os.fstat(fd)
    if stat.S_ISDIR(st.st_mode) and _private(st):
        return fd
    os.close(fd)
    if not _warned:
        _warned = True
        print(f"qzcheck: warning: cache folder {d} not used: it must be yours and writable by no one else",
              file=sys.stderr)
    return None


def get(name: str) -> Any:
    dfd = _open_folder(create=False)
    if dfd is None:
        return None
    try:
        fd = os.open(name + _SUFFIX, _O_ENTRY, dir_fd=dfd)
        with open(fd, "rb") as f:
            st = os.fstat(fd)
            if not (stat.S_ISREG(st.st_mode) and _private(st)):
                return None  # planted by someone else, or a device or pipe: never read
            return pickle.load(f)
    except Exception:  # missing, unreadable, or written by another version: a miss
        return None
    finally:
        os.close(dfd)


def put(name: str, value: Any) -> None:
    dfd = _open_folder(create=True)
    if dfd is None:
        return
    tmp = f".tmp-{os.urandom(6).hex()}-{name}{_SUFFIX}"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_ENTRY, 0o600, dir_fd=dfd)
        with open(fd, "wb") as f:
            p = pickle.Pickler(f, protocol=pickle.HIGHEST_PROTOCOL)
            p.fast = True  # no memo of every object written: the value must hold no cycles
            p.dump(value)
        os.replace(tmp, name + _SUFFIX, src_dir_fd=dfd, dst_dir_fd=dfd)
        tmp = ""
        _prune(dfd, name.rsplit("-", 1)[0])
    except Exception:
        pass
    finally:
        if tmp:
            try:
                os.unlink(tmp, dir_fd=dfd)  # a write that failed half-way leaves nothing behind
            except OSError:
                pass
        os.close(dfd)


def _prune(dfd: int, kind: str) -> None:
    """A changed fact base leaves its former entries behind: keep the newest KEEP of a kind."""
    entries = []
    for n in os.listdir(dfd):
        if n.startswith(kind + "-") and n.endswith(_SUFFIX):
            try:
                entries.append((os.stat(n, dir_fd=dfd, follow_symlinks=False).st_mtime, n))
            except OSError:
                pass
    for _, n in sorted(entries, reverse=True)[KEEP:]:
        try:
            os.unlink(n, dir_fd=dfd)
        except OSError:
            pass
