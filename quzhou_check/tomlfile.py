"""Read a TOML file a user names (a fact base file, a configuration): a regular file of bounded
size, parsed with every failure as one line that names the file.

The path may be anything: a folder of fact files can hold a FIFO or a device named ``x.toml``,
``--facts /dev/zero`` is a path. Opening a FIFO for reading waits for a writer, and a device
never ends (or does something when opened), so the path is stat'ed first and only a regular file
is opened (non-blocking, and stat'ed again through the open file: it cannot have been swapped
for another kind in between). tomllib raises more than TOMLDecodeError: RecursionError for
arrays or tables nested a thousand deep, ValueError for an integer past Python's limit on
converting digits (4,300); each is turned into the same kind of line.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib

MIB = 1024 * 1024


class TomlFileError(ValueError):
    """The file cannot be used; the message is one line: ``path[:line]: what is wrong``."""


def read(path: os.PathLike | str, limit: int) -> bytes:
    """The bytes of the regular file ``path``, refused when it is not one or is over ``limit``."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise TomlFileError(f"{path}: not a regular file")
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        with open(fd, "rb") as f:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise TomlFileError(f"{path}: not a regular file")
            if st.st_size > limit:
                raise TomlFileError(f"{path}: too large ({st.st_size / MIB:.1f} MiB; the limit is {limit // MIB} MiB)")
            data = f.read(limit + 1)
    except OSError as e:
        raise TomlFileError(f"{path}: cannot read ({e.strerror or e})") from None
    if len(data) > limit:  # it grew after fstat
        raise TomlFileError(f"{path}: too large (the limit is {limit // MIB} MiB)")
    return data


def parse(text: str, label: str) -> dict:
    """tomllib.loads, every failure a TomlFileError ``label:line: not valid TOML: …``."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"at line (\d+)", str(e))
        raise TomlFileError(f"{label}:{m.group(1) if m else 1}: not valid TOML: {str(e).split(' (at line')[0]}") from None
    except RecursionError:
        raise TomlFileError(f"{label}:1: not valid TOML: arrays or tables nested too deeply") from None
    except ValueError as e:  # int('1' * 5000): past the limit of sys.set_int_max_str_digits
        m = re.search(r"[0-9_]{4300,}", text)
        line = text.count("\n", 0, m.start()) + 1 if m else 1
        raise TomlFileError(f"{label}:{line}: not valid TOML: {str(e).split(';')[0]}") from None
