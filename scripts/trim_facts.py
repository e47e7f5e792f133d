"""Remove the lines of fact files that restate a field's default (``aliases = []``, ``status = "accepted"``…).

    python scripts/trim_facts.py facts/*.toml          # rewrite the files in place
    python scripts/trim_facts.py --check facts/*.toml  # only list them; exit 1 if there are any

An editor who copies a full ``[[fact]]`` block from facts/README.md may keep its default lines; this
takes them out again. The defaults are the loader's own (``quzhou_check.factbase.DEFAULTS``). Only a
line that holds nothing but ``field = default`` is removed: comments, blank lines, the order of the
rest and a default line that carries a comment are kept. Each file is checked before it is written:
its records, with the defaults filled in, must read back exactly as before.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from quzhou_check.factbase import DEFAULTS  # noqa: E402

_HEADER = re.compile(r"\s*\[\[\s*(fact|entity|metric)\s*\]\]\s*(#.*)?$")
_TABLE = re.compile(r"\s*\[")
_FIELD = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$")


def _value(text: str) -> object:
    """The TOML value written on one line, or a marker that matches no default."""
    if "#" in text:  # a line with a comment is kept (no default holds a "#")
        return _value
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:  # a value spread over several lines
        return _value


def trim(text: str) -> tuple[str, list[int]]:
    """The text without its default-valued lines, and the 1-based numbers of the lines removed."""
    out, removed, kind = [], [], None
    for n, line in enumerate(text.splitlines(keepends=True), 1):
        head = _HEADER.match(line)
        if head:
            kind = head.group(1)
        elif _TABLE.match(line):
            kind = None
        else:
            m = _FIELD.match(line)
            if kind and m and m.group(1) in DEFAULTS[kind] and _value(m.group(2)) == DEFAULTS[kind][m.group(1)]:
                removed.append(n)
                continue
        out.append(line)
    return "".join(out), removed


def _records(text: str) -> dict:
    data = tomllib.loads(text)
    for kind, defaults in DEFAULTS.items():
        data[kind] = [{**{k: v for k, v in defaults.items() if v is not None}, **r} for r in data.get(kind, [])]
    return data


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only list the lines; exit 1 if any")
    ap.add_argument("files", nargs="+", type=Path)
    args = ap.parse_args(argv)
    total = 0
    for path in args.files:
        text = path.read_text(encoding="utf-8")
        new, removed = trim(text)
        total += len(removed)
        if not removed:
            continue
        if args.check:
            print("\n".join(f"{path}:{n}: restates a default" for n in removed))
            continue
        if _records(new) != _records(text):
            print(f"{path}: trimming would change its records; left as it is", file=sys.stderr)
            return 2
        path.write_text(new, encoding="utf-8")
        print(f"{path}: {len(removed)} default line(s) removed")
    return 1 if args.check and total else 0


if __name__ == "__main__":
    sys.exit(main())
