"""The funnel's queries run through an engine, and their rows assembled as MEASURE.md's JSON.

Keys are written in one fixed order; counts are integers; conversions are rounded to 4
decimals, times to convert (seconds) to 3, and integral numbers are written as integers: the
same data gives the same bytes on every engine.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from cjmap.measure.definition import Definition
from cjmap.measure.durations import MICROSECONDS
from cjmap.measure.errors import EXIT_DATA, EXIT_USAGE, MeasureError
from cjmap.measure.funnel_sql import (
    PERCENTILE_TENTHS,
    Frame,
    edges_sql,
    event_names_sql,
    frequent_names_sql,
    funnel_sql,
    present_names_sql,
    ranks_sql,
    top_unmatched_sql,
    touchpoints_sql,
    units_sql,
)
from cjmap.measure.matching import is_glob
from cjmap.measure.numbers import percentile, ratio, rounded
from cjmap.model.types import REGEX_PREFIX
from cjmap.text.safe import visible
from cjmap.text.suggest import MAX_CANDIDATES

if TYPE_CHECKING:
    from cjmap.measure.engine import Engine

CONVERSION_PLACES = 4
SECONDS_PLACES = 3
WHOLE = None  # the group key of a query that is not by group
TOP_UNMATCHED = 10  # events.top_unmatched: the most frequent names no touchpoint matched
SUGGESTIONS = 50  # "did you mean" for the first 50 unseen names (difflib against up to 2,000 names each)
SUGGEST_CUTOFF = 0.6  # difflib's similarity, as cjmap.text.suggest asks


@dataclass(frozen=True)
class Totals:
    rows: int
    matched: int
    ambiguous: int
    anonymous: int
    units: int


def touchpoints_by_group(engine: Engine, definition: Definition, frame: Frame, *, grouped: bool = False) -> dict[Hashable, list[dict[str, Any]]]:
    """group -> the touchpoints' rows (every measured touchpoint, in journey order)."""
    found: dict[Hashable, dict[int, tuple[int, int, int]]] = defaultdict(dict)
    for row in engine.query(touchpoints_sql(frame, grouped=grouped)):
        group, (tp, reach, failed, events) = (row[0], row[1:]) if grouped else (WHOLE, row)
        found[group][tp] = (reach, failed, events)
    return {group: _touchpoint_rows(definition, counts) for group, counts in found.items()}


def _touchpoint_rows(definition: Definition, counts: Mapping[int, tuple[int, int, int]]) -> list[dict[str, Any]]:
    rows = []
    for tp in definition.touchpoints:
        reach, failed, events = counts.get(tp.index, (0, 0, 0))
        rows.append({"id": tp.id, "stage": tp.stage, "reach": reach, "failed": failed, "events": int(events or 0)})
    return rows


def units_by_group(engine: Engine, frame: Frame) -> dict[Hashable, int]:
    return {row[0]: row[1] for row in engine.query(units_sql(frame))}


def funnel_by_group(engine: Engine, definition: Definition, *, grouped: bool = False) -> dict[Hashable, list[dict[str, Any]]]:
    """group -> the stage funnel rows."""
    ranks: dict[tuple[Hashable, int], dict[int, int]] = defaultdict(dict)
    ranks_query = ranks_sql(definition, grouped=grouped)
    for row in engine.query(ranks_query) if ranks_query else ():
        group, (k, rank, micros) = (row[0], row[1:]) if grouped else (WHOLE, row)
        ranks[(group, k)][rank] = micros
    funnels: dict[Hashable, list[dict[str, Any]]] = {}
    stages = len(definition.stages)
    for row in engine.query(funnel_sql(definition, grouped=grouped)):
        group, values = (row[0], row[1:]) if grouped else (WHOLE, row)
        entered = [int(value or 0) for value in values[:stages]]
        sums = list(values[stages:])
        funnels[group] = [_funnel_row(definition, k, entered, sums, ranks.get((group, k + 1), {})) for k in range(stages)]
    return funnels


