"""The shape of the code: modules a reader can hold in mind, and no stage importing a later one.

Scoped to quzhou_check/extract/ (issue 19, item 1); other packages join as they are split.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "quzhou_check"
CHECKED = [ROOT / "extract"]
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 80
# the stages extraction may read: those before it in the pipeline and the shared data types
EXTRACT_MAY_IMPORT = frozenset(("normalize", "numerals", "periods", "entities", "lexicon", "segment", "sentences", "models"))


def _modules() -> list[Path]:
    return sorted(p for d in CHECKED for p in d.rglob("*.py"))


def long_functions(source: str, limit: int = MAX_FUNCTION_LINES) -> list[tuple[str, int]]:
    """(name, lines) of every function or method, nested ones too, longer than ``limit`` lines."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            n = node.end_lineno - node.lineno + 1
            if n > limit:
                out.append((node.name, n))
    return out


def stages_imported(source: str, package: str = "quzhou_check") -> set[str]:
    """The top-level modules of ``package`` a module of one of its subpackages imports (``from ..x``,
    ``from quzhou_check.x``, ``from .. import x``); imports within the subpackage (``from .y``) are not."""
    out = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            parts = (node.module or "").split(".")
            if node.level == 2 or (node.level == 0 and parts[0] == package):
                rest = parts if node.level == 2 else parts[1:]
                if rest and rest[0]:
                    out.add(rest[0])
                else:
                    out.update(a.name for a in node.names)
        elif isinstance(node, ast.Import):
            for a in node.names:
                parts = a.name.split(".")
                if parts[0] == package and len(parts) > 1:
                    out.add(parts[1])
    return out


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_over_400_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_MODULE_LINES


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_function_over_80_lines(path):
    assert long_functions(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", sorted((ROOT / "extract").glob("*.py")), ids=lambda p: p.name)
def test_extract_imports_no_later_stage(path):
    assert stages_imported(path.read_text(encoding="utf-8")) <= EXTRACT_MAY_IMPORT


def test_the_checks_catch_what_they_are_for():
    # a hit: 81 lines of one function; a near miss: 80
    body = "".join(f"    x{i} = {i}\n" for i in range(79))
    assert long_functions("def f():\n" + body + "    return 0\n") == [("f", 81)]
    assert long_functions("def f():\n" + body) == []
    # a method nested in a class counts as well
    assert long_functions("class C:\n    def m(self):\n" + "".join(f"        y{i} = 1\n" for i in range(90))) == [("m", 91)]
    # imports of a later stage, written three ways, are seen; the package's own modules are not
    assert stages_imported("from ..match import Matcher\n") == {"match"}
    assert stages_imported("from quzhou_check.judge import x\nimport quzhou_check.rules.qz100\n") == {"judge", "rules"}
    assert stages_imported("from .. import engine\n") == {"engine"}
    assert stages_imported("from .metric import _base\nfrom ..lexicon import lexicon\n") == {"lexicon"}
