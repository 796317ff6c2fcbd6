"""CSV text to cells that know where they are (line and column in the file).

The csv module cannot say where a cell starts, reads an unclosed quote as "the rest of the
file is one cell" without a word, and stops at its field limit with an internal error. This
reader follows RFC 4180 as spreadsheets write it (and as ``csv.writer`` does: quotes around a
cell that holds the delimiter, a quote or a line break; a quote inside written twice), in one
pass with ``str.find``, and turns each of those cases into a located problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cjmap.interchange.located import Located, LocatedError

# The csv module's default field limit: cells larger than this were never importable.
MAX_CELL = 131_072
QUOTE = '"'
# One character class each: a search cannot backtrack.
_CELL_END = {",": re.compile(r"[,\r\n]"), ";": re.compile(r"[;\r\n]")}


class CsvError(LocatedError):
    """Problems in the CSV file, each at a line and column of the file."""


@dataclass(frozen=True)
class Cell:
    text: str
    line: int
    column: int


class _Cursor:
    """A position in the text, with the line number and where that line starts."""

    def __init__(self, text: str) -> None:
        self.text, self.offset, self.line, self.line_start = text, 0, 1, 0
        self.rows: list[list[Cell]] = []
        self.row: list[Cell] = []

    def where(self) -> str:
        """The current cell as a spreadsheet shows it: "row 4, column `emotion`" (row 1 is the header)."""
        header = self.rows[0] if self.rows else []
        index = len(self.row)
        name = f"`{header[index].text}`" if index < len(header) else str(index + 1)
        return f"row {len(self.rows) + 1}, column {name}"

    def column(self, offset: int) -> int:
        return offset - self.line_start + 1

    def passed(self, start: int, end: int) -> None:
        """Count the line breaks in text[start:end] (\\r\\n, \\r or \\n, as the csv module does)."""
        part = self.text[start:end]
        breaks = part.count("\n") + part.count("\r") - part.count("\r\n")
        if breaks:
            self.line += breaks
            self.line_start = start + max(part.rfind("\n"), part.rfind("\r")) + 1


def parse_table(text: str, *, delimiter: str, max_cell: int = MAX_CELL) -> list[tuple[int, list[Cell]]]:
    """The rows of ``text`` with their numbers as a spreadsheet shows them (the header is row 1);
    blank lines are skipped. Raises CsvError at the first problem."""
    cursor = _Cursor(text)
    end_of_cell = _CELL_END[delimiter]
    while cursor.offset < len(text):
        cell = _quoted(cursor, max_cell) if text.startswith(QUOTE, cursor.offset) else _plain(cursor, end_of_cell, max_cell)
        _after_cell(cursor, delimiter, cell)
    if cursor.row:
        cursor.rows.append(cursor.row)
    return [(number, row) for number, row in enumerate(cursor.rows, start=1) if not (len(row) == 1 and row[0].text == "")]


def _plain(cursor: _Cursor, end_of_cell: re.Pattern[str], max_cell: int) -> Cell:
    start = cursor.offset
    found = end_of_cell.search(cursor.text, start)
    end = found.start() if found else len(cursor.text)
    cell = Cell(cursor.text[start:end], cursor.line, cursor.column(start))
    _check_size(cursor, cell, end - start, max_cell)
    cursor.offset = end
    return cell


def _quoted(cursor: _Cursor, max_cell: int) -> Cell:
    text, start = cursor.text, cursor.offset
    line, column = cursor.line, cursor.column(start)
    parts, position = [], start + 1
    while True:
        closing = text.find(QUOTE, position)
        if closing < 0:
            raise CsvError([_unclosed(cursor, line, column, start)])
        parts.append(text[position:closing])
        if not text.startswith(QUOTE, closing + 1):
            break
        parts.append(QUOTE)  # "" is one quote inside the cell
        position = closing + 2
    cell = Cell("".join(parts), line, column)
    _check_size(cursor, cell, len(cell.text), max_cell)
    cursor.passed(start, closing)
    cursor.offset = closing + 1
    return cell


def _after_cell(cursor: _Cursor, delimiter: str, cell: Cell) -> None:
    """Add the cell to its row and step over the delimiter or line break after it."""
    text, offset = cursor.text, cursor.offset
    if offset < len(text) and text[offset] not in (delimiter, "\r", "\n"):
        raise CsvError([Located(cursor.line, cursor.column(offset) - 1, f"{cursor.where()}: {_AFTER_QUOTE}")])
    cursor.row.append(cell)
    if offset >= len(text):
        return
    if text[offset] == delimiter:
        cursor.offset = offset + 1
        if cursor.offset == len(text):
            cursor.row.append(Cell("", cursor.line, cursor.column(cursor.offset)))  # "a,b," ends with an empty cell
        return
    cursor.offset = offset + (2 if text.startswith("\r\n", offset) else 1)
    cursor.passed(offset, cursor.offset)
    cursor.rows.append(cursor.row)
    cursor.row = []


_AFTER_QUOTE = (
    "the quote before this point closes the cell, but the cell goes on; put the whole cell in quotes "
    'and write each quote inside it twice ("")'
)


def _unclosed(cursor: _Cursor, line: int, column: int, start: int) -> Located:
    rest = cursor.text[start:]
    lines = rest.count("\n") + rest.count("\r") - rest.count("\r\n") + (0 if rest.endswith(("\n", "\r")) else 1)
    return Located(
        line,
        column,
        f"{cursor.where()}: this quote opens a cell that is never closed: the rest of the file ({lines:,} line{'s' if lines != 1 else ''}) "
        'would be read as one cell; close the cell with a quote, and write a quote inside a cell twice ("")',
    )


def _check_size(cursor: _Cursor, cell: Cell, size: int, max_cell: int) -> None:
    if size > max_cell:
        message = f"{cursor.where()}: this cell holds {size:,} characters, more than the {max_cell:,} a cell may hold; shorten it"
        raise CsvError([Located(cell.line, cell.column, message)])
