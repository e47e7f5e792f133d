"""The command line: a thin typer layer over the library.

``qzcheck [OPTIONS] PATH...`` checks articles. Auxiliary commands are reached by a first word
(``./claims`` is a path, ``claims`` the command): ``qzcheck claims FILE`` (what was read), ``qzcheck facts`` (validate the fact
base and summarise it), ``qzcheck rule [CODE]`` (rule documentation). Every failure of the run is
one line on stderr and exit 2; findings of severity error or warning are exit 1.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from . import __version__
from .errors import QzError, UsageError

AUX_COMMANDS = ("claims", "facts", "rule", "rules")
INTERRUPTED = 130  # the exit status of a run stopped by Ctrl-C (128 + SIGINT), as shells report it
# what a run built, kept to the process's end by run() (None: a library caller of main, which frees it)
_RETAINED: Optional[list] = None


class Format(str, Enum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"


def _console(stderr: bool = False):
    from rich.console import Console  # imported when text is shown: a JSON run never needs rich

    return Console(stderr=stderr, no_color=bool(os.environ.get("NO_COLOR")), highlight=False, soft_wrap=True)


def _err(message: str) -> None:
    """One line on stderr (the console is made only when there is something to say), with the
    control and invisible characters of a file name escaped."""
    from .normalize import visible

    _console(stderr=True).print(visible(message), markup=False)


def _parse_date(value: str) -> date:
    """YYYY-MM-DD (or YYYY-MM) between 1900 and 2200 (config.DATES): 前年 of 0001-01-01 is no year."""
    from .config import DATES, in_range
    from .periods import parse_date

    try:
        d = parse_date(value)
    except ValueError as e:
        raise UsageError(f"--date: {e}") from None
    if not in_range(d):
        raise UsageError(f"--date: {d} is not between {DATES[0]} and {DATES[1]}")
    return d


DATE_POLICIES = ("auto", "today")  # auto: the article's own words (the default); today: never them


def _parse_dates(values: Optional[list[str]]) -> tuple[Optional[date], list[tuple[str, date]], Optional[str]]:
    """--date YYYY-MM-DD (or auto, or today) for every file, --date PATTERN=YYYY-MM-DD for the
    files that fit. Returns the common date, the per-file dates and the policy (auto | today)."""
    common: Optional[date] = None
    policy: Optional[str] = None
    per_file: list[tuple[str, date]] = []
    for v in values or []:
        if "=" in v:
            pattern, _, d = v.rpartition("=")
            per_file.append((pattern, _parse_date(d)))
        elif common is not None or policy is not None:
            raise UsageError("--date given twice without a file pattern (use --date PATTERN=YYYY-MM-DD)")
        elif v.strip().lower() in DATE_POLICIES:
            policy = v.strip().lower()
        else:
            common = _parse_date(v)
    return common, per_file, policy


def _codes(value: Optional[str]) -> Optional[list[str]]:
    if value is None:
        return None
    codes = [c.strip().upper() for c in value.split(",") if c.strip()]
    return codes


def _version(value: bool):
    if value:
        print(f"qzcheck {__version__}")
        raise typer.Exit(0)


def _checker(facts_dirs, home: Optional[str] = None):
    from .engine import Checker

    return Checker(facts_dirs=[str(p) for p in facts_dirs] if facts_dirs else None, home=home)


check_app = typer.Typer(add_completion=False, rich_markup_mode=None)

FAIL_LEVELS = {"error": ("error",), "warning": ("error", "warning"), "info": ("error", "warning", "info"), "never": ()}


@check_app.command(
    help=(
        "Check Chinese news articles against the fact base. PATH is a file, a directory (its *.txt and "
        "*.md files, recursively, less what .gitignore or the configuration excludes) or - for standard input. "
        "Auxiliary commands: 'qzcheck claims FILE', 'qzcheck facts', 'qzcheck rule [CODE]'. "
        "Exit 0: clean; 1: findings at or above --fail-on; 2: the run failed."
    )
)
def check(
    paths: List[str] = typer.Argument(..., metavar="PATH", help="Files, directories or - (stdin)."),
    date_: Optional[List[str]] = typer.Option(None, "--date", metavar="[PATTERN=]YYYY-MM-DD|auto|today", help="Publication date, 1900-2200; relative times resolve against it. auto (the default): the date the article's own words give (its dateline or page date, self-references such as 今年1至11月), else today; today: never the article's. Repeatable as PATTERN=DATE to date files one by one (a path, a file name or a glob)."),
    fmt: Format = typer.Option(Format.text, "--format", help="Output format: text (people), json, sarif (code scanning), github (workflow annotations)."),
    output_file: Optional[Path] = typer.Option(None, "--output-file", "-o", metavar="FILE", help="Write the report to FILE instead of standard output."),
    facts: Optional[List[Path]] = typer.Option(None, "--facts", metavar="DIR", help="Fact base folder (repeatable). Default: the configuration's, else the shipped fact base."),
    select: Optional[str] = typer.Option(None, "--select", metavar="CODES", help="Rules to run: comma-separated codes or prefixes."),
    ignore: Optional[str] = typer.Option(None, "--ignore", metavar="CODES", help="Rules to skip: comma-separated codes or prefixes."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", metavar="LEVEL", help="Lowest severity that makes the exit code 1: error, warning (default), info or never."),
    exit_zero: bool = typer.Option(False, "--exit-zero", help="Exit 0 even when there are findings (2 still means the run failed)."),
    config_file: Optional[str] = typer.Option(None, "--config", metavar="FILE", help="Configuration file. Default: the nearest qzcheck.toml or pyproject.toml with [tool.qzcheck]."),
    exclude: Optional[List[str]] = typer.Option(None, "--exclude", metavar="GLOB", help="Skip files found in folders that match (repeatable; adds to the configuration's)."),
    stdin_filename: Optional[str] = typer.Option(None, "--stdin-filename", metavar="NAME", help="The name to report standard input under (and to match per-file ignores)."),
    diff: Optional[str] = typer.Option(None, "--diff", metavar="REV", help="Report only findings on lines changed since the git revision REV."),
    unverified: bool = typer.Option(False, "--unverified", help="Also list the figures that could not be checked (QZ103, info): no fact for them, or their identity not established."),
    fix: bool = typer.Option(False, "--fix", help="Rewrite QZ100/QZ102 figures that have one unambiguous fact, in place."),
    fix_diff: bool = typer.Option(False, "--fix-diff", help="Print the unified diff --fix would make, and write nothing."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", metavar="N", min=1, help="Processes reading the files. Default: one per core, with at least 8 files each."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    from . import config as configuration
    from .engine import Options
    from .models import Report
    from .rules import RULES, _load_rule_modules

    _no_empty_path(paths)
    cfg = configuration.load(paths, config_file)
    d, per_file, policy = _parse_dates(date_)
    if d is None and policy is None and cfg.date is not None:
        d = cfg.date
    today_policy = policy == "today" if policy is not None else cfg.date_policy == "today"
    sel = _codes(select) if select is not None else cfg.select
    ign = _codes(ignore) if ignore is not None else (cfg.ignore or None)
    if unverified:
        sel = (sel or ["QZ"]) + ["QZ103"]  # QZ103 is off by default: selected by its full code
    level = fail_on or cfg.fail_on
    if level not in FAIL_LEVELS:
        raise UsageError(f"--fail-on: {level!r} is not one of {', '.join(FAIL_LEVELS)}")
    _load_rule_modules()
    for code in (sel or []) + (ign or []):
        if not any(c.startswith(code) for c in RULES):
            raise UsageError(f"unknown rule code or prefix {code!r}")
    checker = _checker(facts or cfg.facts or None, cfg.home)
    excludes = list(cfg.exclude) + list(exclude or [])
    cfg.exclude = excludes
    options = Options(
        select=sel, ignore=ign,
        per_file_ignores=cfg.ignored_for if cfg.per_file_ignores else None,
        exclude=cfg.excluded if excludes else None,
        stdin_name=stdin_filename or "<stdin>",
        today_policy=today_policy,
        progress=_progress(),
        jobs=jobs,
        retain=_RETAINED,
    )
    report = checker.check_paths(paths, d, per_file, options)
    if _RETAINED is not None:
        _RETAINED.append(report)
    if diff is not None:
        from .gitdiff import changed_lines

        changed = changed_lines(diff, [r.path for r in report.files if r.path != options.stdin_name])
        report = Report(report.files, [f for f in report.findings if f.path in changed
                                       and _touches(changed[f.path], f.line)])
    unfixed = False
    if fix or fix_diff:
        unfixed = _apply_fixes(report, checker, write=fix and not fix_diff)
        if fix and not fix_diff:
            report = checker.check_paths([r.path for r in report.files if r.path != options.stdin_name] or paths,
                                         d, per_file, options)
    if report.files or not report.failures:
        _emit(report, fmt, output_file)
    _fail_on_failures(report)
    counts = report.counts()
    failing = any(counts[sev] for sev in FAIL_LEVELS[level])
    raise typer.Exit(2 if unfixed else 1 if failing and not exit_zero else 0)


def _touches(lines: Optional[set[int]], line: int) -> bool:
    """Whether a line is among a file's changed lines (None: all of them are)."""
    return lines is None or line in lines


