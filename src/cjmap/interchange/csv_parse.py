"""CSV text to cells that know where they are: the row and column a spreadsheet shows.

The csv module cannot say where a cell starts, reads an unclosed quote as "the rest of the
file is one cell" without a word, and stops at its field limit with an internal error. This
reader follows RFC 4180 as spreadsheets write it (and as ``csv.writer`` does: quotes around a
cell that holds the delimiter, a quote or a line break; a quote inside written twice), in one
pass with ``str.find``, and turns each of those cases into a located problem.

Places are the spreadsheet's, not the text's: row 1 is the header, a blank line is a blank row,
a cell that holds line breaks is still one row (the rows after it are not shifted), and column
1 is column A. A problem prints as ``file.csv:ROW:COLUMN: error: column `header`: message``.
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
    """Problems in the CSV file, each at a row and column of the spreadsheet."""


@dataclass(frozen=True)
class Cell:
    """A cell's text and its place: ``row`` as a spreadsheet numbers it (the header is row 1),
    ``column`` from 1 (column A)."""

    text: str
    row: int
    column: int


def column_label(number: int, header: list[str]) -> str:
    """How a message names column ``number`` (from 1): by its header, or by its number when
    the header gives it no name."""
    name = header[number - 1].strip() if number <= len(header) else ""
    return f"column `{name}`" if name else f"column {number} (no name in the header)"


class _Cursor:
    """A position in the text, and the rows read so far."""

    def __init__(self, text: str) -> None:
        self.text, self.offset = text, 0
        self.rows: list[list[Cell]] = []
        self.row: list[Cell] = []

    def place(self) -> tuple[int, int]:
        """The row and column of the cell being read."""
        return len(self.rows) + 1, len(self.row) + 1

    def where(self) -> str:
        """The cell being read as a message names it: "column `emotion`" (only when a problem
        is found: the header is looked up then)."""
        header = next((row for row in self.rows if not _blank(row)), None)
        if header is None:
            return f"column {len(self.row) + 1} of the header"
        return column_label(len(self.row) + 1, [cell.text for cell in header])


def parse_table(text: str, *, delimiter: str, max_cell: int = MAX_CELL) -> list[tuple[int, list[Cell]]]:
    """The rows of ``text`` with their numbers as a spreadsheet shows them (the header is row 1);
    blank rows are skipped: blank lines, and rows whose every cell is empty (a spreadsheet saves
    an empty row as ``,,,,``). Raises CsvError at the first problem."""
    cursor = _Cursor(text)
    end_of_cell = _CELL_END[delimiter]
    while cursor.offset < len(text):
        cell = _quoted(cursor, max_cell) if text.startswith(QUOTE, cursor.offset) else _plain(cursor, end_of_cell, max_cell)
        _after_cell(cursor, delimiter, cell)
    if cursor.row:
        cursor.rows.append(cursor.row)
    return [(number, row) for number, row in enumerate(cursor.rows, start=1) if not _blank(row)]


def _blank(row: list[Cell]) -> bool:
    return all(not cell.text.strip() for cell in row)


def _plain(cursor: _Cursor, end_of_cell: re.Pattern[str], max_cell: int) -> Cell:
    start = cursor.offset
    found = end_of_cell.search(cursor.text, start)
    end = found.start() if found else len(cursor.text)
    cell = Cell(cursor.text[start:end], *cursor.place())
    _check_size(cursor, end - start, max_cell)
    cursor.offset = end
    return cell


def _quoted(cursor: _Cursor, max_cell: int) -> Cell:
    text, start = cursor.text, cursor.offset
    parts, position = [], start + 1
    while True:
        closing = text.find(QUOTE, position)
        if closing < 0:
            raise CsvError([_unclosed(cursor, start)])
        parts.append(text[position:closing])
        if not text.startswith(QUOTE, closing + 1):
            break
        parts.append(QUOTE)  # "" is one quote inside the cell
        position = closing + 2
    cell = Cell("".join(parts), *cursor.place())
    _check_size(cursor, len(cell.text), max_cell)
    cursor.offset = closing + 1
    return cell


def _after_cell(cursor: _Cursor, delimiter: str, cell: Cell) -> None:
    """Add the cell to its row and step over the delimiter or line break after it."""
    text, offset = cursor.text, cursor.offset
    if offset < len(text) and text[offset] not in (delimiter, "\r", "\n"):
        raise CsvError([Located(*cursor.place(), f"{cursor.where()}: {_AFTER_QUOTE}")])
    cursor.row.append(cell)
    if offset >= len(text):
        return
    if text[offset] == delimiter:
        cursor.offset = offset + 1
        if cursor.offset == len(text):
            cursor.row.append(Cell("", *cursor.place()))  # "a,b," ends with an empty cell
        return
    cursor.offset = offset + (2 if text.startswith("\r\n", offset) else 1)
    cursor.rows.append(cursor.row)
    cursor.row = []


_AFTER_QUOTE = (
    "the quote before this point closes the cell, but the cell goes on; put the whole cell in quotes "
    'and write each quote inside it twice ("")'
)


def _unclosed(cursor: _Cursor, start: int) -> Located:
    rest = cursor.text[start:]
    lines = rest.count("\n") + rest.count("\r") - rest.count("\r\n") + (0 if rest.endswith(("\n", "\r")) else 1)
    return Located(
        *cursor.place(),
        f"{cursor.where()}: this quote opens a cell that is never closed: the rest of the file ({lines:,} line{'s' if lines != 1 else ''}) "
        'would be read as one cell; close the cell with a quote, and write a quote inside a cell twice ("")',
    )


def _check_size(cursor: _Cursor, size: int, max_cell: int) -> None:
    if size > max_cell:
        message = f"{cursor.where()}: this cell holds {size:,} characters, more than the {max_cell:,} a cell may hold; shorten it"
        raise CsvError([Located(*cursor.place(), message)])
