"""scripts/trial.py picks the texts it runs on: --ids and --holdout (no texts needed)."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("trial_script", ROOT / "scripts/trial.py")
trial = importlib.util.module_from_spec(spec)
spec.loader.exec_module(trial)


def test_ids_from_a_list_and_from_a_file(tmp_path):
    assert trial.read_ids("001, 002,", False) == {"001", "002"}
    listed = tmp_path / "ids.txt"
    listed.write_text("010\n011\n\n", encoding="utf-8")
    assert trial.read_ids(f"@{listed}", False) == {"010", "011"}
    assert trial.read_ids(None, False) is None  # near miss: no option, every text


def test_holdout_names_the_held_out_texts_and_each_is_sourced():
    ids = trial.read_ids(None, True)
    assert len(ids) == 30 and min(ids) == "035" and max(ids) == "064"
    sources = trial.read_tsv(ROOT / "tests/data/trial/sources.tsv", ("id", "date"))
    assert ids <= {s["id"] for s in sources}


def test_ids_and_holdout_exclusive_and_unknown_ids_refused(tmp_path, capsys):
    with pytest.raises(ValueError):
        trial.read_ids("001", True)
    assert trial.main([str(tmp_path), "--ids", "001,999"]) == 2
    assert "999" in capsys.readouterr().err
