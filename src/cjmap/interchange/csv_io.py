"""Journeys to and from CSV: one row per touchpoint, the columns teams keep in spreadsheets.

Cells hold lists one item per line; personas and ``next`` are comma-separated ids; a
per-persona emotion is ``ana: 1, luis: -1``; a pain point or opportunity written as an object
carries its fields in a trailing ``[id=…, severity=…]``. ``next`` is empty for "the following
touchpoint" and ``-`` for "the journey may end here".

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula (CSV
injection, https://owasp.org/www-community/attacks/CSV_Injection). Export prefixes such cells
with ``'``, unless they are plain numbers; import removes that prefix again.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from cjmap.model import Journey, Opportunity, PainPoint, Touchpoint
from cjmap.model.vocabulary import normalise_word

COLUMNS = (
    "stage_id", "stage_name", "stage_kind", "stage_goal", "touchpoint_id", "touchpoint", "description", "channel",
    "personas", "initiator", "owner", "emotion", "actions", "thoughts", "pain_points", "opportunities", "next",
    "frontstage", "backstage", "support", "evidence",
)
LISTS = ("actions", "thoughts", "frontstage", "backstage", "support", "evidence")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A cell that already starts with ' is escaped too, so import can always remove exactly one.
_ESCAPED_START = (*_FORMULA_START, "'")
_NUMBER = re.compile(r"^[-+]?\d+(\.\d+)?$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_FIELDS = re.compile(r"^(?P<text>.*) \[(?P<fields>(?:[a-z_]+=[^\]]*))\]$", re.DOTALL)


class CsvError(ValueError):
    def __init__(self, problems: list[tuple[int, str]]) -> None:
        super().__init__("; ".join(f"row {row}: {message}" for row, message in problems))
        self.problems = problems


# -- export ---------------------------------------------------------------------------------


def export_csv(journey: Journey) -> str:
    """The rows as text, starting with a UTF-8 byte-order mark so that Excel reads accents."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for stage, tp in journey.touchpoints():
        row = {
            "stage_id": stage.id, "stage_name": stage.name or "", "stage_kind": stage.kind or "", "stage_goal": stage.goal or "",
            "touchpoint_id": tp.id, "touchpoint": tp.name, "description": tp.description or "", "channel": tp.channel or "",
            "personas": ", ".join(tp.personas) if tp.personas is not None else "", "initiator": tp.initiator or "",
            "owner": tp.owner or "", "emotion": _emotion_cell(tp),
            "pain_points": "\n".join(_one_line(_pain_cell(p)) for p in tp.pain_points),
            "opportunities": "\n".join(_one_line(_opportunity_cell(o)) for o in tp.opportunities),
            "next": "-" if tp.next == [] else ", ".join(tp.next or []),
            **{name: "\n".join(_one_line(item) for item in getattr(tp, name)) for name in LISTS},
        }
        writer.writerow([neutralise(row[column]) for column in COLUMNS])
    return out.getvalue()


def _one_line(item: str) -> str:
    """An item is one line of its cell: line breaks inside an item become spaces."""
    return " ".join(item.splitlines())


def neutralise(cell: str) -> str:
    """A cell a spreadsheet would run as a formula gets a leading ``'`` (numbers stay numbers);
    so does a cell that starts with ``'`` itself, so that :func:`restore` is exact."""
    if cell.startswith(_ESCAPED_START) and not _NUMBER.match(cell):
        return "'" + cell
    return cell


def _emotion_cell(tp: Touchpoint) -> str:
    if tp.emotion is None:
        return ""
    if isinstance(tp.emotion, dict):
        return ", ".join(f"{persona}: {value}" for persona, value in tp.emotion.items())
    return str(tp.emotion)


def _with_fields(text: str, fields: dict[str, str]) -> str:
    present = {k: v for k, v in fields.items() if v}
    return text + (" [" + ", ".join(f"{k}={v}" for k, v in present.items()) + "]" if present else "")


def _pain_cell(pain: PainPoint) -> str:
    return _with_fields(pain.text, {"id": pain.id or "", "severity": pain.severity or ""})


def _opportunity_cell(o: Opportunity) -> str:
    return _with_fields(o.text, {"id": o.id or "", "addresses": " ".join(o.addresses), "priority": o.priority or "", "owner": o.owner or ""})


# -- import ---------------------------------------------------------------------------------


