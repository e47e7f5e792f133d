"""The labelled real-copy trial of issue 17: how often a loud finding is right, and what is missed.

    python scripts/trial.py TEXTS_DIR [--labels tests/data/trial/labels.tsv]
                            [--sources tests/data/trial/sources.tsv] [-v]
                            [--ids 035,036,... | --ids @FILE | --holdout]

TEXTS_DIR holds the trial's texts as NNN.txt (third-party pages, kept outside the repository;
tests/data/trial/README.md says how to rebuild it). Each text is checked on its own, in process,
at the date sources.tsv gives it, with the shipped fact base. Then:

- a loud finding (severity error or warning) is matched to a label by text id, line and figure
  (the figure as written, compared after NFKC folding of full-width forms and without spaces);
- it is true when its label expects error or warning, false when the label says clean, and
  unlabelled otherwise (counted as false, and listed so that a labeller can add it);
- a miss is a label expecting error or warning that no loud finding matches.

Prints the number of texts, loud findings, true, false, unlabelled, the precision of loud findings
(true / all loud) and the misses with their comments; -v lists every loud finding. A text missing
from TEXTS_DIR is skipped with a note, and its labels are left out. Exit 0, or 2 on a usage error.
--ids limits the run to some texts (comma-separated ids, or @FILE with ids one a line);
--holdout is --ids @tests/data/trial/holdout.txt, the texts added after the checker was tuned.
No network.
"""

from __future__ import annotations

import argparse
import csv
import sys
import unicodedata
from datetime import date
from pathlib import Path

from quzhou_check.engine import Checker

ROOT = Path(__file__).resolve().parents[1]
LOUD = ("error", "warning")


def norm(figure: str) -> str:
    return "".join(unicodedata.normalize("NFKC", figure).split())


def read_tsv(path: Path, needed: tuple[str, ...]) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    missing = [c for c in needed if rows and c not in rows[0]]
    if missing:
        raise ValueError(f"{path}: no column {', '.join(missing)}")
    return rows


def read_ids(ids: str | None, holdout: bool) -> set[str] | None:
    """The ids --ids or --holdout name, or None for every text."""
    if ids and holdout:
        raise ValueError("--ids and --holdout are exclusive")
    if holdout:
        ids = "@" + str(ROOT / "tests/data/trial/holdout.txt")
    if not ids:
        return None
    if ids.startswith("@"):
        parts = Path(ids[1:]).read_text(encoding="utf-8").split()
    else:
        parts = ids.split(",")
    return {p.strip() for p in parts if p.strip()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("texts", type=Path, help="folder of NNN.txt texts")
    ap.add_argument("--labels", type=Path, default=ROOT / "tests/data/trial/labels.tsv")
    ap.add_argument("--sources", type=Path, default=ROOT / "tests/data/trial/sources.tsv")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every loud finding")
    ap.add_argument("--ids", help="only these texts: comma-separated ids, or @FILE (one id a line)")
    ap.add_argument("--holdout", action="store_true",
                    help="only the held-out texts of tests/data/trial/holdout.txt")
    a = ap.parse_args(argv)
    try:
        if not a.texts.is_dir():
            raise ValueError(f"{a.texts}: not a folder")
        sources = read_tsv(a.sources, ("id", "date"))
        labels = read_tsv(a.labels, ("text_id", "line", "figure", "expected", "comment"))
        dates = {s["id"]: date.fromisoformat(s["date"]) for s in sources}
        wanted = read_ids(a.ids, a.holdout)
        if wanted is not None:
            unknown = sorted(wanted - dates.keys())
            if unknown:
                raise ValueError(f"ids not in {a.sources}: {' '.join(unknown)}")
            dates = {k: v for k, v in dates.items() if k in wanted}
    except (OSError, ValueError) as e:
        print(f"trial: {e}", file=sys.stderr)
        return 2

    by_key = {(r["text_id"], int(r["line"]), norm(r["figure"])): r for r in labels}
    checker = Checker()
    checked, absent, loud = [], [], []  # loud: (text id, finding, label or None)
    for tid in sorted(dates):
        path = a.texts / f"{tid}.txt"
        if not path.is_file():
            absent.append(tid)
            continue
        checked.append(tid)
        result = checker.read(str(path), dates[tid])
        for f in sorted(checker.judge([result]), key=lambda f: f.sort_key()):
            if f.severity in LOUD:
                loud.append((tid, f, by_key.get((tid, f.line, norm(f.text)))))

    true = [x for x in loud if x[2] is not None and x[2]["expected"] in LOUD]
    false = [x for x in loud if x[2] is not None and x[2]["expected"] not in LOUD]
    unlabelled = [x for x in loud if x[2] is None]
    raised = {(tid, f.line, norm(f.text)) for tid, f, _ in loud}
    misses = [r for r in labels if r["text_id"] in checked and r["expected"] in LOUD
              and (r["text_id"], int(r["line"]), norm(r["figure"])) not in raised]
    expected_loud = [r for r in labels if r["text_id"] in checked and r["expected"] in LOUD]

    if absent:
        print(f"note: {len(absent)} text(s) not in {a.texts}, skipped with their labels: {' '.join(absent)}")
    print(f"texts checked: {len(checked)} of {len(dates)}")
    print(f"labelled figures: {sum(r['text_id'] in checked for r in labels)}, "
          f"of which expected loud: {len(expected_loud)}")
    print(f"loud findings: {len(loud)}  true: {len(true)}  false: {len(false)}  unlabelled: {len(unlabelled)}")
    precision = f"{100.0 * len(true) / len(loud):.1f}%" if loud else "n/a (no loud finding)"
    print(f"precision of loud findings: {len(true)}/{len(loud)} = {precision}")
    print(f"misses: {len(misses)} of {len(expected_loud)} expected loud")
    for r in misses:
        print(f"  {r['text_id']}:{r['line']} {r['figure']} expected {r['expected']} "
              f"{r.get('rule') or '-'} {r.get('fact_id') or '-'}: {r['comment']}")
    if unlabelled:
        print(f"unlabelled loud findings: {len(unlabelled)} (counted as false)")
        for tid, f, _ in unlabelled:
            print(f"  {tid}:{f.line} {f.text} {f.rule}: {f.message}")
    if a.verbose:
        print("loud findings:")
        for tid, f, lab in loud:
            verdict = "unlabelled" if lab is None else ("true" if lab["expected"] in LOUD else "false")
            note = f" | {lab['comment']}" if lab is not None else ""
            print(f"  {tid}:{f.line}:{f.column} {f.rule} {f.text} [{verdict}] {f.message}{note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
