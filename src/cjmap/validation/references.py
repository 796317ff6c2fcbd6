"""Checks the schema cannot express: unique ids and references that resolve.

FORMAT.md, "What validation means": persona ids on touchpoints and in per-persona emotions,
``next`` targets, ``addresses`` pain-point ids, channel ids, a KPI's ``measure.from`` and
``measure.to`` touchpoints, emotions inside the scale; and an
emotion only for a persona who takes part in the touchpoint.

The checks read the file's plain data, wherever the schema accepted the part they look at
(:mod:`cjmap.validation.parts`), so a file gets its schema and reference problems in one round.
Each finding is addressed by document path; positions come from the source map.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from cjmap.loader import DocPath, format_path
from cjmap.model import FORMAT_VERSION, EmotionScale
from cjmap.model.vocabulary import BUILTIN_CHANNELS
from cjmap.text.names import named_few
from cjmap.text.suggest import Suggester
from cjmap.validation.issues import PathIssue
from cjmap.validation.parts import ID_KINDS, Ids, Readable, as_text, collect_ids, kpis, texts, touchpoints

SCALE_PATH: DocPath = ("journey", "emotion_scale")
# A touchpoint's personas named in a message, at most: the rest are counted.
NAMED_PERSONAS = 5


def reference_issues(data: dict[Any, Any], failed: Iterable[DocPath] = ()) -> list[PathIssue]:
    """The id and reference problems of a journey's plain data; ``failed`` are the paths of its
    schema problems, whose parts are not read (each is reported once, by the schema)."""
    readable = Readable(failed)
    if _another_version(data, readable):
        return []  # what its ids and references mean is that version's business
    ids = collect_ids(data, readable)
    scale = _emotion_scale(data, readable)
    checks = _Checks(readable, ids, scale, Suggester())
    issues = [issue for kind in ID_KINDS for issue in _duplicates(kind, ids[kind])]
    if scale is not None:
        issues.extend(_scale_labels(scale))
    for path, touchpoint in touchpoints(data):
        issues.extend(checks.touchpoint(touchpoint, path))
    for path, kpi in kpis(data):
        issues.extend(checks.kpi_measure(kpi, path))
    return issues


def _another_version(data: dict[Any, Any], readable: Readable) -> bool:
    """Whether the file says it is written in a format version this cjmap does not read
    (``cjmap: 2``); a version left out or quoted (``"1"``) is taken for version 1."""
    if "cjmap" not in data or readable(("cjmap",)):
        return False
    version = as_text(data["cjmap"])
    return version is None or version.strip() != str(FORMAT_VERSION)


def _emotion_scale(data: dict[Any, Any], readable: Readable) -> EmotionScale | None:
    """The journey's scale, or None when it could not be read (no emotion is judged against it)."""
    from pydantic import ValidationError

    meta = data.get("journey")
    if not isinstance(meta, dict) or not readable(SCALE_PATH):
        return None
    try:
        return EmotionScale.model_validate(meta.get("emotion_scale", {}))
    except ValidationError:  # pragma: no cover - a readable scale passed the schema already
        return None


def _scale_labels(scale: EmotionScale) -> Iterator[PathIssue]:
    for value in scale.labels:
        if not scale.min <= value <= scale.max:
            yield PathIssue(
                "CJ023",
                f"the label for {value} is outside the scale {scale.min}..{scale.max}; label values inside the scale",
                (*SCALE_PATH, "labels", value),
                True,
            )


def _duplicates(kind: str, ids: Ids) -> Iterator[PathIssue]:
    first_path: dict[str, DocPath] = {}
    for path, item_id in ids.found:
        if item_id in first_path:
            yield PathIssue(
                "CJ030",
                f"the {kind} id `{item_id}` is already used (at {format_path(first_path[item_id])}); "
                f"give each {kind} its own id",
                path,
            )
        else:
            first_path[item_id] = path


