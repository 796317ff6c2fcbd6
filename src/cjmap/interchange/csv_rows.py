"""CSV rows to journey stages and touchpoints (the import side of :mod:`cjmap.interchange.csv_io`).

Each row keeps where its cells are, so that every problem, found here or by validating the
imported journey, is reported at the row and column a person can fix in the spreadsheet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from cjmap.interchange.csv_io import COLUMNS, LISTS, restore
from cjmap.interchange.csv_parse import MAX_CELL, Cell, CsvError, column_label, parse_table
from cjmap.interchange.ids import IdMaker
from cjmap.interchange.located import Located
from cjmap.interchange.numbers import whole_number
from cjmap.text.names import named_few
from cjmap.text.slugs import slug

__all__ = ["CsvError", "Row", "list_items", "read_rows", "rows_to_stages"]
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*", re.ASCII)
# The start of a trailing "[id=…, severity=…]": a key and "=". One character class, then a
# literal: nothing to backtrack into.
_FIELD_KEY = re.compile(r"[a-z_]+=", re.ASCII)
_LINE_END = re.compile(r"[\r\n]")
_ID_SEPARATOR = re.compile(r"[,\n]")

_TOUCHPOINT_COLUMNS = {"id": "touchpoint_id", "name": "touchpoint"}
_STAGE_COLUMNS = {"id": "stage_id", "name": "stage_name", "kind": "stage_kind", "goal": "stage_goal"}


@dataclass
class Row:
    """One data row: its cells' text (formula escapes removed, line breaks as ``\\n``) and where
    each cell is."""

    number: int  # as a spreadsheet shows it: the header is row 1
    values: dict[str, str]
    cells: dict[str, Cell]

    def at(self, column: str) -> tuple[int, int]:
        """Row and column number of a cell; column 0 when the CSV has no such column."""
        cell = self.cells.get(column)
        return (self.number, cell.column) if cell else (self.number, 0)

    def place(self, field: str, *, stage: bool) -> tuple[int, int, str]:
        """Where a touchpoint's (or its stage's) field was written: see interchange.origins."""
        column = (_STAGE_COLUMNS if stage else _TOUCHPOINT_COLUMNS).get(field, field)
        if column in self.cells:
            return self.number, self.cells[column].column, f"column `{column}`"
        # A field no column holds (a stage's KPIs, kept from --base): the row its stage starts at.
        owner = f"stage `{self.values['stage_id'].strip()}`" if stage else f"touchpoint `{self.values['touchpoint_id'].strip()}`"
        return self.number, 0, f"row {self.number}, {owner}, `{field}` (no column of the file holds it)"

    def problem(self, message: str, column: str, *, code: str = "") -> Located:
        return Located(*self.at(column), f"column `{column}`: {message}", code=code)


def read_rows(text: str, *, max_cell: int = MAX_CELL) -> list[Row]:
    """The data rows under the header. Raises CsvError for a problem in the file itself."""
    text = text.removeprefix("\ufeff")
    # Spreadsheets in Spanish (and other) locales save CSV with semicolons.
    end = _LINE_END.search(text)
    header_line = text[: end.start()] if end else text
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    table = parse_table(text, delimiter=delimiter, max_cell=max_cell)
    if not table:
        raise CsvError([Located(1, 1, f"the file holds no rows; the first row names the columns: {', '.join(COLUMNS)}")])
    header_row, header_cells = table[0]
    header = [cell.text.strip() for cell in header_cells]
    _check_header(header, header_cells, header_row)
    return [_row(number, header, cells) for number, cells in table[1:]]


def _check_header(header: list[str], cells: list[Cell], row: int) -> None:
    """Columns cjmap does not read would be dropped without a word: they are errors. A column
    with no name is allowed (spreadsheets save trailing empty columns) while its cells are empty."""
    problems = []
    missing = [column for column in ("stage_id", "touchpoint_id", "touchpoint") if column not in header]
    if missing:
        # At the first free column: where the missing one can be added.
        columns = f"column{'s' if len(missing) > 1 else ''} {', '.join(missing)}"
        problems.append(Located(row, len(header) + 1, f"the header lacks the {columns}; expected {', '.join(COLUMNS)}"))
    seen: set[str] = set()
    unknown: list[int] = []
    for index, name in enumerate(header):
        if name in COLUMNS and name in seen:
            problems.append(Located(row, cells[index].column, f"column `{name}`: this column appears twice; keep one"))
        elif name and name not in COLUMNS:
            unknown.append(index)
        seen.add(name)
    if unknown:
        problems.append(_unknown_columns(header, cells, unknown, row))
    if problems:
        raise CsvError(problems)


def _unknown_columns(header: list[str], cells: list[Cell], unknown: list[int], row: int) -> Located:
    names = named_few([f"`{header[index][:40]}`" for index in unknown[:11]], 10, total=len(unknown))
    verb = "is not a column" if len(unknown) == 1 else "are not columns"
    first = cells[unknown[0]]
    return Located(row, first.column, f"{names} {verb} cjmap reads; rename to one of {', '.join(COLUMNS)}, or delete")


def _row(number: int, header: list[str], cells: list[Cell]) -> Row:
    stray = next((index for index, cell in enumerate(cells) if (index >= len(header) or not header[index]) and cell.text.strip()), None)
    if stray is not None:
        cell = cells[stray]
        raise CsvError([Located(number, cell.column, f"{column_label(cell.column, header)}: this text is under no column of the header; "
                                "put it under a named column, or quote a cell that holds the delimiter")])
    named = {name: cell for name, cell in zip(header, cells, strict=False) if name}  # a row may be shorter or longer than the header
    values = {name: _line_breaks(restore(cell.text)) for name, cell in named.items()}
    return Row(number, {name: values.get(name, "") for name in COLUMNS}, named)


def _line_breaks(text: str) -> str:
    """Line breaks inside a cell as ``\\n``: Excel writes LF inside a quoted cell, other
    programs CR LF (as their row ends), old Macs CR."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def rows_to_stages(rows: list[Row], *, origins: dict[int, Any] | None = None) -> list[dict[str, Any]]:
    """Stages with their touchpoints, in the rows' order. ``origins`` receives, for each
    touchpoint dict (by ``id()``), the row it came from, to report problems at that row.
    Personas (in ``personas`` and as keys of ``emotion``) are left as written: names or ids,
    which :mod:`cjmap.interchange.csv_journey` turns into ids."""
    stages: dict[str, dict[str, Any]] = {}
    problems: list[Located] = []
    # Ids written as ids are taken first, so that an id made from a name never takes one of them.
    touchpoint_ids = IdMaker(taken=(value for row in rows if _SLUG.fullmatch(value := row.values["touchpoint_id"].strip())))
    for row in rows:
        problem = _add_row(stages, row, origins if origins is not None else {}, touchpoint_ids)
        if problem is not None:
            problems.append(problem)
    if problems:
        raise CsvError(problems)
    return list(stages.values())


