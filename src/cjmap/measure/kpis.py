"""KPI actuals: each KPI of each stage measured by its metric's default, or by its `measure:`.

Rates are percentages (0–100), as targets are written; times are seconds unless the KPI's
`unit` says ms, min or h. A KPI that cannot be measured on this journey or data gets
``actual: null`` and a ``reason``. docs/measure.md states each default.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from cjmap.measure.definition import Definition, KpiSpec, TouchpointDef
from cjmap.measure.durations import MICROSECONDS, format_duration
from cjmap.measure.funnel_sql import VALUE_LIMIT, Frame, bounce_sql, pair_sql, time_on_page_sql, values_sql
from cjmap.measure.numbers import ratio, rounded

if TYPE_CHECKING:
    from cjmap.measure.engine import Engine

ACTUAL_PLACES = 2
VALUE_METRICS = ("clv", "csat", "ces", "nps")
# time_on_page: the KPI's unit -> seconds per unit.
TIME_UNITS: Mapping[str, int] = {
    "ms": 0, "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
    "min": 60, "mins": 60, "minute": 60, "minutes": 60, "h": 3600, "hour": 3600, "hours": 3600,
}  # 0: milliseconds
NO_VALUE = "the data has no value for these events: name the value column with --columns value=COLUMN"


@dataclass(frozen=True)
class Measured:
    """One KPI's actual (exact, before rounding) with what it means, or why there is none."""

    actual: Fraction | None
    definition: str
    reason: str | None = None  # why there is no actual
    note: str | None = None  # a warning about an actual there is (nps values outside 0..10)


@dataclass(frozen=True)
class KpiContext:
    definition: Definition
    frame: Frame
    engine: Engine
    funnel: Sequence[Mapping[str, Any]]


def needs_value(definition: Definition) -> bool:
    """Some KPI reads the value column."""
    return any(kpi.metric in VALUE_METRICS for kpi in definition.kpis)


def kpi_results(context: KpiContext) -> list[dict[str, Any]]:
    return [_entry(kpi, _measure(kpi, context)) for kpi in context.definition.kpis]


def _entry(kpi: KpiSpec, measured: Measured) -> dict[str, Any]:
    actual = rounded(measured.actual, ACTUAL_PLACES)
    entry: dict[str, Any] = {"stage": kpi.stage, "id": kpi.id, "metric": kpi.metric, "actual": actual, "target": kpi.target}
    if kpi.unit is not None:
        entry["unit"] = kpi.unit
    entry["on_target"] = _on_target(actual, kpi)
    entry["definition"] = measured.definition
    if measured.reason is not None:
        entry["reason"] = measured.reason
    if measured.note is not None:
        entry["note"] = measured.note
    return entry


def _on_target(actual: float | None, kpi: KpiSpec) -> bool | None:
    if actual is None or kpi.target is None:
        return None
    return actual >= kpi.target if kpi.better == "higher" else actual <= kpi.target


def _measure(kpi: KpiSpec, context: KpiContext) -> Measured:
    if kpi.metric in ("conversion_rate", "custom") and (kpi.from_ or kpi.to):
        return _pair(kpi, context, abandonment=False)
    if kpi.metric == "conversion_rate":
        return _conversion(kpi, context)
    if kpi.metric == "cart_abandonment":
        return _pair(kpi, context, abandonment=True)
    if kpi.metric == "bounce_rate":
        return _bounce(kpi, context)
    if kpi.metric == "time_on_page":
        return _time_on_page(kpi, context)
    if kpi.metric in VALUE_METRICS:
        return _values(kpi, context)
    return Measured(None, "custom metric", "a custom KPI is measured only with `measure: {from: TOUCHPOINT, to: TOUCHPOINT}`")


def _conversion(kpi: KpiSpec, context: KpiContext) -> Measured:
    stages = context.definition.stages
    if kpi.stage not in stages:
        return Measured(None, "stage funnel conversion", f"the stage `{kpi.stage}` has no touchpoint with `events:`")
    k = stages.index(kpi.stage)
    if k == len(stages) - 1:
        return _pair(kpi, context, abandonment=False)
    row = context.funnel[k]
    actual = ratio(row["converted"] * 100, row["entered"])
    text = f"% of units entering `{kpi.stage}` that reach `{stages[k + 1]}` within {context.definition.window} of their entry (stage funnel)"
    return Measured(actual, text, None if actual is not None else "no unit entered the stage in the period")


def _pair(kpi: KpiSpec, context: KpiContext, *, abandonment: bool) -> Measured:
    definition = context.definition
    ends = _ends(kpi, definition)
    if isinstance(ends, str):
        return Measured(None, "pair conversion", ends)
    source, target = ends
    window_seconds = kpi.window_seconds or definition.window_seconds
    window = format_duration(window_seconds) if kpi.window_seconds else definition.window
    entered, converted = context.engine.query(pair_sql(context.frame, source=source.index, target=target.index, window_seconds=window_seconds))[0]
    rate = ratio(converted * 100, entered)
    reason = None if rate is not None else f"no unit had a `{source.id}` event in the period"
    if abandonment:
        text = f"100 minus the % of units with a `{source.id}` event in the period that reach `{target.id}` within {window} (pair conversion)"
        return Measured(None if rate is None else 100 - rate, text, reason)
    text = f"% of units with a `{source.id}` event in the period that reach `{target.id}` within {window} (pair conversion)"
    return Measured(rate, text, reason)


