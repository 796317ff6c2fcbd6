"""A journey from CSV rows: on its own, or merged into a base journey (``--base``).

With a base, everything the CSV does not hold (journey details, personas, KPIs, channels) comes
from the base, and the rows replace the touchpoints: so export, edit in a spreadsheet, import
with ``--base`` gives back the journey with the spreadsheet's edits.

Scores are kept as written, on the journey's scale: the base's, the one given with
``--score-scale``, or -2..2. A score outside it is an error at its cell; without a scale given,
the message names the ``--score-scale`` that would hold every score of the file.
"""

from __future__ import annotations

from typing import Any

from cjmap.interchange.csv_io import COLUMNS
from cjmap.interchange.csv_parse import MAX_CELL, CsvError
from cjmap.interchange.csv_people import People
from cjmap.interchange.csv_rows import Row, read_rows, rows_to_stages, touchpoint_column
from cjmap.interchange.ids import IdMaker
from cjmap.interchange.located import Located, LocatedError
from cjmap.interchange.origins import Imported, Origin
from cjmap.interchange.scales import fitting as _fitting
from cjmap.model import Journey, Touchpoint
from cjmap.model.vocabulary import BUILTIN_CHANNELS

DEFAULT_SCALE = (-2, 2)


class ScaleMismatch(LocatedError):
    """``--score-scale`` differs from the base journey's scale: a usage error (exit 2), since
    the base's ``journey.emotion_scale`` is what the merged journey keeps."""

    def __init__(self, message: str) -> None:
        super().__init__([Located(0, 0, message)])
        self.message = message

    def __str__(self) -> str:
        return self.message


def import_csv(
    text: str, *, base: Journey | None, title: str, language: str, journey_type: str, max_cell: int = MAX_CELL, scale: tuple[int, int] | None = None
) -> Imported:
    """The journey data, how many rows were read, and the row of each touchpoint.
    Raises CsvError (each problem at a row and column) when the rows cannot be read, and
    ScaleMismatch when ``scale`` is not the base's."""
    if base is not None and scale is not None and scale != (base.journey.emotion_scale.min, base.journey.emotion_scale.max):
        theirs = base.journey.emotion_scale
        raise ScaleMismatch(
            f"--score-scale {scale[0]}..{scale[1]} is not the base journey's scale, {theirs.min}..{theirs.max}: with --base the scores are on "
            "the base's `journey.emotion_scale`; leave --score-scale out, or change the base's scale first"
        )
    rows = read_rows(text, max_cell=max_cell)
    origins: dict[int, Row] = {}
    problems: list[Located] = []
    stages = rows_to_stages(rows, origins=origins, problems=problems)
    people = People(base)
    problems += people.resolve(stages, origins)
    problems += _out_of_scale(stages, origins, base=base, scale=scale)
    if base is not None:
        data = _merge(base, stages)
    else:
        data = _new_journey(stages, people, title=title, language=language, journey_type=journey_type)
        if scale is not None:
            data["journey"]["emotion_scale"] = {"min": scale[0], "max": scale[1]}
    placed: dict[int, Origin] = dict(origins)
    imported = Imported(data, f"{len(rows):,} row{'s' if len(rows) != 1 else ''}", placed, people.places(), unit="row")
    if problems:
        raise CsvError(problems + _also_invalid(imported, problems))
    return imported


def _also_invalid(imported: Imported, found: list[Located]) -> list[Located]:
    """What validating the rows that could be read finds besides ``found``: one bad cell does
    not hide a repeated id or an unknown ``next`` further down. Only problems at a place of the
    file, and none at a cell already reported (a score outside the scale is found twice)."""
    from cjmap.interchange.yaml_out import journey_yaml
    from cjmap.validation import validate_text

    reported = {(problem.line, problem.column) for problem in found}
    located = [imported.locate(problem) for problem in validate_text(journey_yaml(imported.data)).problems]
    return [problem for problem in located if problem.line and (problem.line, problem.column) not in reported]


