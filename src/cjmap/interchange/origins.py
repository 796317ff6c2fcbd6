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

    def counts(self) -> tuple[int, int]:
        """Touchpoints and stages."""
        stages = self.data.get("stages", [])
        return sum(len(stage.get("touchpoints", [])) for stage in stages), len(stages)

    def oversized(self, max_chars: int) -> list[Located]:
        """Texts longer than the validator's budget for one value (CJ014), at their row or line:
        found here, the validator could only point at a line of the YAML built in between."""
        found = []
        for stage in self.data.get("stages", []):
            for touchpoint in stage.get("touchpoints", []):
                origin = self.origins.get(id(touchpoint))
                if origin is None:
                    continue
                for key, value in touchpoint.items():
                    size = _longest(value)
                    if size > max_chars:
                        line, column, label = origin.place(key, stage=False)
                        message = f"{label}: this text is {size:,} characters long, over the budget of {max_chars:,} for one value; shorten it"
                        found.append(Located(line, column, message, code="CJ014"))
        return found

    def locate(self, problem: Problem) -> Located:
        """The problem at its place in the imported file; at the whole file when it has none."""
        place = self._place(problem.path)
        if place is None:
            where = f" (at `{problem.path}` of the imported journey)" if problem.path else ""
            return Located(0, 0, problem.message + where, problem.severity, problem.code)
        line, column, label = place
        return Located(line, column, f"{label}: {problem.message}", problem.severity, problem.code)

    def _place(self, path: str) -> tuple[int, int, str] | None:
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


def _longest(value: Any) -> int:
    """The length of the longest string in ``value`` (a string, or lists and dicts of them)."""
    if isinstance(value, str):
        return len(value)
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    return max((_longest(item) for item in items), default=0)