def restore(cell: str) -> str:
    """Undo :func:`neutralise`."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_ESCAPED_START) else cell


def read_rows(text: str) -> list[dict[str, str]]:
    text = text.lstrip("\ufeff")
    header = text.split("\n", 1)[0]
    # Spreadsheets in Spanish (and other) locales save CSV with semicolons.
    delimiter = ";" if header.count(";") > header.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    missing = [column for column in ("stage_id", "touchpoint_id", "touchpoint") if column not in (reader.fieldnames or [])]
    if missing:
        raise CsvError([(1, f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}; expected {', '.join(COLUMNS)}")])
    return [{key: restore(value or "") for key, value in row.items() if key} for row in reader]


def rows_to_stages(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    stages: dict[str, dict[str, Any]] = {}
    problems: list[tuple[int, str]] = []
    for number, row in enumerate(rows, start=2):
        _slug_ids(row)
        stage_id = row.get("stage_id", "").strip()
        if not stage_id or not row.get("touchpoint_id", "").strip() or not row.get("touchpoint", "").strip():
            problems.append((number, "stage_id, touchpoint_id and touchpoint must not be empty"))
            continue
        fresh = _stage(row)
        stage = stages.setdefault(stage_id, fresh)
        clash = [key for key in ("name", "kind", "goal") if key in fresh and key in stage and fresh[key] != stage[key]]
        if clash:
            problems.append((number, f"this row's stage {', '.join(clash)} differs from earlier rows of stage `{stage_id}`; make them agree"))
            continue
        try:
            stage["touchpoints"].append(_touchpoint(row))
        except ValueError as problem:
            problems.append((number, str(problem)))
    if problems:
        raise CsvError(problems)
    return list(stages.values())


def _slug_ids(row: dict[str, str]) -> None:
    """People type names where ids belong ("Descubrimiento", "Kiosco Central"): make them ids,
    keeping the typed text as the name when there is none."""
    for id_column, name_column in (("stage_id", "stage_name"), ("touchpoint_id", "touchpoint"), ("channel", "")):
        value = row.get(id_column, "").strip()
        if value and not _SLUG.match(value):
            if name_column and not row.get(name_column, "").strip():
                row[name_column] = value
            row[id_column] = normalise_word(value)


def _stage(row: dict[str, str]) -> dict[str, Any]:
    # Ids and choices are trimmed; text is kept as written (a round trip must not change it).
    stage: dict[str, Any] = {"id": row["stage_id"].strip()}
    for key, column in (("kind", "stage_kind"), ("name", "stage_name"), ("goal", "stage_goal")):
        if row.get(column, "").strip():
            stage[key] = row[column].strip() if key == "kind" else row[column]
    stage["touchpoints"] = []
    return stage


def _touchpoint(row: dict[str, str]) -> dict[str, Any]:
    tp: dict[str, Any] = {"id": row["touchpoint_id"].strip(), "name": row["touchpoint"]}
    for key in ("description", "channel", "initiator", "owner"):
        if row.get(key, "").strip():
            tp[key] = row[key].strip() if key in ("channel", "initiator") else row[key]
    if row.get("personas", "").strip():
        tp["personas"] = _ids(row["personas"])
    if row.get("emotion", "").strip():
        tp["emotion"] = _emotion(row["emotion"])
    for key in LISTS:
        items = _lines(row.get(key, ""))
        if items:
            tp[key] = items
    pains = [_object(line, ("id", "severity")) for line in _lines(row.get("pain_points", ""))]
    if pains:
        tp["pain_points"] = pains
    opportunities = [_object(line, ("id", "addresses", "priority", "owner")) for line in _lines(row.get("opportunities", ""))]
    if opportunities:
        tp["opportunities"] = opportunities
    nxt = row.get("next", "").strip()
    if nxt:
        tp["next"] = [] if nxt == "-" else _ids(nxt)
    return tp


def _lines(cell: str) -> list[str]:
    # Items keep their spaces: only blank lines between them are dropped.
    return [line for line in cell.replace("\r\n", "\n").split("\n") if line.strip()]


def _ids(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(",") if part.strip()]


def _emotion(cell: str) -> int | dict[str, int]:
    text = cell.strip()
    try:
        if ":" not in text:
            return int(text)
        return {persona.strip(): int(value) for persona, value in (part.split(":", 1) for part in text.split(",") if part.strip())}
    except ValueError:
        raise ValueError(f"emotion {text!r} is not a whole number or `persona: number, …`") from None


def _object(line: str, allowed: tuple[str, ...]) -> str | dict[str, Any]:
    match = _FIELDS.match(line)
    if match is None:
        return line
    fields = dict(part.split("=", 1) for part in match.group("fields").split(", ") if "=" in part)
    if not fields or any(key not in allowed for key in fields):
        return line  # brackets that are part of the text
    item: dict[str, Any] = {}
    if "id" in fields:
        item["id"] = fields["id"]
    item["text"] = match.group("text")
    for key in allowed:
        if key in fields and key != "id":
            item[key] = fields[key].split() if key == "addresses" else fields[key]
    return item
