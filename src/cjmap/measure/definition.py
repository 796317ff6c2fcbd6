"""`Definition`: what to measure, built once from a validated journey and the command's options.

Everything the queries need is here, resolved and in journey order: the measured touchpoints
with their rules, the measured stages, the planned edges, the personas' segments, the KPIs, the
unit, window, session timeout and period, and the properties (columns besides the roles) the
engine must read. The queries (:mod:`funnel_sql`) and the results (:mod:`results`) read only this.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

from cjmap.loader.sourcemap import format_path
from cjmap.measure.durations import parse_duration
from cjmap.measure.engine import Property
from cjmap.measure.errors import EXIT_DATA, EXIT_USAGE, MeasureError
from cjmap.model.journey import EventRule, Journey, MeasureSettings
from cjmap.model.lanes import successors
from cjmap.model.types import duration_seconds
from cjmap.text.safe import visible

# A journey position -> the text errors show ("shop.journey.yaml:12:9"); the command passes one
# that reads the source map, the default writes the document path.
Locate = Callable[[tuple[Hashable, ...]], str]
BY_PERSONA = "persona"
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_ZERO_DURATION = re.compile(r"0+[a-z]", re.ASCII)
# A `where:`/`segment:` value: a text (name, glob or `re:`), or a number the journey wrote as a
# number (compared by value: matching.value_condition).
Pattern = str | int | float


@dataclass(frozen=True)
class Options:
    """The command line's say over a definition: each None takes the journey's, else the default."""

    period: tuple[datetime.date, datetime.date] | None = None  # both days included
    window: str | None = None  # as written: `7d`
    unit: str | None = None  # "user" or "session"
    by: str | None = None  # "persona" or a column
    time_format: str | None = None  # strftime directives for a text time column


@dataclass(frozen=True)
class Match:
    """One rule: every condition must hold (AND). Patterns are names, globs or `re:` regexes."""

    events: tuple[str, ...]  # any of them; () = any event
    page: str | None
    where: tuple[tuple[int, tuple[Pattern, ...]], ...]  # (property index, accepted patterns: any)
    page_at: str | None = None  # where the journey writes `page:` ("shop.journey.yaml:12:9"), for errors


@dataclass(frozen=True)
class TouchpointDef:
    id: str
    stage: str
    index: int  # place among the measured touchpoints, in journey order: the ties' order
    stage_index: int | None  # place of its stage among the measured stages (None: unmeasured stage)
    events: tuple[Match, ...]
    fails: tuple[Match, ...]


@dataclass(frozen=True)
class Segment:
    persona: str
    conditions: tuple[tuple[int, tuple[Pattern, ...]], ...]  # (property index, accepted patterns)


@dataclass(frozen=True)
class KpiSpec:
    stage: str
    id: str
    metric: str
    target: float | None
    unit: str | None
    better: str  # "higher" or "lower"
    from_: str | None  # measure.from
    to: str | None  # measure.to
    window_seconds: int | None  # measure.window (None: the journey's)


@dataclass(frozen=True)
class Definition:
    journey: str
    unit: str
    window: str
    window_seconds: int
    session_timeout: str
    session_timeout_seconds: int
    period: tuple[datetime.date, datetime.date] | None  # None: the data's span (run.py resolves it)
    stages: tuple[str, ...]  # measured stages, in journey order
    unmeasured_stages: tuple[str, ...]
    touchpoints: tuple[TouchpointDef, ...]  # measured touchpoints (events or fails), in journey order
    planned: tuple[tuple[str, str], ...]  # planned edges between measured touchpoints, in journey order
    segments: tuple[Segment, ...]  # personas with a segment (only with --by persona)
    kpis: tuple[KpiSpec, ...]
    properties: tuple[Property, ...]  # the engine's p0, p1, … in this order
    by: str | None
    by_property: int | None  # --by COLUMN: its property index

    def touchpoint(self, touchpoint_id: str) -> TouchpointDef | None:
        return next((tp for tp in self.touchpoints if tp.id == touchpoint_id), None)

    def page_rule_at(self) -> str | None:
        """Where the first rule that reads the page is written (None: no rule does)."""
        return next((rule.page_at for tp in self.touchpoints for rule in (*tp.events, *tp.fails) if rule.page is not None), None)

    def stage_touchpoints(self, stage: str, *, with_events: bool = True) -> list[TouchpointDef]:
        """The measured touchpoints of ``stage``: those with events (default), or all."""
        return [tp for tp in self.touchpoints if tp.stage == stage and (tp.events or not with_events)]


class _Properties:
    """Collects property names in first-use order; each name once, located where first written."""

    def __init__(self, locate: Locate) -> None:
        self.locate = locate
        self.found: dict[str, Property] = {}

    def index(self, name: str, path: tuple[Hashable, ...], *, where: str | None = None) -> int:
        if name not in self.found:
            self.found[name] = Property(name=name, where=where or self.locate(path))
        return list(self.found).index(name)


def build_definition(journey: Journey, options: Options, *, journey_name: str, locate: Locate | None = None) -> Definition:
    """The definition of ``journey`` under ``options``; MeasureError when nothing can be measured."""
    properties = _Properties(locate or _document_path)
    settings = journey.journey.measure or MeasureSettings()
    window = options.window or settings.window
    window_seconds = parse_window(options.window) if options.window else duration_seconds(settings.window)
    touchpoints, stages, unmeasured = _touchpoints(journey, properties)
    if not stages:
        raise MeasureError(
            "no touchpoint has `events:`: nothing says which events are which touchpoint",
            where=journey_name,
            hint="add `events: EVENT_NAME` (or a list, or rules) to the touchpoints you want measured (docs/measure.md)",
            exit_code=EXIT_DATA,
        )
    by, by_property, segments = _breakdown(journey, options.by, properties)
    return Definition(
        journey=journey.journey.id or journey_name,
        unit=options.unit or settings.unit,
        window=window,
        window_seconds=window_seconds,
        session_timeout=settings.session_timeout,
        session_timeout_seconds=duration_seconds(settings.session_timeout),
        period=options.period,
        stages=stages,
        unmeasured_stages=unmeasured,
        touchpoints=touchpoints,
        planned=_planned(journey, touchpoints),
        segments=segments,
        kpis=_kpis(journey),
        properties=tuple(properties.found.values()),
        by=by,
        by_property=by_property,
    )


def _document_path(path: tuple[Hashable, ...]) -> str:
    return format_path(path)


def _touchpoints(journey: Journey, properties: _Properties) -> tuple[tuple[TouchpointDef, ...], tuple[str, ...], tuple[str, ...]]:
    measured_stages = [stage.id for stage in journey.stages if any(tp.events is not None for tp in stage.touchpoints)]
    unmeasured = tuple(stage.id for stage in journey.stages if stage.id not in measured_stages)
    found: list[TouchpointDef] = []
    for si, stage in enumerate(journey.stages):
        for ti, tp in enumerate(stage.touchpoints):
            if tp.events is None and tp.fails is None:
                continue
            path = ("stages", si, "touchpoints", ti)
            found.append(TouchpointDef(
                id=tp.id,
                stage=stage.id,
                index=len(found),
                stage_index=measured_stages.index(stage.id) if stage.id in measured_stages else None,
                events=_matches(tp.event_rules, (*path, "events"), properties, listed=isinstance(tp.events, list)),
                fails=_matches(tp.fail_rules, (*path, "fails"), properties, listed=isinstance(tp.fails, list)),
            ))
    return tuple(found), tuple(measured_stages), unmeasured


def _matches(rules: list[EventRule], path: tuple[Hashable, ...], properties: _Properties, *, listed: bool) -> tuple[Match, ...]:
    return tuple(_match(rule, (*path, i) if listed else path, properties) for i, rule in enumerate(rules))


def _match(rule: EventRule, path: tuple[Hashable, ...], properties: _Properties) -> Match:
    events = (rule.event,) if isinstance(rule.event, str) else tuple(rule.event or ())
    where = tuple((properties.index(key, (*path, "where", key)), patterns_of(value)) for key, value in (rule.where or {}).items())
    page_at = properties.locate((*path, "page")) if rule.page is not None else None
    return Match(events=events, page=rule.page, where=where, page_at=page_at)


def patterns_of(value: object) -> tuple[Pattern, ...]:
    """A segment/where value as the patterns it accepts: a list is any of its items; booleans as
    the engines write them as text (``true``); numbers stay numbers (compared by value)."""
    items = value if isinstance(value, list) else [value]
    return tuple(_pattern(item) for item in items)


def _pattern(item: object) -> Pattern:
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, (int, float)):
        return item
    return str(item)


def _planned(journey: Journey, touchpoints: Sequence[TouchpointDef]) -> tuple[tuple[str, str], ...]:
    """The map's edges between touchpoints that have events. A touchpoint the data cannot see (no
    `events:`) is walked through: with A → B → C planned and only A and C measured, A → C is the
    planned step the data shows (else it would be reported as an ad-hoc path and A → B as missing)."""
    order = {tp.id: tp.index for tp in touchpoints if tp.events}
    following = successors(journey)
    edges = {(a, b) for a in order for b in _first_measured(a, following, order)}
    return tuple(sorted(edges, key=lambda edge: (order[edge[0]], order[edge[1]])))


def _first_measured(start: str, following: dict[str, list[str]], measured: dict[str, int]) -> set[str]:
    """The measured touchpoints reached from ``start`` along the map through unmeasured ones only."""
    found: set[str] = set()
    seen: set[str] = set()
    waiting = list(following.get(start, ()))
    while waiting:
        current = waiting.pop()
        if current in seen:
            continue
        seen.add(current)
        if current in measured:
            found.add(current)
        else:
            waiting.extend(following.get(current, ()))
    found.discard(start)  # repeats of one touchpoint are one visit: A → A is never seen
    return found


def _breakdown(journey: Journey, by: str | None, properties: _Properties) -> tuple[str | None, int | None, tuple[Segment, ...]]:
    if by is None:
        return None, None, ()
    if by != BY_PERSONA:
        if not by.strip():
            raise MeasureError("`--by` names no column", where="--by", hint="write --by persona or --by COLUMN", exit_code=EXIT_USAGE)
        return by, properties.index(by, (), where="--by"), ()
    segments = tuple(
        Segment(persona.id, tuple((properties.index(key, ("personas", pi, "segment", key)), patterns_of(value)) for key, value in persona.segment.items()))
        for pi, persona in enumerate(journey.personas)
        if persona.segment
    )
    if not segments:
        raise MeasureError(
            "--by persona: no persona has a `segment:`",
            where="--by",
            hint="give personas a `segment: {COLUMN: VALUE}` that recognises them in the data",
            exit_code=EXIT_DATA,
        )
    return BY_PERSONA, None, segments


def _kpis(journey: Journey) -> tuple[KpiSpec, ...]:
    specs: list[KpiSpec] = []
    for stage in journey.stages:
        for kpi in stage.kpis:
            measure = kpi.measure
            specs.append(KpiSpec(
                stage=stage.id,
                id=kpi.id,
                metric=kpi.metric,
                target=kpi.target,
                unit=kpi.unit,
                better=kpi.better_direction,
                from_=measure.from_ if measure else None,
                to=measure.to if measure else None,
                window_seconds=duration_seconds(measure.window) if measure and measure.window else None,
            ))
    return tuple(specs)


PERIOD_HINT = "write two dates as YYYY-MM-DD, both included: --period 2024-01-01..2024-06-30"


def parse_period(text: str) -> tuple[datetime.date, datetime.date]:
    """`2024-01-01..2024-06-30` -> both dates (included); a usage error (exit 2) for anything else,
    saying which part is wrong. Only YYYY-MM-DD: `20240101` and `2024-W01-1` are refused (Python
    reads them; a reader of the output would not)."""
    first, dots, last = text.strip().partition("..")
    if not dots:
        raise MeasureError(f"`{visible(text)}` is not FROM..TO", where="--period", hint=PERIOD_HINT, exit_code=EXIT_USAGE)
    period = _day(first.strip()), _day(last.strip())
    if period[0] > period[1]:
        raise MeasureError(f"{period[0]} is after {period[1]}", where="--period", hint="write the earlier date first: FROM..TO", exit_code=EXIT_USAGE)
    return period


def _day(text: str) -> datetime.date:
    if not _ISO_DAY.fullmatch(text):
        raise MeasureError(f"`{visible(text)}` is not a date written YYYY-MM-DD", where="--period", hint=PERIOD_HINT, exit_code=EXIT_USAGE)
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise MeasureError(f"{text} is not a date: there is no such day", where="--period", hint=PERIOD_HINT, exit_code=EXIT_USAGE) from None


def parse_window(text: str) -> int:
    """``--window 7d`` -> seconds; a usage error (exit 2) for no duration or a zero one."""
    if _ZERO_DURATION.fullmatch(text):
        hint = "write how long after the entry a step still counts, such as `7d` or `36h`"
        raise MeasureError(f"`{visible(text)}` is no window: it must be more than 0", where="--window", hint=hint, exit_code=EXIT_USAGE)
    return parse_duration(text, option="--window")
