"""Geometry of the emotion curve: one series per persona (FORMAT.md emotions, read per persona).

Each persona's line joins the emotions on that persona's own path (``facts.on_lane``): Kim's
line never passes through a touchpoint only Lee takes. Touchpoints given to nobody in
particular (``personas: []``) make one more line, the ANYONE lane. Where a persona's path
crosses a touchpoint without an emotion for them, a faint dashed segment joins the points
around it: the feeling there is unknown, not a straight line.

The SVG stretches to the table's width at a fixed height (``preserveAspectRatio="none"``), so
strokes use ``vector-effect: non-scaling-stroke`` and points are zero-length round-capped
strokes: both keep their size whatever the width. Only the handful of ``facts.scale_ticks``
are drawn and labelled (tick labels are HTML, placed by percentage), so nothing grows with the
span of the scale. Point ``i`` sits at the centre of column ``i`` (columns have equal widths).

What the curve costs is bounded by what the file says. Personas whose lines would coincide
(every persona on every touchpoint with a shared emotion, the usual small map) are one line
named after all of them, not a line each: 1,000 such personas on 1,000 touchpoints, a 58 KB
file, made a 142 MB page in 36 s. The rest is a few bytes per point (a segment and a dot in
one path per series, no per-point element or text), which the persona-lanes budget bounds.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from cjmap.model import EmotionScale, Journey, Touchpoint
from cjmap.model.facts import ANYONE, emotion_on, lanes, lanes_of, scale_ticks
from cjmap.text.palette import MOST_LINES, persona_style
from cjmap.text.scores import score

COLUMN, HEIGHT, PAD = 100, 100, 8


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: int


@dataclass(frozen=True)
class Series:
    name: str  # the persona's short name; "Kim, Lee" where their lines coincide
    color: str
    dash: str
    points: tuple[Point, ...]
    path: str  # runs of points with known emotions between them, "M x y L x y …"
    gaps: str  # dashed joins across touchpoints of the path without an emotion for this persona
    dots: str  # every point as a zero-length segment, "M x y h0 …": one element for all


@dataclass(frozen=True)
class Tick:
    y: float
    top: float  # the same height as a percentage, for the HTML label
    label: str


@dataclass(frozen=True)
class Curve:
    width: int
    height: int
    series: tuple[Series, ...]
    ticks: tuple[Tick, ...]
    zero_y: float | None
    legend: bool  # more than one persona drawn: the lines are named
    not_drawn: int = 0  # personas whose lines are left out past MOST_LINES


# How a point joins the one before it on a persona's line: "line" (the customer steps from one
# to the other), "gap" (they do, through touchpoints without an emotion for them: dashed),
# "none" (they do not: the customer left with `next: []`, or `next` goes elsewhere).
Link = Literal["line", "gap", "none"]
# (column, value, how it joins the point before)
_Step = tuple[int, int, Link]
# (column, value or None for "on the path, no emotion here")
_Event = tuple[int, int | None]


def build_curve(
    journey: Journey, columns: list[Touchpoint | None], *, names: dict[str, str], anyone: str, personas: Sequence[str] | None = None,
) -> Curve:
    """The curve of ``personas`` (persona ids, or ANYONE): one series each, or one for several
    whose lines coincide; every lane of the journey by default (narrowing passes fewer).
    ``names`` gives each persona's label, ``anyone`` the ANYONE lane's."""
    scale = journey.journey.emotion_scale
    drawn = list(personas) if personas is not None else lanes(journey)
    order = {pid: index for index, pid in enumerate(journey.persona_ids)}
    place = _Places(scale)
    lines = [(group, steps) for group, steps in _coinciding(columns, drawn) if steps]
    series = tuple(
        _series(order.get(group[0], len(order)), ", ".join(anyone if lane == ANYONE else names.get(lane, lane) for lane in group), steps, place)
        for group, steps in lines[:MOST_LINES]
    )
    # A file at the persona budget drew a 26 MB page with every line; the rest are counted.
    not_drawn = sum(len(group) for group, _ in lines[MOST_LINES:])
    zero = _y(0, scale.min, scale.max) if scale.min < 0 < scale.max else None
    return Curve(max(1, len(columns)) * COLUMN, HEIGHT, series, _ticks(scale), zero, len(drawn) > 1, not_drawn)


def shown(value: int, scale: EmotionScale) -> str:
    """An emotion as written on this scale (:func:`cjmap.text.scores.score`)."""
    return score(value, scale.min)


def _ticks(scale: EmotionScale) -> tuple[Tick, ...]:
    ticks = []
    for value in scale_ticks(scale.min, scale.max):
        y = _y(value, scale.min, scale.max)
        ticks.append(Tick(y, round(y / HEIGHT * 100, 2), scale.labels.get(value, shown(value, scale))))
    return tuple(ticks)


def _y(value: float, low: int, high: int) -> float:
    return round(PAD + (high - value) / (high - low) * (HEIGHT - 2 * PAD), 2)


def _series(index: int, name: str, steps: tuple[_Step, ...], place: _Places) -> Series:
    color, dash = persona_style(index)
    placed = [place(column, value) for column, value, _ in steps]
    path: list[str] = []
    gaps: list[str] = []
    for position, ((_, _, link), (_, here)) in enumerate(zip(steps, placed, strict=True)):
        path.append(f"L{here}" if position and link == "line" else f"M{here}")  # M: a run starts here
        if position and link == "gap":
            gaps.append(f"M{placed[position - 1][1]} L{here}")
    dots = " ".join(f"M{here} h0" for _, here in placed)
    return Series(name, color, dash, tuple(point for point, _ in placed), " ".join(path), " ".join(gaps), dots)


class _Places:
    """Each (column, value)'s point and its "x y" text, computed once: lines of many personas
    pass through the same places (a million points at the persona-lanes budget)."""

    def __init__(self, scale: EmotionScale) -> None:
        self.low, self.high = scale.min, scale.max
        self.known: dict[tuple[int, int], tuple[Point, str]] = {}

    def __call__(self, column: int, value: int) -> tuple[Point, str]:
        found = self.known.get((column, value))
        if found is None:
            point = Point(column * COLUMN + COLUMN / 2, _y(value, self.low, self.high), value)
            found = self.known[column, value] = (point, f"{point.x:g} {point.y:g}")
        return found


def _coinciding(columns: list[Touchpoint | None], drawn: list[str]) -> list[tuple[list[str], tuple[_Step, ...]]]:
    """The drawn lanes grouped by identical lines, each group with its steps, in the order of
    each group's first lane.

    The work follows the file, not personas x touchpoints: a touchpoint on every lane with a
    shared emotion is one event for all lanes (``uniform``), and only what a touchpoint says
    about some lanes is recorded per lane. Lanes with the same own events draw the same line,
    so steps are built once per group: 1,000 personas on 1,000 such touchpoints are one line.
    """
    uniform: list[_Event] = []
    own: dict[str, list[_Event]] = {lane: [] for lane in drawn}
    for column, tp in enumerate(columns):
        if tp is None:
            continue
        lanes_here = lanes_of(tp)
        if lanes_here is None:
            if not isinstance(tp.emotion, dict):
                uniform.append((column, tp.emotion))
                continue
            uniform.append((column, None))  # on every path; an emotion only for the personas it names
            lanes_here = tuple(tp.emotion)
        for lane in lanes_here:
            if lane in own:
                own[lane].append((column, emotion_on(tp, lane)))
    groups: dict[tuple[_Event, ...], list[str]] = {}
    for lane, events in own.items():
        groups.setdefault(tuple(events), []).append(lane)
    return [(group, _steps(uniform, events, columns)) for events, group in groups.items()]


def _steps(uniform: list[_Event], own: tuple[_Event, ...], columns: list[Touchpoint | None]) -> tuple[_Step, ...]:
    """One line's points: the uniform events and the lane's own, in column order (a lane's
    own event at a column replaces the uniform one there), each joined to the one before as
    the customer walks: a line is never drawn across a step they do not take."""
    mine = {column for column, _ in own}
    events = list(heapq.merge((event for event in uniform if event[0] not in mine), own))
    on_path = {tp.id for column, _ in events if (tp := columns[column]) is not None}
    steps: list[_Step] = []
    link: Link = "line"
    before: Touchpoint | None = None
    for column, value in events:
        here = columns[column]
        if before is not None and here is not None and not _steps_to(before, here, on_path):
            link = "none"
        before = here
        if value is None:
            link = "gap" if link == "line" else link
        else:
            steps.append((column, value, link))
            link = "line"
    return tuple(steps)


def _steps_to(before: Touchpoint, after: Touchpoint, on_path: set[str]) -> bool:
    """Whether a customer at ``before`` goes on to ``after``, the next touchpoint of their path,
    as :func:`cjmap.model.facts.steps_along` reads `next`: the following one without `next`,
    none after `next: []`, the targets on their path, or the following one when every target
    lies on other personas' paths. The work is bounded by the persona-steps budget."""
    if before.next is None or after.id in before.next:
        return True
    return bool(before.next) and not any(target in on_path for target in before.next)
