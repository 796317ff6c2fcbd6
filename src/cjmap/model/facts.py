"""Facts about a journey that FORMAT.md defines and several features need: who takes part in
a touchpoint, which pains are addressed, persona short names, when a review is stale, where an
emotion sits on the scale. Where customers go next is :mod:`cjmap.model.lanes`.

Plain functions over the model, so each fact is computed one way everywhere (lint rules,
render, show, stats, diff).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from cjmap.model import Journey, Kpi, PainPoint, Stage, Touchpoint
from cjmap.model.lanes import lanes_of

# A journey not reviewed for longer than this is stale: lint's CJ101 default, `show`, `stats`.
REVIEW_MAX_AGE_DAYS = 90


def personas_of(touchpoint: Touchpoint, journey: Journey) -> list[str]:
    """Who takes part in a touchpoint: its ``personas``, or every persona when it has none."""
    return touchpoint.personas if touchpoint.personas is not None else journey.persona_ids


# A short name labels a line, a legend entry and each emotion of the persona: a 10,000-character
# name repeated at every point made a 405 MB page.
SHORT_NAME_CHARS = 40


def short_name(name: str) -> str:
    """Persona names are often "Ana, the busy lawyer": the part before the comma is enough,
    and at most SHORT_NAME_CHARS of it (cut with an ellipsis)."""
    short = name.split(",", 1)[0].strip()
    return short if len(short) <= SHORT_NAME_CHARS else short[: SHORT_NAME_CHARS - 1].rstrip() + "…"


def short_names(journey: Journey) -> dict[str, str]:
    """Each persona's short name by id, as maps and tables label lines and emotions."""
    return {persona.id: short_name(persona.label) for persona in journey.personas}


def addressed_pain_ids(journey: Journey) -> set[str]:
    return {pain for _, tp in journey.touchpoints() for opportunity in tp.opportunities for pain in opportunity.addresses}


def is_addressed(pain: PainPoint, touchpoint: Touchpoint, addressed: set[str]) -> bool:
    """A pain point with an id needs an opportunity that lists it; one without an id counts as
    addressed by an opportunity without ``addresses`` on the same touchpoint."""
    if pain.id is not None:
        return pain.id in addressed
    return any(not opportunity.addresses for opportunity in touchpoint.opportunities)


def unaddressed_pain_points(journey: Journey) -> Iterator[tuple[Stage, Touchpoint, int, PainPoint]]:
    """Pain points no opportunity addresses, with their stage, touchpoint and index."""
    addressed = addressed_pain_ids(journey)
    for stage, touchpoint in journey.touchpoints():
        for index, pain in enumerate(touchpoint.pain_points):
            if not is_addressed(pain, touchpoint, addressed):
                yield stage, touchpoint, index, pain


def kpis_off_target(journey: Journey) -> Iterator[tuple[Stage, Kpi]]:
    for stage in journey.stages:
        for kpi in stage.kpis:
            if kpi.on_target is False:
                yield stage, kpi


def review_age(journey: Journey, today: datetime.date) -> int | None:
    """Days since the last review; None when never reviewed."""
    reviewed = journey.journey.reviewed
    return None if reviewed is None else (today - reviewed).days


@dataclass(frozen=True)
class Moment:
    """One persona's emotion at one touchpoint, placed on the journey's scale (0 worst, 1 best)."""

    stage: Stage
    touchpoint: Touchpoint
    # Whose emotion it is: persona ids; ``(ANYONE,)`` for ``personas: []`` (the customers of no
    # persona); empty for a touchpoint that names no personas (everyone's).
    personas: tuple[str, ...]
    value: int
    share: float


def emotion_moments(journey: Journey) -> Iterator[Moment]:
    scale = journey.journey.emotion_scale
    span = scale.max - scale.min
    for stage, touchpoint in journey.touchpoints():
        emotion = touchpoint.emotion
        if emotion is None:
            continue
        if isinstance(emotion, dict):
            for persona, value in emotion.items():
                yield Moment(stage, touchpoint, (persona,), value, (value - scale.min) / span)
        else:
            # A shared emotion belongs to the touchpoint's lanes: its personas, the customers of
            # no persona for `personas: []`, everyone when it names none.
            who = lanes_of(touchpoint) or ()
            yield Moment(stage, touchpoint, who, emotion, (emotion - scale.min) / span)


def scale_ticks(low: int, high: int, most: int = 7) -> list[int]:
    """A handful of values to label on an axis from ``low`` to ``high``: every value on small
    scales (-2..2, 1..7), round steps on wide ones (0, 20 … 100), both ends always.

    Curves are drawn at a fixed height, so what grows with the span is only the spacing.
    """
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        first = -(-low // step) * step  # the first multiple of step at or above low
        if (high - first) // step + 1 <= most:  # counted, not listed: nothing grows with the span
            break
    ticks = range(first, high + 1, step)
    # Both ends are labelled; a round tick too close to an end would print over its label.
    inner = [t for t in ticks if low + step / 2 < t < high - step / 2]
    return [low, *inner, high]
