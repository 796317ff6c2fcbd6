"""The results ``cjmap measure -f json`` wrote, read back for ``render --measured``: checked value
by value against MEASURE.md's fields and against the journey they are drawn on.

The file is untrusted: anything that is not such a results object is a ``ResultsError`` naming
the place (``touchpoints[2].reach``) and what was expected, never a traceback. Two kinds, two
exit codes (as ``measure`` itself uses them): a file that is not measure's JSON at all (not
JSON, not an object, a value of the wrong type) is a usage error, exit 2; results that are
well formed but do not fit this journey (another journey's, or a touchpoint or stage the
journey no longer has: the journey changed since it was measured) exit 1.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from cjmap.model import Journey
from cjmap.model.vocabulary import DEVIATION_KINDS, DeviationKind

EXIT_DOES_NOT_FIT, EXIT_NOT_RESULTS = 1, 2
_T = TypeVar("_T")


class ResultsError(Exception):
    """Why the results cannot be drawn: where (a JSON path, or "" for the whole file), what, and
    the exit code (``EXIT_NOT_RESULTS`` or ``EXIT_DOES_NOT_FIT``)."""

    def __init__(self, where: str, message: str, exit_code: int = EXIT_NOT_RESULTS) -> None:
        super().__init__(f"{where}: {message}" if where else message)
        self.where, self.message, self.exit_code = where, message, exit_code


@dataclass(frozen=True)
class ResultsDefinition:
    unit: str
    window: str
    period_from: str
    period_to: str
    session_timeout: str | None = None
    entry: str | None = None
    unmeasured_stages: tuple[str, ...] = ()
    source: str | None = None


@dataclass(frozen=True)
class EventCounts:
    rows: int
    matched: int
    unmatched: int
    ambiguous: int
    anonymous: int | None = None


@dataclass(frozen=True)
class TouchpointResult:
    id: str
    reach: int
    failed: int
    events: int | None = None


@dataclass(frozen=True)
class EdgeResult:
    source: str  # the JSON's "from"
    target: str  # the JSON's "to"
    planned: bool
    count: int
    units: int | None = None
    conversion: float | None = None


@dataclass(frozen=True)
class Times:
    p50: float
    p90: float
    mean: float


@dataclass(frozen=True)
class StageResult:
    stage: str
    entered: int
    converted: int | None
    conversion: float | None
    time_to_convert: Times | None


@dataclass(frozen=True)
class KpiResult:
    stage: str
    id: str
    metric: str
    actual: float | None
    target: float | None
    unit: str | None = None
    on_target: bool | None = None
    definition: str | None = None
    reason: str | None = None
    note: str | None = None  # a doubt about the actual (nps values outside 0..10)


@dataclass(frozen=True)
class Deviation:
    kind: DeviationKind
    count: int
    touchpoint: str | None = None
    source: str | None = None
    target: str | None = None
    share: float | None = None


@dataclass(frozen=True)
class Results:
    journey: str
    definition: ResultsDefinition
    events: EventCounts
    units: int | None
    touchpoints: tuple[TouchpointResult, ...]
    edges: tuple[EdgeResult, ...]
    funnel: tuple[StageResult, ...]
    kpis: tuple[KpiResult, ...]
    deviations: tuple[Deviation, ...]


def parse_results(raw: bytes, journey: Journey, *, stem: str) -> Results:
    """The results in ``raw``, checked against ``journey`` (whose file is named ``stem`` when
    the journey has no id); raises ``ResultsError``."""
    results = _read(_decode(raw))
    _fits(results, journey, stem)
    return results


def _decode(raw: bytes) -> object:
    def refuse_constant(name: str) -> object:
        raise ResultsError("", f"not measure's JSON: {name} is not a number JSON allows")

    try:
        return json.loads(raw.decode("utf-8-sig"), parse_constant=refuse_constant)
    except UnicodeDecodeError as problem:
        raise ResultsError("", f"not UTF-8 text (byte {problem.start}): not the JSON `cjmap measure -f json` writes") from None
    except RecursionError:
        raise ResultsError("", "not measure's JSON: nested too deeply") from None
    except json.JSONDecodeError as problem:
        raise ResultsError("", f"not JSON: {problem.msg} at line {problem.lineno}, column {problem.colno}") from None


class _Node:
    """A JSON value and its path, with typed getters that raise located errors."""

    def __init__(self, value: object, path: str) -> None:
        self.value, self.path = value, path

    def mapping(self) -> Mapping[str, object]:
        if not isinstance(self.value, dict):
            raise ResultsError(self.path, f"expected an object, found {_kind(self.value)}")
        return self.value

    def key(self, name: str, *, required: bool = True) -> _Node | None:
        mapping = self.mapping()
        child = f"{self.path}.{name}" if self.path else name
        if name not in mapping or (not required and mapping[name] is None):
            if required:
                raise ResultsError(self.path or "the file", f"missing `{name}`")
            return None
        return _Node(mapping[name], child)

    def get(self, name: str, read: Callable[[_Node], _T]) -> _T:
        node = self.key(name)
        assert node is not None  # required keys raise when missing
        return read(node)

    def optional(self, name: str, read: Callable[[_Node], _T]) -> _T | None:
        node = self.key(name, required=False)
        return None if node is None else read(node)

    def items(self) -> list[_Node]:
        if not isinstance(self.value, list):
            raise ResultsError(self.path, f"expected a list, found {_kind(self.value)}")
        return [_Node(item, f"{self.path}[{index}]") for index, item in enumerate(self.value)]


def _text(node: _Node) -> str:
    if not isinstance(node.value, str):
        raise ResultsError(node.path, f"expected text, found {_kind(node.value)}")
    return node.value


def _count(node: _Node) -> int:
    value = node.value
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ResultsError(node.path, f"expected a whole number ≥ 0, found {_kind(value)}")
    return value


def _number(node: _Node) -> float:
    value = node.value
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ResultsError(node.path, f"expected a number, found {_kind(value)}")
    return float(value)


def _rate(node: _Node) -> float:
    value = _number(node)
    if not 0 <= value <= 1:
        raise ResultsError(node.path, f"expected a share from 0 to 1, found {value:g}")
    return value


def _flag(node: _Node) -> bool:
    if not isinstance(node.value, bool):
        raise ResultsError(node.path, f"expected true or false, found {_kind(node.value)}")
    return node.value


def _kind(value: object) -> str:
    """What was found instead, briefly (the value is the user's: shown JSON-quoted, cut short)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return f"the number {value!r:.30}"
    if isinstance(value, str):
        return f"the text {json.dumps(value[:30])}"
    return "a list" if isinstance(value, list) else "an object"


def _read(value: object) -> Results:
    root = _Node(value, "")
    if not isinstance(value, dict):
        raise ResultsError("", f"expected the JSON object `cjmap measure -f json` writes, found {_kind(value)}")
    return Results(
        journey=root.get("journey", _text),
        definition=root.get("definition", _definition),
        events=root.get("events", _events),
        units=root.optional("units", _count),
        touchpoints=tuple(_touchpoint(node) for node in root.get("touchpoints", _Node.items)),
        edges=tuple(_edge(node) for node in root.get("edges", _Node.items)),
        funnel=tuple(_stage(node) for node in root.get("funnel", _Node.items)),
        kpis=tuple(_kpi(node) for node in root.get("kpis", _Node.items)),
        deviations=tuple(_deviation(node) for node in root.get("deviations", _Node.items)),
    )


def _definition(node: _Node) -> ResultsDefinition:
    period = node.get("period", lambda n: n)
    unmeasured = node.optional("unmeasured_stages", _Node.items) or []
    return ResultsDefinition(
        unit=node.get("unit", _text), window=node.get("window", _text),
        period_from=period.get("from", _text), period_to=period.get("to", _text),
        session_timeout=node.optional("session_timeout", _text), entry=node.optional("entry", _text),
        unmeasured_stages=tuple(_text(item) for item in unmeasured), source=node.optional("source", _text),
    )


def _events(node: _Node) -> EventCounts:
    return EventCounts(
        node.get("rows", _count), node.get("matched", _count), node.get("unmatched", _count), node.get("ambiguous", _count),
        node.optional("anonymous", _count),
    )


def _touchpoint(node: _Node) -> TouchpointResult:
    return TouchpointResult(node.get("id", _text), node.get("reach", _count), node.get("failed", _count), node.optional("events", _count))


def _edge(node: _Node) -> EdgeResult:
    return EdgeResult(
        node.get("from", _text), node.get("to", _text), node.get("planned", _flag), node.get("count", _count),
        node.optional("units", _count), node.optional("conversion", _rate),
    )


def _stage(node: _Node) -> StageResult:
    return StageResult(
        node.get("stage", _text), node.get("entered", _count), node.optional("converted", _count),
        node.optional("conversion", _rate), node.optional("time_to_convert", _times),
    )


def _times(node: _Node) -> Times:
    return Times(node.get("p50", _number), node.get("p90", _number), node.get("mean", _number))


def _kpi(node: _Node) -> KpiResult:
    return KpiResult(
        node.get("stage", _text), node.get("id", _text), node.get("metric", _text),
        node.optional("actual", _number), node.optional("target", _number), node.optional("unit", _text),
        node.optional("on_target", _flag), node.optional("definition", _text), node.optional("reason", _text),
        node.optional("note", _text),
    )


def _deviation(node: _Node) -> Deviation:
    kind = node.get("kind", _text)
    if kind not in DEVIATION_KINDS:
        raise ResultsError(f"{node.path}.kind", f"expected one of {', '.join(DEVIATION_KINDS)}, found {_kind(kind)}")
    deviation = Deviation(
        kind, node.get("count", _count), node.optional("touchpoint", _text), node.optional("from", _text),
        node.optional("to", _text), node.optional("share", _number),
    )
    if deviation.touchpoint is None and (deviation.source is None or deviation.target is None):
        raise ResultsError(node.path, "a deviation names a `touchpoint`, or an edge's `from` and `to`")
    return deviation


def _fits(results: Results, journey: Journey, stem: str) -> None:
    """Every id the results name is the journey's: results of another journey, or of this one
    before a touchpoint was renamed, would put numbers on the wrong boxes."""
    expected = journey.journey.id or stem
    if results.journey != expected:
        raise ResultsError("journey", f"these results are for the journey `{results.journey}`, not `{expected}`", EXIT_DOES_NOT_FIT)
    touchpoints = {tp.id for _, tp in journey.touchpoints()}
    stages = {stage.id for stage in journey.stages}
    named: list[tuple[str, str | None, set[str]]] = []
    named += [(f"touchpoints[{i}].id", tp.id, touchpoints) for i, tp in enumerate(results.touchpoints)]
    for i, edge in enumerate(results.edges):
        named += [(f"edges[{i}].from", edge.source, touchpoints), (f"edges[{i}].to", edge.target, touchpoints)]
    named += [(f"funnel[{i}].stage", row.stage, stages) for i, row in enumerate(results.funnel)]
    named += [(f"kpis[{i}].stage", kpi.stage, stages) for i, kpi in enumerate(results.kpis)]
    for i, deviation in enumerate(results.deviations):
        named += [(f"deviations[{i}].{key}", value, touchpoints) for key, value in
                  (("touchpoint", deviation.touchpoint), ("from", deviation.source), ("to", deviation.target))]
    named += [(f"definition.unmeasured_stages[{i}]", stage, stages) for i, stage in enumerate(results.definition.unmeasured_stages)]
    named.append(("definition.entry", results.definition.entry, stages))
    for where, value, known in named:
        if value is not None and value not in known:
            what = "touchpoint" if known is touchpoints else "stage"
            raise ResultsError(where, f"the journey has no {what} `{value}`: it changed since it was measured", EXIT_DOES_NOT_FIT)
    _unique(results.touchpoints, lambda tp: tp.id, "touchpoints")


def _unique(items: Sequence[Any], key: Callable[[Any], str], where: str) -> None:
    seen: set[str] = set()
    for index, item in enumerate(items):
        if key(item) in seen:
            raise ResultsError(f"{where}[{index}]", f"`{key(item)}` is listed twice")
        seen.add(key(item))
