"""A per-user cache of set-up work that is slow to redo and depends only on its inputs' bytes.

A large fact base (100,000 facts) takes seconds to parse and validate, on every run of an editor
that checks on save. Its validated form is kept here, under a key made of the bytes of every
input file and of the code that reads them, so any change to either is a miss. The cache lives
in the user's own cache folder (``QZCHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/qzcheck``, else
``~/.cache/qzcheck``), created private to the user; any failure to read or write it is a miss,
never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any, Iterable, Optional

KEEP = 3  # entries kept per kind
_CODE = ("factbase.py", "models.py", "entities.py", "periods.py", "lexicon.py", "data/lexicon.toml")


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


def get(name: str) -> Any:
    d = folder()
    try:
        with open(d / f"{name}.pickle", "rb") as f:
            return pickle.load(f)
    except Exception:  # missing, unreadable, or written by another version: a miss
        return None


def put(name: str, value: Any) -> None:
    d = folder()
    tmp: Optional[str] = None
    try:
        d.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=d, prefix=".tmp-", suffix=".pickle")
        with os.fdopen(fd, "wb") as f:
            p = pickle.Pickler(f, protocol=pickle.HIGHEST_PROTOCOL)
            p.fast = True  # no memo of every object written: the value must hold no cycles
            p.dump(value)
        os.replace(tmp, d / f"{name}.pickle")
        kind = name.rsplit("-", 1)[0]
        old = sorted(d.glob(f"{kind}-*.pickle"), key=lambda q: q.stat().st_mtime, reverse=True)[KEEP:]
        for q in old:  # a changed fact base leaves its former entries behind: keep the newest few
            q.unlink(missing_ok=True)
    except Exception:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)  # a write that failed half-way leaves nothing behind
