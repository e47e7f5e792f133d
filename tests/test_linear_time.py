"""Time linear in the input for every input (issue 16): each shape of input that once took time in
the square of its size is checked, at 100 KB and at 1 MB, against normal copy of the same size.

The real pipeline is timed (Checker.document, then check_document: extraction, the rules and the
inline suppressions), as a run does it, with the cyclic collector paused. Each text is timed in
alternation with the others and the best of a few runs is kept, so the machine's drift moves all
alike; the assertions are ratios, which hold on any machine. A shape is at most LIMIT times as slow
as normal copy, and its time grows from 100 KB to 1 MB at most GROWTH times as fast as copy's.
Before the fixes each was 7 to 60 times as slow as copy at 100 KB or 1 MB, but for the list pasted
one item a line, whose quadratic stage (splitting sentences) is timed on its own.
"""

from __future__ import annotations

import random
import re
import time
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Optional

import pytest

from quzhou_check.engine import _collector_paused
from quzhou_check.sentences import sentences

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
D = date(2026, 2, 15)
pytestmark = pytest.mark.slow
LIMIT = 5
GROWTH = 3
SIZES = (100_000, 1_000_000)
RUNS = {100_000: 3, 1_000_000: 2}  # best of; 1 MB of normal copy takes about a second

_PROSE = (
    "记者在多个园区走访时看到，生产线满负荷运转，企业负责人对新一年的发展充满信心。",
    "面向未来，当地将持续深化改革扩大开放，坚持把发展经济的着力点放在实体经济上。",
    "走进社区，老人们在幸福食堂里吃上了热乎的饭菜，孩子们在家门口就能享受优质的教育资源。",
)


@lru_cache(maxsize=1)
def _sentences() -> tuple[str, ...]:
    text = (EXAMPLES / "quzhou-briefing.txt").read_text(encoding="utf-8")
    return tuple(s.strip() for s in re.split(r"(?<=[。！？])|\n", text) if len(s.strip()) > 8)


def _fill(size: int, make) -> str:
    """make(i) for i = 0, 1, … joined until the text holds size bytes of UTF-8."""
    parts, n, i = [], 0, 0
    while n < size:
        part = make(i)
        parts.append(part)
        n += len(part.encode("utf-8"))
        i += 1
    return "".join(parts)


def normal_copy(size: int, seed: int = 1) -> str:
    """Paragraphs of a sentence of the briefing and two of prose (about a figure per 200 bytes, as
    in the seed articles); a sentence with a year is moved to another year with figures of its own
    (fixed per year, so the copy does not contradict itself)."""
    rng = random.Random(seed)
    sentences = _sentences()

    def paragraph(i: int) -> str:
        s = rng.choice(sentences)
        if re.search(r"20\d\d年", s):
            s = re.sub(r"20\d\d年", rng.choice(["2023年", "2024年", "2025年"]), s, count=1)
            local = random.Random(s)
            s = re.sub(r"(?<![年\d.])\d+(?:\.\d+)?(?![年月日\d])",
                       lambda m: str(round(float(m.group(0)) * local.uniform(0.8, 1.2), 1)), s)
        return s + "".join(rng.sample(_PROSE, 2)) + "\n\n"

    return _fill(size, paragraph)


def _paragraphs(size: int) -> list[str]:
    return normal_copy(size, seed=2).split("\n\n")


def unclosed_comments(size: int) -> str:
    """A draft whose comment marks were never closed (suppress.py searched each <!-- for its --> to
    the end of the text: 100 KB took 3-6 s, 40-60 times copy)."""
    return _fill(size, lambda i: "<!-- 待核实 " * 8 + "\n")


def many_suppressions(size: int) -> str:
    """Copy with an inline suppression before every sentence, and disable/enable ranges (each
    directive split the whole text again, and each suppression was tried on each finding)."""
    paras = _paragraphs(size)

    def block(i: int) -> str:
        lines = [s for s in re.split(r"(?<=。)", paras[i % len(paras)]) if s]
        if i % 10 == 0:
            return f"<!-- qzcheck: disable QZ100 figures from draft {i} -->\n" + "\n".join(lines) \
                + "\n<!-- qzcheck: enable QZ100 -->\n\n"
        return "".join(f"<!-- qzcheck: ignore QZ1 quoted from report {i} -->\n{s}\n" for s in lines) + "\n"

    return _fill(size, block)


def lines_without_end(size: int) -> str:
    """A list pasted one item a line, with no 。！？ (sentences.py copied the open sentence at
    each line: the splitting alone took 2 s at 1 MB, 80 times what it took at 100 KB)."""
    places = ("衢江区", "柯城区", "龙游县", "江山市", "常山县", "开化县")
    return _fill(size, lambda i: places[i % len(places)] + "、\n")


