"""The semantic golden cases of tests/measure/cases/: one small hand-made event table per rule of
the funnel (window edge, re-entry, best attempt, ties, sessions, an event matching two touchpoints,
the period, failures, edges and deviations, every KPI, both breakdowns, an unknown column), with
the expected numbers worked out by hand in each case's README.md.

Each case runs through the real reading path (sources, the DuckDB engine reading events.csv, the
core) as a library call and as `cjmap measure … -f json`; then on a local Spark, whose JSON must be
byte-identical to DuckDB's.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cjmap.measure.definition import Options, parse_period
from cjmap.measure.engine import open_engine
from cjmap.measure.errors import MeasureError
from cjmap.measure.fields import parse_columns
from cjmap.measure.run import measure_journey
from cjmap.measure.sources import find_source
from conftest import cli
from measure_cases import CASES, case_names, expected_of, journey_of, subset_mismatches
from measure_spark import spark_session  # noqa: F401  (the one SparkSession of the run)

MEASURED = [name for name in case_names() if "_error" not in expected_of(name)]
REFUSED = [name for name in case_names() if "_error" in expected_of(name)]


def _options(expected: dict[str, Any]) -> Options:
    given = expected.get("_options", {})
    period = parse_period(given["period"]) if "period" in given else None
    return Options(period=period, window=given.get("window"), unit=given.get("unit"), by=given.get("by"))


def _arguments(expected: dict[str, Any]) -> list[str]:
    return [part for key, value in expected.get("_options", {}).items() for part in (f"--{key}", value)]


def measure_case(name: str, engine_name: str, tmp_path: Path) -> dict[str, Any]:
    folder = CASES / name
    expected = expected_of(name)
    journey = journey_of((folder / "journey.journey.yaml").read_text(encoding="utf-8"))
    engine = open_engine(engine_name, temp_dir=tmp_path)
    try:
        return measure_journey(
            journey, journey_name="journey.journey.yaml", events=find_source(str(folder / "events.csv")), fields=parse_columns(None),
            options=_options(expected), engine=engine,
        )
    finally:
        engine.close()


def test_every_rule_has_its_case() -> None:
    wanted = {"window-edge", "re-entry", "best-attempt", "ties", "sessions-derived", "sessions-column", "two-touchpoints", "period", "fails",
              "edges-and-deviations", "kpis", "breakdown-persona", "breakdown-column", "unknown-column", "no-page-column"}
    assert wanted <= set(case_names())
    for name in case_names():
        assert (CASES / name / "README.md").read_text(encoding="utf-8").startswith(f"# {name}:")


@pytest.mark.parametrize("name", MEASURED)
def test_duckdb_gives_the_hand_worked_numbers(name: str, tmp_path: Path) -> None:
    measured = measure_case(name, "duckdb", tmp_path)
    assert list(subset_mismatches(expected_of(name), measured)) == []


@pytest.mark.parametrize("name", MEASURED)
def test_the_cli_prints_the_same_json(name: str) -> None:
    folder = CASES / name
    run = cli("measure", str(folder / "journey.journey.yaml"), "--events", str(folder / "events.csv"), "-f", "json", *_arguments(expected_of(name)))
    assert (run.code, run.stderr) == (0, "")
    assert list(subset_mismatches(expected_of(name), json.loads(run.stdout))) == []


@pytest.mark.parametrize("name", MEASURED)
def test_spark_gives_byte_identical_json(name: str, tmp_path: Path, spark_session: Any) -> None:  # noqa: F811
    duck = measure_case(name, "duckdb", tmp_path)
    spark = measure_case(name, "spark", tmp_path)
    assert json.dumps(spark) == json.dumps(duck)


@pytest.mark.parametrize("name", REFUSED)
def test_a_case_that_cannot_be_measured_says_where_and_why(name: str) -> None:
    folder = CASES / name
    wanted = expected_of(name)["_error"]
    run = cli("measure", "journey.journey.yaml", "--events", "events.csv", "-f", "json", cwd=folder)
    assert run.code == wanted["exit_code"]
    assert run.stdout == ""
    first, *rest = run.stderr.splitlines()
    assert first.startswith(f"cjmap measure: error: {wanted['where']}: ")
    assert all(piece in first for piece in wanted["message"])
    assert rest and rest[0].startswith("hint: ")


@pytest.mark.parametrize("engine_name", ["duckdb", "spark"])
@pytest.mark.parametrize("name", REFUSED)
def test_the_library_refuses_alike_on_both_engines(name: str, engine_name: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    if engine_name == "spark":
        request.getfixturevalue("spark_session")
    wanted = expected_of(name)["_error"]
    with pytest.raises(MeasureError) as raised:
        measure_case(name, engine_name, tmp_path)
    assert raised.value.exit_code == wanted["exit_code"]
    assert all(piece in raised.value.message for piece in wanted["message"]), raised.value.message
    assert raised.value.where and raised.value.where.startswith("stages[0].touchpoints[0].events")  # the journey key, as a document path