def _fail_on_failures(report) -> None:
    """One line for each file that could not be checked, then exit 2: the others were checked and
    reported, but the run was not whole."""
    for failure in report.failures:
        _err(f"qzcheck: {failure.message}")
    if report.failures:
        raise typer.Exit(2)


def _no_empty_path(paths: List[str]) -> List[str]:
    """An empty PATH (``qzcheck ""``, an unset shell variable) is a mistake, never the current folder."""
    if any(not p for p in paths):
        raise UsageError("PATH: an empty path names no file (use . for the current folder)")
    return paths


def _progress():
    """A progress bar on stderr for many files, only when stderr is a terminal."""
    if not sys.stderr.isatty():
        return None
    from rich.progress import Progress

    state = {}

    def update(done: int, total: int) -> None:
        if total < 2:
            return
        if "bar" not in state:
            state["bar"] = Progress(console=_console(stderr=True), transient=True)
            state["bar"].start()
            state["task"] = state["bar"].add_task("checking", total=total)
        state["bar"].update(state["task"], completed=done)
        if done >= total:
            state["bar"].stop()

    return update


def _emit(report, fmt: Format, output_file: Optional[Path]) -> None:
    if fmt == Format.text:
        from .report.text import render as render_text

        if output_file is None:
            render_text(report, _console())
            return
        with open(output_file, "w", encoding="utf-8") as out:
            from rich.console import Console

            render_text(report, Console(file=out, no_color=True, highlight=False, soft_wrap=True, width=200))
        return
    if fmt == Format.json:
        from .report.json_report import write

        if output_file is None:
            write(report, sys.stdout)
        else:
            with open(output_file, "w", encoding="utf-8") as out:
                write(report, out)
        return
    if fmt == Format.sarif:
        from .report.sarif import render as render_sarif

        text = render_sarif(report)
    else:
        from .report.github import render as render_github

        text = render_github(report)
    if output_file is None:
        sys.stdout.write(text)
    else:
        output_file.write_text(text, encoding="utf-8")


