"""The normalised journey: what a file means once defaults are filled and kinds resolved.

For scripts and other tools (``cjmap show --format json``): stage kinds and names, persona
names, touchpoint personas and ``next`` lists, KPI names and directions are all explicit.
"""

from __future__ import annotations

import datetime
from typing import Any

from cjmap.model import Journey
from cjmap.model.facts import personas_of
from cjmap.model.lanes import successors, walks
from cjmap.show.focus import Focus
from cjmap.text.labels import stage_name
from cjmap.text.safe import json_text


def normalised(journey: Journey, *, persona: str | None = None) -> dict[str, Any]:
    """The journey with every default filled in; ``next`` is where ``persona`` goes from each
    touchpoint on their path (lanes.successors), or, without one, every step some persona takes."""
    data = journey.model_dump(mode="json")
    language = journey.journey.language
    following = successors(journey, persona)
    # Each dumped list is the dump of the model's list beside it (no serializer filters one):
    # equal lengths, so strict.
    for dumped, person in zip(data["personas"], journey.personas, strict=True):
        dumped["name"] = person.label
    for stage, source in zip(data["stages"], journey.stages, strict=True):
        stage["name"] = stage_name(source, language)
        for touchpoint, tp in zip(stage["touchpoints"], source.touchpoints, strict=True):
            touchpoint["personas"] = personas_of(tp, journey)
            touchpoint["next"] = following.get(tp.id, [])  # off the persona's path: cut by narrowed()
        for kpi, item in zip(stage["kpis"], source.kpis, strict=True):
            kpi["name"] = item.name or item.id
            kpi["better"] = item.better_direction
            kpi["on_target"] = item.on_target
    return data


def narrowed(data: dict[str, Any], *, persona: str | None, stage: str | None, unreached: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The normalised journey cut down as ``show --persona/--stage`` cuts the text view: with a
    persona, the touchpoints of their path they get to (``unreached``: those they never do)."""
    if stage is not None:
        data["stages"] = [s for s in data["stages"] if stage in (s["id"], s["kind"])]
    if persona is not None:
        data["personas"] = [p for p in data["personas"] if p["id"] == persona]
        for item in data["stages"]:
            item["touchpoints"] = [_only(tp, persona) for tp in item["touchpoints"] if persona in tp["personas"] and tp["id"] not in unreached]
    return data


def _only(touchpoint: dict[str, Any], persona: str) -> dict[str, Any]:
    """A touchpoint as one persona lives it: no other persona is named in the narrowed JSON.

    A per-persona emotion map keeps that persona's entry; a map without one becomes null, as a
    touchpoint without an emotion is written. A shared emotion stays (it is theirs too).
    """
    touchpoint["personas"] = [persona]
    emotion = touchpoint["emotion"]
    if isinstance(emotion, dict):
        touchpoint["emotion"] = {persona: emotion[persona]} if persona in emotion else None
    return touchpoint


def as_json(journey: Journey, *, focus: Focus, today: datetime.date, width: int | None) -> str:  # today, width unused: one signature for every format
    """``show --format json``: the normalised journey, cut down to the focus."""
    unreached = walks(journey).unreached().get(focus.persona, frozenset()) if focus.persona is not None else frozenset()
    return json_text(narrowed(normalised(journey, persona=focus.persona), persona=focus.persona, stage=focus.stage, unreached=unreached))
