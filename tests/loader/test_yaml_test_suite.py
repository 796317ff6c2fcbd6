"""The official YAML test suite: every case is loaded or refused with a located issue.

No crash, no hang, no exception escapes the loader (issue 8 builds on this).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cjmap.loader import load_bytes
from conftest import SHARED

SUITE = SHARED / "corpora" / "yaml-test-suite"
# Without ../shared the cases fail (never skip): the suite is part of what CI must run.
CASES = sorted(SUITE.glob("*/**/in.yaml")) if SUITE.is_dir() else []
CASES = CASES or [SUITE / "missing" / "in.yaml"]


def test_the_suite_is_there():
    assert len(CASES) > 300, f"the YAML test suite is expected at {SUITE}"


@pytest.mark.parametrize("case", CASES, ids=lambda path: str(path.parent.relative_to(SUITE)))
def test_case_loads_or_is_refused_with_a_position(case: Path):
    raw = case.read_bytes()
    result = load_bytes(raw)
    lines = max(1, raw.count(b"\n") + 1)
    for issue in result.issues:
        assert issue.code.startswith("CJ0")
        assert 1 <= issue.line <= lines + 1 and issue.column >= 1
        assert "\n" not in issue.message
    assert (result.data is not None) or result.issues
