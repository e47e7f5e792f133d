"""Inline suppressions: line ends of every kind, and what a run of many directives means (the
parser and apply were rewritten to take time linear in the input; tests/test_linear_time.py times them)."""

from __future__ import annotations

import copy
import random
from datetime import date

import pytest

from quzhou_check.models import Finding
from quzhou_check.suppress import Suppression, apply, blank_comments

BAD = "2025年，衢州全社会研发投入强度达到3.65%。"  # QZ100: the fact base says 2.56%
IGNORE = "<!-- qzcheck: ignore QZ100 quoted from the 2024 draft budget -->"


def findings(checker, text):
    _, found = checker.check_document(checker.document(text), date(2026, 2, 15))
    return sorted((f.rule, f.line) for f in found)


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"])
def test_ignore_covers_the_next_line_whatever_the_line_ends(checker, eol):
    # CR-only files (old Mac line ends) were one line to the suppressions: the ignore covered its
    # own line, the finding stood and the suppression was reported unused (QZ901)
    assert findings(checker, IGNORE + eol + BAD + eol) == []
    assert findings(checker, IGNORE + eol + eol + BAD + eol + BAD + eol) == [("QZ100", 4)]
    assert findings(checker, BAD + eol + IGNORE + eol + "衢州经济持续向好。" + eol) == [("QZ100", 1), ("QZ901", 2)]


def test_a_lone_cr_is_a_line_break_to_suppressions_as_to_reports(checker):
    # reports count \r as a line end (reader.line_starts); the suppression covered the line a
    # split on \n saw, which reports number one lower
    assert findings(checker, IGNORE + "\n\r" + BAD + "\n") == []


def test_enable_closes_only_the_ranges_of_its_codes(checker):
    text = "\n".join([
        "<!-- qzcheck: disable QZ100 figures from the draft budget -->",  # closed by the enable QZ100
        "<!-- qzcheck: disable QZ1 figures from the draft budget -->",  # open to the bare enable
        "<!-- qzcheck: disable QZ2 nothing of the kind here -->",
        BAD,  # 4: the first disable is used
        "<!-- qzcheck: enable QZ100 -->",
        BAD,  # 6: the second
        "<!-- qzcheck: enable QZ200 -->",
        "<!-- qzcheck: enable -->",
        BAD,  # 9
        "",
    ])
    assert findings(checker, text) == [("QZ100", 9), ("QZ901", 3)]


def test_many_directives_each_covers_what_it_did(checker):
    # all three ignores before a line cover it: the first in order is used, the two others are not
    block = "\n".join([IGNORE] * 3 + [BAD])
    text = "\n".join([block] * 200) + "\n"
    assert findings(checker, text) == sorted(("QZ901", 4 * i + k) for i in range(200) for k in (2, 3))


def test_unclosed_comments_are_text_and_closed_ones_are_blanked():
    text = "<!-- a -->正文<!-- 未闭合 <!-- 又一个\n第二行"
    blanked = blank_comments(text)
    assert blanked == " " * 10 + "正文" + text[12:]
    assert blank_comments("<!-- 1\r\n2 -->x<!--") == "      \r\n     x<!--"
    assert blank_comments("正文<!-->") == "正文<!-->"


@pytest.mark.parametrize("seed", range(20))
def test_apply_uses_the_first_suppression_that_covers_each_finding(seed):
    # apply matches findings to suppressions by line in one sweep; the rule is Suppression.covers:
    # the first valid suppression, in order, whose lines and codes cover the finding
    rng = random.Random(seed)
    codes = ["QZ", "QZ1", "QZ10", "QZ100", "QZ101", "QZ2", "QZ201", "QZ9"]
    rules = ["QZ100", "QZ101", "QZ102", "QZ200", "QZ201", "QZ300"]

    mine = []
    for n in range(rng.randint(0, 30)):
        first = rng.randint(1, 40)
        last = first if rng.random() < 0.5 else rng.randint(first - 2, 45)  # an ignore, or a range
        s = Suppression("ignore", rng.sample(codes, rng.randint(1, 2)), "r", n, 1, n, 2, "", first, last)
        if rng.random() < 0.2:
            s.problems.append(("QZ902", "no reason"))
        mine.append(s)
    reference = copy.deepcopy(mine)
    findings = [Finding(rng.choice(rules), "error", "a.txt", rng.randint(1, 45), 1, 1, 1, "", "")
                for _ in range(rng.randint(0, 60))]
    expected = []
    for f in findings:
        hit = next((s for s in reference if not s.problems and s.covers(f)), None)
        if hit is None:
            expected.append(f)
        else:
            hit.used = True
    assert apply(findings, mine) == expected
    assert [s.used for s in mine] == [s.used for s in reference]
