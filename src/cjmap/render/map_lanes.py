"""The rows of the HTML map, in reading order, without the ones that are empty across the journey.

docs/render.md promises that empty lanes are left out: a journey without emotions has no
emotion lane (and no empty curve), one without goals no goal row, one without KPIs no KPI row.
A service blueprint reads: evidence, the customer's actions, thoughts and feelings; the line of
interaction, front stage, the line of visibility, back stage, the line of internal interaction,
support processes; then pains and opportunities (the KPI row, per stage, closes the table). A line separates what lies above it from
what lies below, so it is drawn only when both sides hold a lane (issue 15: lines around lanes
that were all left out separated nothing).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from cjmap.render.view_types import Lane, StageView, TouchpointView

# Each blueprint line, with the lane it heads.
BLUEPRINT_LINES = (("line_interaction", "frontstage"), ("line_visibility", "backstage"), ("line_internal", "support"))


def map_lanes(stages: Sequence[StageView], text: Mapping[str, str], *, blueprint: bool) -> tuple[Lane, ...]:
    """The lanes of the map's body between the touchpoint details and the KPIs."""
    touchpoints = [tp for stage in stages for tp in stage.touchpoints]

    def items(attribute: str) -> list[Lane]:
        return [Lane("list", attribute, text[attribute], attribute)] if _filled(touchpoints, attribute) else []

    lanes = [*(items("evidence") if blueprint else []), *items("actions"), *items("thoughts")]
    if _filled(touchpoints, "emotions"):
        lanes.append(Lane("emotion", "", text["emotion"], "emotion"))
    if blueprint:
        lanes += _blueprint_lanes(above=bool(lanes), zones=[(line, items(attribute)) for line, attribute in BLUEPRINT_LINES], text=text)
    if _filled(touchpoints, "pains"):
        lanes.append(Lane("pains", "pains", text["pain_points"], "pains"))
    if _filled(touchpoints, "opportunities"):
        lanes.append(Lane("opportunities", "opportunities", text["opportunities"], "opportunities"))
    return tuple(lanes)


def has_goals(stages: Sequence[StageView]) -> bool:
    """Whether the goal row has anything to say: a stage's goal, its description (under the
    goal), or its name in full where a printed header cuts it."""
    return any(stage.goal or stage.description or stage.long_name for stage in stages)


def has_kpis(stages: Sequence[StageView]) -> bool:
    return any(stage.kpis for stage in stages)


def _blueprint_lanes(*, above: bool, zones: list[tuple[str, list[Lane]]], text: Mapping[str, str]) -> list[Lane]:
    """The three lines and the lanes they head; a line only between lanes on both sides, so
    lines around left-out lanes stay (the line of visibility still tells front from back stage)
    but a line with nothing below it, or above it, is left out too."""
    lanes: list[Lane] = []
    for index, (line, headed) in enumerate(zones):
        below = any(zone for _, zone in zones[index:])
        if above and below:
            lanes.append(Lane("line", "", text[line], line.replace("_", "-")))
        lanes += headed
        above = above or bool(headed)
    return lanes


def _filled(touchpoints: Sequence[TouchpointView], attribute: str) -> bool:
    return any(getattr(tp, attribute) for tp in touchpoints)
