"""Facts about a journey that several commands need: lint rules, `show` and `stats`.

Plain functions over the model, so each fact is computed one way everywhere.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from cjmap.model import Journey, Kpi, PainPoint, Stage, Touchpoint


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
    personas: tuple[str, ...]  # whose emotion it is; empty: everyone's
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
            # A shared emotion belongs to the touchpoint's personas (everyone when it has none).
            who = tuple(touchpoint.personas) if touchpoint.personas is not None else ()
            yield Moment(stage, touchpoint, who, emotion, (emotion - scale.min) / span)


def involves(touchpoint: Touchpoint, persona: str) -> bool:
    """Whether the persona takes part in the touchpoint (no ``personas`` list: everyone does)."""
    return touchpoint.personas is None or persona in touchpoint.personas
