"""The engines' failures while they run (out of memory, disk, data, Spark) reach the user as a
located error with a hint and the documented exit code, never as cli's "internal error"; a bug in
cjmap's own SQL still does (measure/results.py: engine_failure)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb
import pytest
from pyspark.errors import AnalysisException
from pyspark.errors.exceptions.connect import SparkConnectGrpcException

from cjmap.measure.definition import Options
from cjmap.measure.duckdb_engine import DuckDBEngine
from cjmap.measure.engine import LoadSummary, Property, open_engine
from cjmap.measure.errors import MeasureError
from cjmap.measure.fields import Fields, parse_columns
from cjmap.measure.results import OUT_OF_MEMORY_HINT, engine_failure
from cjmap.measure.run import measure_journey
from cjmap.measure.sources import EventSource, find_source
from conftest import cli
from measure_cases import journey_of

JOURNEY_TEXT = """\
cjmap: 1
journey: {id: big, title: Big}
personas: [{id: anyone}]
stages:
  - id: look
    touchpoints:
      - {id: landing, name: Landing, events: landing}
      - {id: view, name: View, events: view}
  - id: buy
    touchpoints:
      - {id: cart, name: Cart, events: add_to_cart}
      - {id: pay, name: Pay, events: payment}
"""
# Once the events are loaded, DuckDB is left this much memory: less than the first query over the
# 200,000 rows needs in buffers it cannot spill (DuckDB refuses with OutOfMemoryException).
SQUEEZED = "2MB"


def events(tmp_path: Path, rows: int = 200_000) -> Path:
    path = tmp_path / "events.csv"
    duckdb.connect().execute(
        f"COPY (SELECT 'u' || (i % 20000) AS user_id, 1704067200 + i AS timestamp, "
        f"['landing', 'view', 'add_to_cart', 'payment', 'other'][1 + i % 5] AS event FROM range({rows}) AS r(i)) TO '{path}' (HEADER)"
    )
    return path


class Squeezed:
    """The real DuckDB engine, whose memory limit drops to SQUEEZED once the events are loaded."""

    def __init__(self, engine: DuckDBEngine) -> None:
        self.engine = engine
        self.name = engine.name

    def load(self, source: EventSource, fields: Fields, properties: Sequence[Property], *, time_format: str | None) -> LoadSummary:
        summary = self.engine.load(source, fields, properties, time_format=time_format)
        self.engine.connection.execute(f"SET memory_limit = '{SQUEEZED}'")
        return summary

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        return self.engine.query(sql)

    def materialise(self, name: str, sql: str) -> None:
        self.engine.materialise(name, sql)

    def close(self) -> None:
        self.engine.close()


def test_duckdb_out_of_memory_while_measuring_is_a_usage_error_with_a_hint(tmp_path: Path) -> None:
    engine = open_engine("duckdb", temp_dir=tmp_path)
    assert isinstance(engine, DuckDBEngine)
    squeezed = Squeezed(engine)
    try:
        with pytest.raises(MeasureError) as raised:
            measure_journey(journey_of(JOURNEY_TEXT), journey_name="big", events=find_source(str(events(tmp_path))), fields=parse_columns(None),
                            options=Options(), engine=squeezed)
    finally:
        squeezed.close()
    error = raised.value
    assert (error.where, error.exit_code, error.hint) == ("--memory-limit", 2, OUT_OF_MEMORY_HINT)
    assert error.message.startswith("the duckdb engine ran out of memory: Out of Memory Error")
    assert "\n" not in error.message  # DuckDB's advice (SET threads=…) is not ours to give
    assert isinstance(error.__cause__, duckdb.OutOfMemoryException)


def test_the_cli_says_out_of_memory_in_two_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_load = DuckDBEngine.load

    def load_then_squeeze(self: DuckDBEngine, *args: Any, **kwargs: Any) -> LoadSummary:
        summary = real_load(self, *args, **kwargs)
        self.connection.execute(f"SET memory_limit = '{SQUEEZED}'")
        return summary

    monkeypatch.setattr(DuckDBEngine, "load", load_then_squeeze)
    journey = tmp_path / "big.journey.yaml"
    journey.write_text(JOURNEY_TEXT, encoding="utf-8")
    run = cli("measure", str(journey), "--events", str(events(tmp_path)), "-f", "json")
    assert (run.code, run.stdout) == (2, "")
    first, hint = run.stderr.splitlines()
    assert first.startswith("cjmap measure: error: --memory-limit: the duckdb engine ran out of memory: Out of Memory Error")
    assert hint == f"hint: {OUT_OF_MEMORY_HINT}"


def _java_error(text: str) -> Exception:
    # Py4JJavaError wraps a live Java exception; a class of the same name and module stands in for it.
    kind = type("Py4JJavaError", (Exception,), {"__module__": "py4j.protocol"})
    return kind(text)


@pytest.mark.parametrize(("error", "where", "code", "words"), [
    (duckdb.IOException("IO Error: No space left on device"), "--engine duckdb", 2, "could not read or write a file: IO Error: No space left"),
    (duckdb.ConversionException("Conversion Error: Overflow in multiplication"), "--events", 1, "a value of the data cannot be measured"),
    (duckdb.OutOfMemoryException("Out of Memory Error: failed to pin block\n\nPossible solutions:"), "--memory-limit", 2, "ran out of memory"),
    (_java_error("An error occurred while calling o42.collect.\n: java.lang.OutOfMemoryError: Java heap space"), "--memory-limit", 2, "ran out of memory"),
    (_java_error("An error occurred while calling o42.collect.\n: org.apache.spark.SparkException: Job aborted"), "--engine spark", 2, "Spark could not run"),
    (AnalysisException(message="[UNRESOLVED_COLUMN] A column `p0` cannot be resolved.\nplan…"), "--engine spark", 2,
     "Spark could not run a query: [UNRESOLVED_COLUMN]"),
    (SparkConnectGrpcException(message="StatusCode.UNAVAILABLE: the server went away"), "--spark-remote", 2, "Spark Connect failed"),
])
def test_engine_failures_the_user_can_act_on(error: Exception, where: str, code: int, words: str) -> None:
    engine = "duckdb" if type(error).__module__.split(".")[0] in ("duckdb", "_duckdb") else "spark"
    failure = engine_failure(error, engine)
    assert failure is not None
    assert (failure.where, failure.exit_code) == (where, code)
    assert words in failure.message and "\n" not in failure.message and failure.hint


@pytest.mark.parametrize("error", [duckdb.BinderException("Binder Error: column x not found"), duckdb.ParserException("Parser Error"),
                                   KeyError("x"), ValueError("not a table name")])
def test_a_bug_in_cjmap_stays_a_bug(error: Exception) -> None:
    # cli.main reports these as an internal error and asks for a report: the user cannot fix them.
    assert engine_failure(error, "duckdb") is None


def test_hostile_engine_messages_are_made_visible() -> None:
    failure = engine_failure(duckdb.IOException("IO Error: cannot open \x1b[31m/tmp/\u202eevil"), "duckdb")
    assert failure is not None and "\x1b" not in failure.message and "\u202e" not in failure.message


def test_a_long_java_message_is_cut() -> None:
    failure = engine_failure(_java_error("x" * 5000), "spark")
    assert failure is not None and len(failure.message) < 400
