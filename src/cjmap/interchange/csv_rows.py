"""CSV rows to journey stages and touchpoints (the import side of :mod:`cjmap.interchange.csv_io`).

Each row keeps where its cells are, so that every problem, found here or by validating the
imported journey, is reported at the row and column a person can fix in the spreadsheet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from cjmap.interchange.csv_io import COLUMNS, LISTS, restore
from cjmap.interchange.csv_parse import MAX_CELL, Cell, CsvError, column_label, parse_table
from cjmap.interchange.ids import IdMaker, is_id
from cjmap.interchange.located import Located
from cjmap.interchange.numbers import whole_number
from cjmap.text.names import named_few
from cjmap.text.slugs import slug

__all__ = ["CsvError", "Row", "list_items", "read_rows", "rows_to_stages"]
# The start of a trailing "[id=…, severity=…]": a key and "=". One character class, then a
# literal: nothing to backtrack into.
_FIELD_KEY = re.compile(r"[a-z_]+=", re.ASCII)
_LINE_END = re.compile(r"[\r\n]")
_ID_SEPARATOR = re.compile(r"[,\n]")
_DIGITS = re.compile(r"[-+]?[0-9]+", re.ASCII)
# What a file needs; every other column is optional.
_REQUIRED = "the column `touchpoint` and a column `stage_id` or `stage_name`"

_TOUCHPOINT_COLUMNS = {"id": "touchpoint_id", "name": "touchpoint"}
_STAGE_COLUMNS = {"id": "stage_id", "name": "stage_name", "kind": "stage_kind", "goal": "stage_goal"}


def touchpoint_column(field: str) -> str:
    """The CSV column that holds a touchpoint's field (it may be one COLUMNS lacks)."""
    return _TOUCHPOINT_COLUMNS.get(field, field)


@dataclass
class Row:
    """One data row: its cells' text (formula escapes removed, line breaks as ``\\n``) and where
    each cell is."""

    number: int  # as a spreadsheet shows it: the header is row 1
    values: dict[str, str]
    cells: dict[str, Cell]
    # Found while reading the row (text under no column): reported with the other rows' problems.
    problems: list[Located] = field(default_factory=list)
    # The header's column numbers: a row shorter than the header still has a place for each.
    positions: dict[str, int] = field(default_factory=dict)

    def at(self, column: str) -> tuple[int, int]:
        """Row and column number of a cell; column 0 when the CSV has no such column."""
        cell = self.cells.get(column)
        return (self.number, cell.column) if cell else (self.number, self.positions.get(column, 0))

    def place(self, field: str, *, stage: bool) -> tuple[int, int, str]:
        """Where a touchpoint's (or its stage's) field was written: see interchange.origins."""
        column = _STAGE_COLUMNS.get(field, field) if stage else touchpoint_column(field)
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
        raise CsvError([Located(1, 1, f"the file holds no rows; its first row names the columns, and a file needs {_REQUIRED}")])
    header_row, header_cells = table[0]
    header = [cell.text.strip() for cell in header_cells]
    _check_header(header, header_cells, header_row)
    if len(table) == 1:
        raise CsvError([Located(header_row + 1, 1, "the file holds only its header; add a row for each touchpoint")])
    return [_row(number, header, cells) for number, cells in table[1:]]


def _check_header(header: list[str], cells: list[Cell], row: int) -> None:
    """Columns cjmap does not read would be dropped without a word: they are errors. A column
    with no name is allowed (spreadsheets save trailing empty columns) while its cells are empty."""
    problems = []
    missing = ["the column `touchpoint`"] if "touchpoint" not in header else []
    if "stage_id" not in header and "stage_name" not in header:
        missing.append("a column `stage_id` or `stage_name`")
    if missing:
        # At the first free column: where the missing one can be added. Only what is required is
        # named: touchpoint_id and every other column may be left out.
        problems.append(Located(row, len(header) + 1, f"the header lacks {' and '.join(missing)}; a file needs {_REQUIRED}, the other columns are optional"))
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
    problems = []
    if stray is not None:
        cell = cells[stray]
        problems.append(Located(number, cell.column, f"{column_label(cell.column, header)}: this text is under no column of the header; "
                                "put it under a named column, or quote a cell that holds the delimiter"))
    named = {name: cell for name, cell in zip(header, cells, strict=False) if name}  # a row may be shorter or longer than the header
    values = {name: _line_breaks(restore(cell.text)) for name, cell in named.items()}
    positions = {name: index + 1 for index, name in enumerate(header) if name}
    return Row(number, {name: values.get(name, "") for name in COLUMNS}, named, problems, positions)


