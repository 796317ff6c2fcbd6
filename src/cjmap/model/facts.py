"""Facts about a journey that FORMAT.md defines and several features need: where a customer
goes next, who takes part in a touchpoint, which pains are addressed, persona short names,
when a review is stale.

Plain functions over the model, so each fact is computed one way everywhere (lint rules,
render, show, stats, diff).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from cjmap.model import Journey, Kpi, PainPoint, Stage, Touchpoint

# A journey not reviewed for longer than this is stale: lint's CJ101 default, `show`, `stats`.
REVIEW_MAX_AGE_DAYS = 90


def successors(journey: Journey) -> dict[str, list[str]]:
    """Where a customer may go from each touchpoint: its ``next``, or else the following one
    (none after the last); ``next: []`` ends the journey there."""
    ordered = [touchpoint for _, touchpoint in journey.touchpoints()]
    following = {a.id: [b.id] for a, b in pairwise(ordered)}
    return {tp.id: tp.next if tp.next is not None else following.get(tp.id, []) for tp in ordered}


def personas_of(touchpoint: Touchpoint, journey: Journey) -> list[str]:
    """Who takes part in a touchpoint: its ``personas``, or every persona when it has none."""
    return touchpoint.personas if touchpoint.personas is not None else journey.persona_ids


def short_name(name: str) -> str:
    """Persona names are often "Ana, the busy lawyer": the part before the comma is enough."""
    return name.split(",", 1)[0].strip()


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