def _ends(kpi: KpiSpec, definition: Definition) -> tuple[TouchpointDef, TouchpointDef] | str:
    """The pair's from and to touchpoints, or why there is none."""
    own = definition.stage_touchpoints(kpi.stage)
    source_id = kpi.from_ or (own[0].id if own else None)
    target_id = kpi.to or (own[-1].id if own else None)
    if source_id is None or target_id is None:
        return f"the stage `{kpi.stage}` has no touchpoint with `events:`: say `measure: {{from: TOUCHPOINT, to: TOUCHPOINT}}`"
    if source_id == target_id and not (kpi.from_ and kpi.to):
        return f"the stage `{kpi.stage}` has one touchpoint with `events:`: say `measure: {{from: TOUCHPOINT, to: TOUCHPOINT}}`"
    source, target = definition.touchpoint(source_id), definition.touchpoint(target_id)
    for wanted, found in ((source_id, source), (target_id, target)):
        if found is None or not found.events:
            return f"the touchpoint `{wanted}` has no `events:`"
    assert source is not None and target is not None
    return source, target


def _from_touchpoints(kpi: KpiSpec, definition: Definition) -> list[TouchpointDef] | str:
    """`measure.from`, else the stage's touchpoints with events; or why there are none."""
    if kpi.from_:
        found = definition.touchpoint(kpi.from_)
        return [found] if found is not None and found.events else f"the touchpoint `{kpi.from_}` has no `events:`"
    own = definition.stage_touchpoints(kpi.stage)
    return own or f"the stage `{kpi.stage}` has no touchpoint with `events:`"


def _names(touchpoints: Sequence[TouchpointDef]) -> str:
    return ", ".join(f"`{tp.id}`" for tp in touchpoints)


def _bounce(kpi: KpiSpec, context: KpiContext) -> Measured:
    touchpoints = _from_touchpoints(kpi, context.definition)
    if isinstance(touchpoints, str):
        return Measured(None, "bounce rate", touchpoints)
    sessions, bounced = context.engine.query(bounce_sql(context.definition, context.frame, [tp.index for tp in touchpoints]))[0]
    rate = ratio(bounced * 100, sessions)
    text = f"% of sessions starting in the period at {_names(touchpoints)} that hold no other touchpoint event"
    return Measured(rate, text, None if rate is not None else "no session started at these touchpoints in the period")


def _time_on_page(kpi: KpiSpec, context: KpiContext) -> Measured:
    touchpoints = _from_touchpoints(kpi, context.definition)
    if isinstance(touchpoints, str):
        return Measured(None, "time on page", touchpoints)
    unit = (kpi.unit or "s").strip().lower()
    per_unit = TIME_UNITS.get(unit, 1)
    count, total = context.engine.query(time_on_page_sql(context.definition, context.frame, [tp.index for tp in touchpoints]))[0]
    seconds = ratio(Fraction(total or 0), count * MICROSECONDS)
    actual = None if seconds is None else seconds * 1000 if per_unit == 0 else seconds / per_unit
    shown = unit if unit in TIME_UNITS else "s"
    text = f"mean time ({shown}) from an event of {_names(touchpoints)} in the period to the next row of its session"
    return Measured(actual, text, None if actual is not None else "no event of these touchpoints is followed by another in its session")


def _values(kpi: KpiSpec, context: KpiContext) -> Measured:
    """clv, csat, ces, nps over the events of ``from`` (or the stage's touchpoints) that have a
    value: an event without one (a page view beside a purchase) neither counts nor dilutes."""
    touchpoints = _from_touchpoints(kpi, context.definition)
    if isinstance(touchpoints, str):
        return Measured(None, kpi.metric, touchpoints)
    row = context.engine.query(values_sql(context.frame, [tp.index for tp in touchpoints]))[0]
    units, count, total, promoters, detractors, low, high, beyond = row
    names = _names(touchpoints)
    if not count:
        return Measured(None, f"values of the events of {names}", NO_VALUE)
    if beyond:
        return Measured(None, f"values of the events of {names}", f"{beyond} value{'s' if beyond != 1 else ''} of these events "
                        f"{'are' if beyond != 1 else 'is'} not a number below {VALUE_LIMIT} in size: check the value column (--columns value=COLUMN)")
    exact_total = Fraction(total)
    scale = f"{_number(low)}..{_number(high)}"
    if kpi.metric == "clv":
        text = f"mean total value per unit of the events of {names} in the period, over the {units} unit{'s' if units != 1 else ''} with a value"
        return Measured(ratio(exact_total, units), text)
    if kpi.metric == "nps":
        text = f"% of values ≥ 9 minus % of values ≤ 6, of the {count} valued events of {names} in the period"
        note = None if low >= 0 and high <= 10 else f"the values run {scale}, not 0..10: is this column an NPS score?"
        return Measured(Fraction((promoters - detractors) * 100, count), text, note=note)
    return Measured(ratio(exact_total, count), f"mean value of the {count} valued events of {names} in the period (values seen: {scale})")


def _number(value: float) -> str:
    """A value as the data would write it: 5, 4.5, 1e+20."""
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