def _out_of_scale(stages: list[dict[str, Any]], origins: dict[int, Row], *, base: Journey | None, scale: tuple[int, int] | None) -> list[Located]:
    """Every score outside the scale, at its cell, saying which scale and the way out."""
    if base is not None:
        low, high = base.journey.emotion_scale.min, base.journey.emotion_scale.max
        named, way_out = f"the base journey's scale {low}..{high}", "use a score in the scale, or widen the base's `journey.emotion_scale`"
    else:
        low, high = scale or DEFAULT_SCALE
        named = f"the scale {low}..{high} given with --score-scale" if scale else f"the default scale {low}..{high}"
        way_out = ""
    scored = [(origins[id(tp)], persona, score) for stage in stages for tp in stage["touchpoints"] for persona, score in _scores(tp)]
    outside = [(row, persona, score) for row, persona, score in scored if not low <= score <= high]
    if not outside:
        return []
    if base is None:
        way_out = _fitting(min(score for _, _, score in scored), max(score for _, _, score in scored))
    return [
        row.problem(f"the score{f' of `{persona}`' if persona else ''} is {score}, outside {named}; {way_out}", "emotion", code="CJ032")
        for row, persona, score in outside
    ]


def _scores(tp: dict[str, Any]) -> list[tuple[str, int]]:
    emotion = tp.get("emotion")
    if isinstance(emotion, dict):
        return list(emotion.items())
    return [("", emotion)] if isinstance(emotion, int) else []


def _new_journey(stages: list[dict[str, Any]], people: People, *, title: str, language: str, journey_type: str) -> dict[str, Any]:
    personas = people.personas() or [{"id": "customer" if language != "es" else "cliente"}]
    meta = {"id": IdMaker().make(title, "journey"), "title": title, "type": journey_type, "language": language}
    data: dict[str, Any] = {"cjmap": 1, "journey": meta, "personas": personas}
    # Channels the built-in vocabulary does not know are declared, so the journey validates.
    custom = sorted({tp["channel"] for s in stages for tp in s["touchpoints"] if tp.get("channel") and tp["channel"] not in BUILTIN_CHANNELS})
    if custom:
        data["channels"] = [{"id": channel, "name": channel} for channel in custom]
    data["stages"] = stages
    return data


# Touchpoint keys no CSV column holds (today `events` and `fails`, what `cjmap measure` reads): a
# row for a touchpoint of the base keeps the base's, so a round trip loses none, and a key the
# format gains later is kept without a change here.
_BASE_ONLY_KEYS = tuple(field for field in Touchpoint.model_fields if touchpoint_column(field) not in COLUMNS)


def _merge(base: Journey, stages: list[dict[str, Any]]) -> dict[str, Any]:
    data = base.model_dump(mode="json", exclude_unset=True)
    base_touchpoints = {tp["id"]: tp for stage in data["stages"] for tp in stage.get("touchpoints", [])}
    for stage in stages:
        for touchpoint in stage["touchpoints"]:
            kept = base_touchpoints.get(touchpoint.get("id"), {})
            touchpoint.update({key: kept[key] for key in _BASE_ONLY_KEYS if key in kept and key not in touchpoint})
    by_id = {stage["id"]: stage for stage in stages}
    merged = []
    for original, model in zip(data["stages"], base.stages, strict=True):  # the dump of that very list
        row_stage = by_id.pop(model.id, None)
        original["touchpoints"] = row_stage["touchpoints"] if row_stage else []
        if row_stage:
            # A stage's name, goal or kind edited in the spreadsheet (the same on all its rows).
            for key, current in (("name", model.name), ("goal", model.goal), ("kind", model.kind)):
                if key in row_stage and row_stage[key] != current:
                    original[key] = row_stage[key]
        merged.append(original)
    data["stages"] = merged + list(by_id.values())
    return data
