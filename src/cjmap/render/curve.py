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
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cjmap.model import EmotionScale, Journey, Touchpoint
from cjmap.model.facts import ANYONE, lanes, lanes_of, scale_ticks
from cjmap.text.palette import persona_style

COLUMN, HEIGHT, PAD = 100, 100, 8


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: int
    label: str  # "Touchpoint: +1", for the tooltip and the text alternative


@dataclass(frozen=True)
class Series:
    name: str
    color: str
    dash: str
    points: tuple[Point, ...]
    path: str  # runs of points with known emotions between them, "M x y L x y …"
    gaps: str  # dashed joins across touchpoints of the path without an emotion for this persona


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


@dataclass(frozen=True)
class _Step:
    column: int
    value: int
    after_gap: bool  # a touchpoint of this persona's path without an emotion lies before it


def build_curve(
    journey: Journey, columns: list[Touchpoint | None], *, names: dict[str, str], anyone: str, personas: Sequence[str] | None = None,
) -> Curve:
    """The curve of ``personas`` (persona ids, or ANYONE), one series each; every lane of the
    journey by default. ``names`` gives each persona's label, ``anyone`` the ANYONE lane's."""
    scale = journey.journey.emotion_scale
    drawn = list(personas) if personas is not None else lanes(journey)
    steps = _steps(columns, drawn)
    order = {pid: index for index, pid in enumerate(journey.persona_ids)}
    series = tuple(
        _series(order.get(lane, len(order)), anyone if lane == ANYONE else names.get(lane, lane), steps[lane], columns, scale)
        for lane in drawn
    )
    zero = _y(0, scale.min, scale.max) if scale.min < 0 < scale.max else None
    return Curve(max(1, len(columns)) * COLUMN, HEIGHT, tuple(s for s in series if s.points), _ticks(scale), zero)


def signed(value: int) -> str:
    """``+1``, ``0``, ``-2``: how emotions are written everywhere."""
    return f"{value:+d}" if value else "0"


def shown(value: int, scale: EmotionScale) -> str:
    """An emotion as written on this scale: signed where the scale has negative values (``+1``
    next to ``-1``), plain where it does not (``70`` on 0..100, where ``+70`` would be odd)."""
    return signed(value) if scale.min < 0 else str(value)


def _ticks(scale: EmotionScale) -> tuple[Tick, ...]:
    ticks = []
    for value in scale_ticks(scale.min, scale.max):
        y = _y(value, scale.min, scale.max)
        ticks.append(Tick(y, round(y / HEIGHT * 100, 2), scale.labels.get(value, shown(value, scale))))
    return tuple(ticks)


def _y(value: float, low: int, high: int) -> float:
    return round(PAD + (high - value) / (high - low) * (HEIGHT - 2 * PAD), 2)


def _series(index: int, name: str, steps: list[_Step], columns: list[Touchpoint | None], scale: EmotionScale) -> Series:
    color, dash = persona_style(index)
    points = tuple(
        Point(step.column * COLUMN + COLUMN / 2, _y(step.value, scale.min, scale.max), step.value, f"{_name(columns, step.column)}: {shown(step.value, scale)}")
        for step in steps
    )
    path: list[str] = []
    gaps: list[str] = []
    for position, (step, point) in enumerate(zip(steps, points, strict=True)):
        here = f"{point.x:g} {point.y:g}"
        path.append(f"M{here}" if position == 0 or step.after_gap else f"L{here}")  # M: a run starts here
        if step.after_gap:
            before = points[position - 1]
            gaps.append(f"M{before.x:g} {before.y:g} L{here}")
    return Series(name, color, dash, points, " ".join(path), " ".join(gaps))


def _name(columns: list[Touchpoint | None], column: int) -> str:
    touchpoint = columns[column]
    return touchpoint.name if touchpoint is not None else ""


def _steps(columns: list[Touchpoint | None], drawn: list[str]) -> dict[str, list[_Step]]:
    """Each drawn lane's emotions in column order, noting where its path has none.

    Built by walking each touchpoint's own lanes once, not by asking every touchpoint about
    every persona: that was personas x touchpoints even where a touchpoint names one persona
    (3,000 personas x 3,000 touchpoints, a 210 KB file: 9 million lookups). A touchpoint on
    every lane costs one step per drawn lane, which is what the page shows anyway (and what the
    persona-lanes budget bounds).
    """
    found: dict[str, list[_Step]] = {lane: [] for lane in drawn}
    gap: set[str] = set()
    for column, tp in enumerate(columns):
        if tp is None:
            continue
        own = lanes_of(tp)
        for lane in drawn if own is None else [lane for lane in own if lane in found]:
            value = _emotion_on(tp, lane)
            if value is None:
                gap.add(lane)
            else:
                found[lane].append(_Step(column, value, lane in gap and bool(found[lane])))
                gap.discard(lane)
    return found


def _emotion_on(tp: Touchpoint, lane: str) -> int | None:
    """The emotion of ``lane``'s customer at a touchpoint on their path.

    ``Touchpoint.emotion_for`` answers for personas; the ANYONE lane of a ``personas: []``
    touchpoint has only a shared emotion.
    """
    if lane == ANYONE:
        return tp.emotion if isinstance(tp.emotion, int) else None
    return tp.emotion_for(lane)
