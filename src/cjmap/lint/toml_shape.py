"""Limits checked on a TOML configuration's text before tomllib parses it.

tomllib recurses once per nested array or inline table (``a = [[[[…`` 100,000 deep raised a
RecursionError, issue 12) and builds a tuple per prefix of a dotted key (``x.a.a.a… = 1`` with
100,000 parts needs billions of tuple items: the process was killed). cjmap's own settings
nest three levels and use keys of five parts; other tools' tables in a pyproject.toml rarely
go past ten. So: at most 100 levels (tomllib itself recurses past 300) of ``[``/``{`` and 64 dots in one key, found by one linear
pass that skips strings and comments (brackets and dots inside them do not count).

tomllib keeps no positions either, so the other half of this module finds by hand where a table
or key stands in the text, for the messages about it: one line-by-line reading of table headers
and ``key =`` lines (:func:`key_lines`) serves both finders, :func:`table_position` (where a
dotted table or key opens) and :func:`key_position` (where a bare key is set).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

MAX_NESTING = 100
MAX_KEY_DOTS = 64

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")  # in the messages of tomllib before Python 3.14
_MARK = re.compile(r"""["'#\[\]{}.\n]""")
_BARE_PART = re.compile(r"[ \t]*(?:[A-Za-z0-9_\-]+[ \t]*)?")  # what may stand between two dots of a key (two adjacent [ \t]* were quadratic)


@dataclass(frozen=True)
class ShapeProblem:
    line: int
    column: int
    message: str


def shape_problem(text: str) -> ShapeProblem | None:
    """The first place where ``text`` nests too deep or has too long a dotted key, else None."""
    depth, dots, position = 0, 0, 0
    while (match := _MARK.search(text, position)) is not None:
        at, mark = match.start(), match.group()
        joined = _BARE_PART.fullmatch(text, position, at) is not None
        position = at + 1
        if mark == ".":
            dots = dots + 1 if joined else 1
            if dots > MAX_KEY_DOTS:
                return _at(text, at, f"a dotted key has more than {MAX_KEY_DOTS} parts; cjmap's settings use at most 5: shorten the key")
        elif mark in "\"'":
            dots = dots if joined else 0
            position = _string_end(text, at)
        elif mark == "#":
            dots, position = 0, _line_end(text, at)
        elif mark in "[{":
            dots, depth = 0, depth + 1
            if depth > MAX_NESTING:
                return _at(text, at, f"arrays or inline tables nested too deep (more than {MAX_NESTING} levels); cjmap's settings need at most 3")
        else:  # closing bracket or brace, or a line break
            dots = 0
            if mark in "]}":
                depth = max(0, depth - 1)
    return None


def decode_problem(error: ValueError, text: str) -> ShapeProblem:
    """tomllib's error (a ``TOMLDecodeError``) as a located problem. Python 3.14's tomllib (and
    tomli 2.1+) give the position as attributes; older ones only inside the message, as
    "(at line N, column M)"; without either, just past the last character ("at end of document")."""
    reason = getattr(error, "msg", None) or _TOML_POSITION.sub("", str(error)).strip()
    line, column = getattr(error, "lineno", None), getattr(error, "colno", None)
    if isinstance(line, int) and isinstance(column, int):
        return ShapeProblem(line, column, f"invalid TOML: {reason}")
    match = _TOML_POSITION.search(str(error))
    position = (int(match.group(1)), int(match.group(2))) if match else position_at(text, len(text))
    return ShapeProblem(*position, f"invalid TOML: {reason}")


def _at(text: str, offset: int, message: str) -> ShapeProblem:
    return ShapeProblem(*position_at(text, offset), message)


