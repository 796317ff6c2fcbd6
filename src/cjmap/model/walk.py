"""Document paths to the parts of a journey, for validation and lint findings alike."""

from __future__ import annotations

from collections.abc import Iterator

from cjmap.loader.sourcemap import DocPath as Path
from cjmap.model.journey import Journey, PainPoint, Stage, Touchpoint


def stages(journey: Journey) -> Iterator[tuple[Path, Stage]]:
    for index, stage in enumerate(journey.stages):
        yield ("stages", index), stage


def touchpoints(journey: Journey) -> Iterator[tuple[Path, Touchpoint]]:
    for stage_path, stage in stages(journey):
        for index, touchpoint in enumerate(stage.touchpoints):
            yield (*stage_path, "touchpoints", index), touchpoint


def pain_points(journey: Journey) -> Iterator[tuple[Path, Touchpoint, PainPoint]]:
    for path, touchpoint in touchpoints(journey):
        for index, pain in enumerate(touchpoint.pain_points):
            yield (*path, "pain_points", index), touchpoint, pain


def quoted(text: str, limit: int = 50) -> str:
    return f"“{text}”" if len(text) <= limit else f"“{text[: limit - 1]}…”"