class _Checks:
    """The references of one touchpoint, against the journey's ids (None: some unreadable)."""

    def __init__(self, readable: Readable, ids: dict[str, Ids], scale: EmotionScale | None, suggest: Suggester) -> None:
        self.readable, self.scale, self.suggest = readable, scale, suggest
        self.personas = ids["persona"].known()
        self.touchpoints = ids["touchpoint"].known()
        self.pain_points = ids["pain point"].known()
        declared = ids["channel"].known()
        self.channels = None if declared is None else set(BUILTIN_CHANNELS) | declared

    def touchpoint(self, touchpoint: dict[Any, Any], path: DocPath) -> Iterator[PathIssue]:
        yield from self._channel(touchpoint, path)
        for where, persona in texts(touchpoint, path, "personas", self.readable):
            yield from self._resolve("persona", persona, self.personas, where)
        for where, target in texts(touchpoint, path, "next", self.readable):
            yield from self._resolve("touchpoint", target, self.touchpoints, where)
        opportunities = touchpoint.get("opportunities")
        for o, opportunity in enumerate(opportunities if isinstance(opportunities, list) else ()):
            if isinstance(opportunity, dict):
                for where, pain_id in texts(opportunity, (*path, "opportunities", o), "addresses", self.readable):
                    yield from self._resolve("pain point", pain_id, self.pain_points, where)
        yield from self._emotions(touchpoint, path)

    def kpi_measure(self, kpi: dict[Any, Any], path: DocPath) -> Iterator[PathIssue]:
        """A KPI's `measure: {from, to}` names touchpoints of the journey."""
        measure = kpi.get("measure")
        if not isinstance(measure, dict):
            return
        for key in ("from", "to"):
            where = (*path, "measure", key)
            target = as_text(measure[key]) if measure.get(key) is not None else None
            if target is not None and self.readable(where):
                yield from self._resolve("touchpoint", target, self.touchpoints, where)

    def _channel(self, touchpoint: dict[Any, Any], path: DocPath) -> Iterator[PathIssue]:
        where = (*path, "channel")
        channel = as_text(touchpoint.get("channel"))
        if channel is None or self.channels is None or channel in self.channels or not self.readable(where):
            return
        yield PathIssue(
            "CJ031",
            f"unknown channel `{channel}`{self.suggest(channel, self.channels)}; "
            "use a built-in channel or declare it under `channels:`",
            where,
        )

    def _resolve(self, kind: str, value: str, known: set[str] | None, where: DocPath) -> Iterator[PathIssue]:
        if known is not None and value not in known:
            yield self._unknown(kind, value, known, where)

    def _unknown(self, kind: str, value: str, known: set[str], where: DocPath) -> PathIssue:
        return PathIssue("CJ031", f"no {kind} has the id `{value}`{self.suggest(value, known)}", where)

    def _emotions(self, touchpoint: dict[Any, Any], path: DocPath) -> Iterator[PathIssue]:
        emotion = touchpoint.get("emotion")
        if emotion is None or not self.readable((*path, "emotion")):
            return
        if not isinstance(emotion, dict):
            yield from self._in_scale(emotion, None, (*path, "emotion"))
            return
        taking_part = self._taking_part(touchpoint, path)
        # A set to ask, the list (in the file's order) to name them: a touchpoint may list
        # thousands of personas with an emotion each (40,000 took 7.6 s asking the list).
        members = frozenset(taking_part or ())
        for persona, score in emotion.items():
            where = (*path, "emotion", persona)
            if self.personas is not None and persona not in self.personas:
                yield self._unknown("persona", persona, self.personas, where)._replace(at_key=True)
            elif taking_part is not None and persona not in members:
                yield _not_taking_part(persona, taking_part, where)
            yield from self._in_scale(score, persona, where)

    def _taking_part(self, touchpoint: dict[Any, Any], path: DocPath) -> list[str] | None:
        """The touchpoint's personas as written; None for every persona, and when the list could
        not be read or names an unknown persona (fixing that may put the emotion's persona on it)."""
        listed = touchpoint.get("personas")
        if not isinstance(listed, list) or not self.readable((*path, "personas")):
            return None
        taking_part = [persona for _, persona in texts(touchpoint, path, "personas", self.readable)]
        if self.personas is None or not self.personas.issuperset(taking_part):
            return None
        return taking_part

    def _in_scale(self, score: int, persona: str | None, where: DocPath) -> Iterator[PathIssue]:
        scale = self.scale
        if scale is None or scale.min <= score <= scale.max:
            return
        whose = f" of `{persona}`" if persona is not None else ""
        yield PathIssue(
            "CJ032",
            f"the emotion{whose} is {score}, outside the journey's scale {scale.min}..{scale.max}; "
            "use a value in the scale or widen `journey.emotion_scale`",
            where,
        )


def _not_taking_part(persona: str, taking_part: list[str], where: DocPath) -> PathIssue:
    shown = named_few(taking_part, NAMED_PERSONAS) or "[]"
    return PathIssue(
        "CJ033",
        f"`{persona}` is not on this touchpoint (personas: {shown}): add them to `personas` or remove the emotion",
        where,
        True,
    )
