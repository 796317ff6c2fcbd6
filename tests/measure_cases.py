"""Helpers for the measure core's tests: a journey from YAML text, a normalised ``events`` table
built by hand in a plain DuckDB connection (no reading path), and the semantic golden cases of
tests/measure/cases/ (each run on the real reading path by test_cases.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import yaml

from cjmap.measure.engine import LoadSummary, Property
from cjmap.model.journey import Journey

CASES = Path(__file__).parent / "measure" / "cases"
DAY = 86_400_000_000
HOUR = 3_600_000_000
MINUTE = 60_000_000
SECOND = 1_000_000


def journey_of(text: str) -> Journey:
    """A Journey from YAML text (validated by the model)."""
    return Journey.model_validate(yaml.safe_load(text))


@dataclass(frozen=True)
class Row:
    user: str | None
    ts: int  # µs
    event: str
    session: str | None = None
    page: str | None = None
    value: float | None = None
    props: tuple[tuple[str, str | None], ...] = ()  # (column, value): the properties this row has


class TableEngine:
    """An Engine over a hand-built ``events`` table: for unit tests of the SQL alone."""

    name = "duckdb"

    def __init__(self, rows: Sequence[Row]) -> None:
        self.rows = list(rows)
        self.connection = duckdb.connect()
        self.queries: list[str] = []

    def load(self, source: Any, fields: Any, properties: Sequence[Property], *, time_format: str | None) -> LoadSummary:
        extra = "".join(f", p{i} VARCHAR" for i in range(len(properties)))
        self.connection.execute(
            f"CREATE TABLE events (user_id VARCHAR, session_id VARCHAR, ts BIGINT, event VARCHAR, page VARCHAR, value DOUBLE, row_no BIGINT{extra})"
        )
        kept = [row for row in self.rows if row.user is not None]
        for row_no, row in enumerate(kept):
            props = [dict(row.props).get(prop.name) for prop in properties]
            marks = ", ".join("?" for _ in range(7 + len(properties)))
            self.connection.execute(f"INSERT INTO events VALUES ({marks})", [row.user, row.session, row.ts, row.event, row.page, row.value, row_no, *props])
        times = [row.ts for row in kept]
        return LoadSummary(rows=len(kept), anonymous=len(self.rows) - len(kept), first_ts=min(times, default=None), last_ts=max(times, default=None))

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        # Rows as DuckDB gives them: DECIMAL sums stay Decimal (exact), as the engines return them.
        self.queries.append(sql)
        return self.connection.execute(sql).fetchall()

    def materialise(self, name: str, sql: str) -> None:
        self.queries.append(sql)
        self.connection.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {sql}")

    def close(self) -> None:
        self.connection.close()


@dataclass(frozen=True)
class EventsStub:
    """What measure_journey reads of an EventSource in unit tests."""

    kind: str = "events"
    pattern: str = "events.csv"


def case_names() -> list[str]:
    return sorted(path.name for path in CASES.iterdir() if (path / "expected.json").is_file())


def expected_of(name: str) -> dict[str, Any]:
    expected: dict[str, Any] = json.loads((CASES / name / "expected.json").read_text(encoding="utf-8"))
    return expected


def subset_mismatches(expected: Any, actual: Any, path: str = "") -> Iterator[str]:
    """Where ``actual`` differs from ``expected`` on the keys ``expected`` gives (keys starting
    with `_` are comments); lists compare item by item and must have the same length."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key, value in expected.items():
            if key.startswith("_"):
                continue
            if key not in actual:
                yield f"{path}.{key}: missing"
            else:
                yield from subset_mismatches(value, actual[key], f"{path}.{key}")
    elif isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            yield f"{path}: {len(actual)} items, expected {len(expected)}: {actual}"
        for i, (a, b) in enumerate(zip(expected, actual, strict=False)):
            yield from subset_mismatches(a, b, f"{path}[{i}]")
    elif expected != actual or isinstance(expected, bool) != isinstance(actual, bool):  # True == 1, but not here
        yield f"{path}: {actual!r}, expected {expected!r}"
