"""Small helpers the tests share (importable: tests/ is on pytest's pythonpath)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"


def only(claims, text):
    """The one claim whose span is exactly ``text``."""
    hits = [c for c in claims if c.text == text]
    assert len(hits) == 1, f"expected one claim {text!r}, got {[c.text for c in claims]}"
    return hits[0]


def run_cli(capsys, *args):
    """The command line run in this process: (exit status, stdout, stderr)."""
    from quzhou_check.cli import main

    rc = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return rc, out, err
