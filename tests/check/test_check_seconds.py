"""``FileResult.seconds``: the wall-clock time of each file's check, measured in check.py in the
process that checks it (serially or in a worker), kept by slim(), and shown as JUnit's ``time``.
No test asserts how long anything takes: only that it was measured, and that the sums hold."""

from __future__ import annotations

import datetime
from pathlib import Path
from xml.etree import ElementTree

import pytest

from cjmap.check import LintJob, check_files, validate_file
from cjmap.files.reading import Source
from cjmap.loader import Limits
from cjmap.problems import FileResult
from conftest import ROOT, TODAY, cli, run_cjmap

EXAMPLES = sorted((ROOT / "examples").glob("*.journey.yaml"))
FLAWED = ROOT / "tests" / "data" / "flawed.journey.yaml"
LINT = LintJob(None, frozenset(), None, datetime.date(2026, 11, 23), "<stdin>")


def _sources() -> list[Source]:
    return [Source(str(path), path) for path in [*EXAMPLES, FLAWED]]


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("lint", [None, LINT])
def test_every_file_is_timed_serially_and_in_workers(jobs: int, lint: LintJob | None) -> None:
    results = check_files(_sources(), limits=Limits(), lint=lint, jobs=jobs)
    assert [r.file for r in results] == [s.name for s in _sources()]
    assert all(r.seconds > 0 for r in results)


def test_workers_time_the_files_and_find_the_same_as_one_process() -> None:
    serial = check_files(_sources(), limits=Limits(), lint=LINT, jobs=1)
    parallel = check_files(_sources(), limits=Limits(), lint=LINT, jobs=2)
    assert serial == parallel  # seconds are not compared: the findings are the same
    assert all(r.seconds > 0 for r in parallel)


def test_an_unreadable_file_is_timed_too(tmp_path: Path) -> None:
    [result] = check_files([Source(str(tmp_path / "gone.journey.yaml"), tmp_path / "gone.journey.yaml")], limits=Limits(), jobs=1)
    assert [p.code for p in result.problems] == ["CJ012"] and result.seconds > 0


def test_the_library_api_times_its_file() -> None:
    assert validate_file(EXAMPLES[0]).seconds > 0


def test_slim_keeps_the_seconds() -> None:
    assert FileResult("a.yaml", seconds=1.25).slim().seconds == 1.25
    assert FileResult("a.yaml").seconds == 0.0  # not measured


def _milliseconds(element: ElementTree.Element) -> int:
    value = float(element.get("time", "missing"))
    assert value >= 0
    return round(value * 1000)


def _assert_times_add_up(text: str, files: int) -> None:
    root = ElementTree.fromstring(text)
    suites = root.findall("testsuite")
    assert len(suites) == files
    for suite in suites:
        assert sum(_milliseconds(case) for case in suite.findall("testcase")) == _milliseconds(suite)
    assert sum(_milliseconds(suite) for suite in suites) == _milliseconds(root)


def test_junit_times_through_the_cli_parse_and_add_up() -> None:
    run = cli("lint", "-f", "junit", "examples", "tests/data", env=TODAY)
    assert run.code == 0 and run.stderr == ""  # lint warnings and infos only: they fail the JUnit cases, not the run
    _assert_times_add_up(run.stdout, files=len(EXAMPLES) + len(list((ROOT / "tests" / "data").rglob("*.journey.yaml"))))


def test_junit_times_from_worker_processes_add_up() -> None:
    # A real process: the workers fork from cjmap, not from pytest.
    run = run_cjmap("validate", "--jobs", "2", "-f", "junit", "examples", "tests/data", env=TODAY)
    assert run.code == 0 and run.stderr == ""  # every file valid
    _assert_times_add_up(run.stdout, files=len(EXAMPLES) + len(list((ROOT / "tests" / "data").rglob("*.journey.yaml"))))
