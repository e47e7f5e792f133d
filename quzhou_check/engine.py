"""Run the pipeline: read -> normalise -> date -> extract -> match -> judge. The library API lives here.

``check_text`` and ``check_paths`` return a :class:`Report`; nothing here prints or exits.
"""

from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Callable, Iterable, Optional, Sequence

from . import dating, factbase, parallel, segment, suppress
from .dating import Dating
from .errors import InputError, QzError
from .extract import Extractor
from .models import Claim, Document, Failure, FileResult, Finding, PackedClaims, Report
from .normalize import normalize
from .reader import decode, line_starts, read_bytes
from .suppress import blank_comments

TEXT_SUFFIXES = (".txt", ".md")


@dataclass
class Options:
    """What a run is asked for, beyond the files: rule selection and where the files come from."""

    select: Optional[list[str]] = None
    ignore: Optional[list[str]] = None
    per_file_ignores: Optional[Callable[[str], list[str]]] = None  # path -> ignored codes
    exclude: Optional[Callable[[str], bool]] = None  # path -> excluded when found in a folder
    stdin_name: str = "<stdin>"
    today_policy: bool = False  # date policy "today": never read the date from the article
    progress: Optional[Callable[[int, int], None]] = None  # (done, total), for a progress bar
    jobs: Optional[int] = 1  # processes reading files; None: one per core, given enough files (default_jobs)
    # where a run puts what it built and no longer needs (each file's verdicts), for a caller that
    # exits right after and would rather leave it to the process's end than free it object by object
    retain: Optional[list] = None


def _packed(r: FileResult) -> FileResult:
    """A worker's result as it is sent back: its claims packed into one byte string (see
    PackedClaims), and its document whole, as a file this process read keeps it (its normalised
    copy costs 6 µs a file to send and read back). The worker keeps its own to judge."""
    return replace(r, claims=PackedClaims(r.claims))


