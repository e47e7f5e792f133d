"""The rule registry: one code, one home. Each rule module registers a function with ``@rule``.

A rule receives the :class:`Context` of a run (every file's claims, the fact base, the matches) and
yields findings. Its docstring is its documentation, in the sections *What it does*, *Why is this
bad?*, *Example* and *Use instead*; the same text feeds ``qzcheck rule CODE`` and SARIF.

*Example* and *Use instead* are run by tests/test_rule_cases.py, against the shipped fact base
(facts/) on 2026-02-15: the Example must raise the rule, the Use instead must not. So both are
copy, written so that they run:

- a remark in ASCII brackets that opens with a lowercase word is not copy: ``(the comment deleted)``;
  ``(an article of 2026)`` or ``(an article of November 2023, …)`` also dates the article (1 July
  of a year, the 15th of a month). Full-width brackets （2025年） are copy;
- ``……`` stands for text left out: what follows is a later paragraph;
- ``a.txt: … b.txt: …`` are articles checked together in one run (QZ300).

A rule's cases beyond its docs are data, one file per code: tests/rules/QZnnn.toml.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

from ..models import FileResult, Finding


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str
    func: Callable[["Context"], Iterable[Finding]]
    scope: str = "file"  # file: needs one article at a time; run: compares the articles of a run
    default: bool = True  # False: runs only when its full code is selected (a report on demand)

    @property
    def doc(self) -> str:
        import inspect

        return inspect.getdoc(self.func) or ""

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0] if self.doc else self.name


RULES: dict[str, Rule] = {}


OFF_BY_DEFAULT: set[str] = set()  # codes that run only when selected by their full code


def rule(code: str, name: str, severity: str, scope: str = "file", default: bool = True):
    def register(func):
        if code in RULES:
            raise RuntimeError(f"rule {code} registered twice")
        RULES[code] = Rule(code, name, severity, func, scope, default)
        if not default:
            OFF_BY_DEFAULT.add(code)
        return func

    return register


@dataclass
class Context:
    results: list[FileResult]
    facts: object
    cache: dict = field(default_factory=dict)


def selected(code: str, select: Optional[list[str]], ignore: Optional[list[str]]) -> bool:
    """Prefix selection; when a code matches both lists the longer prefix wins, a tie ignores.
    A rule that is off by default is selected only by its full code (``--select QZ1`` leaves it off)."""
    if code in OFF_BY_DEFAULT and code not in (select or ()):
        return False
    sel = 0 if not select else max((len(p) for p in select if code.startswith(p)), default=-1)
    ign = max((len(p) for p in (ignore or []) if code.startswith(p)), default=-1)
    return sel >= 0 and sel > ign


_loaded = False


def _load_rule_modules() -> None:
    """Import every rule module (once: listing the package's files costs more than a small check)."""
    global _loaded
    if _loaded:
        return
    import pkgutil
    from importlib import import_module

    for mod in pkgutil.iter_modules(__path__):
        import_module(f"{__name__}.{mod.name}")
    _loaded = True


_CHOSEN: dict[tuple, tuple[Rule, ...]] = {}


def chosen(select=None, ignore=None, scope=None) -> tuple[Rule, ...]:
    """The selected rules (of one scope, if given), in code order; worked out once per selection,
    not for every file of a run."""
    key = (tuple(select) if select else None, tuple(ignore) if ignore else None, scope, len(RULES))
    rules = _CHOSEN.get(key)
    if rules is None:
        rules = _CHOSEN[key] = tuple(RULES[code] for code in sorted(RULES) if selected(code, select, ignore)
                                     and (scope is None or RULES[code].scope == scope))
    return rules


def run_rules(results: list[FileResult], facts, select=None, ignore=None, scope=None, cache=None) -> list[Finding]:
    """Run every selected rule (of one scope, if given) over the results of one run."""
    _load_rule_modules()
    ctx = Context(results, facts, cache if cache is not None else {})
    findings: list[Finding] = []
    for r in chosen(select, ignore, scope):
        findings.extend(r.func(ctx))
    return findings
