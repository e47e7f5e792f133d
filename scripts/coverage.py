"""How many of the claims qzcheck extracts from the seed articles match a fact (issue 4's coverage).

    python scripts/coverage.py [SEEDS_DIR] [-v]

Prints, per article, claims, matched claims (a fact of the same entity, metric and period, or the
newest known fact for a "now" claim) and the share; -v lists the unmatched claims.
"""

from __future__ import annotations

import sys
from pathlib import Path

from quzhou_check.engine import Checker
from quzhou_check.judge import UNVERIFIED
from quzhou_check.reader import decode
from quzhou_check.rules import Context
from quzhou_check.rules._facts import verdicts

DATES = {"000": "2026-02-15", "001": "2025-12-15", "002": "2026-01-15", "003": "2024-06-15", "004": "2023-03-15"}


def matched_a_fact(v) -> bool:
    """The claim was matched to a fact: judged, or a "now" figure set beside an older fact (QZ104)."""
    return v.outcome != UNVERIFIED or v.newer_possible


def coverage(seeds: Path, checker: Checker | None = None):
    from datetime import date

    checker = checker or Checker()
    results = []
    for f in sorted(seeds.glob("*.txt")):
        text, enc = decode(f.read_bytes(), str(f))
        doc = checker.document(text, f.name, enc)
        d = date.fromisoformat(DATES[f.name[:3]])
        from quzhou_check.models import FileResult

        results.append(FileResult(f.name, d, "option", enc, checker.extract(doc, d), doc))
    vs = verdicts(Context(results, checker.facts))
    return vs


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    seeds = Path(args[0]) if args else Path(__file__).resolve().parents[2] / "shared" / "seeds"
    vs = coverage(seeds)
    total = matched = 0
    for name in sorted({v.claim.path for v in vs}):
        mine = [v for v in vs if v.claim.path == name]
        ok = [v for v in mine if matched_a_fact(v)]
        total += len(mine)
        matched += len(ok)
        print(f"{name}: {len(ok)}/{len(mine)} claims match a fact ({len(ok) / len(mine):.1%})")
        if "-v" in sys.argv:
            for v in mine:
                if not matched_a_fact(v):
                    c = v.claim
                    why = "no metric" if v.match is None else f"metric {v.match.metric} but no fact for {c.period.text or 'now'}"
                    alt = f" (or {c.metric_alt})" if c.metric_alt else ""
                    print(f"    {c.line}:{c.column} {c.text} [{c.entity} | {c.metric}{alt} | {c.period.text} | {c.kind}] {why}")
    print(f"total: {matched}/{total} = {matched / total:.1%}")


if __name__ == "__main__":
    main()
