"""Document paths and the source map that turns them into 1-based positions.

A path is a tuple of mapping keys and sequence indexes, e.g. ``("stages", 2, "touchpoints", 0)``.
The map holds the position of every value and of every mapping key, so problems can point at the
key (an unknown field) or at the value (a wrong type), and where each ends, so they can span it
(SARIF regions, editors' ranges). Lookups fall back to the nearest ancestor: pydantic reports a
missing field at a path that does not exist in the file.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

DocPath = tuple[Hashable, ...]
Position = tuple[int, int]
# start line, start column, end line, end column; the end is exclusive (just after the last character)
Span = tuple[int, int, int, int]


@dataclass
class SourceMap:
    values: dict[DocPath, Position] = field(default_factory=dict)
    keys: dict[DocPath, Position] = field(default_factory=dict)
    # Where each value and key ends (exclusive); a path in ``values`` may lack one (a fatal
    # issue stopped the build inside it).
    value_ends: dict[DocPath, Position] = field(default_factory=dict)
    key_ends: dict[DocPath, Position] = field(default_factory=dict)

    def locate(self, path: Sequence[Hashable], *, prefer_key: bool = False) -> Position:
        """Position of ``path``'s value (or key), else of its nearest ancestor, else 1:1."""
        candidate: DocPath = tuple(path)
        while True:
            if prefer_key and candidate in self.keys:
                return self.keys[candidate]
            if candidate in self.values:
                return self.values[candidate]
            if not candidate:
                return (1, 1)
            candidate = candidate[:-1]

    def span(self, path: Sequence[Hashable], *, prefer_key: bool = False, lines: Sequence[str] = ()) -> Span:
        """Where ``path``'s value (or key) starts and ends. Found only through an ancestor (a
        missing field), or with no end recorded, it ends with its start line: a whole stage is
        not the place of a field it lacks. ``lines`` (the file's) trim an end at the start of a
        line (a block scalar's, after its line break) back to the end of the text before it."""
        start = self.locate(path, prefer_key=prefer_key)
        end = self._end(tuple(path), prefer_key=prefer_key)
        if end is None:
            return (*start, *line_end(lines, *start))
        return (*start, *_trimmed(lines, start, end))

    def _end(self, path: DocPath, *, prefer_key: bool) -> Position | None:
        """The end of ``path`` itself (not of an ancestor), as ``locate`` chose key or value."""
        if prefer_key and path in self.keys:
            return self.key_ends.get(path)
        return self.value_ends.get(path) if path in self.values else None

    def known_prefix(self, path: Sequence[Hashable]) -> DocPath:
        """The longest prefix of ``path`` present in the file (pydantic adds union tags)."""
        kept: list[Hashable] = []
        for part in path:
            if (*kept, part) in self.values:
                kept.append(part)
        return tuple(kept)


def format_path(path: Sequence[Hashable]) -> str:
    """``("stages", 2, "touchpoints", 0, "emotion")`` -> ``stages[2].touchpoints[0].emotion``."""
    text = ""
    for part in path:
        if isinstance(part, int) and not isinstance(part, bool):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def line_end(lines: Sequence[str], line: int, column: int) -> Position:
    """The end of line ``line`` (exclusive), never before ``column`` + 1: the span of a problem
    whose token's end is unknown (a syntax error, a position found through an ancestor)."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    return (line, max(len(text) + 1, column + 1))


def _trimmed(lines: Sequence[str], start: Position, end: Position) -> Position:
    """``end`` moved back over line breaks and blank lines to the last character of the text.

    A block scalar (``|``, ``>``) ends after its final line break, at column 1 of the next line
    (or of a blank line after it); a span reads better ending where its text does.
    """
    line, column = end
    while column == 1 and line > start[0] and lines:
        line -= 1
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        column = len(text.rstrip(" ")) + 1 if line > start[0] else max(len(text.rstrip(" ")) + 1, start[1] + 1)
    return (line, column)
