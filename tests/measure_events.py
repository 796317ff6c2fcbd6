"""Small event tables for the engine tests, written in every format by DuckDB itself, and the normalised table read back.

:func:`write_events` writes the same rows as CSV, gzipped CSV, Parquet or JSON lines (two files, so
row_no must follow file names, then rows); :func:`write_ga4` writes the same visits in the shape of
GA4's BigQuery export. :func:`normalised` runs a load on any engine and returns the rows of
``events`` sorted by row_no: the two engines must return the same list.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb

from cjmap.measure.engine import Engine, Property
from cjmap.measure.fields import parse_columns
from cjmap.measure.sources import find_source

# user, time (ISO with and without offsets, and an epoch in seconds as text), event, page, value, a property.
ROWS: tuple[tuple[str | None, str, str, str | None, str | None, str], ...] = (
    ("u1", "2024-03-01T10:00:00Z", "page_view", "https://shop.example/laptops/x1?utm=a#top", None, "email"),
    ("u1", "2024-03-01T10:05:00+02:00", "add_to_cart", "/cart", "1299.5", "email"),
    (None, "2024-03-01T10:06:00Z", "page_view", "/", None, "web"),
    ("u2", "2024-03-02 08:00:00", "page_view", "https://shop.example", None, "web"),
    ("007", "1709366400", "purchase", None, "20", "ads"),
)
FORMATS = ("csv", "csv.gz", "parquet", "jsonl")
# The normalised rows ROWS must become (row_no counts the anonymous row too; its row is dropped).
EXPECTED = [
    ("u1", None, 1709287200000000, "page_view", "/laptops/x1", None, 0, "email"),
    ("u1", None, 1709280300000000, "add_to_cart", "/cart", 1299.5, 1, "email"),
    ("u2", None, 1709366400000000, "page_view", "/", None, 3, "web"),
    ("007", None, 1709366400000000, "purchase", None, 20.0, 4, "ads"),
]


def write_events(folder: Path, fmt: str, rows: Sequence[tuple[Any, ...]] = ROWS) -> Path:
    """``rows`` as two files (the first three rows in a-….EXT, the rest in b-….EXT) under ``folder``/events."""
    target = folder / "events"
    target.mkdir(parents=True, exist_ok=True)
    connection = duckdb.connect()
    connection.execute("CREATE TABLE t (user_id VARCHAR, timestamp VARCHAR, event VARCHAR, page VARCHAR, value VARCHAR, utm VARCHAR, n INTEGER)")
    connection.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?)", [(*row, n) for n, row in enumerate(rows)])
    options = {"csv": "(HEADER, DELIMITER ',')", "csv.gz": "(HEADER, COMPRESSION gzip)", "parquet": "(FORMAT parquet)", "jsonl": "(FORMAT json)"}[fmt]
    for name, where in (("a", "n < 3"), ("b", "n >= 3")):
        path = target / f"{name}-events.{fmt}"
        connection.execute(f"COPY (SELECT * EXCLUDE (n) FROM t WHERE {where} ORDER BY n) TO '{path}' {options}")
    connection.close()
    return target


def write_ga4(folder: Path, fmt: str) -> Path:
    """Three events of GA4's export (event_params as key/value records; a device struct) as Parquet or JSON lines."""
    path = folder / f"ga4.{'parquet' if fmt == 'parquet' else 'jsonl'}"
    connection = duckdb.connect()
    session = _param("ga_session_id", integer="1709287200")
    rows = [
        (f"('page_view', 'p1', 1709287200000000, [{_param('page_location', text='https://shop.example/laptops?x=1')}, {session}, "
         f"{_param('campaign', text='spring-1')}], {{'category': 'desktop'}})"),
        f"('purchase', 'p1', 1709287260000000, [{session}, {_param('value', double='99.5')}], {{'category': 'desktop'}})",
        f"('scroll', 'p2', 1709287300000000, [{_param('value', integer='3')}], {{'category': 'mobile'}})",
    ]
    sql = f"SELECT * FROM (VALUES {', '.join(rows)}) AS t(event_name, user_pseudo_id, event_timestamp, event_params, device)"
    options = "(FORMAT parquet)" if fmt == "parquet" else "(FORMAT json)"
    connection.execute(f"COPY ({sql}) TO '{path}' {options}")
    connection.close()
    return path


def _param(key: str, *, text: str | None = None, integer: str | None = None, double: str | None = None) -> str:
    """One GA4 event parameter: {key, value: {string_value, int_value, double_value}}, one of them set."""
    string_value = f"'{text}'" if text is not None else "NULL::VARCHAR"
    return (f"{{'key': '{key}', 'value': {{'string_value': {string_value}, 'int_value': {integer or 'NULL'}::BIGINT, "
            f"'double_value': {double or 'NULL'}::DOUBLE}}}}")


GA4_EXPECTED = [
    ("p1", "1709287200", 1709287200000000, "page_view", "/laptops", None, 0, "desktop", "spring-1"),
    ("p1", "1709287200", 1709287260000000, "purchase", None, 99.5, 1, "desktop", None),
    ("p2", None, 1709287300000000, "scroll", None, 3.0, 2, "mobile", None),
]


def normalised(engine: Engine, pattern: Path | str, *, properties: Sequence[str] = ("utm",), kind: str = "events",
               columns: str | None = None, time_format: str | None = None) -> list[tuple[Any, ...]]:
    props = [Property(name, f"shop.journey.yaml:{n + 3}:9") for n, name in enumerate(properties)]
    engine.load(find_source(str(pattern), kind=kind), parse_columns(columns), props, time_format=time_format)
    return engine.query("SELECT * FROM events ORDER BY row_no")
