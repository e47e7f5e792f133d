"""Run the pipeline: read -> normalise -> extract -> match -> judge. The library API lives here.

``check_text`` and ``check_paths`` return a :class:`Report`; nothing here prints or exits.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Iterable, Optional, Sequence

from . import factbase
from .errors import InputError
from .extract import Extractor
from .models import Claim, Document, FileResult, Finding, Report
from .normalize import normalize
from .periods import find_time_expressions
from .reader import decode, line_starts, read_bytes

TEXT_SUFFIXES = (".txt", ".md")


class Checker:
    """Holds what is set up once (the fact base, the compiled extractor) for many documents."""

    def __init__(self, facts: Optional[factbase.FactBase] = None, facts_dirs: Optional[Sequence] = None):
        self.facts = facts if facts is not None else factbase.load(facts_dirs)
        self.extractor = Extractor(self.facts.gazetteer)

    def document(self, text: str, path: str = "<text>", encoding: str = "utf-8") -> Document:
        if text.startswith("\ufeff"):
            text = text[1:]
        return Document(path, text, normalize(text), encoding, line_starts(text))

    def extract(self, doc: Document, article_date: date) -> list[Claim]:
        return self.extractor.extract(doc, article_date)

    def check_document(self, doc: Document, article_date: Optional[date] = None) -> tuple[FileResult, list[Finding]]:
        d, source = resolve_date(doc, article_date)
        claims = self.extract(doc, d)
        result = FileResult(doc.path, d, source, doc.encoding, claims, doc)
        return result, self.judge([result])

    def judge(self, results: list[FileResult]) -> list[Finding]:
        from .rules import run_rules

        return run_rules(results, self.facts)

    def check_paths(self, paths: Sequence[str], article_date: Optional[date] = None,
                    dates: Optional[Sequence[tuple[str, date]]] = None) -> Report:
        """Check files and folders in one run. ``dates`` gives some files their own date:
        (pattern, date) pairs, the pattern a path, a file name or a glob (``003_*.txt``)."""
        results = []
        for path in expand_paths(paths):
            data = read_bytes(path)
            text, encoding = decode(data, path)
            doc = self.document(text, "<stdin>" if path == "-" else path, encoding)
            d, source = resolve_date(doc, date_for(path, dates) or article_date)
            results.append(FileResult(doc.path, d, source, encoding, self.extract(doc, d), doc))
        findings = self.judge(results)
        findings.sort(key=Finding.sort_key)
        return Report(results, findings)


def expand_paths(paths: Iterable[str]) -> list[str]:
    """Files as given; a directory gives its *.txt and *.md files, recursively, in sorted order."""
    out: list[str] = []
    for p in paths:
        if p == "-":
            out.append(p)
            continue
        path = Path(p)
        if path.is_dir():
            found = sorted(
                str(f) for f in path.rglob("*") if f.is_file() and f.suffix.lower() in TEXT_SUFFIXES
            )
            if not found:
                raise InputError(f"{p}: directory holds no .txt or .md files")
            out.extend(found)
        else:
            out.append(p)
    if not out:
        raise InputError("no input files")
    return out


def date_for(path: str, dates: Optional[Sequence[tuple[str, date]]]) -> Optional[date]:
    """The date a --date PATTERN=DATE gives this file, the first pattern that fits."""
    from fnmatch import fnmatch

    name = Path(path).name
    for pattern, d in dates or ():
        if path == pattern or name == pattern or fnmatch(path, pattern) or fnmatch(name, pattern):
            return d
    return None


_FULL_DATE = re.compile(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日")


def resolve_date(doc: Document, given: Optional[date]) -> tuple[date, str]:
    """The article's date: the option, else the latest full date the article states, else today."""
    if given is not None:
        return given, "option"
    today = date.today()
    best: Optional[date] = None
    for m in _FULL_DATE.finditer(doc.normalized):
        try:
            d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            continue
        if d <= today and (best is None or d > best):
            best = d
    if best is None:
        # a dated holiday or month with its year (2026年元旦假期) is the next best evidence
        for t in find_time_expressions(doc.normalized[:20000], today):
            p = t.period
            if p.end is not None and not p.span and p.text and "-" in p.text and p.end <= today:
                if best is None or p.end > best:
                    best = p.end
    if best is not None:
        return best, "article"
    return today, "today"


_default: Optional[Checker] = None


def default_checker() -> Checker:
    global _default
    if _default is None:
        _default = Checker()
    return _default


def check_text(text: str, date: Optional[date] = None, facts: Optional[factbase.FactBase] = None, path: str = "<text>") -> Report:
    """Check one article given as text; returns the claims read and the findings."""
    checker = Checker(facts) if facts is not None else default_checker()
    doc = checker.document(text, path)
    result, findings = checker.check_document(doc, date)
    findings.sort(key=Finding.sort_key)
    return Report([result], findings)


def extract_claims(text: str, date: Optional[date] = None, facts: Optional[factbase.FactBase] = None, path: str = "<text>") -> list[Claim]:
    """The numeric claims of one article given as text."""
    checker = Checker(facts) if facts is not None else default_checker()
    doc = checker.document(text, path)
    d, _ = resolve_date(doc, date)
    return checker.extract(doc, d)