def _line_breaks(text: str) -> str:
    """Line breaks inside a cell as ``\\n``: Excel writes LF inside a quoted cell, other
    programs CR LF (as their row ends), old Macs CR."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def rows_to_stages(rows: list[Row], *, origins: dict[int, Any] | None = None, problems: list[Located] | None = None) -> list[dict[str, Any]]:
    """Stages with their touchpoints, in the rows' order. ``origins`` receives, for each
    touchpoint dict (by ``id()``), the row it came from, to report problems at that row.
    Personas (in ``personas``, one line of the cell each, and as keys of ``emotion``) are left
    as written: names or ids, which :mod:`cjmap.interchange.csv_people` turns into ids.

    Every row's problems are found, not only the first: they go to ``problems`` when given (the
    stages then hold what the rows could give, to be validated too), else they are raised as a
    CsvError."""
    stages: dict[str, dict[str, Any]] = {}
    found: list[Located] = []
    ids = _MadeIds(rows)
    first_rows: dict[tuple[str, str], Row] = {}  # (stage id, field) -> the row that gave the stage that field
    for row in rows:
        found += row.problems
        found += _add_row(stages, first_rows, row, origins if origins is not None else {}, ids)
    if problems is not None:
        problems.extend(found)
    elif found:
        raise CsvError(found)
    return list(stages.values())


class _MadeIds:
    """Ids for rows that give a name where an id belongs, or a name and no id (a new spreadsheet
    need not invent ids): a touchpoint's from its name, unique; a stage's from its name, the same
    name the same stage, and a name written beside its id in another row that stage. Ids written
    as ids are taken first, so that a made id never takes one of them."""

    def __init__(self, rows: list[Row]) -> None:
        self.touchpoints = IdMaker(taken=(value for row in rows if is_id(value := row.values["touchpoint_id"].strip())))
        self.stages = IdMaker(taken=(value for row in rows if is_id(value := row.values["stage_id"].strip())))
        self.stage_names: dict[str, str] = {}
        for row in rows:
            stage_id, name = row.values["stage_id"].strip(), row.values["stage_name"].strip()
            if is_id(stage_id) and name:
                self.stage_names.setdefault(name, stage_id)

    def stage(self, name: str) -> str:
        if name not in self.stage_names:
            self.stage_names[name] = self.stages.make(name, "stage")
        return self.stage_names[name]

    def fill(self, row: dict[str, str]) -> None:
        """The row's ids: names typed in an id column, or an empty id cell beside a name, made
        into ids, keeping the typed text as the name when the name cell is empty."""
        for column in ("stage_id", "touchpoint_id", "channel"):
            row[column] = row[column].strip()
        for id_column, name_column in (("stage_id", "stage_name"), ("touchpoint_id", "touchpoint")):
            value, name = row[id_column], row[name_column].strip()
            if value and not is_id(value) and not name:
                row[name_column] = value
            source = value if value and not is_id(value) else name if not value else ""
            if source:
                row[id_column] = self.stage(source) if id_column == "stage_id" else self.touchpoints.make(source, "touchpoint")
        if row["channel"] and not is_id(row["channel"]):
            # The same channel name is the same channel: no suffix.
            row["channel"] = slug(row["channel"], fallback="channel")


def _add_row(stages: dict[str, dict[str, Any]], first_rows: dict[tuple[str, str], Row], row: Row, origins: dict[int, Any], ids: _MadeIds) -> list[Located]:
    values = row.values
    ids.fill(values)
    stage_id = values["stage_id"]
    if not stage_id:
        column = "stage_id" if "stage_id" in row.cells else "stage_name"
        return [row.problem("this row names no stage: write its stage_id or its stage_name", column)]
    problems = []
    if not values["touchpoint"].strip():
        problems.append(row.problem("the touchpoint has no name: write one", "touchpoint"))
        if not values["touchpoint_id"]:
            return problems  # nothing to know the touchpoint by
    fresh = _stage(values)
    stage = stages.setdefault(stage_id, fresh)
    if stage is fresh:
        first_rows.update({(stage_id, key): row for key in ("name", "kind", "goal") if key in fresh})
    for key in ("name", "kind", "goal"):
        if key in fresh and key in stage and fresh[key] != stage[key]:
            first = first_rows[(stage_id, key)].number
            problems.append(row.problem(f"this row's stage {key} differs from row {first}'s, for the same stage `{stage_id}`; make the rows of a stage agree",
                                        f"stage_{key}"))
    touchpoint, cell_problems = _touchpoint(values)
    problems += [row.problem(message, column) for column, message in cell_problems]
    stage["touchpoints"].append(touchpoint)
    origins[id(touchpoint)] = row
    return problems


def _stage(row: dict[str, str]) -> dict[str, Any]:
    # Ids and choices are trimmed; text is kept as written (a round trip must not change it).
    stage: dict[str, Any] = {"id": row["stage_id"]}
    for key, column in (("kind", "stage_kind"), ("name", "stage_name"), ("goal", "stage_goal")):
        if row.get(column, "").strip():
            stage[key] = row[column].strip() if key == "kind" else row[column]
    stage["touchpoints"] = []
    return stage


def _touchpoint(row: dict[str, str]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The touchpoint, and (column, message) for each cell that could not be read: the
    touchpoint is kept without it, so that the rest of the file is still checked."""
    tp: dict[str, Any] = {"id": row["touchpoint_id"], "name": row["touchpoint"]}
    problems: list[tuple[str, str]] = []
    for key in ("description", "channel", "initiator", "owner"):
        if row.get(key, "").strip():
            tp[key] = row[key].strip() if key in ("channel", "initiator") else row[key]
    if row.get("personas", "").strip():
        # One line each, split at commas by csv_people: a persona's name may hold a comma.
        tp["personas"] = [line.strip() for line in row["personas"].split("\n") if line.strip()]
    if row.get("emotion", "").strip():
        emotion, wrong = _emotion(row["emotion"])
        if emotion is not None and emotion != {}:
            tp["emotion"] = emotion
        problems += [("emotion", message) for message in wrong]
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
    return tp, problems


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
    # `next`: comma-separated, as export writes them; one per line is read too.
    return [part.strip() for part in _ID_SEPARATOR.split(cell) if part.strip()]


