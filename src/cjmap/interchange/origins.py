"""Where each part of an imported journey came from, so that a problem found by validating
the journey is reported at the CSV row and column (or Mermaid line) the user can fix, not
at a line of the YAML the import builds in between."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol

from cjmap.interchange.located import Located
from cjmap.problems import Problem

# stages[2].touchpoints[0].emotion → 2, 0, "emotion". Classes of digits and letters, each
# followed by a literal: linear.
_HEAD = re.compile(r"[a-z_]+\[[0-9]+\]", re.ASCII)
_PATH = re.compile(r"stages\[([0-9]+)\](?:\.touchpoints\[([0-9]+)\])?(?:\.([a-z_]+))?", re.ASCII)


class Origin(Protocol):
    def place(self, field: str, *, stage: bool) -> tuple[int, int, str]:
        """Line, column and a label such as "row 4, column `emotion`" for a touchpoint's
        field (or, with ``stage``, for a field of the touchpoint's stage)."""
        ...


@dataclass
class Imported:
    """An imported journey's data, what was read ("55 rows"), and where each touchpoint came from."""

    data: dict[str, Any]
    read: str
    origins: dict[int, Origin] = field(default_factory=dict)  # id() of a touchpoint dict → origin
    # Other parts with a place in the file, by path: "personas[0]" → the first cell naming them.
    places: dict[str, tuple[int, int, str]] = field(default_factory=dict)
    unit: str = "line"  # what a place's first number counts: a Mermaid line, a CSV row

    def counts(self) -> tuple[int, int]:
        """Touchpoints and stages."""
        stages = self.data.get("stages", [])
        return sum(len(stage.get("touchpoints", [])) for stage in stages), len(stages)

    def oversized(self, max_chars: int) -> list[Located]:
        """Texts longer than the validator's budget for one value (CJ014), at their row or line:
        found here, the validator could only point at a line of the YAML built in between."""
        found = []
        for path, (line, column, label) in self.places.items():
            size = _longest(self._part(path))
            if size > max_chars:
                found.append(_too_long(line, column, label, size, max_chars))
        for stage in self.data.get("stages", []):
            for touchpoint in stage.get("touchpoints", []):
                origin = self.origins.get(id(touchpoint))
                if origin is None:
                    continue
                for key, value in touchpoint.items():
                    size = _longest(value)
                    if size > max_chars:
                        found.append(_too_long(*origin.place(key, stage=False), size, max_chars))
        return found

    def locate(self, problem: Problem) -> Located:
        """The problem at its place in the imported file; at the whole file, saying so, when it
        has none (the journey's title, a persona or KPI kept from --base)."""
        place = self._place(problem.path)
        if place is None:
            where = f"`{problem.path}` of the imported journey" if problem.path else "the imported journey"
            return Located(0, 0, f"{where}, at no one place in the file: {problem.message}", problem.severity, problem.code)
        line, column, label = place
        return Located(line, column, f"{label}: {self._places_in(problem.message)}", problem.severity, problem.code)

    def _places_in(self, message: str) -> str:
        """A message that names another part by its path ("already used at stages[0].touchpoints[0].id")
        names its row or line instead: the user never saw the paths of the YAML built in between."""

        def place(path: re.Match[str]) -> str:
            found = self._place(path[0])
            return f"{self.unit} {found[0]}" if found else path[0]

        return _PATH.sub(place, message) if "stages[" in message else message

    def _part(self, path: str) -> Any:
        """The value at a path such as ``personas[0]`` (only that shape is kept in places)."""
        name, _, index = path.rstrip("]").partition("[")
        items = self.data.get(name, [])
        return items[int(index)] if index.isdigit() and int(index) < len(items) else None

    def _place(self, path: str) -> tuple[int, int, str] | None:
        head = _HEAD.match(path)
        if head is not None and head[0] in self.places:
            return self.places[head[0]]
        match = _PATH.match(path)
        stages = self.data.get("stages", [])
        if match is None or int(match[1]) >= len(stages):
            return None
        touchpoints = stages[int(match[1])].get("touchpoints", [])
        if match[2] is None:
            # A stage's field: placed at the first row (or task) of the stage.
            origin = next((self.origins[id(tp)] for tp in touchpoints if id(tp) in self.origins), None)
            return origin.place(match[3] or "id", stage=True) if origin else None
        if int(match[2]) >= len(touchpoints):
            return None
        origin = self.origins.get(id(touchpoints[int(match[2])]))
        return origin.place(match[3] or "id", stage=False) if origin else None


def _too_long(line: int, column: int, label: str, size: int, max_chars: int) -> Located:
    message = f"{label}: this text is {size:,} characters long, over the budget of {max_chars:,} for one value; shorten it"
    return Located(line, column, message, code="CJ014")


def _longest(value: Any) -> int:
    """The length of the longest string in ``value`` (a string, or lists and dicts of them)."""
    if isinstance(value, str):
        return len(value)
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    return max((_longest(item) for item in items), default=0)
