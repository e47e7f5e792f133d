"""Compare the extractor with the hand-labelled sample of the seed articles (tests/data/seed_labels.tsv).

Used by tests/test_seed_labels.py and runnable on its own to see every disagreement:
    python tests/label_eval.py [SEEDS_DIR]
"""

from __future__ import annotations

import csv
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from quzhou_check.engine import Checker
from quzhou_check.reader import decode

LABELS = Path(__file__).parent / "data" / "seed_labels.tsv"
DATES = {
    "000": date(2026, 2, 15),
    "001": date(2025, 12, 15),
    "002": date(2026, 1, 15),
    "003": date(2024, 6, 15),
    "004": date(2023, 3, 15),
}


@dataclass
class Label:
    file: str
    line: int
    text: str
    occurrence: int
    value: str
    unit: str
    qualifier: str
    period: str
    kind: str
    note: str

    @property
    def is_claim(self) -> bool:
        return self.value != "-"


def load_labels(path: Path = LABELS) -> list[Label]:
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return [
        Label(r["file"], int(r["line"]), r["text"], int(r["occurrence"]), r["value"], r["unit"] or "",
              r["qualifier"] or "", r["period"] or "", r["kind"] or "", r.get("note") or "")
        for r in rows
    ]


def occurrence(line_text: str, col: int, text: str) -> int:
    """Which occurrence of text on the line starts at 1-based column col (as the labels count)."""
    if text[0].isdigit():
        runs = [m.start() for m in re.finditer(r"[0-9０-９][0-9０-９.,]*", line_text) if m.group(0).rstrip(".,") == text]
    else:
        runs = [m.start() for m in re.finditer(re.escape(text), line_text)]
    for i, start in enumerate(runs, 1):
        if start == col - 1:
            return i
    return 0


def evaluate(seeds: Path, checker: Checker | None = None):
    checker = checker or Checker()
    labels = load_labels()
    by_key = {(lb.file, lb.line, lb.text, lb.occurrence): lb for lb in labels}
    claims = []
    for f in sorted(seeds.glob("*.txt")):
        text, enc = decode(f.read_bytes(), str(f))
        doc = checker.document(text, f.name, enc)
        for c in checker.extract(doc, DATES[f.name[:3]]):
            line_text = doc.text[doc.line_starts[c.line - 1]:].split("\n", 1)[0]
            num_col = doc.position(doc.text.index(c.number_text, c.start))[1]
            occ = occurrence(line_text, num_col, c.number_text)
            key = (f.name, c.line, c.number_text, occ)
            if not claims or claims[-1][0] != key:  # a rank stated for several indicators is one figure
                claims.append((key, c))
    found = {k for k, _ in claims}
    missed = [lb for lb in labels if lb.is_claim and (lb.file, lb.line, lb.text, lb.occurrence) not in found]
    wrong = []  # extracted, labelled as claim, but value or unit differ
    false = []  # extracted, labelled not a claim or not labelled
    good = 0
    for key, c in claims:
        lb = by_key.get(key)
        if lb is None or not lb.is_claim:
            false.append((key, c, lb))
            continue
        if abs(float(lb.value) - c.value) > 1e-9 or lb.unit != c.unit:
            wrong.append((key, c, lb))
        else:
            good += 1
    periods = []  # correct figures whose period or kind differs from the label
    for key, c in claims:
        lb = by_key.get(key)
        if lb is not None and lb.is_claim and abs(float(lb.value) - c.value) <= 1e-9:
            got = c.period.text or ("now" if c.period.source != "from" else "-")
            if got != lb.period or c.kind != lb.kind:
                periods.append((key, c, lb, got))
    n_stats = sum(1 for lb in labels if lb.is_claim)
    recall = good / n_stats if n_stats else 1.0
    precision = good / len(claims) if claims else 1.0
    return {"labels": len(labels), "statistics": n_stats, "claims": len(claims), "correct": good,
            "recall": recall, "precision": precision, "missed": missed, "wrong": wrong, "false": false, "periods": periods}


if __name__ == "__main__":
    seeds = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parents[2] / "shared" / "seeds")
    r = evaluate(seeds)
    for lb in r["missed"]:
        print(f"MISSED {lb.file[:3]}:{lb.line} {lb.text} -> {lb.value}{lb.unit} {lb.qualifier} ({lb.note})")
    for key, c, lb in r["wrong"]:
        print(f"WRONG  {key[0][:3]}:{key[1]} {c.text!r} got {c.value:g}{c.unit} want {lb.value}{lb.unit}")
    for key, c, lb in r["false"]:
        print(f"FALSE  {key[0][:3]}:{key[1]} {c.text!r} {c.value:g}{c.unit} label={'none' if lb is None else lb.unit} {lb.note if lb else ''}")
    for key, c, lb, got in r["periods"]:
        print(f"PERIOD {key[0][:3]}:{key[1]} {c.text!r} got {got} {c.kind} want {lb.period} {lb.kind}  {lb.note}")
    print(f"period or kind differs on {len(r['periods'])} of {r['correct']} correct figures")
    print(f"labels {r['labels']}, statistics {r['statistics']}, claims {r['claims']}, correct {r['correct']}, "
          f"recall {r['recall']:.1%}, precision {r['precision']:.1%}")