def _emotion(cell: str) -> tuple[int | dict[str, int] | None, list[str]]:
    """A score, or scores by persona (``Ana: 1, Luis, el estudiante: -1``: a part with no colon
    is the start of a name that holds a comma); and what could not be read."""
    text = cell.strip()
    if ":" not in text:
        value = whole_number(text)
        if value is not None:
            return value, []
        by_persona = "" if _DIGITS.fullmatch(text) else ", nor scores by persona such as `ana: 1, luis: -1`"
        return None, [f"emotion {_not_a_score(text)}{by_persona}"]
    emotions: dict[str, int] = {}
    problems: list[str] = []
    for line in filter(str.strip, text.split("\n")):
        name = ""
        for part in line.split(","):
            persona, colon, number = part.partition(":")
            name = f"{name},{persona}" if name else persona
            if not colon:
                continue
            value = whole_number(number)
            if value is None:
                problems.append(f"emotion {f'{name}:{number}'.strip()!r}: the score {_not_a_score(number.strip())}")
            elif name.strip() in emotions:
                problems.append(f"emotion: `{name.strip()}` has two scores; give each persona one")
            else:
                emotions[name.strip()] = value
            name = ""
        if name.strip():
            problems.append(f"emotion: `{name.strip()}` has no score; write `persona: number`")
    return emotions, problems


def _not_a_score(text: str) -> str:
    """Why ``text`` is no score, in plain words: the 18-digit bound only when it is the cause."""
    if _DIGITS.fullmatch(text):
        return f"{text[:30]!r} has {len(text.lstrip('+-')):,} digits, more than the 18 a number may have"
    return f"{text!r} is not a whole number such as 2"


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
