"""Every input the fuzzer ever saved (tests/regressions/) is replayed, and the fuzz script runs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from cjmap.validation import validate_bytes
from conftest import ROOT

REGRESSIONS = sorted((Path(__file__).parent / "regressions").glob("*.yaml"))


def test_saved_inputs_are_handled():
    assert REGRESSIONS, "tests/regressions/ holds the inputs that once crashed or misbehaved"
    for case in REGRESSIONS:
        result = validate_bytes(case.read_bytes(), file=case.name)
        assert result.problems, case.name  # each of them is invalid
        assert all(p.line >= 1 and p.column >= 1 and "\n" not in p.message for p in result.problems), case.name


def test_the_fuzz_script_runs_and_finds_nothing(tmp_path):
    completed = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "fuzz.py"), "--seconds", "15", "--engine", "hypothesis"],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )
    summary = json.loads(completed.stdout.strip().splitlines()[-1])
    assert completed.returncode == 0, completed.stderr
    assert summary["findings"] == 0 and summary["inputs"] > 100