def respectively_lists(size: int) -> str:
    """A 分别 list of a hundred items and their figures, then three paragraphs of copy (each figure
    after 分别 listed the others again: 14 times as slow as copy at 100 KB)."""
    paras = _paragraphs(size)
    items = "、".join(f"产业{i}" for i in range(100))
    figures = "、".join(f"{i % 97 + 1}亿元" for i in range(100))
    listing = f"{items}的产值分别为{figures}。\n\n"
    return _fill(size, lambda i: listing + "".join(paras[(3 * i + k) % len(paras)] + "\n\n" for k in range(3)))


def digit_runs(size: int) -> str:
    """Lines of 900 digits in sentences that hold 年来 or + (the mask's patterns were tried from
    each digit and scanned to the run's end: 7 times as slow as copy at 100 KB, 10-17 at 1 MB)."""
    digits = "1234567890" * 90
    return _fill(size, lambda i: (f"5年来产值{digits}亿元。\n" if i % 2 else f"编号{digits}+1。\n"))


SHAPES = {
    "unclosed_comments": unclosed_comments,
    "many_suppressions": many_suppressions,
    "lines_without_end": lines_without_end,
    "respectively_lists": respectively_lists,
    "digit_runs": digit_runs,
}


def _time(checker, text: str) -> float:
    with _collector_paused():
        t0 = time.perf_counter()
        checker.check_document(checker.document(text), D)
        return time.perf_counter() - t0


_measured: dict[int, dict[str, Optional[float]]] = {}


def _timings(checker, size: int) -> dict[str, Optional[float]]:
    """The best time of each text of this size, timed in alternation: normal copy, then each shape.
    A shape already too slow at a smaller size is not timed again (it could take minutes): its
    time is None. After the first run, a shape under half the limit is not run again (a second
    run can only lower its time), to keep the 1 MB runs short."""
    if size not in _measured:
        failed = {name for smaller, times in _measured.items() if smaller < size
                  for name, t in times.items() if t is None or t > LIMIT * times["normal"]}
        texts = {"normal": normal_copy(size), **{n: make(size) for n, make in SHAPES.items() if n not in failed}}
        best: dict = dict.fromkeys(failed)
        for run in range(RUNS[size]):
            for name, text in texts.items():
                if run and name != "normal" and best[name] <= LIMIT / 2 * best["normal"] and size == SIZES[-1]:
                    continue
                t = _time(checker, text)
                best[name] = t if best.get(name) is None else min(best[name], t)
        _measured[size] = best
    return _measured[size]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("shape", SHAPES)
def test_time_is_that_of_copy(checker, shape, size):
    times = _timings(checker, size)
    assert times[shape] is not None, f"{shape}: not timed at {size:,} bytes, too slow at a smaller size"
    ratio = times[shape] / times["normal"]
    assert ratio <= LIMIT, f"{shape}: {times[shape]:.2f} s for {size:,} bytes, {ratio:.1f} times normal copy ({times['normal']:.2f} s)"


@pytest.mark.parametrize("shape", SHAPES)
def test_time_grows_as_that_of_copy(checker, shape):
    # a shape cheap beside copy may stay under LIMIT at 1 MB and still be quadratic: ten times the
    # input must take no more than GROWTH times the growth of copy's time (a quadratic stage
    # that dominates: about ten times; a suppression before every sentence grew 4 times as fast)
    small, large = (_timings(checker, size) for size in SIZES)
    assert large[shape] is not None, f"{shape}: not timed at {SIZES[1]:,} bytes, too slow at {SIZES[0]:,}"
    growth = (large[shape] / small[shape]) / (large["normal"] / small["normal"])
    assert growth <= GROWTH, (f"{shape}: {small[shape]:.3f} s -> {large[shape]:.3f} s, {growth:.1f} times the growth of "
                              f"normal copy's ({small['normal']:.3f} s -> {large['normal']:.3f} s)")


def test_sentence_splitting_grows_as_the_input(checker):
    # the list pasted one item a line is quadratic in the stage it stresses, splitting sentences,
    # which costs little beside the rest of a check (2 s at 1 MB before, under 3 times copy): timed
    # on its own, 1 MB takes at most 2.5 times ten times 100 KB (it took 80 times before, 8 now)
    small, large = (checker.document(lines_without_end(size)).normalized for size in SIZES)
    best = {}
    for _ in range(3):
        for text in (small, large):
            t0 = time.perf_counter()
            sentences(text)
            best[len(text)] = min(best.get(len(text), float("inf")), time.perf_counter() - t0)
    growth = best[len(large)] / best[len(small)]
    assert growth <= 2.5 * len(large) / len(small), f"{best[len(small)]:.3f} s -> {best[len(large)]:.3f} s"


def test_the_shapes_are_what_they_say(claims_of):
    # each shape holds what it stresses: figures where it should, a 分别 list read item by item
    assert "<!--" in unclosed_comments(1000) and "-->" not in unclosed_comments(1000)
    assert not re.search("[。！？]", lines_without_end(1000))
    listing = respectively_lists(1000).split("\n\n")[0]
    claims = claims_of(listing)
    assert len(claims) == 100 and claims[0].metric.startswith("产业0") and claims[99].metric.startswith("产业99")
    assert abs(len(normal_copy(100_000).encode("utf-8")) - 100_000) < 1000