def _apply_fixes(report, checker, write: bool) -> bool:
    """Print or write the fixes; whether a file could not be written as it was checked (changed
    under the run, read-only, an error writing it): the run then fails (exit 2). A file not fixed
    for what it says (an ambiguous figure, an encoding that would not survive) keeps its findings."""
    from .fix import NotFixed, plan
    from .fix import write as write_fix

    failed = False
    for fx in plan(report, checker.facts):
        if fx.new is None:
            _err(f"qzcheck: not fixed: {fx.path}: {fx.reason}")
            failed |= fx.fatal
            continue
        if not write:
            sys.stdout.write(fx.diff())
            continue
        try:
            write_fix(fx)
        except NotFixed as e:
            _err(f"qzcheck: not fixed: {fx.path}: {e}")
            failed |= e.fatal
            continue
        except OSError as e:
            _err(f"qzcheck: not fixed: {fx.path}: cannot write it ({e.strerror or e})")
            failed = True
            continue
        _err(f"qzcheck: fixed {len(fx.edits)} figure(s) in {fx.path}")
    return failed


aux_app = typer.Typer(add_completion=False, rich_markup_mode=None, no_args_is_help=True)


@aux_app.command("claims", help="List the numeric claims read from articles.")
def claims_cmd(
    paths: List[str] = typer.Argument(..., metavar="PATH..."),
    date_: Optional[List[str]] = typer.Option(None, "--date", metavar="[PATTERN=]YYYY-MM-DD|auto|today"),
    fmt: Format = typer.Option(Format.text, "--format"),
    facts: Optional[List[Path]] = typer.Option(None, "--facts", metavar="DIR"),
) -> None:
    from rich.table import Table

    checker = _checker(facts)
    from .engine import Options

    d, per_file, policy = _parse_dates(date_)
    report = checker.check_paths(_no_empty_path(paths), d, per_file, Options(today_policy=policy == "today"))
    if fmt == Format.json:
        out = [dict(c.to_dict(), path=c.path, role=c.role, outcome=o, fact=fact)
               for r in report.files for c, (o, fact) in zip(r.claims, r.outcomes or [(None, None)] * len(r.claims))]
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2, allow_nan=False) + "\n")
        _fail_on_failures(report)
        return
    console = _console()
    for r in report.files:
        table = Table(title=f"{r.path} — {len(r.claims)} claims, date {r.date} ({r.date_source}), {r.encoding}")
        for col in ("line:col", "text", "entity", "metric", "period", "value", "unit", "qualifier", "kind", "shape", "outcome"):
            table.add_column(col)
        for c, (outcome, _) in zip(r.claims, r.outcomes or [("", None)] * len(r.claims)):
            table.add_row(
                f"{c.line}:{c.column}", c.text, c.entity + ("" if c.entity_known else " (?)"), c.metric,
                c.period.text or ("now" if c.period.source != "from" else "-"), f"{c.value:g}", c.unit,
                c.qualifier or "", c.kind, c.role, outcome,
            )
        console.print(table)
    _fail_on_failures(report)


