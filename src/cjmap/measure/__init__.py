"""`cjmap measure`: journeys measured from event data (MEASURE.md), on DuckDB or on Spark.

The flow: the journey's `events:`/`fails:`/`segment:` keys and the options make a
:class:`~cjmap.measure.definition.Definition`; an engine (:mod:`duckdb_engine`, :mod:`spark_engine`)
reads the events into one normalised table; the funnel, written once as SQL
(:mod:`funnel_sql`), runs on it; :mod:`results` turns the rows into the JSON of MEASURE.md, and
:mod:`formats` into text, JSON or Markdown. docs/measure.md states every definition.

This module is imported by the CLI at start-up for its choice lists: it imports nothing (neither
engine is imported unless `measure` runs).
"""

from __future__ import annotations

# The choice lists of `cjmap measure` (cli.py reads them here).
FORMATS: tuple[str, ...] = ("text", "json", "markdown")
ENGINES: tuple[str, ...] = ("duckdb", "spark")
SOURCES: tuple[str, ...] = ("events", "ga4")
UNITS: tuple[str, ...] = ("user", "session")
