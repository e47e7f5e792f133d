"""Check the "another city" sentences of issue 17 against their own fact base and score the result.

    python scripts/city_eval.py [DATA_DIR] [-v]

DATA_DIR (default tests/data/othercity) holds ``facts/`` (a fact base folder), ``sentences.tsv``
(15 correct sentences, expected ``clean``, and 15 wrong ones, expected the rule code that must catch
them) and ``places.tsv`` (figures of places the base does not list, expected ``clean``). Both files
have the columns id, expected, date, sentence, note.

Each sentence is checked in-process, on its own, at its date, with that fact base only. Per sentence
it prints the expected outcome and the codes of the loud findings (severity error or warning) it got;
``-v`` adds every claim read (value, unit, entity, metric words, period) with the verdict the judge
gave it and the fact it was compared with. Then the totals: correct sentences clean, wrong sentences
caught by the right rule, places clean. It always exits 0: the numbers are the result.
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quzhou_check.engine import Checker  # noqa: E402

LOUD = ("error", "warning")


@dataclass
class Case:
    id: str
    expected: str
    date: date
    sentence: str
    note: str
    group: str  # correct | wrong | place


def read_cases(path: Path, group_of) -> list[Case]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    out = []
    for r in rows:
        out.append(Case(r["id"], r["expected"].strip(), date.fromisoformat(r["date"].strip()), r["sentence"],
                        r.get("note", ""), group_of(r)))
    return out


def verdict_lines(checker: Checker, result) -> list[str]:
    """Every claim with the judge's verdict: what it was compared with, and how it came out."""
    from quzhou_check.rules import Context
    from quzhou_check.rules._facts import verdicts

    lines = []
    for v in verdicts(Context([result], checker.facts, {})):
        c = v.claim
        fact = f"{v.fact.id}={v.fact.value:g}{v.fact.unit}" if v.fact is not None else "-"
        metric = v.match.metric if v.match is not None else "-"
        score = f"{v.match.score:.0f}" if v.match is not None else "-"
        lines.append(f"      {c.text!s:<14} value={c.value:g} unit={c.unit or '-'} q={c.qualifier or '-'} "
                     f"entity={c.entity}{'' if c.entity_known else '?'} period={c.period.text or 'now'} "
                     f"words={c.metric!r} -> {v.outcome} metric={metric} ({score}) fact={fact}")
    return lines


def run(data: Path, verbose: bool = False) -> dict:
    checker = Checker(facts_dirs=[str(data / "facts")])
    cases = read_cases(data / "sentences.tsv", lambda r: "correct" if r["expected"].strip() == "clean" else "wrong")
    cases += read_cases(data / "places.tsv", lambda r: "place")
    totals = {"correct": [0, 0], "wrong": [0, 0], "place": [0, 0]}
    for case in cases:
        doc = checker.document(case.sentence, path=case.id)
        result, findings = checker.check_document(doc, case.date)
        got = sorted({f.rule for f in findings if f.severity in LOUD})
        quiet = sorted({f.rule for f in findings if f.severity not in LOUD})
        if case.group == "wrong":
            ok = case.expected in got
        else:
            ok = not got
        totals[case.group][0] += ok
        totals[case.group][1] += 1
        mark = "ok  " if ok else "FAIL"
        got_s = ",".join(got) or "clean"
        extra = f" (info: {','.join(quiet)})" if quiet else ""
        print(f"{mark} {case.id:<4} expected {case.expected:<6} got {got_s}{extra}  | {case.sentence}")
        if verbose or not ok:
            for f in findings:
                if f.severity in LOUD:
                    print(f"      {f.rule} {f.text}: {f.message}")
            if verbose:
                for line in verdict_lines(checker, result):
                    print(line)
    print()
    c, w, p = totals["correct"], totals["wrong"], totals["place"]
    print(f"correct sentences clean:            {c[0]}/{c[1]}")
    print(f"wrong sentences caught, right rule: {w[0]}/{w[1]}")
    print(f"places never flagged:               {p[0]}/{p[1]}")
    return totals


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"]
    data = Path(args[0]) if args else ROOT / "tests" / "data" / "othercity"
    run(data, verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
