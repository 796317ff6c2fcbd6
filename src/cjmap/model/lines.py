"""The emotion lines of a curve: one per lane, lanes whose lines coincide grouped, at most a few.

The HTML map (``render/curve.py``) and ``cjmap show`` (``show/terminal.py``) draw the same lines
for the same journey because both ask :func:`emotion_lines`: each lane's emotions along the
part of its path its customer gets to, lanes with identical lines as one line, and the lanes past the
last line drawn counted. Each step also says how it joins the one before (the HTML draws the
joins; ``show`` draws points only).

The work follows the file, not lanes x touchpoints: ``show`` asked every lane about every
touchpoint, 9 million questions for 3,000 personas each on a touchpoint of their own.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

from cjmap.model import Touchpoint
from cjmap.model.lanes import lanes_of, steps_along

# How a point joins the one before it on a lane's line: "line" (the customer steps from one to
# the other), "gap" (they do, through touchpoints without an emotion for them: drawn dashed),
# "none" (they do not: the customer left with `next: []`, or `next` goes elsewhere).
Link = Literal["line", "gap", "none"]


class Step(NamedTuple):
    """One point of a line: a column of the curve, the emotion there, how it joins the one before."""

    column: int
    value: int
    link: Link


@dataclass(frozen=True)
class EmotionLine:
    lanes: tuple[str, ...]  # whose line it is (persona ids, or ANYONE): several where their lines coincide
    steps: tuple[Step, ...]  # never empty


@dataclass(frozen=True)
class EmotionLines:
    lines: tuple[EmotionLine, ...]  # at most ``most``, in the order of each line's first lane
    not_drawn: int  # lanes with a line of their own past the last line drawn


# (column, value or None for "on the path, no emotion here")
_Event = tuple[int, int | None]


def emotion_lines(
    columns: Sequence[Touchpoint | None], lanes: Sequence[str], *, most: int, unreached: Mapping[str, frozenset[str]] | None = None,
) -> EmotionLines:
    """The lines of ``lanes`` over ``columns`` (None: a column without a touchpoint, such as an
    empty stage), lanes with identical lines grouped, cut to ``most`` lines before any is built.

    ``unreached`` gives, per lane, the touchpoints of its path its customer never gets to
    (:meth:`cjmap.model.lanes.Walks.unreached`): they are no point of that lane's line (Jorge,
    who leaves at the chatbot, has no feeling about the renewal email everyone else gets).
    Lanes without an emotion anywhere on the columns draw nothing and are not counted.
    """
    uniform, own = _events(columns, lanes)
    hidden = _hidden_columns(columns, unreached or {})
    valued = {column for column, value in uniform if value is not None}
    kept: list[tuple[tuple[str, ...], tuple[_Event, ...], frozenset[int]]] = []
    not_drawn = 0
    for (events, gone), group in _groups(own, hidden).items():
        if not _has_a_point(events, valued - gone):
            continue
        if len(kept) < most:
            kept.append((tuple(group), events, gone))
        else:
            not_drawn += len(group)
    lines = tuple(EmotionLine(group, _steps(uniform, events, columns, gone)) for group, events, gone in kept)
    return EmotionLines(lines, not_drawn)


def _hidden_columns(columns: Sequence[Touchpoint | None], unreached: Mapping[str, frozenset[str]]) -> dict[str, frozenset[int]]:
    """Per lane, the columns of the touchpoints its customer never gets to (only lanes with some)."""
    position = {tp.id: column for column, tp in enumerate(columns) if tp is not None}
    return {lane: frozenset(position[t] for t in ids if t in position) for lane, ids in unreached.items() if ids}


def _events(columns: Sequence[Touchpoint | None], lanes: Iterable[str]) -> tuple[list[_Event], dict[str, list[_Event]]]:
    """What the columns say for every lane at once (``uniform``: a touchpoint on every lane with
    a shared emotion is one event for all) and what they say about some lanes only (``own``)."""
    uniform: list[_Event] = []
    own: dict[str, list[_Event]] = {lane: [] for lane in lanes}
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
        # Every lane here is on the touchpoint, so its emotion is read directly: asking
        # Touchpoint.emotion_for would search its persona list once per persona (quadratic).
        emotion = tp.emotion
        for lane in lanes_here:
            if lane in own:
                own[lane].append((column, emotion.get(lane) if isinstance(emotion, dict) else emotion))
    return uniform, own


def _groups(own: dict[str, list[_Event]], hidden: Mapping[str, frozenset[int]]) -> dict[tuple[tuple[_Event, ...], frozenset[int]], list[str]]:
    """Lanes with the same own events and the same unreached columns draw the same line:
    grouped, in the order of their first lane. A lane's own events on columns it never reaches
    are dropped here."""
    groups: dict[tuple[tuple[_Event, ...], frozenset[int]], list[str]] = {}
    for lane, events in own.items():
        gone = hidden.get(lane, frozenset())
        kept = tuple(event for event in events if event[0] not in gone) if gone else tuple(events)
        groups.setdefault((kept, gone), []).append(lane)
    return groups


def _has_a_point(own: tuple[_Event, ...], valued: set[int]) -> bool:
    """Whether a lane's line has a point: an emotion of its own, or a shared one at a column its
    own events do not replace. Counted, not searched, so the work is the lane's own events."""
    if any(value is not None for _, value in own):
        return True
    return len(valued) > len(valued.intersection(column for column, _ in own))


def _steps(uniform: list[_Event], own: tuple[_Event, ...], columns: Sequence[Touchpoint | None], gone: frozenset[int]) -> tuple[Step, ...]:
    """One line's points: the uniform events and the lane's own, in column order (a lane's
    own event at a column replaces the uniform one there; columns it never reaches are left
    out), each joined to the one before as the customer walks: a line is never drawn across a
    step they do not take."""
    mine = {column for column, _ in own} | gone
    events = list(heapq.merge((event for event in uniform if event[0] not in mine), own))
    # The line joins two points where the customer steps from one to the other, as `next` is
    # read everywhere (lanes.steps_along), along the touchpoints of this line's path.
    steps_of = steps_along([tp for column, _ in events if (tp := columns[column]) is not None])
    steps: list[Step] = []
    link: Link = "line"
    before: Touchpoint | None = None
    for column, value in events:
        here = columns[column]
        if before is not None and here is not None and here.id not in steps_of[before.id]:
            link = "none"
        before = here
        if value is None:
            link = "gap" if link == "line" else link
        else:
            steps.append(Step(column, value, link))
            link = "line"
    return tuple(steps)
