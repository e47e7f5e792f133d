"""The arithmetic QZ200 finds and verifies in the seed articles.

    python scripts/arithmetic.py [SEEDS_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

from quzhou_check.engine import Checker
from quzhou_check.models import FileResult
from quzhou_check.reader import decode
from quzhou_check.rules.qz200 import computations

sys.path.insert(0, str(Path(__file__).parent))
from coverage import DATES  # noqa: E402


def main() -> None:
    from datetime import date

    seeds = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "seeds"
    checker = Checker()
    total = held = 0
    for f in sorted(seeds.glob("*.txt")):
        text, enc = decode(f.read_bytes(), str(f))
        doc = checker.document(text, f.name, enc)
        d = date.fromisoformat(DATES[f.name[:3]])
        res = FileResult(f.name, d, "option", enc, checker.extract(doc, d), doc)
        for comp in computations(res):
            total += 1
            held += comp.holds
            line, col = doc.position(comp.start)
            figures = ", ".join(c.text for c in comp.claims)
            print(f"{f.name[:3]}:{line}:{col} {comp.kind:10} {'holds' if comp.holds else 'FAILS'}: "
                  f"{comp.stated} (from {figures}; computed {comp.expected})")
    print(f"{total} computations, {held} hold")


if __name__ == "__main__":
    main()