def _add_row(stages: dict[str, dict[str, Any]], row: Row, origins: dict[int, Any], touchpoint_ids: IdMaker) -> Located | None:
    values = row.values
    _slug_ids(values, touchpoint_ids)
    empty = [column for column in ("stage_id", "touchpoint_id", "touchpoint") if not values[column].strip()]
    if empty:
        return row.problem("stage_id, touchpoint_id and touchpoint must not be empty", empty[0])
    stage_id = values["stage_id"]
    fresh = _stage(values)
    stage = stages.setdefault(stage_id, fresh)
    clash = [key for key in ("name", "kind", "goal") if key in fresh and key in stage and fresh[key] != stage[key]]
    if clash:
        return row.problem(f"this row's stage {', '.join(clash)} differs from earlier rows of stage `{stage_id}`; make them agree", f"stage_{clash[0]}")
    try:
        touchpoint = _touchpoint(values)
    except _CellError as problem:
        return row.problem(str(problem), problem.column)
    stage["touchpoints"].append(touchpoint)
    origins[id(touchpoint)] = row
    return None


class _CellError(ValueError):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


def _slug_ids(row: dict[str, str], touchpoint_ids: IdMaker) -> None:
    """People type names where ids belong ("Descubrimiento", "Kiosco Central", "Покупка"): make
    them ids, keeping the typed text as the name when there is none. The same stage or channel
    name is the same stage or channel; touchpoints made from names get unique ids (-2, -3…)."""
    for id_column, name_column in (("stage_id", "stage_name"), ("touchpoint_id", "touchpoint"), ("channel", "")):
        value = row.get(id_column, "").strip()
        row[id_column] = value
        if value and not _SLUG.fullmatch(value):
            if name_column and not row.get(name_column, "").strip():
                row[name_column] = value
            row[id_column] = touchpoint_ids.make(value, "touchpoint") if id_column == "touchpoint_id" else slug(value)


