"""Document paths and the source map that turns them into 1-based positions.

A path is a tuple of mapping keys and sequence indexes, e.g. ``("stages", 2, "touchpoints", 0)``.
The map holds the position of every value and of every mapping key, so problems can point at the
key (an unknown field) or at the value (a wrong type). Lookups fall back to the nearest ancestor:
pydantic reports a missing field at a path that does not exist in the file.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

DocPath = tuple[Hashable, ...]
Position = tuple[int, int]


@dataclass
class SourceMap:
    values: dict[DocPath, Position] = field(default_factory=dict)
    keys: dict[DocPath, Position] = field(default_factory=dict)

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
