#!/usr/bin/env python3
"""Compare the date qzcheck infers for each text of the labelled trial with the date sources.tsv
gives it, and print the differences.

    python scripts/dating_eval.py /work/trial/texts [--sources tests/data/trial/sources.tsv]

The texts whose own words print their date (the evidence column says "dateline on page", "page
timestamp", "發布時間", "document date", "issue date", "speech date" or "更新"/"updated", and not
only in the page's address) must be dated within three days; the others are listed for information. Exit 1 when one of the first
is not.
"""

from __future__ import annotations

import argparse
import csv
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quzhou_check.engine import Checker, date_of  # noqa: E402
from quzhou_check.reader import decode, read_bytes  # noqa: E402

PRINTED = ("dateline on page", "page timestamp", "發布時間", "发布时间", "document date", "issue date",
           "speech date", "更新", "updated")
WITHIN = 3  # days


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("texts", type=Path)
    ap.add_argument("--sources", type=Path, default=ROOT / "tests" / "data" / "trial" / "sources.tsv")
    a = ap.parse_args(argv)
    with a.sources.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    checker = Checker.__new__(Checker)  # only the document: no fact base is needed to date a text
    printed_ok = printed_n = 0
    print(f"{'id':4} {'expected':10} {'inferred':10} {'days':>6}  {'counts':7} evidence (sources.tsv) | evidence (qzcheck)")
    for row in rows:
        path = a.texts / f"{row['id']}.txt"
        if not path.exists():
            continue
        text, enc = decode(read_bytes(str(path)), str(path))
        doc = Checker.document(checker, text, str(path), enc)
        dated = date_of(doc, None)
        expected = date.fromisoformat(row["date"])
        days = (dated.date - expected).days
        # a date only the page's address gives (an issue date in the URL) is not printed in the text,
        # even when the text prints a dateline without its year (本报北京12月16日电)
        printed = any(k in row["date_evidence"] for k in PRINTED) and "in the address" not in row["date_evidence"]
        if printed:
            printed_n += 1
            printed_ok += abs(days) <= WITHIN
        mark = ("ok" if abs(days) <= WITHIN else "MISS") if printed else "info"
        why = "; ".join(f"{e.kind} {e.text}" for e in dated.evidence[:2]) or f"({dated.source})"
        print(f"{row['id']:4} {expected} {dated.date} {days:>6}  {mark:7} {row['date_evidence'][:50]} | {why[:70]}")
    print(f"texts that print their date, dated within {WITHIN} days: {printed_ok}/{printed_n}")
    return 0 if printed_ok == printed_n else 1


if __name__ == "__main__":
    sys.exit(main())
