"""Every input the fuzzer ever saved (tests/regressions/) is replayed, and the fuzz script runs."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from cjmap.validation import validate_bytes
from conftest import ROOT, TESTS

REGRESSIONS = sorted((TESTS / "regressions").glob("*.yaml"))


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


# -- the attack shapes of issue 12 through every command ------------------------------------

SCRIPTS = ROOT / "scripts"
PIPELINE = sorted((TESTS / "regressions" / "pipeline").glob("*.json"))


def _from_scripts(name: str):  # type: ignore[no-untyped-def]
    """A module of scripts/, imported without leaving its folder or ROOT/src (which fuzz.py puts
    first, for running by hand) on sys.path: the tests use the installed cjmap."""
    import importlib

    saved = list(sys.path)
    sys.path.insert(0, str(SCRIPTS))
    try:
        return importlib.import_module(name)
    finally:
        sys.path[:] = saved


def _fuzz_module():  # type: ignore[no-untyped-def]
    return _from_scripts("fuzz")


def _shape_names() -> list[str]:
    shapes = _from_scripts("hostile_shapes")
    return sorted([*shapes.SHAPES, *shapes.IMPORTS])


@pytest.mark.parametrize("shape", _shape_names())
def test_every_attack_shape_goes_through_every_command(shape):
    """Six inputs of each shape (fixed seeds) through validate, lint, show, stats, diff, render
    and export, or through import: no crash, no hang, bounded output, valid JSON, no raw control
    character, nothing written on a refusal."""
    fuzz = _fuzz_module()
    for index in range(6):
        fuzz.check_shape(shape, fuzz.shape_input(shape, 12, index), hang=30)


def test_the_saved_findings_are_there():
    # The parametrized tests below pass vacuously on an empty list.
    assert REGRESSIONS and PIPELINE and list(SCRIPTS.glob("*.py"))


@pytest.mark.parametrize("case", PIPELINE, ids=[case.stem for case in PIPELINE])
def test_saved_pipeline_findings_are_handled(case):
    fuzz = _fuzz_module()
    found = json.loads(case.read_text())
    fuzz.check_shape(found["shape"], fuzz.shape_input(found["shape"], found["seed"], found["index"]), hang=30)


def test_the_pipeline_fuzzer_runs_and_finds_nothing():
    completed = subprocess.run(
        # --hang 30: a slow CI machine is not a finding (the shapes that hung took minutes).
        [sys.executable, str(SCRIPTS / "fuzz.py"), "--target", "pipeline", "--seconds", "10", "--seed", "7", "--hang", "30"],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )
    summary = json.loads(completed.stdout.strip().splitlines()[-1])
    assert completed.returncode == 0, completed.stderr
    assert summary["findings"] == 0 and summary["inputs"] >= 10


@pytest.mark.parametrize("script", sorted(p.name for p in SCRIPTS.glob("*.py")))
def test_every_script_compiles(script):
    """Scripts run by hand (reliability.py rewrites docs/reliability.md) must at least parse."""
    source = (SCRIPTS / script).read_text(encoding="utf-8")
    compile(source, script, "exec")