def _stage(row: dict[str, str]) -> dict[str, Any]:
    # Ids and choices are trimmed; text is kept as written (a round trip must not change it).
    stage: dict[str, Any] = {"id": row["stage_id"]}
    for key, column in (("kind", "stage_kind"), ("name", "stage_name"), ("goal", "stage_goal")):
        if row.get(column, "").strip():
            stage[key] = row[column].strip() if key == "kind" else row[column]
    stage["touchpoints"] = []
    return stage


def _touchpoint(row: dict[str, str]) -> dict[str, Any]:
    tp: dict[str, Any] = {"id": row["touchpoint_id"], "name": row["touchpoint"]}
    for key in ("description", "channel", "initiator", "owner"):
        if row.get(key, "").strip():
            tp[key] = row[key].strip() if key in ("channel", "initiator") else row[key]
    if row.get("personas", "").strip():
        tp["personas"] = _ids(row["personas"])
    if row.get("emotion", "").strip():
        tp["emotion"] = _emotion(row["emotion"])
    for key in LISTS:
        items = list_items(row.get(key, ""))
        if items:
            tp[key] = items
    pains = [_object(item, ("id", "severity")) for item in list_items(row.get("pain_points", ""))]
    if pains:
        tp["pain_points"] = pains
    opportunities = [_object(item, ("id", "addresses", "priority", "owner")) for item in list_items(row.get("opportunities", ""))]
    if opportunities:
        tp["opportunities"] = opportunities
    nxt = row.get("next", "").strip()
    if nxt:
        tp["next"] = [] if nxt == "-" else _ids(nxt)
    return tp


def list_items(cell: str) -> list[str]:
    """A list cell's items: one per line; or, when a blank line follows the first item (not
    counting the cell's last line break), items apart by blank lines, each keeping its line
    breaks (as :func:`cjmap.interchange.csv_io.list_cell` writes an item that holds them).
    Items keep their spaces; blank lines only separate."""
    if "\n" not in cell:
        return [cell] if cell.strip() else []  # most cells: nothing or one item
    lines = cell.removesuffix("\n").split("\n")
    first = next((index for index, line in enumerate(lines) if line.strip()), len(lines))
    if all(line.strip() for line in lines[first:]):
        return lines[first:]  # no blank line after the first item: one item per line
    items: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            current.append(line)
        elif current:
            items.append("\n".join(current))
            current = []
    return items


def _ids(cell: str) -> list[str]:
    # Comma-separated, as export writes them; one per line is read too.
    return [part.strip() for part in _ID_SEPARATOR.split(cell) if part.strip()]


def _emotion(cell: str) -> int | dict[str, int]:
    text = cell.strip()
    if ":" not in text:
        value = whole_number(text)
        if value is None:
            raise _CellError("emotion", f"emotion {text!r} is not a whole number of at most 18 ASCII digits, or `persona: number, …`")
        return value
    emotions: dict[str, int] = {}
    for part in filter(str.strip, _ID_SEPARATOR.split(text)):
        persona, _, number = part.partition(":")
        value = whole_number(number)
        if value is None:
            raise _CellError("emotion", f"emotion {part.strip()!r} is not `persona: number` with a whole number of at most 18 ASCII digits")
        emotions[persona.strip()] = value
    return emotions


def _object(line: str, allowed: tuple[str, ...]) -> str | dict[str, Any]:
    split = _split_fields(line)
    if split is None:
        return line
    text, listed = split
    fields = dict(part.split("=", 1) for part in listed.split(", ") if "=" in part)
    if not fields or any(key not in allowed for key in fields):
        return line  # brackets that are part of the text
    item: dict[str, Any] = {}
    if "id" in fields:
        item["id"] = fields["id"]
    item["text"] = text
    for key in allowed:
        if key in fields and key != "id":
            item[key] = fields[key].split() if key == "addresses" else fields[key]
    return item


def _split_fields(line: str) -> tuple[str, str] | None:
    """``text [key=value, …]`` as (text, "key=value, …"), else None.

    The fields follow the rightmost `` [`` that starts with ``key=`` and hold no ``]``. Found
    with rfind from the right, not with a regular expression: ``.* \\[…\\]$`` backtracks over
    every `` [`` of a long cell (54 s for 128 KB).
    """
    if not line.endswith("]"):
        return None
    body = line[:-1]
    floor = body.rfind("]") + 1
    end = len(body)
    while (start := body.rfind(" [", floor, end)) >= 0:
        if _FIELD_KEY.match(body, start + 2):
            return body[:start], body[start + 2 :]
        end = start + 1
    return None
