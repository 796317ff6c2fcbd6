"""CSV rows to journey stages and touchpoints (the import side of :mod:`cjmap.interchange.csv_io`).

Each row keeps where its cells are, so that every problem, found here or by validating the
imported journey, is reported at the row and column a person can fix in the spreadsheet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from cjmap.interchange.csv_io import COLUMNS, LISTS, restore
from cjmap.interchange.csv_parse import MAX_CELL, Cell, CsvError, parse_table
from cjmap.interchange.located import Located
from cjmap.interchange.numbers import whole_number
from cjmap.model.vocabulary import normalise_word
from cjmap.text.names import named_few

__all__ = ["CsvError", "Row", "read_rows", "rows_to_stages"]
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*", re.ASCII)
# The start of a trailing "[id=…, severity=…]": a key and "=". One character class, then a
# literal: nothing to backtrack into.
_FIELD_KEY = re.compile(r"[a-z_]+=", re.ASCII)
_LINE_END = re.compile(r"[\r\n]")

_TOUCHPOINT_COLUMNS = {"id": "touchpoint_id", "name": "touchpoint"}
_STAGE_COLUMNS = {"id": "stage_id", "name": "stage_name", "kind": "stage_kind", "goal": "stage_goal"}


@dataclass
class Row:
    """One data row: its cells' text (formula escapes removed) and where each cell is."""

    number: int  # as a spreadsheet shows it: the header is row 1
    values: dict[str, str]
    cells: dict[str, Cell]

    @property
    def line(self) -> int:
        return min(cell.line for cell in self.cells.values())

    def at(self, column: str) -> tuple[int, int]:
        """Line and column of a cell; the row's start when the CSV has no such column."""
        cell = self.cells.get(column)
        return (cell.line, cell.column) if cell else (self.line, 1)

    def place(self, field: str, *, stage: bool) -> tuple[int, int, str]:
        """Where a touchpoint's (or its stage's) field was written: see interchange.origins."""
        column = (_STAGE_COLUMNS if stage else _TOUCHPOINT_COLUMNS).get(field, field)
        if column not in self.cells:
            return self.line, 1, f"row {self.number}"
        line, col = self.at(column)
        return line, col, f"row {self.number}, column `{column}`"

    def problem(self, message: str, column: str = "") -> Located:
        line, col = self.at(column) if column else (self.line, 1)
        where = f"row {self.number}, column `{column}`" if column else f"row {self.number}"
        return Located(line, col, f"{where}: {message}")


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
    header = [cell.text.strip() for cell in table[0][1]]
    _check_header(header, table[0][1])
    return [_row(number, header, cells) for number, cells in table[1:]]


def _check_header(header: list[str], cells: list[Cell]) -> None:
    """Columns cjmap does not read would be dropped without a word: they are errors. A column
    with no name is allowed (spreadsheets save trailing empty columns) while its cells are empty."""
    problems = []
    missing = [column for column in ("stage_id", "touchpoint_id", "touchpoint") if column not in header]
    if missing:
        problems.append(Located(1, 1, f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}; expected {', '.join(COLUMNS)}"))
    seen: set[str] = set()
    unknown: list[int] = []
    for index, name in enumerate(header):
        if name in COLUMNS and name in seen:
            problems.append(Located(cells[index].line, cells[index].column, f"the column `{name}` appears twice; keep one"))
        elif name and name not in COLUMNS:
            unknown.append(index)
        seen.add(name)
    if unknown:
        problems.append(_unknown_columns(header, cells, unknown))
    if problems:
        raise CsvError(problems)


def _unknown_columns(header: list[str], cells: list[Cell], unknown: list[int]) -> Located:
    names = named_few([f"`{header[index][:40]}`" for index in unknown[:11]], 10, total=len(unknown))
    verb = "is not a column" if len(unknown) == 1 else "are not columns"
    first = cells[unknown[0]]
    return Located(first.line, first.column, f"{names} {verb} cjmap reads; rename to one of {', '.join(COLUMNS)}, or delete")


def _row(number: int, header: list[str], cells: list[Cell]) -> Row:
    stray = next((index for index, cell in enumerate(cells) if (index >= len(header) or not header[index]) and cell.text.strip()), None)
    if stray is not None:
        cell = cells[stray]
        raise CsvError([Located(cell.line, cell.column, f"row {number}, cell {stray + 1}: this text is under no column of the header; "
                                "put it under a named column, or quote a cell that holds the delimiter")])
    named = {name: cell for name, cell in zip(header, cells, strict=False) if name}  # a row may be shorter or longer than the header
    values = {name: restore(cell.text) for name, cell in named.items()}
    return Row(number, {name: values.get(name, "") for name in COLUMNS}, named)


def rows_to_stages(rows: list[Row], *, origins: dict[int, Any] | None = None) -> list[dict[str, Any]]:
    """Stages with their touchpoints, in the rows' order. ``origins`` receives, for each
    touchpoint dict (by ``id()``), the row it came from, to report problems at that row."""
    stages: dict[str, dict[str, Any]] = {}
    problems: list[Located] = []
    for row in rows:
        problem = _add_row(stages, row, origins if origins is not None else {})
        if problem is not None:
            problems.append(problem)
    if problems:
        raise CsvError(problems)
    return list(stages.values())


def _add_row(stages: dict[str, dict[str, Any]], row: Row, origins: dict[int, Any]) -> Located | None:
    values = row.values
    _slug_ids(values)
    stage_id = values["stage_id"].strip()
    empty = [column for column in ("stage_id", "touchpoint_id", "touchpoint") if not values[column].strip()]
    if empty:
        return row.problem("stage_id, touchpoint_id and touchpoint must not be empty", empty[0])
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


def _slug_ids(row: dict[str, str]) -> None:
    """People type names where ids belong ("Descubrimiento", "Kiosco Central"): make them ids,
    keeping the typed text as the name when there is none."""
    for id_column, name_column in (("stage_id", "stage_name"), ("touchpoint_id", "touchpoint"), ("channel", "")):
        value = row.get(id_column, "").strip()
        if value and not _SLUG.fullmatch(value):
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
    if ":" not in text:
        value = whole_number(text)
        if value is None:
            raise _CellError("emotion", f"emotion {text!r} is not a whole number of at most 18 ASCII digits, or `persona: number, …`")
        return value
    emotions: dict[str, int] = {}
    for part in filter(str.strip, text.split(",")):
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
