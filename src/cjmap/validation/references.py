"""Checks the schema cannot express: unique ids and references that resolve.

FORMAT.md, "What validation means": persona ids on touchpoints and in per-persona emotions,
``next`` targets, ``addresses`` pain-point ids, channel ids, emotions inside the scale.
Each finding is addressed by document path; positions come from the source map.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from cjmap.loader import DocPath, format_path
from cjmap.model import Journey, Touchpoint, walk
from cjmap.model.vocabulary import BUILTIN_CHANNELS
from cjmap.text.suggest import Suggester
from cjmap.validation.issues import PathIssue


def reference_issues(journey: Journey) -> list[PathIssue]:
    suggest = Suggester()
    return [*_duplicate_ids(journey), *_scale_labels(journey), *_touchpoint_references(journey, suggest)]


def _scale_labels(journey: Journey) -> Iterator[PathIssue]:
    scale = journey.journey.emotion_scale
    for value in scale.labels:
        if not scale.min <= value <= scale.max:
            yield PathIssue(
                "CJ023",
                f"the label for {value} is outside the scale {scale.min}..{scale.max}; label values inside the scale",
                ("journey", "emotion_scale", "labels", value),
                True,
            )


def _duplicate_ids(journey: Journey) -> Iterator[PathIssue]:
    yield from _unique("persona", ((("personas", i, "id"), p.id) for i, p in enumerate(journey.personas)))
    yield from _unique("channel", ((("channels", i, "id"), c.id) for i, c in enumerate(journey.channels)))
    yield from _unique("stage", ((("stages", i, "id"), s.id) for i, s in enumerate(journey.stages)))
    yield from _unique("touchpoint", (((*path, "id"), tp.id) for path, tp in walk.touchpoints(journey)))
    yield from _unique("pain point", _pain_point_ids(journey))
    yield from _unique("opportunity", _opportunity_ids(journey))
    yield from _unique(
        "KPI",
        ((("stages", s, "kpis", k, "id"), kpi.id) for s, stage in enumerate(journey.stages)
         for k, kpi in enumerate(stage.kpis)),
    )


def _unique(kind: str, items: Iterable[tuple[DocPath, str]]) -> Iterator[PathIssue]:
    first_path: dict[str, DocPath] = {}
    for path, item_id in items:
        if item_id in first_path:
            yield PathIssue(
                "CJ030",
                f"the {kind} id `{item_id}` is already used (at {format_path(first_path[item_id])}); "
                f"give each {kind} its own id",
                path,
            )
        else:
            first_path[item_id] = path


def _touchpoint_references(journey: Journey, suggest: Suggester) -> Iterator[PathIssue]:
    personas = set(journey.persona_ids)
    touchpoints = {tp.id for _, tp in walk.touchpoints(journey)}
    pain_points = {pain_id for _, pain_id in _pain_point_ids(journey)}
    channels = set(BUILTIN_CHANNELS) | {channel.id for channel in journey.channels}
    scale = journey.journey.emotion_scale
    for path, touchpoint in walk.touchpoints(journey):
        if touchpoint.channel is not None and touchpoint.channel not in channels:
            yield PathIssue(
                "CJ031",
                f"unknown channel `{touchpoint.channel}`{suggest(touchpoint.channel, channels)}; "
                "use a built-in channel or declare it under `channels:`",
                (*path, "channel"),
            )
        for index, persona in enumerate(touchpoint.personas or ()):
            if persona not in personas:
                yield _unknown("persona", persona, personas, (*path, "personas", index), suggest)
        for index, target in enumerate(touchpoint.next or ()):
            if target not in touchpoints:
                yield _unknown("touchpoint", target, touchpoints, (*path, "next", index), suggest)
        for o, opportunity in enumerate(touchpoint.opportunities):
            for a, pain_id in enumerate(opportunity.addresses):
                if pain_id not in pain_points:
                    yield _unknown("pain point", pain_id, pain_points, (*path, "opportunities", o, "addresses", a), suggest)
        yield from _emotion_issues(touchpoint, path, personas, scale.min, scale.max, suggest)


def _emotion_issues(
    touchpoint: Touchpoint, path: DocPath, personas: set[str], low: int, high: int, suggest: Suggester
) -> Iterator[PathIssue]:
    emotion = touchpoint.emotion
    if emotion is None:
        return
    scores = emotion.items() if isinstance(emotion, dict) else [(None, emotion)]
    for persona, score in scores:
        where = (*path, "emotion") if persona is None else (*path, "emotion", persona)
        if persona is not None and persona not in personas:
            yield _unknown("persona", persona, personas, where, suggest)._replace(at_key=True)
        if not low <= score <= high:
            whose = f" of `{persona}`" if persona is not None else ""
            yield PathIssue(
                "CJ032",
                f"the emotion{whose} is {score}, outside the journey's scale {low}..{high}; "
                "use a value in the scale or widen `journey.emotion_scale`",
                where,
            )


def _unknown(kind: str, value: str, known: set[str], path: DocPath, suggest: Suggester) -> PathIssue:
    hint = suggest(value, known)
    return PathIssue("CJ031", f"no {kind} has the id `{value}`{hint}", path)


def _pain_point_ids(journey: Journey) -> Iterator[tuple[DocPath, str]]:
    for path, touchpoint in walk.touchpoints(journey):
        for index, pain in enumerate(touchpoint.pain_points):
            if pain.id is not None:
                yield (*path, "pain_points", index, "id"), pain.id


def _opportunity_ids(journey: Journey) -> Iterator[tuple[DocPath, str]]:
    for path, touchpoint in walk.touchpoints(journey):
        for index, opportunity in enumerate(touchpoint.opportunities):
            if opportunity.id is not None:
                yield (*path, "opportunities", index, "id"), opportunity.id