class Checker:
    """Holds what is set up once (the fact base, the compiled extractor) for many documents."""

    def __init__(self, facts: Optional[factbase.FactBase] = None, facts_dirs: Optional[Sequence] = None,
                 home: Optional[str] = None):
        self.facts = facts if facts is not None else factbase.load(facts_dirs)
        if home is not None:
            if home not in self.facts.entities:
                raise QzError(f"home entity {home!r} is not in the fact base")
            self.facts.home = home
            self.facts.__dict__.pop("gazetteer", None)
        self.extractor = Extractor(self.facts.gazetteer)
        segment.register_words(self.facts.words())

    def document(self, text: str, path: str = "<text>", encoding: str = "utf-8") -> Document:
        if text.startswith("\ufeff"):
            text = text[1:]
        return Document(path, text, normalize(blank_comments(text)), encoding, line_starts(text))

    def extract(self, doc: Document, article_date: date) -> list[Claim]:
        return self.extractor.extract(doc, article_date)

    def check_document(self, doc: Document, article_date: Optional[date] = None) -> tuple[FileResult, list[Finding]]:
        dated = date_of(doc, article_date)
        claims = self.extract(doc, dated.date)
        result = FileResult(doc.path, dated.date, dated.source, doc.encoding, claims, doc,
                            date_evidence=dated.as_dict())
        return result, self.judge([result])

    def judge_file(self, result: FileResult, options: Optional[Options] = None) -> tuple[list[Finding], list]:
        """The rules that need one article, and what the cross-article rules need of it."""
        from .rules import Context, run_rules, selected
        from .rules._facts import verdicts
        from .rules._same import keyed

        opts = options or Options()
        if result.error is not None:
            return [], []
        cache: dict = {}
        findings = run_rules([result], self.facts, opts.select, opts.ignore, scope="file", cache=cache)
        vs = verdicts(Context([result], self.facts, cache))  # computed once: the rules above used them
        result.outcomes = [(v.outcome, v.fact.id if v.fact is not None else None) for v in vs]
        if not selected("QZ300", opts.select, opts.ignore):
            return findings, []
        return findings, keyed(vs)

    def judge(self, results: list[FileResult], options: Optional[Options] = None,
              per_file: Optional[list[tuple[list[Finding], list]]] = None) -> list[Finding]:
        """Run the rules, then per-file ignores and inline suppressions (which report on themselves).

        ``per_file`` holds what judge_file gave for each result, when workers ran it."""
        from .rules import RULES, run_rules, selected
        from .rules._fold import fold

        opts = options or Options()
        if per_file is None:
            per_file = [self.judge_file(r, opts) for r in results]
        findings = [f for fs, _ in per_file for f in fs]
        keyed = [ks for _, ks in per_file]  # one list per file, as QZ300 takes them
        findings += run_rules(results, self.facts, opts.select, opts.ignore, scope="run", cache={"keyed": keyed})
        findings = fold(findings)
        if opts.retain is not None:
            opts.retain.append(per_file)
        by_path: dict[str, list[Finding]] = {}
        for f in findings:
            by_path.setdefault(f.path, []).append(f)
        out: list[Finding] = []
        for r in results:
            mine = by_path.pop(r.path, [])
            if opts.per_file_ignores is not None:
                ignored = opts.per_file_ignores(r.path)
                mine = [f for f in mine if not any(f.rule.startswith(c) for c in ignored)]
            if r.document is not None and "qzcheck" in r.document.text:
                sups = suppress.parse(r.document, sorted(RULES))
                sups = [sp for sp in sups if sp.problems or any(selected(c, opts.select, opts.ignore)
                                                                for c in RULES if any(c.startswith(x) for x in sp.codes))]
                mine = suppress.apply(mine, sups)
                mine.extend(f for f in suppress.report(r.path, sups) if selected(f.rule, opts.select, opts.ignore))
            out.extend(mine)
        for rest in by_path.values():
            out.extend(rest)
        return out

    def read_or_fail(self, path: str, article_date: Optional[date], dates=None,
                     options: Optional[Options] = None) -> FileResult:
        """:meth:`read`, with a file that cannot be checked given back as a failed result (its
        ``error`` set) instead of an exception: one odd file never stops the others."""
        try:
            return self.read(path, article_date, dates, options)
        except QzError as e:
            message = str(e)
        except RecursionError:
            message = f"{path}: nested too deeply to read"
        except Exception as e:  # a bug met on this file: the file's failure, not the run's
            message = f"{path}: internal error: {type(e).__name__}: {e}"
        name = (options or Options()).stdin_name if path == "-" else path
        return FileResult(name, article_date or date.today(), "", "", [], None, message)

    def read(self, path: str, article_date: Optional[date], dates=None, options: Optional[Options] = None) -> FileResult:
        opts = options or Options()
        data = read_bytes(path)
        name = opts.stdin_name if path == "-" else path
        text, encoding = decode(data, name)
        if not text or text.isspace():
            raise InputError(f"{name}: empty, no text to check")
        doc = self.document(text, name, encoding)
        dated = date_of(doc, date_for(doc.path, dates) or article_date, use_article=not opts.today_policy)
        return FileResult(doc.path, dated.date, dated.source, encoding, self.extract(doc, dated.date), doc,
                          date_evidence=dated.as_dict())

    def check_paths(self, paths: Sequence[str], article_date: Optional[date] = None,
                    dates: Optional[Sequence[tuple[str, date]]] = None, options: Optional[Options] = None) -> Report:
        """Check files and folders in one run. ``dates`` gives some files their own date:
        (pattern, date) pairs, the pattern a path, a file name or a glob (``003_*.txt``)."""
        opts = options or Options()
        files = expand_paths(paths, opts.exclude)
        with _collector_paused():
            return self._check_files(files, article_date, dates, opts)

    def _check_files(self, files: list[str], article_date: Optional[date],
                     dates: Optional[Sequence[tuple[str, date]]], opts: Options) -> Report:
        jobs = opts.jobs if opts.jobs is not None else default_jobs(len(files))
        jobs = max(1, min(jobs, len(files)))
        if jobs > 1 and "-" not in files and parallel.available():
            segment.warm_up()  # before the workers are forked, so that they share it
            inner = replace(opts, progress=None)

            def read(i: int) -> FileResult:
                return self.read_or_fail(files[i], article_date, dates, inner)

            def judge(r: FileResult):
                return self.judge_file(r, inner)

            done = parallel.run(read, judge, len(files), jobs, opts.progress, export=_packed)
            results = [r for r, _ in done]
            per_file = [judged for _, judged in done]
        else:
            results, per_file = [], None
            for i, path in enumerate(files):
                results.append(self.read_or_fail(path, article_date, dates, opts))
                if opts.progress is not None:
                    opts.progress(i + 1, len(files))
        failures = [Failure(r.path, r.error) for r in results if r.error is not None]
        if failures:
            if per_file is not None:
                per_file = [judged for r, judged in zip(results, per_file) if r.error is None]
            results = [r for r in results if r.error is None]
        findings = self.judge(results, opts, per_file)
        findings.sort(key=Finding.sort_key)
        return Report(results, findings, failures)


FILES_PER_PROCESS = 8


