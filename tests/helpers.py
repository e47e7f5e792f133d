"""Small helpers the tests share (importable: tests/ is on pytest's pythonpath)."""


def only(claims, text):
    """The one claim whose span is exactly ``text``."""
    hits = [c for c in claims if c.text == text]
    assert len(hits) == 1, f"expected one claim {text!r}, got {[c.text for c in claims]}"
    return hits[0]
