"""Journeys to and from CSV: one row per touchpoint, the columns teams keep in spreadsheets.

Cells hold lists one item per line (or, when an item holds line breaks, items apart by a blank
line); text keeps its line breaks; personas and ``next`` are comma-separated ids; a per-persona
emotion is ``ana: 1, luis: -1`` (import also reads persona names there); a pain point or opportunity written as an object
carries its fields in a trailing ``[id=…, severity=…]``. ``next`` is empty for "the following
touchpoint" and ``-`` for "the journey may end here".

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula (CSV
injection, https://owasp.org/www-community/attacks/CSV_Injection). Export prefixes such cells
with ``'``, unless they are plain numbers; import removes that prefix again.

Reading rows back is :mod:`cjmap.interchange.csv_rows` (cells with positions from
:mod:`cjmap.interchange.csv_parse`).
"""

from __future__ import annotations

import csv
import io
import re

from cjmap.model import Journey, Opportunity, PainPoint, Touchpoint
from cjmap.text.escape import plain_text

COLUMNS = (
    "stage_id", "stage_name", "stage_kind", "stage_goal", "touchpoint_id", "touchpoint", "description", "channel",
    "personas", "initiator", "owner", "emotion", "actions", "thoughts", "pain_points", "opportunities", "next",
    "frontstage", "backstage", "support", "evidence",
)
LISTS = ("actions", "thoughts", "frontstage", "backstage", "support", "evidence")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A cell that already starts with ' is escaped too, so import can always remove exactly one.
_ESCAPED_START = (*_FORMULA_START, "'")
# ASCII digits only: \d would also take Arabic-Indic and other digits, which no spreadsheet
# reads as a number.
_NUMBER = re.compile(r"[-+]?[0-9]+(?:\.[0-9]+)?", re.ASCII)


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
            "pain_points": list_cell([_pain_cell(p) for p in tp.pain_points]),
            "opportunities": list_cell([_opportunity_cell(o) for o in tp.opportunities]),
            "next": "-" if tp.next == [] else ", ".join(tp.next or []),
            **{name: list_cell(getattr(tp, name)) for name in LISTS},
        }
        writer.writerow([neutralise(plain_text(row[column])) for column in COLUMNS])
    return out.getvalue()


def list_cell(items: list[str]) -> str:
    """A list as one cell: an item per line; when an item holds line breaks, the items are apart
    by a blank line instead, and a lone item is followed by one (a blank line inside an item
    cannot be told from that, and is written as one line break). Read back by
    :func:`cjmap.interchange.csv_rows.list_items`."""
    texts = [plain_text(item) for item in items]
    if not any("\n" in text for text in texts):
        return "\n".join(texts)
    cell = "\n\n".join("\n".join(line for line in text.split("\n") if line.strip()) for text in texts)
    return cell + "\n\n" if len(texts) == 1 else cell


def neutralise(cell: str) -> str:
    """A cell a spreadsheet would run as a formula gets a leading ``'`` (numbers stay numbers);
    so does a cell that starts with ``'`` itself, so that :func:`restore` is exact."""
    if cell.startswith(_ESCAPED_START) and not _NUMBER.fullmatch(cell):
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


def restore(cell: str) -> str:
    """Undo :func:`neutralise`."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_ESCAPED_START) else cell