def empty_funnel(definition: Definition) -> list[dict[str, Any]]:
    stages = len(definition.stages)
    return [_funnel_row(definition, k, [0] * stages, [None] * (stages - 1), {}) for k in range(stages)]


def _funnel_row(definition: Definition, k: int, entered: Sequence[int], sums: Sequence[Any], ranks: Mapping[int, int]) -> dict[str, Any]:
    last = k == len(entered) - 1
    converted = None if last else entered[k + 1]
    conversion = None if last else rounded(ratio(entered[k + 1], entered[k]), CONVERSION_PLACES)
    timing = None if last or not converted else _time_to_convert(converted, sums[k], ranks)
    return {"stage": definition.stages[k], "entered": entered[k], "converted": converted, "conversion": conversion, "time_to_convert": timing}


def _time_to_convert(count: int, total: Any, ranks: Mapping[int, int]) -> dict[str, Any]:
    p50, p90 = (percentile(ranks, count, tenths) for tenths in PERCENTILE_TENTHS)
    return {
        "p50": rounded(p50 / MICROSECONDS, SECONDS_PLACES),
        "p90": rounded(p90 / MICROSECONDS, SECONDS_PLACES),
        "mean": rounded(Fraction(total) / (count * MICROSECONDS), SECONDS_PLACES),
    }


