"""A journey from CSV rows: on its own, or merged into a base journey (``--base``).

With a base, everything the CSV does not hold (journey details, personas, KPIs, channels) comes
from the base, and the rows replace the touchpoints: so export, edit in a spreadsheet, import
with ``--base`` gives back the journey with the spreadsheet's edits.
"""

from __future__ import annotations

from typing import Any

from cjmap.interchange.csv_parse import MAX_CELL
from cjmap.interchange.csv_rows import read_rows, rows_to_stages
from cjmap.interchange.ids import IdMaker
from cjmap.interchange.origins import Imported, Origin
from cjmap.model import Journey
from cjmap.model.vocabulary import BUILTIN_CHANNELS


def journey_from_csv(text: str, *, base: Journey | None, title: str, language: str, journey_type: str) -> dict[str, Any]:
    return import_csv(text, base=base, title=title, language=language, journey_type=journey_type).data


def import_csv(
    text: str, *, base: Journey | None, title: str, language: str, journey_type: str, max_cell: int = MAX_CELL, scale: tuple[int, int] | None = None
) -> Imported:
    """The journey data, how many rows were read, and the row of each touchpoint.
    Raises CsvError (each problem at a row and column) when the rows cannot be read."""
    rows = read_rows(text, max_cell=max_cell)
    origins: dict[int, Origin] = {}
    stages = rows_to_stages(rows, origins=origins)
    data = _merge(base, stages) if base is not None else _new_journey(stages, title=title, language=language, journey_type=journey_type)
    if base is None and scale is not None:
        data["journey"]["emotion_scale"] = {"min": scale[0], "max": scale[1]}
    return Imported(data, f"{len(rows):,} row{'s' if len(rows) != 1 else ''}", origins)


def _new_journey(stages: list[dict[str, Any]], *, title: str, language: str, journey_type: str) -> dict[str, Any]:
    people = sorted({p for s in stages for tp in s["touchpoints"] for p in [*tp.get("personas", []), *_emotion_keys(tp)]})
    personas = [{"id": p, "name": p} for p in people] or [{"id": "customer" if language != "es" else "cliente"}]
    meta = {"id": IdMaker().make(title, "journey"), "title": title, "type": journey_type, "language": language}
    data: dict[str, Any] = {"cjmap": 1, "journey": meta, "personas": personas}
    # Channels the built-in vocabulary does not know are declared, so the journey validates.
    custom = sorted({tp["channel"] for s in stages for tp in s["touchpoints"] if tp.get("channel") and tp["channel"] not in BUILTIN_CHANNELS})
    if custom:
        data["channels"] = [{"id": channel, "name": channel} for channel in custom]
    data["stages"] = stages
    return data


def _emotion_keys(touchpoint: dict[str, Any]) -> list[str]:
    emotion = touchpoint.get("emotion")
    return list(emotion) if isinstance(emotion, dict) else []


def _merge(base: Journey, stages: list[dict[str, Any]]) -> dict[str, Any]:
    data = base.model_dump(mode="json", exclude_unset=True)
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
