"""Geometry of the emotion curve: one series per persona (FORMAT.md emotions, read per persona).

Each persona's line joins the emotions on the part of that persona's own path they get to
(``model/lines.py``): Kim's line never passes through a touchpoint only Lee takes, nor goes on
after Kim leaves. Touchpoints given to nobody in
particular (``personas: []``) make one more line, the ANYONE lane. Where a persona's path
crosses a touchpoint without an emotion for them, a faint dashed segment joins the points
around it: the feeling there is unknown, not a straight line.

The SVG stretches to the table's width at a fixed height (``preserveAspectRatio="none"``), so
strokes use ``vector-effect: non-scaling-stroke`` and points are zero-length round-capped
strokes: both keep their size whatever the width. Only the handful of ``facts.scale_ticks``
are drawn and labelled (tick labels are HTML, placed by percentage), so nothing grows with the
span of the scale. Point ``i`` sits at the centre of column ``i`` (columns have equal widths).

What the curve costs is bounded by what the file says. Which lines there are is
``model.lines.emotion_lines``, shared with ``cjmap show``: personas whose lines would coincide
(every persona on every touchpoint with a shared emotion, the usual small map) are one line
named after a few of them ("Kim, Lee and 998 more", ``text.names``), not a line each: 1,000
such personas on 1,000 touchpoints, a 58 KB file, made a 142 MB page in 36 s. The rest is a few bytes per point (a segment and a dot in
one path per series, no per-point element or text), which the persona-lanes budget bounds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cjmap.model import EmotionScale, Journey, Touchpoint
from cjmap.model.facts import scale_ticks
from cjmap.model.lanes import ANYONE, lanes, walks
from cjmap.model.lines import Step, emotion_lines
from cjmap.text.labels import labels
from cjmap.text.names import few_names
from cjmap.text.palette import MOST_LINES, persona_style
from cjmap.text.scores import score

COLUMN, HEIGHT, PAD = 100, 100, 8


@dataclass(frozen=True)
class Series:
    name: str  # the persona's short name; "Kim, Lee" where their lines coincide, "Kim, Lee and 998 more"
    color: str
    dash: str
    steps: tuple[Step, ...]  # what the line is drawn from: (column, emotion, how it joins the one before)
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


def build_curve(
    journey: Journey, columns: list[Touchpoint | None], *, names: dict[str, str], anyone: str, personas: Sequence[str] | None = None,
) -> Curve:
    """The curve of ``personas`` (persona ids, or ANYONE): one series each, or one for several
    whose lines coincide; every lane of the journey by default (narrowing passes fewer).
    ``names`` gives each persona's label, ``anyone`` the ANYONE lane's."""
    scale = journey.journey.emotion_scale
    drawn = list(personas) if personas is not None else lanes(journey)
    order = {pid: index for index, pid in enumerate(journey.persona_ids)}
    text = labels(journey.journey.language)
    place = _Places(scale)
    # The lines `show` draws too (model/lines.py); a file at the persona budget drew a 26 MB
    # page with every line, so the lanes past MOST_LINES are counted instead.
    found = emotion_lines(columns, drawn, most=MOST_LINES, unreached=walks(journey).unreached())
    series = tuple(
        _series(order.get(line.lanes[0], len(order)), few_names([anyone if lane == ANYONE else names.get(lane, lane) for lane in line.lanes], text), line.steps, place)
        for line in found.lines
    )
    zero = _y(0, scale.min, scale.max) if scale.min < 0 < scale.max else None
    return Curve(max(1, len(columns)) * COLUMN, HEIGHT, series, _ticks(scale), zero, len(drawn) > 1, found.not_drawn)


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


def _series(index: int, name: str, steps: tuple[Step, ...], place: _Places) -> Series:
    color, dash = persona_style(index)
    placed = [place(column, value) for column, value, _ in steps]
    path: list[str] = []
    gaps: list[str] = []
    for position, ((_, _, link), here) in enumerate(zip(steps, placed, strict=True)):
        path.append(f"L{here}" if position and link == "line" else f"M{here}")  # M: a run starts here
        if position and link == "gap":
            gaps.append(f"M{placed[position - 1]} L{here}")
    dots = " ".join(f"M{here} h0" for here in placed)
    return Series(name, color, dash, steps, " ".join(path), " ".join(gaps), dots)


class _Places:
    """Each (column, value)'s "x y" place in the SVG, computed once: lines of many personas
    pass through the same places (a million points at the persona-lanes budget). Point ``i``
    sits at the centre of column ``i``."""

    def __init__(self, scale: EmotionScale) -> None:
        self.low, self.high = scale.min, scale.max
        self.known: dict[tuple[int, int], str] = {}

    def __call__(self, column: int, value: int) -> str:
        found = self.known.get((column, value))
        if found is None:
            found = self.known[column, value] = f"{column * COLUMN + COLUMN / 2:g} {_y(value, self.low, self.high):g}"
        return found