def default_jobs(n_files: int) -> int:
    """Processes for n files when none are asked for: one per core, but no more than one for every
    FILES_PER_PROCESS files. Another process must start and warm up (about 30 ms: its first file
    loads what the others already did), which files of about 3 ms repay from about a dozen: two
    processes on 2 files took 167 ms against 155 for one, on 8 files 179 against 176, on 16 files
    198 against 203, on 32 files 226 against 251."""
    return max(1, min(os.cpu_count() or 1, n_files // FILES_PER_PROCESS))


@contextmanager
def _collector_paused():
    """Pause the cyclic garbage collector for a run, and restore it after.

    A run builds tens of thousands of small objects (claims, verdicts, the results rebuilt from
    workers) and keeps most of them to its end. None is in a reference cycle (a test checks that a
    run leaves no cyclic garbage), so every collection their allocation triggers walks them for
    nothing: about 5% of a run in one process, and half the time the parent spends rebuilding
    what workers send back. Forked workers inherit the pause.

    What the run keeps (the report) would then all be walked by the first collection after it, at
    once: it is counted as long-lived instead (freeze, then unfreeze, moves every tracked object to
    the oldest generation without walking it), unless the caller has frozen objects of its own."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def expand_paths(paths: Iterable[str], exclude: Optional[Callable[[str], bool]] = None) -> list[str]:
    """Files as given; a directory gives its *.txt and *.md files, recursively, in sorted order,
    less those git ignores (.gitignore) and those the configuration excludes. A path that is a
    loop of symbolic links, or a folder inside a directory that cannot be listed, is an error."""
    import errno
    import stat

    out: list[str] = []
    for p in paths:
        if p == "-":
            out.append(p)
            continue
        path = Path(p)
        try:
            is_dir = stat.S_ISDIR(os.stat(path).st_mode)
        except OSError as e:
            if e.errno == errno.ELOOP:
                raise InputError(f"{p}: a loop of symbolic links") from None
            is_dir = False  # missing or unreadable: reading it says which
        if is_dir:
            found = [] if ".git" in path.parts else sorted(_text_files(str(path)))
            found = [f for f in found if not (exclude and exclude(f))]
            found = _not_git_ignored(path, found)
            if not found:
                raise InputError(f"{p}: directory holds no .txt or .md files")
            out.extend(found)
        else:
            out.append(p)
    if not out:
        raise InputError("no input files")
    return out


def _text_files(root: str) -> Iterable[str]:
    """The *.txt and *.md files below ``root`` (a path as str(Path) writes it), named as
    ``Path(root) / …`` would name them: symbolic links to files are files, links to folders are
    not followed, and .git folders are not entered. A folder that cannot be listed is an
    InputError naming it, as an unreadable file is: skipped, its articles would pass unchecked."""
    folders = [root]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError as e:
            raise InputError(f"{folder}: cannot read folder ({e.strerror or e})") from None
        for entry in entries:
            name = entry.name
            child = name if folder == "." else os.path.join(folder, name)
            try:
                if entry.is_dir(follow_symlinks=False):
                    if name != ".git":
                        folders.append(child)
                    continue
                dot = name.rfind(".")  # Path.suffix: a name's last dot, not its first character
                if 0 < dot < len(name) - 1 and name[dot:].lower() in TEXT_SUFFIXES and entry.is_file():
                    yield child
            except OSError:  # a link to nowhere, or a loop: not a file, as Path.is_file says
                continue


def _not_git_ignored(folder: Path, files: list[str]) -> list[str]:
    """Drop the files git ignores, when the folder is in a git work tree and git is there. git runs
    nothing the checked repository's configuration names (gitdiff.command)."""
    import shutil
    import subprocess

    from .gitdiff import command

    if not files or not _maybe_in_git_work_tree(folder) or shutil.which("git") is None:
        return files
    try:
        proc = subprocess.run(command("-C", str(folder), "check-ignore", "--stdin", "-z"),
                              input="\0".join(str(Path(f).resolve()) for f in files) + "\0",
                              capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return files
    if proc.returncode not in (0, 1):  # 128: not a git repository
        return files
    ignored = {Path(x).resolve() for x in proc.stdout.split("\0") if x}
    return [f for f in files if Path(f).resolve() not in ignored]


def _maybe_in_git_work_tree(folder: Path) -> bool:
    """False when no folder from here up holds .git (and git's environment names no repository):
    then git need not be asked (starting it costs 15 ms)."""
    if "GIT_DIR" in os.environ or "GIT_WORK_TREE" in os.environ:
        return True
    here = folder.resolve()
    return any((d / ".git").exists() for d in (here, *here.parents))


def date_for(path: str, dates: Optional[Sequence[tuple[str, date]]]) -> Optional[date]:
    """The date a --date PATTERN=DATE gives this file, the first pattern that fits."""
    from fnmatch import fnmatch

    name = Path(path).name
    for pattern, d in dates or ():
        if path == pattern or name == pattern or fnmatch(path, pattern) or fnmatch(name, pattern):
            return d
    return None


def date_of(doc: Document, given: Optional[date], use_article: bool = True) -> Dating:
    """The article's date and why (dating.py): the one given, else its own words', else today."""
    return dating.resolve(doc.normalized, doc.line_starts, given, use_article)


def resolve_date(doc: Document, given: Optional[date], use_article: bool = True) -> tuple[date, str]:
    """The article's date and its source (option | article | today); see :func:`date_of`."""
    d = date_of(doc, given, use_article)
    return d.date, d.source


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