@aux_app.command("facts", help="Validate the fact base and summarise it (facts per entity and per metric).")
def facts_cmd(
    facts: Optional[List[Path]] = typer.Option(None, "--facts", metavar="DIR"),
    fmt: Format = typer.Option(Format.text, "--format"),
) -> None:
    from collections import Counter

    from . import factbase
    from .errors import FactBaseError

    try:
        fb = factbase.load([str(p) for p in facts] if facts else None)
    except FactBaseError as e:
        from .normalize import visible

        for line in e.errors:
            print(visible(line), file=sys.stderr)
        print(f"qzcheck: fact base invalid: {len(e.errors)} problem(s)", file=sys.stderr)
        raise typer.Exit(2) from None
    per_entity = Counter(f.entity for f in fb.facts)
    per_metric = Counter(f.metric for f in fb.facts)
    per_status = Counter(f.status for f in fb.facts)
    if fmt == Format.json:
        out = {"files": fb.files, "facts": len(fb.facts), "entities": dict(per_entity), "metrics": dict(per_metric), "status": dict(per_status)}
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
        return
    console = _console()
    console.print(f"fact base OK: {len(fb.facts)} facts, {len(fb.entities)} entities, {len(fb.metrics)} metrics in {len(fb.files)} files")
    console.print("status: " + ", ".join(f"{k} {v}" for k, v in sorted(per_status.items())))
    console.print("per entity: " + ", ".join(f"{k} {v}" for k, v in per_entity.most_common()))
    console.print("per metric: " + ", ".join(f"{k} {v}" for k, v in per_metric.most_common()))


