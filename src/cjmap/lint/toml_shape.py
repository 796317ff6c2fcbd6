"""Limits checked on a TOML configuration's text before tomllib parses it.

tomllib recurses once per nested array or inline table (``a = [[[[…`` 100,000 deep raised a
RecursionError, issue 12) and builds a tuple per prefix of a dotted key (``x.a.a.a… = 1`` with
100,000 parts needs billions of tuple items: the process was killed). cjmap's own settings
nest three levels and use keys of five parts; other tools' tables in a pyproject.toml rarely
go past ten. So: at most 100 levels (tomllib itself recurses past 300) of ``[``/``{`` and 64 dots in one key, found by one linear
pass that skips strings and comments (brackets and dots inside them do not count).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_NESTING = 100
MAX_KEY_DOTS = 64

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


def _at(text: str, offset: int, message: str) -> ShapeProblem:
    line_start = text.rfind("\n", 0, offset) + 1
    return ShapeProblem(text.count("\n", 0, offset) + 1, offset - line_start + 1, message)


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