def edge_rows(engine: Engine, definition: Definition, frame: Frame, touchpoints: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Every planned edge (count 0 when unseen), then the unplanned ones seen: by count, from, to."""
    ids = [tp.id for tp in definition.touchpoints]
    reach = {row["id"]: row["reach"] for row in touchpoints}
    seen = {(ids[a], ids[b]): (count, units) for a, b, count, units in engine.query(edges_sql(definition, frame))}
    planned = set(definition.planned)
    rows = [_edge(a, b, True, seen.get((a, b), (0, 0)), reach) for a, b in definition.planned]
    unplanned = [_edge(a, b, False, counts, reach) for (a, b), counts in seen.items() if (a, b) not in planned]
    return rows + sorted(unplanned, key=lambda edge: (-edge["count"], edge["from"], edge["to"]))


def _edge(source: str, target: str, planned: bool, counts: tuple[int, int], reach: Mapping[str, int]) -> dict[str, Any]:
    count, units = counts
    conversion = rounded(ratio(units, reach[source]), CONVERSION_PLACES)
    return {"from": source, "to": target, "planned": planned, "count": count, "units": units, "conversion": conversion}


def events_block(totals: Totals, names: Mapping[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The counts, then ``names``: ``unseen`` and ``top_unmatched`` (:func:`event_names`)."""
    return {
        "rows": totals.rows,
        "matched": totals.matched,
        "unmatched": totals.rows - totals.matched,
        "ambiguous": totals.ambiguous,
        "anonymous": totals.anonymous,
        **names,
    }


def event_names(engine: Engine, definition: Definition) -> dict[str, list[dict[str, Any]]]:
    """``unseen``: each plain event name a rule names (events or fails, journey order) that no row
    of the data has, with the closest name the data has (a typo matches nothing, silently);
    ``top_unmatched``: the names with the most rows no touchpoint matched (what the map may miss).
    Both read the table of the data's names, made in one pass."""
    engine.materialise("event_names", event_names_sql(definition))
    named = _rule_names(definition)
    wanted = sorted({name for _, name in named})
    present = {row[0] for row in engine.query(present_names_sql(wanted))} if wanted else set()
    missing = [(tp, name) for tp, name in named if name not in present]
    candidates = [row[0] for row in engine.query(frequent_names_sql(MAX_CANDIDATES))] if missing else []
    unseen = [
        {"touchpoint": tp, "event": name, "did_you_mean": _closest(name, candidates) if i < SUGGESTIONS else None}
        for i, (tp, name) in enumerate(missing)
    ]
    top = [{"event": name, "rows": int(rows)} for name, rows in engine.query(top_unmatched_sql(TOP_UNMATCHED))]
    return {"unseen": unseen, "top_unmatched": top}


def _rule_names(definition: Definition) -> list[tuple[str, str]]:
    """(touchpoint, name) of every plain name in its rules, in journey order, each pair once."""
    found: dict[tuple[str, str], None] = {}
    for tp in definition.touchpoints:
        for rule in (*tp.events, *tp.fails):
            for name in rule.events:
                if not name.startswith(REGEX_PREFIX) and not is_glob(name):
                    found[(tp.id, name)] = None
    return list(found)


def _closest(word: str, candidates: Sequence[str]) -> str | None:
    """The data's name closest to ``word`` (difflib, as cjmap.text.suggest), or None."""
    matches = difflib.get_close_matches(word, candidates, n=1, cutoff=SUGGEST_CUTOFF)
    return matches[0] if matches else None


def definition_block(definition: Definition, *, period: tuple[str, str], source: str, columns: Mapping[str, str | None]) -> dict[str, Any]:
    """The definition as measured; ``columns``: which column of the data played each role (the
    engine's LoadSummary.columns: user, time, event, session, page, value, None for none; then
    the properties --columns mapped)."""
    return {
        "unit": definition.unit,
        "window": definition.window,
        "session_timeout": definition.session_timeout,
        "period": {"from": period[0], "to": period[1]},
        "entry": definition.stages[0],
        "unmeasured_stages": list(definition.unmeasured_stages),
        "source": source,
        "columns": dict(columns),
    }


# The engines' own exceptions are told apart by their class names: this module imports neither
# DuckDB nor PySpark. Only the run's circumstances are turned into MeasureError (memory, disk,
# data, a Spark that cannot run a query or went away); a DuckDB syntax or binder error is a bug
# in cjmap's SQL and stays one (cli.main's "internal error", which asks for a report).
_ENGINE_MODULES = frozenset({"duckdb", "_duckdb", "pyspark", "py4j"})
_OUT_OF_MEMORY = ("OutOfMemoryException", "OutOfMemoryError", "SparkOutOfMemoryError")
_SPARK_FAILURES = frozenset({"AnalysisException", "Py4JJavaError", "SparkConnectException", "PySparkException"})
OUT_OF_MEMORY_HINT = "raise --memory-limit, or free disk for spilling (the engine's temporary files go to TMPDIR)"
MESSAGE_CHARACTERS = 300  # a Java stack trace is not a message: its first line, cut


def engine_failure(error: Exception, engine: str) -> MeasureError | None:
    """The MeasureError (with its hint) for a failure of the engine while it runs, or None when
    ``error`` is not one the user can act on (a bug: let it through)."""
    if type(error).__module__.split(".")[0] not in _ENGINE_MODULES:
        return None
    classes = {kind.__name__ for kind in type(error).__mro__}
    said = _first_line(error)
    if classes & set(_OUT_OF_MEMORY) or any(name in str(error) for name in _OUT_OF_MEMORY):
        return MeasureError(f"the {engine} engine ran out of memory: {said}", where="--memory-limit", hint=OUT_OF_MEMORY_HINT, exit_code=EXIT_USAGE)
    if "IOException" in classes:
        return MeasureError(f"the {engine} engine could not read or write a file: {said}", where=f"--engine {engine}",
                            hint="free disk space where the engine spills (TMPDIR), and check that the event files are still there", exit_code=EXIT_USAGE)
    if "DataError" in classes:
        return MeasureError(f"a value of the data cannot be measured: {said}", where="--events",
                            hint="check the columns --columns names (times, values) for values out of range", exit_code=EXIT_DATA)
    if "SparkConnectGrpcException" in classes:
        return MeasureError(f"Spark Connect failed while measuring: {said}", where="--spark-remote",
                            hint="check that the Spark Connect server is up and reachable, then run again", exit_code=EXIT_USAGE)
    if classes & _SPARK_FAILURES:
        return MeasureError(f"Spark could not run a query: {said}", where=f"--engine {engine}",
                            hint="measure with --engine duckdb meanwhile, and report this with the Spark version: both engines run the same SQL",
                            exit_code=EXIT_USAGE)
    return None


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    first = text.splitlines()[0].strip() if text else type(error).__name__
    return visible(first[:MESSAGE_CHARACTERS])