def position_at(text: str, offset: int) -> tuple[int, int]:
    """The line and column (from 1) of the character at ``offset`` (or just past the end)."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def _line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end < 0 else end


def _string_end(text: str, at: int) -> int:
    """Just past the string that opens at ``at`` (or at the line break that leaves a one-line
    string unclosed: tomllib reports that one itself)."""
    quote = text[at]
    multiline = text.startswith(quote * 3, at)
    closing = quote * 3 if multiline else quote
    start = position = at + len(closing)
    while True:
        end = text.find(closing, position)
        if not multiline:
            newline = text.find("\n", position, len(text) if end < 0 else end)
            if newline >= 0:
                return newline
        if end < 0:
            return len(text)
        if quote == '"' and _escaped(text, end, start):
            position = end + 1
            continue
        end += len(closing)
        for _ in range(2 if multiline else 0):  # """a"""" ends with a quote of its own, then the closing three
            if text.startswith(quote, end):
                end += 1
        return end


def _escaped(text: str, at: int, start: int) -> bool:
    """Whether the quote at ``at`` follows an odd run of backslashes (``\\"`` in a basic string)."""
    run = at
    while run > start and text[run - 1] == "\\":
        run -= 1
    return (at - run) % 2 == 1


class KeyLine(NamedTuple):  # a tuple: one is made for each line of the text
    """A line that opens a table (``key`` is None) or sets a key in the table opened last."""

    number: int
    column: int  # of its first character
    table: str  # dotted, unquoted: ``tool.cjmap.lint``
    key: str | None  # dotted, unquoted: ``select``, ``rules.CJ101``
    text: str


def key_lines(text: str) -> Iterator[KeyLine]:
    """Each table header and ``key =`` line of ``text``, comments and blank lines left out.

    Best effort, line by line: a line inside a multi-line string or array counts too. Linear in
    the text: the table and the key stay apart (joining them would copy a long table name once for
    every line below it).
    """
    table = ""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("["):
            table, key = _unquoted(stripped.strip("[]").split("]", 1)[0]), None
        elif "=" in stripped:
            key = _unquoted(stripped.split("=", 1)[0])
        else:
            continue
        yield KeyLine(number, len(line) - len(line.lstrip()) + 1, table, key, line)


def table_position(text: str, wanted: str) -> tuple[int | None, int]:
    """The line that opens the dotted table or key ``wanted`` (or one inside it, else the first
    one leading to it: ``tool = {cjmap = …}``, or ``[tool.cjmap]`` above ``select =``) and the
    column of its first character; (None, 1) if none is found."""
    inside: str | None = wanted  # what is left of ``wanted`` inside the table opened last; None: it lies elsewhere
    leading_to_it: tuple[int | None, int] = (None, 1)
    for line in key_lines(text):
        if line.key is None:
            path, target, inside = line.table, wanted, _inside(wanted, line.table)
        elif inside is not None:
            path, target = line.key, inside
        else:
            continue
        if _within(path, target):
            return line.number, line.column
        if leading_to_it[0] is None and path != target and _within(target, path):
            leading_to_it = (line.number, line.column)
    return leading_to_it


def key_position(text: str, key: str, start: int = 1) -> tuple[int, int]:
    """Where ``key`` is set (``key =``, also in an inline table) or ends a table header, searched
    from line ``start`` on, and the column of the key; (start, 1) if it is not found."""
    escaped = re.escape(key)
    pattern = re.compile(rf"(?:^|[{{,\s])([\"']?{escaped}[\"']?\s*=)|^\s*(\[[^\]]*\b{escaped}\])")
    for line in key_lines(text):
        if line.number < start:
            continue
        match = pattern.search(line.text)
        if match:
            group = 1 if match.group(1) else 2
            return line.number, match.start(group) + 1
    return start, 1


def _within(path: str, top: str) -> bool:
    """Whether the dotted ``path`` is ``top`` or lies inside it (``tool.cjmap.lint`` in ``tool``)."""
    return path.startswith(top) and path[len(top) : len(top) + 1] in ("", ".")


def _inside(wanted: str, table: str) -> str | None:
    """What is left of ``wanted`` inside ``table``, or None when ``wanted`` does not lie in it
    (``[]``, a header only inside a multi-line string, names no table: keys go on at the top)."""
    if not table:
        return wanted
    return wanted[len(table) + 1 :] if wanted != table and _within(wanted, table) else None


def _unquoted(key: str) -> str:
    """A TOML key path without spaces around dots and without quotes (``"tool" . cjmap``)."""
    return ".".join(part.strip().strip("\"'") for part in key.split("."))
