"""Geometry of the emotion curve: one series per persona (or one for everyone), SVG paths.

The SVG stretches to the table's width at a fixed height (``preserveAspectRatio="none"``), so
strokes use ``vector-effect: non-scaling-stroke`` and points are zero-length round-capped
strokes: both keep their size whatever the width. Tick labels are HTML, placed by percentage.
Point ``i`` sits at the centre of column ``i`` (the table's columns have equal widths). Where a
persona skips touchpoints, a faint dashed segment joins their points.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from cjmap.model import Journey, Touchpoint
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
    path: str  # consecutive points, "M x y L x y …"
    gaps: str  # dashed joins across touchpoints the persona skips


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


def build_curve(journey: Journey, columns: list[Touchpoint | None], *, everyone: str, names: dict[str, str]) -> Curve:
    scale = journey.journey.emotion_scale
    per_persona = any(isinstance(tp.emotion, dict) for tp in columns if tp is not None)
    if per_persona:
        values = _persona_values(columns, [p.id for p in journey.personas])
        lines = [(names[p.id], values[p.id]) for p in journey.personas]
    else:
        lines = [(everyone, _shared_values(columns))]
    series = tuple(_series(index, name, line, columns, scale.min, scale.max) for index, (name, line) in enumerate(lines))
    ticks = tuple(
        Tick(_y(v, scale.min, scale.max), round(_y(v, scale.min, scale.max) / HEIGHT * 100, 2), scale.labels.get(v, signed(v)))
        for v in range(scale.min, scale.max + 1)
    )
    zero = _y(0, scale.min, scale.max) if scale.min < 0 < scale.max else None
    return Curve(max(1, len(columns)) * COLUMN, HEIGHT, tuple(s for s in series if s.points), ticks, zero)


def signed(value: int) -> str:
    """``+1``, ``0``, ``-2``: how emotions are written everywhere."""
    return f"{value:+d}" if value else "0"


def _y(value: float, low: int, high: int) -> float:
    return round(PAD + (high - value) / (high - low) * (HEIGHT - 2 * PAD), 2)


def _series(index: int, name: str, values: list[tuple[int, int]], columns: list[Touchpoint | None], low: int, high: int) -> Series:
    color, dash = persona_style(index)
    points = [
        (column, Point(column * COLUMN + COLUMN / 2, _y(value, low, high), value, f"{columns[column].name}: {signed(value)}"))  # type: ignore[union-attr]  # values come only from columns with a touchpoint
        for column, value in values
    ]
    path: list[str] = []
    gaps: list[str] = []
    for (before_column, before), (column, point) in pairwise(points):
        (path if column == before_column + 1 else gaps).append(f"M{before.x:g} {before.y:g} L{point.x:g} {point.y:g}")
    if len(points) == 1:
        path.append(f"M{points[0][1].x:g} {points[0][1].y:g}")
    return Series(name, color, dash, tuple(point for _, point in points), " ".join(path), " ".join(gaps))


def _shared_values(columns: list[Touchpoint | None]) -> list[tuple[int, int]]:
    """(column, value) of the one series for everyone: touchpoints with a shared emotion."""
    return [(column, tp.emotion) for column, tp in enumerate(columns) if tp is not None and isinstance(tp.emotion, int)]


def _persona_values(columns: list[Touchpoint | None], personas: list[str]) -> dict[str, list[tuple[int, int]]]:
    """Each persona's (column, value) pairs, in column order.

    Built by walking each touchpoint's own emotions once, not by asking every touchpoint about
    every persona: that was personas x touchpoints even where a touchpoint names one persona
    (3,000 personas x 3,000 touchpoints, a 210 KB file: 9 million lookups).
    """
    found: dict[str, list[tuple[int, int]]] = {pid: [] for pid in personas}
    for column, tp in enumerate(columns):
        if tp is None or tp.emotion is None:
            continue
        audience = None if tp.personas is None else set(tp.personas)
        if isinstance(tp.emotion, dict):
            pairs: Iterable[tuple[str, int]] = tp.emotion.items()
        else:  # one value shared by everyone who takes part
            shared = tp.emotion
            pairs = ((pid, shared) for pid in (audience if audience is not None else found))
        for pid, value in pairs:
            if pid in found and (audience is None or pid in audience) and value is not None:
                found[pid].append((column, value))
    return found