@aux_app.command("rule", help="Print a rule's documentation, or list all rules.")
def rule_cmd(code: Optional[str] = typer.Argument(None, metavar="[CODE]")) -> None:
    from .rules import RULES, _load_rule_modules

    _load_rule_modules()
    if code is None:
        for c in sorted(RULES):
            listed = RULES[c]
            print(f"{c}  {listed.severity:<8} {listed.name}: {listed.summary}")
        return
    r = RULES.get(code.upper())
    if r is None:
        raise UsageError(f"unknown rule {code!r}; 'qzcheck rule' lists them")
    print(f"{r.code} ({r.name}, {r.severity})\n\n{r.doc}")


aux_app.command("rules", help="List all rules.")(lambda: rule_cmd(None))


def main(argv: Optional[list[str]] = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    use_aux = bool(args) and args[0] in AUX_COMMANDS
    app = aux_app if use_aux else check_app
    try:
        rc = app(args, prog_name="qzcheck", standalone_mode=False)
        if rc == INTERRUPTED:  # typer turns Ctrl-C into a silent 130 (no command of ours returns it)
            _err("qzcheck: interrupted")
        return rc if isinstance(rc, int) else 0
    except typer.Exit as e:
        return e.exit_code
    except typer.Abort:
        _err("qzcheck: aborted")
        return 2
    except QzError as e:
        _err(f"qzcheck: {e}")
        return 2
    except KeyboardInterrupt:
        _err("qzcheck: interrupted")
        return INTERRUPTED
    except BrokenPipeError:
        return 0
    except MemoryError:
        _err("qzcheck: out of memory")
        return 2
    except OSError as e:  # a file that vanished mid-run; writing the report to a full disk
        what = e.filename if e.filename else "cannot write the report"
        _err(f"qzcheck: {what}: {e.strerror or e}")
        return 2
    except Exception as e:  # never a traceback for the user
        if hasattr(e, "format_message") and hasattr(e, "exit_code"):
            # click's UsageError, BadParameter… (typer vendors click in recent releases)
            _err(f"qzcheck: {e.format_message()}")
            return 2
        _err(f"qzcheck: internal error: {type(e).__name__}: {e}")
        return 2


def run() -> None:
    """The ``qzcheck`` command (and ``python -m quzhou_check``): :func:`main`, then leave at once.

    What a run built (documents, claims, the fact base, jieba's dictionary) is given back to the
    operating system with the process. Left to the interpreter, it would first be collected once
    more and freed object by object: 30-50 ms after a folder of a few hundred articles, a twentieth
    of the run. The report and the verdicts the run no longer needs are kept for the same reason
    (``_RETAINED``): freed when the command returned, they took 11 ms of such a run. The cyclic
    collector stays off throughout (a run makes no reference cycles; a test checks it), the
    output streams are flushed and the exit handlers run as at any exit; only the interpreter's
    teardown is skipped. Library callers of :func:`main` and :func:`check_text` get none of this.
    """
    import atexit
    import gc

    global _RETAINED
    gc.disable()
    _RETAINED = []
    rc = main()
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        pass  # the reader went away (qzcheck … | head): as in main, not an error
    except OSError as e:  # a full disk: the report is not whole, and the exit code says so
        _err(f"qzcheck: cannot write the report: {e.strerror or e}")
        rc = 2
    try:
        sys.stderr.flush()
    except OSError:
        pass
    atexit._run_exitfuncs()
    os._exit(rc)


if __name__ == "__main__":
    run()
