"""The `Engine` protocol both engines keep, and `open_engine`, which imports an engine only when asked.

An engine reads an :class:`~cjmap.measure.sources.EventSource` into one normalised table named
``events`` (the columns in docs/measure.md: user_id, session_id, ts in µs, event, page, value,
row_no, p0…), then runs DuckDB-dialect SQL on it (:mod:`spark_engine` transpiles). Neither DuckDB
nor PySpark is imported before :func:`open_engine` runs: `cjmap --help` and `validate` stay fast.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from cjmap.measure.errors import EXIT_USAGE, MeasureError
from cjmap.measure.loaded import LoadSummary, Property
from cjmap.text.safe import visible

__all__ = ["Engine", "LoadSummary", "Property", "open_engine", "parse_memory_limit"]

if TYPE_CHECKING:
    from cjmap.measure.fields import Fields
    from cjmap.measure.sources import EventSource

_MEMORY = re.compile(r"(\d{1,15}(?:\.\d{1,9})?) ?([kmgt]?)(i?)b?", re.IGNORECASE)
_POWERS = {"": 0, "k": 1, "m": 2, "g": 3, "t": 4}
MIN_MEMORY = 16 * 1024 * 1024  # below this DuckDB cannot even hold its buffers
MAX_MEMORY = 1024**5  # 1 PiB: beyond any machine; larger overflows the engines' settings (DuckDB's, Java's -Xmx)


class Engine(Protocol):
    name: str

    def load(self, source: EventSource, fields: Fields, properties: Sequence[Property], *, time_format: str | None) -> LoadSummary:
        """Read ``source`` into the table ``events``; MeasureError for a missing column or an unreadable cell or file."""
        ...

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        """Rows of a DuckDB-dialect query; decimals come back as Decimal (exact) on both engines."""
        ...

    def materialise(self, name: str, sql: str) -> None:
        """``CREATE TABLE name AS sql`` (Spark: a cached temporary view), for results read several times."""
        ...

    def progress(self) -> float | None:
        """The running query's share done (0–1), or None when unknown. Called from another thread
        (the progress display's) while a query runs: it must be safe there and never raise."""
        ...

    def close(self) -> None: ...


def parse_memory_limit(text: str | None) -> int | None:
    """`512MB`, `2GB`, `1.5GiB`, `4g` → bytes (decimal units and binary ones alike: 1 KB = 1024 B, as DuckDB and Java read them)."""
    if text is None or not text.strip():
        return None
    match = _MEMORY.fullmatch(text.strip())
    if match is None:
        raise MeasureError(f"`{visible(text)}` is not an amount of memory", where="--memory-limit", hint="write it as 512MB, 2GB or 1.5GB", exit_code=EXIT_USAGE)
    amount = int(float(match.group(1)) * 1024 ** _POWERS[match.group(2).lower()])
    if amount < MIN_MEMORY:
        raise MeasureError(f"{visible(text)} is too little to run on", where="--memory-limit", hint="give at least 16MB", exit_code=EXIT_USAGE)
    if amount > MAX_MEMORY:
        raise MeasureError(f"{visible(text)} is more memory than any machine has", where="--memory-limit",
                           hint="give the memory the run may use on this machine (as 8GB); 1PB at most", exit_code=EXIT_USAGE)
    return amount


def open_engine(name: str, *, memory_limit: str | None = None, temp_dir: str | Path | None = None, spark_remote: str | None = None) -> Engine:
    """The engine ``name`` ("duckdb" or "spark"), started; MeasureError (exit 2) when it cannot start.

    ``temp_dir``: where the engine's database and spill files go (a fresh folder inside it, removed
    on close); None: the system's temporary folder.
    """
    limit = parse_memory_limit(memory_limit)
    if name == "duckdb":
        from cjmap.measure.duckdb_engine import DuckDBEngine

        return DuckDBEngine.start(memory_limit=limit, temp_dir=temp_dir)
    if name == "spark":
        from cjmap.measure.spark_engine import SparkEngine

        return SparkEngine.start(memory_limit=limit, temp_dir=temp_dir, remote=spark_remote)
    raise MeasureError(f"unknown engine `{visible(name)}`", where="--engine", hint="use --engine duckdb or --engine spark", exit_code=EXIT_USAGE)
