"""Mutation testing of the whole fact base against its own source lines.

For every accepted actual fact with a source line in ../shared/seeds: find the claim on that line
that matched the fact, then change the figure the ways copy goes wrong (swap two digits, 亿 for 万,
±10%, break a 超/突破 bound) and check the article again: QZ100 or QZ102 must fire on that span at
that line, and the unchanged line must stay clean.

    python tests/mutation.py [SEEDS_DIR] [-v]     prints the catch rate (and every miss with -v)
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from quzhou_check.engine import Checker
from quzhou_check.judge import AGREES
from quzhou_check.models import FileResult
from quzhou_check.numerals import decimals
from quzhou_check.reader import decode
from quzhou_check.rules import Context
from quzhou_check.rules._facts import verdicts

DATES = {"000": date(2026, 2, 15), "001": date(2025, 12, 15), "002": date(2026, 1, 15),
         "003": date(2024, 6, 15), "004": date(2023, 3, 15)}
CAUGHT_BY = ("QZ100", "QZ102")
_FW = str.maketrans("０１２３４５６７８９．，", "0123456789.,")


@dataclass
class Mutant:
    fact_id: str
    kind: str
    file: str
    line: int
    before: str
    after: str
    caught: bool = False


def _fmt(value: float, dec: int) -> str:
    return f"{value:.{dec}f}"


def mutate(span: str, number: str, value: float, unit: str, qualifier: str | None) -> list[tuple[str, str]]:
    """(kind, new span) for each applicable mutation of a claim's span."""
    out = []
    if number in ("亿", "万"):
        return [("+100%", span.replace(number, "2" + number, 1))]  # 亿元以上 -> 2亿元以上
    if number == "首":
        return [("rank", span.replace("首", "第二", 1))]  # 首位 -> 第二位, 居首 -> 居第二
    at = span.find(number)
    head, tail = span[:at], span[at + len(number):]
    arabic = number.translate(_FW).replace(",", "")
    is_arabic = arabic.replace(".", "").isdigit()
    dec = decimals(arabic) if is_arabic else 0
    if is_arabic:
        digits = list(arabic)
        idx = [i for i in range(len(digits) - 1) if digits[i].isdigit() and digits[i + 1].isdigit() and digits[i] != digits[i + 1]]
        idx = [i for i in idx if not (i == 0 and digits[1] == "0")]
        if idx:
            i = idx[-1]
            digits[i], digits[i + 1] = digits[i + 1], digits[i]
            out.append(("swap", head + "".join(digits) + tail))
    if "亿" in unit and "亿" in tail:
        out.append(("scale", head + number + tail.replace("亿", "万", 1)))
    elif "万" in unit and "万" in tail:
        out.append(("scale", head + number + tail.replace("万", "亿", 1)))
    whole = unit in ("位", "年", "连冠", "家", "个", "项", "人", "次", "条", "座", "所", "对", "场", "部", "种") or unit.endswith("成")
    for factor, name in ((1.1, "+10%"), (0.9, "-10%")):
        new = value * factor
        if whole:
            # a count or a rank moves by at least one, and stays whole
            new = max(round(new), value + 1) if factor > 1 else min(round(new), value - 1)
            if new < 1:
                continue
            text = str(int(new))
        else:
            d = dec
            while _fmt(new, d) == _fmt(value, d) and d < 3:
                d += 1
            text = _fmt(new, d)
        out.append((name, head + text + tail))
    if qualifier and qualifier.startswith(("超", "突破", "逾")):
        d = dec
        while _fmt(value * 1.2, d) == _fmt(value, d) and d < 3:
            d += 1
        out.append(("bound", head + _fmt(value * 1.2, d) + tail))
    return out


def run(seeds: Path, checker: Checker | None = None, verbose: bool = False):
    checker = checker or Checker()
    articles = {}
    for f in sorted(seeds.glob("*.txt")):
        text, enc = decode(f.read_bytes(), str(f))
        articles[f.name] = text
    located: dict[str, tuple] = {}
    clean_failures = []
    for name, text in articles.items():
        d = DATES[name[:3]]
        doc = checker.document(text, name)
        res = FileResult(name, d, "option", "utf-8", checker.extract(doc, d), doc)
        for v in verdicts(Context([res], checker.facts)):
            if v.outcome == AGREES and v.fact is not None and v.fact.source == f"{name}:{v.claim.line}":
                located.setdefault(v.fact.id, (name, v.claim))
        for finding in checker.judge([res]):
            if finding.rule in CAUGHT_BY:
                clean_failures.append((name, finding.line, finding.rule, finding.text))
    mutants: list[Mutant] = []
    unlocated = []
    for fact in checker.facts.facts:
        if fact.kind != "actual" or fact.status != "accepted":
            continue
        file, _, line = fact.source.partition(":")
        if file not in articles:
            continue
        if fact.id not in located:
            unlocated.append(fact)
            continue
        name, claim = located[fact.id]
        text = articles[name]
        for kind, new_span in mutate(claim.text, claim.number_text, claim.value, claim.unit, claim.qualifier):
            mutated = text[: claim.start] + new_span + text[claim.end:]
            d = DATES[name[:3]]
            doc = checker.document(mutated, name)
            res = FileResult(name, d, "option", "utf-8", checker.extract(doc, d), doc)
            found = checker.judge([res])
            end = claim.start + len(new_span)
            caught = any(
                f.rule in CAUGHT_BY and f.claim is not None and f.claim.start < end and f.claim.end > claim.start
                for f in found
            )
            mutants.append(Mutant(fact.id, kind, name, claim.line, claim.text, new_span, caught))
    return mutants, unlocated, clean_failures


def summary(mutants, unlocated):
    caught = sum(m.caught for m in mutants)
    total = len(mutants) + len(unlocated)  # a fact the checker cannot find on its line is a miss
    return caught, total


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    seeds = Path(args[0]) if args else Path(__file__).resolve().parents[2] / "shared" / "seeds"
    mutants, unlocated, clean = run(seeds)
    for f in unlocated:
        print(f"NOT LOCATED {f.id} {f.value:g}{f.unit} at {f.source}")
    if "-v" in sys.argv:
        for m in mutants:
            if not m.caught:
                print(f"MISSED {m.kind:6} {m.file[:3]}:{m.line} {m.before} -> {m.after} ({m.fact_id})")
    for c in clean:
        print(f"UNCHANGED LINE FLAGGED {c}")
    caught, total = summary(mutants, unlocated)
    print(f"facts located {len(set(m.fact_id for m in mutants))}, not located {len(unlocated)}; "
          f"mutants {len(mutants)}, caught {caught}/{total} = {caught / total:.1%}")
