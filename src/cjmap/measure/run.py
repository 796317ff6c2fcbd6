"""`measure` (the files, the columns, the engine opened and closed) and `measure_journey`: one journey
measured on one event source, through one engine, as a JSON dict.

The definition is built from the journey and the options; the engine loads the events into its
normalised table; ``matched`` (and ``best``, the counting attempts) are made once; the queries of
:mod:`funnel_sql` run on them, and :mod:`results`, :mod:`kpis` and :mod:`deviations` make the
document. Queries that need every row (bounce, time on page) run only when a KPI asks.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Hashable, Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cjmap.measure.definition import BY_PERSONA, Definition, Locate, Options, build_definition
from cjmap.measure.deviations import deviations
from cjmap.measure.errors import EXIT_DATA, MeasureError
from cjmap.measure.funnel_sql import Frame, any_row_sql, best_sql, counts_sql, groups_sql, has_page_sql, has_session_sql, matched_sql
from cjmap.measure.kpis import KpiContext, kpi_results, needs_value
from cjmap.measure.results import (
    WHOLE,
    Totals,
    definition_block,
    edge_rows,
    empty_funnel,
    engine_failure,
    event_names,
    events_block,
    funnel_by_group,
    touchpoints_by_group,
    units_by_group,
)
from cjmap.text.safe import visible

if TYPE_CHECKING:
    from cjmap.measure.engine import Engine, LoadSummary
    from cjmap.measure.fields import Fields
    from cjmap.measure.sources import EventSource
    from cjmap.model.journey import Journey

DAY_US = 86_400_000_000
EPOCH = datetime.date(1970, 1, 1)


@dataclass(frozen=True)
class Data:
    """Where the events are and how to read them, as the command line or ``[measure]`` says."""

    events: str  # a file, a folder, a glob or a URL
    source: str = "events"  # or "ga4"
    columns: str | None = None  # --columns as written
    engine: str = "duckdb"
    memory_limit: str | None = None
    spark_remote: str | None = None


def measure(
    journey: Journey, data: Data, *, journey_name: str, options: Options, locate: Locate | None = None,
    watch: Callable[[Engine], AbstractContextManager[None]] | None = None,
) -> dict[str, Any]:
    """The whole of `cjmap measure` below the command: the files found, the columns named, the
    engine opened, the journey measured, the engine closed whatever happens. ``watch`` wraps the
    run with the engine in hand (the command's progress spinner)."""
    from cjmap.measure.engine import open_engine
    from cjmap.measure.fields import parse_columns
    from cjmap.measure.sources import find_source

    source = find_source(data.events, kind=data.source)
    fields = parse_columns(data.columns)
    engine = open_engine(data.engine, memory_limit=data.memory_limit, spark_remote=data.spark_remote)
    try:
        with watch(engine) if watch is not None else nullcontext():
            return measure_journey(journey, journey_name=journey_name, events=source, fields=fields, options=options, engine=engine, locate=locate)
    finally:
        engine.close()


def measure_journey(
    journey: Journey, *, journey_name: str, events: EventSource, fields: Fields, options: Options, engine: Engine, locate: Locate | None = None
) -> dict[str, Any]:
    """MEASURE.md's JSON for ``journey`` on ``events`` (keys in their fixed order); MeasureError
    when the journey or the data cannot be measured, or the engine fails as it runs (out of
    memory, out of disk: results.engine_failure). ``locate`` turns a journey position into
    "file:line:col" for errors (default: the document path)."""
    try:
        return _measured(journey, journey_name=journey_name, events=events, fields=fields, options=options, engine=engine, locate=locate)
    except MeasureError:
        raise
    except Exception as error:
        failure = engine_failure(error, engine.name)
        if failure is None:
            raise
        raise failure from error


def _measured(
    journey: Journey, *, journey_name: str, events: EventSource, fields: Fields, options: Options, engine: Engine, locate: Locate | None
) -> dict[str, Any]:
    definition = build_definition(journey, options, journey_name=journey_name, locate=locate)
    summary = engine.load(events, fields, definition.properties, time_format=options.time_format)
    _check_page(definition, engine)
    period = _period(definition, summary, events)
    frame = Frame(start=_micros(period[0]), end=_micros(period[1]) + DAY_US, has_session=bool(engine.query(has_session_sql())), with_value=needs_value(definition))
    if options.period is not None and not engine.query(any_row_sql(frame)):
        raise MeasureError(
            f"no event falls in the period {period[0]}..{period[1]}: the data spans {_span(summary)}",
            where="--period",
            hint="choose a --period inside the data's span, or leave it out to measure the whole span",
            exit_code=EXIT_DATA,
        )
    engine.materialise("matched", matched_sql(definition, frame))
    matched, ambiguous, units = engine.query(counts_sql(frame))[0]
    totals = Totals(rows=summary.rows, matched=matched, ambiguous=int(ambiguous), anonymous=summary.anonymous, units=units)
    engine.materialise("best", best_sql(definition, frame))
    period_text = (period[0].isoformat(), period[1].isoformat())
    return _document(definition, engine, frame, totals, period=period_text, source=events.kind, columns=summary.columns)


def _document(
    definition: Definition, engine: Engine, frame: Frame, totals: Totals, *, period: tuple[str, str], source: str, columns: Mapping[str, str | None]
) -> dict[str, Any]:
    names = event_names(engine, definition)
    touchpoints = touchpoints_by_group(engine, definition, frame).get(WHOLE) or touchpoints_by_group_empty(definition)
    funnel = funnel_by_group(engine, definition).get(WHOLE) or empty_funnel(definition)
    edges = edge_rows(engine, definition, frame, touchpoints)
    document: dict[str, Any] = {
        "journey": definition.journey,
        "definition": definition_block(definition, period=period, source=source, columns=columns),
        "events": events_block(totals, names),
        "units": totals.units,
        "touchpoints": touchpoints,
        "edges": edges,
        "funnel": funnel,
        "kpis": kpi_results(KpiContext(definition=definition, frame=frame, engine=engine, funnel=funnel)),
        "deviations": deviations(definition, units=totals.units, touchpoints=touchpoints, edges=edges),
    }
    if definition.by is not None:
        document["breakdown"] = _breakdown(definition, engine, frame)
    return document


def touchpoints_by_group_empty(definition: Definition) -> list[dict[str, Any]]:
    return [{"id": tp.id, "stage": tp.stage, "reach": 0, "failed": 0, "events": 0} for tp in definition.touchpoints]


def _breakdown(definition: Definition, engine: Engine, frame: Frame) -> dict[str, Any]:
    engine.materialise("unit_groups", groups_sql(frame))
    touchpoints = touchpoints_by_group(engine, definition, frame, grouped=True)
    funnels = funnel_by_group(engine, definition, grouped=True)
    units = units_by_group(engine, frame)
    present = set(touchpoints) | set(funnels) | set(units)
    if definition.by == BY_PERSONA:
        keys: list[Hashable] = list(range(len(definition.segments)))
    else:
        keys = sorted((key for key in present if key is not None), key=str)
    keys += [None] if None in present else []
    groups = [
        {
            "key": _key_text(definition, key),
            "units": units.get(key, 0),
            "touchpoints": touchpoints.get(key) or touchpoints_by_group_empty(definition),
            "funnel": funnels.get(key) or empty_funnel(definition),
        }
        for key in keys
    ]
    return {"by": definition.by, "groups": groups}


def _key_text(definition: Definition, key: Hashable) -> str | None:
    if key is None:
        return None
    if definition.by == BY_PERSONA:
        assert isinstance(key, int)
        return definition.segments[key].persona
    return str(key)


def _check_page(definition: Definition, engine: Engine) -> None:
    """A `page:` rule on data without pages would match nothing, silently: a located error instead,
    as an unknown `where:` column is."""
    at = definition.page_rule_at()
    if at is not None and not engine.query(has_page_sql()):
        raise MeasureError(
            "`page:` reads the page, and the data has no page column (or no row has a page)",
            where=at,
            hint="name it with --columns page=COLUMN (the URL or its path), or match these events without `page:`",
            exit_code=EXIT_DATA,
        )


def _period(definition: Definition, summary: LoadSummary, events: EventSource) -> tuple[datetime.date, datetime.date]:
    if summary.first_ts is None or summary.last_ts is None:
        raise MeasureError(
            "the data has no event with a user", where=visible(events.pattern), hint="check the user column (--columns user=COLUMN)", exit_code=EXIT_DATA
        )
    return definition.period or (_date(summary.first_ts), _date(summary.last_ts))


def _span(summary: LoadSummary) -> str:
    assert summary.first_ts is not None and summary.last_ts is not None
    return f"{_date(summary.first_ts)}..{_date(summary.last_ts)}"


def _date(micros: int) -> datetime.date:
    return EPOCH + datetime.timedelta(days=micros // DAY_US)


def _micros(day: datetime.date) -> int:
    return (day - EPOCH).days * DAY_US
