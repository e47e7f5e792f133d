"""The benchmark script runs (tiny sizes, one run each), so it never rots. Not a timed test:
nothing here asserts a speed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def test_benchmark_quick(tmp_path):
    out = tmp_path / "figures.json"
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--json", str(out)],
                          capture_output=True, text=True, encoding="utf-8", timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    for row in ("cold latency", "throughput", "time per claim", "peak memory", "parallel"):
        assert row in proc.stdout
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["identical"] == 1.0  # -j 1 and -j 2 give the same report
    assert figures["corpus_claims"] > 0
