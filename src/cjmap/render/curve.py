"""Geometry of the emotion curve: one series per persona (or one for everyone), SVG paths.

Columns are equal-width in the HTML table, so point ``i`` sits at the centre of column ``i``
in a viewBox ``COLUMN`` units wide per column. A persona absent from a touchpoint leaves a gap.
"""

from __future__ import annotations

from dataclasses import dataclass

from cjmap.model import Journey, Touchpoint
from cjmap.render.palette import persona_style

COLUMN, HEIGHT, PAD = 100, 120, 14


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: int
    label: str  # "Touchpoint: 1" for the tooltip


@dataclass(frozen=True)
class Series:
    name: str
    color: str
    dash: str
    points: tuple[Point, ...]
    path: str  # SVG path data, "M x y L x y …", broken where the persona is absent


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class Curve:
    width: int
    height: int
    series: tuple[Series, ...]
    ticks: tuple[Tick, ...]
    zero_y: float | None


def build_curve(journey: Journey, columns: list[Touchpoint | None], *, everyone: str) -> Curve:
    scale = journey.journey.emotion_scale
    per_persona = any(isinstance(tp.emotion, dict) for tp in columns if tp is not None)
    people = [(p.id, p.label) for p in journey.personas] if per_persona else [(None, everyone)]
    series = tuple(_series(index, pid, name, columns, scale.min, scale.max) for index, (pid, name) in enumerate(people))
    ticks = tuple(Tick(_y(v, scale.min, scale.max), scale.labels.get(v, f"{v:+d}" if v else "0")) for v in range(scale.min, scale.max + 1))
    zero = _y(0, scale.min, scale.max) if scale.min < 0 < scale.max else None
    return Curve(max(1, len(columns)) * COLUMN, HEIGHT, tuple(s for s in series if s.points), ticks, zero)


def _y(value: float, low: int, high: int) -> float:
    return round(PAD + (high - value) / (high - low) * (HEIGHT - 2 * PAD), 2)


def _series(index: int, persona: str | None, name: str, columns: list[Touchpoint | None], low: int, high: int) -> Series:
    color, dash = persona_style(index)
    points: list[Point | None] = []
    for column, touchpoint in enumerate(columns):
        value = _value(touchpoint, persona)
        x = column * COLUMN + COLUMN / 2
        points.append(None if value is None else Point(x, _y(value, low, high), value, f"{touchpoint.name if touchpoint else ''}: {value}"))
    return Series(name, color, dash, tuple(p for p in points if p is not None), _path(points))


def _value(touchpoint: Touchpoint | None, persona: str | None) -> int | None:
    if touchpoint is None or touchpoint.emotion is None:
        return None
    if persona is None:
        return touchpoint.emotion if isinstance(touchpoint.emotion, int) else None
    if touchpoint.personas is not None and persona not in touchpoint.personas:
        return None
    return touchpoint.emotion_for(persona)


def _path(points: list[Point | None]) -> str:
    parts: list[str] = []
    pen_down = False
    for point in points:
        if point is None:
            pen_down = False
            continue
        parts.append(f"{'L' if pen_down else 'M'}{point.x:g} {point.y:g}")
        pen_down = True
    return " ".join(parts)
