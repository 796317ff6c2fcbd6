"""The bundled example events (examples/events/, docs/measure.md's worked example): written by
scripts/example_events.py byte for byte, and measured by `cjmap measure` with the incidents the
generator put in them found.

- regenerating them in a temporary folder gives the committed bytes (seeded, no time in the gzip
  header), and each file stays small (< 300 KB);
- `cjmap measure` on each example journey exits 0 with every touchpoint that has `events:`
  reached, a stage funnel that converts, and the deviations of the generator's incidents; the
  library gives the same document, and a local Spark gives it byte for byte.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cjmap.api import load_journey
from cjmap.measure.definition import Options
from cjmap.measure.engine import open_engine
from cjmap.measure.fields import parse_columns
from cjmap.measure.run import measure_journey
from cjmap.measure.sources import find_source
from conftest import ROOT, cli
from measure_spark import spark_session  # noqa: F401  (the one SparkSession of the run)

EVENTS = ROOT / "examples" / "events"
SCRIPT = ROOT / "scripts" / "example_events.py"
# journey → its event file and the deviations the generator's incidents must produce.
EXAMPLES: dict[str, tuple[str, list[dict[str, str]]]] = {
    "laptop-purchase": ("laptop-purchase.jsonl.gz", [
        {"kind": "missing", "touchpoint": "email-seguimiento"},  # the CRM renamed the follow-up campaign
        {"kind": "ad-hoc", "from": "busqueda-dell", "to": "checkout-web"},  # "comprar ya" skips the reviews
        {"kind": "irregular", "from": "checkout-web", "to": "busqueda-cupon"},  # the coupon field shows at the last step
        {"kind": "failing", "touchpoint": "checkout-web"},  # payments fail on mobile
    ]),
    "retail-store": ("retail-store.csv.gz", [
        {"kind": "irregular", "from": "explore-sections", "to": "online-search"},  # stock checked on the phone in the store
        {"kind": "failing", "touchpoint": "till-payment"},  # Bristol's card terminal
    ]),
}
MAX_BYTES = 300_000


def _journey_path(name: str) -> Path:
    return ROOT / "examples" / f"{name}.journey.yaml"


def _events_path(name: str) -> Path:
    return EVENTS / EXAMPLES[name][0]


def test_the_generator_writes_the_committed_bytes(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(SCRIPT), "--out", str(tmp_path)], capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    written = sorted(path.name for path in tmp_path.iterdir())
    assert written == sorted(name for name, _ in EXAMPLES.values()) == sorted(path.name for path in EVENTS.iterdir())
    for name in written:
        fresh, committed = (tmp_path / name).read_bytes(), (EVENTS / name).read_bytes()
        assert fresh == committed, f"examples/events/{name} is not what scripts/example_events.py writes: run it and commit the result"
        assert len(committed) < MAX_BYTES


def _check_measured(name: str, results: dict[str, Any]) -> None:
    journey = load_journey(_journey_path(name))
    with_events = [tp.id for stage in journey.stages for tp in stage.touchpoints if tp.events]
    reach = {row["id"]: row["reach"] for row in results["touchpoints"]}
    assert with_events and all(reach[touchpoint] > 0 for touchpoint in with_events), reach
    assert results["events"]["rows"] > 10_000 and 0 < results["events"]["unmatched"] < results["events"]["matched"]
    assert results["units"] > 2000
    first = results["funnel"][0]
    assert first["entered"] == results["units"] or first["entered"] > 0.8 * results["units"]
    assert 0 < first["converted"] < first["entered"] and first["time_to_convert"]["p50"] > 0
    found = results["deviations"]
    for wanted in EXAMPLES[name][1]:
        assert any(all(deviation.get(key) == value for key, value in wanted.items()) for deviation in found), (wanted, found)
    measured = [kpi for kpi in results["kpis"] if kpi["actual"] is not None]
    assert len(measured) >= 2 and all(kpi["reason"] for kpi in results["kpis"] if kpi["actual"] is None)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_measure_finds_the_incidents_through_the_cli(name: str) -> None:
    run = cli("measure", str(_journey_path(name)), "--events", str(_events_path(name)), "-f", "json")
    assert (run.code, run.stderr) == (0, "")
    _check_measured(name, json.loads(run.stdout))


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_the_text_view_names_every_incident(name: str) -> None:
    run = cli("measure", str(_journey_path(name)), "--events", str(_events_path(name)), env={"COLUMNS": "100"})
    assert (run.code, run.stderr) == (0, "")
    for wanted in EXAMPLES[name][1]:
        assert wanted.get("touchpoint", wanted.get("to")) in run.stdout


def _library(name: str, engine_name: str, tmp_path: Path) -> dict[str, Any]:
    engine = open_engine(engine_name, temp_dir=tmp_path)
    try:
        return measure_journey(load_journey(_journey_path(name)), journey_name=f"{name}.journey.yaml", events=find_source(str(_events_path(name))),
                               fields=parse_columns(None), options=Options(), engine=engine)
    finally:
        engine.close()


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_the_library_gives_the_cli_document(name: str, tmp_path: Path) -> None:
    results = _library(name, "duckdb", tmp_path)
    _check_measured(name, results)
    run = cli("measure", str(_journey_path(name)), "--events", str(_events_path(name)), "-f", "json")
    assert json.loads(run.stdout) == results


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_spark_measures_the_examples_byte_for_byte(name: str, tmp_path: Path, spark_session: Any) -> None:  # noqa: F811
    assert json.dumps(_library(name, "spark", tmp_path)) == json.dumps(_library(name, "duckdb", tmp_path))
