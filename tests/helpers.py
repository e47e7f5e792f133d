"""Small helpers the tests share (importable: tests/ is on pytest's pythonpath)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"


def only(claims, text):
    """The one claim whose span is exactly ``text``."""
    hits = [c for c in claims if c.text == text]
    assert len(hits) == 1, f"expected one claim {text!r}, got {[c.text for c in claims]}"
    return hits[0]
