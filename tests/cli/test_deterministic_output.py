"""Machine-readable output is the same in every run: two real processes with different hash
seeds (within one process set and dict order of strings never changes, so running twice
there would prove nothing). The text renders: tests/render/test_render_golden.py."""

from __future__ import annotations

import pytest

from conftest import EXAMPLES, TODAY, run_cjmap

LAPTOP = str(EXAMPLES / "laptop-purchase.journey.yaml")
RETAIL = str(EXAMPLES / "retail-store.journey.yaml")
COMMANDS = {
    "show json": ["show", LAPTOP, "--format", "json"],
    "stats json": ["stats", "examples/", "--format", "json"],
    "diff json": ["diff", LAPTOP, RETAIL, "--format", "json"],
    "validate json": ["validate", "examples/", "tests/data/flawed.journey.yaml", "--format", "json"],
    "lint sarif": ["lint", "examples/", "tests/data/flawed.journey.yaml", "--format", "sarif"],
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_output_does_not_depend_on_the_hash_seed(name: str) -> None:
    first, second = (run_cjmap(*COMMANDS[name], env={**TODAY, "PYTHONHASHSEED": seed}) for seed in ("1", "2"))
    assert first.code in (0, 1) and len(first.stdout) > 200, first.stderr
    assert first == second
