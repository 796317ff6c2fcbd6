"""Read a Mermaid ``journey`` diagram (a .mmd file, or the first journey block of a Markdown
file) into journey data: sections become stages, tasks touchpoints, actors personas.

Real diagrams vary: any indentation, ``%%`` comments, ``accTitle``/``accDescr`` (one line or
a ``{ … }`` block), actors with spaces, tasks without actors, Unicode. Scores map from
Mermaid's 1–5 to the journey's -2..2; a score outside 1–5 is an error unless a wider scale is
chosen, on which scores are kept as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from cjmap.interchange.ids import IdMaker
from cjmap.interchange.located import Located, LocatedError
from cjmap.interchange.numbers import whole_number
from cjmap.interchange.origins import Imported, Origin
from cjmap.text.safe import visible

MERMAID_LOW, MERMAID_HIGH = 1, 5
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})\s*mermaid\s*$", re.IGNORECASE)
_ZERO_WIDTH = "\u200b"


class MermaidError(LocatedError):
    """Problems found in the diagram, all of them, each at its line."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        super().__init__([Located(line, 0, message) for line, message in problems])


@dataclass(frozen=True)
class _TaskOrigin:
    """A touchpoint's task: problems with the touchpoint (or its stage) are reported at its line."""

    line: int
    name: str

    def place(self, field: str, *, stage: bool) -> tuple[int, int, str]:
        return self.line, 0, f"{'the section of ' if stage else ''}task {visible(repr(self.name[:60]))}"


def import_mermaid(text: str, *, title: str, language: str, scale: tuple[int, int] | None) -> Imported:
    """The journey in ``text`` (a diagram, or Markdown holding one), how many tasks were read,
    and the line of each touchpoint's task. Raises MermaidError."""
    body, first_line = extract_diagram(text)
    diagram = parse_mermaid(body, first_line, scale=scale)
    origins: dict[int, Origin] = {}
    data = diagram_to_journey(diagram, title=title, language=language, scale=scale, origins=origins)
    tasks = sum(len(tasks) for _, tasks in diagram.sections)
    return Imported(data, f"{tasks:,} task{'s' if tasks != 1 else ''}", origins)


@dataclass
class _Diagram:
    title: str = ""
    description: str = ""
    sections: list[tuple[str, list[tuple[int, str, int, list[str]]]]] = field(default_factory=list)


def extract_diagram(text: str) -> tuple[str, int]:
    """The journey diagram's text and the line it starts on: the whole file, or the first
    ```mermaid block in Markdown whose diagram is a journey."""
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        fence = _FENCE.match(lines[index])
        if fence:
            closing = fence.group(1)[0] * 3
            end = next((j for j in range(index + 1, len(lines)) if lines[j].strip().startswith(closing)), len(lines))
            block = lines[index + 1 : end]
            if _first_statement(block).lower() == "journey":
                return "\n".join(block), index + 2
            index = end
        index += 1
    return text, 1


def _first_statement(lines: list[str]) -> str:
    return next((line.strip() for line in _without_front_matter(lines) if line.strip() and not line.strip().startswith("%%")), "")


def _without_front_matter(lines: list[str]) -> list[str]:
    """Mermaid 10+ allows a ``---`` YAML front-matter block (configuration) before the diagram."""
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
        if end is not None:
            return [""] * (end + 1) + lines[end + 1 :]  # keep line numbers
    return lines


_KEYWORD = re.compile(r"^(journey|title|section|acctitle|accdescr)\b\s*(.*)$", re.IGNORECASE)


def parse_mermaid(text: str, first_line: int = 1, *, scale: tuple[int, int] | None = None) -> _Diagram:
    parser = _Parser()
    for number, raw in enumerate(_without_front_matter(text.splitlines()), start=first_line):
        if not parser.read(number, raw.strip().replace(_ZERO_WIDTH, "")):
            break
    problems = parser.finish(first_line) + _out_of_range(parser.scores, scale)
    if problems:
        raise MermaidError(sorted(problems))
    return parser.diagram


_Task = tuple[int, str, int, list[str]]  # line number, name, score, actors


@dataclass
class _Parser:
    """One pass over a diagram's lines: the diagram so far, and every problem found."""

    diagram: _Diagram = field(default_factory=_Diagram)
    problems: list[tuple[int, str]] = field(default_factory=list)
    scores: list[tuple[int, str, int]] = field(default_factory=list)
    seen_header: bool = False
    in_description: bool = False
    # The lines of an accDescr { … } block, joined once when it closes: adding each line to
    # the text so far was quadratic in the block's length.
    block: list[str] = field(default_factory=list)
    current: list[_Task] | None = None

    def read(self, number: int, line: str) -> bool:
        """Take one stripped line; False when the text is not a journey diagram (stop)."""
        if self.in_description:
            self._description_line(line)
            return True
        if not line or line.startswith("%%"):
            return True
        match = _KEYWORD.match(line)
        keyword, rest = (match.group(1).lower(), match.group(2)) if match else ("", line)
        if not self.seen_header:
            return self._header(number, line, keyword)
        self._statement(number, line, keyword, rest)
        return True

    def finish(self, first_line: int) -> list[tuple[int, str]]:
        """The problems, once every line is read."""
        if self.in_description:  # a block never closed: its lines are the description all the same
            self.diagram.description = " ".join(filter(None, self.block))
        if not self.seen_header and not self.problems:
            self.problems.append((first_line, "no Mermaid `journey` diagram found"))
        return self.problems

    def _header(self, number: int, line: str, keyword: str) -> bool:
        if keyword != "journey":
            self.problems.append((number, f"expected a Mermaid `journey` diagram, found {line[:40]!r}"))
            return False
        self.seen_header = True
        return True

    def _statement(self, number: int, line: str, keyword: str, rest: str) -> None:
        if keyword == "title":
            self.diagram.title = rest.strip()
        elif keyword == "acctitle":
            self.diagram.title = self.diagram.title or rest.lstrip(":").strip()
        elif keyword == "accdescr":
            self._description(rest.lstrip(":").strip())
        elif keyword == "section":
            self.current = []
            self.diagram.sections.append((rest.strip() or "Section", self.current))
        else:  # a task, or a line that is not one (`journey` again included)
            self._task_line(number, line)

    def _description(self, body: str) -> None:
        if body.startswith("{"):
            self.in_description = "}" not in body
            self.block = [body.strip("{} ")]
            self.diagram.description = self.block[0]
        else:
            self.diagram.description = body

    def _description_line(self, line: str) -> None:
        self.in_description = "}" not in line
        self.block.append(line.split("}", maxsplit=1)[0].strip())
        if not self.in_description:
            self.diagram.description = " ".join(filter(None, self.block))

    def _task_line(self, number: int, line: str) -> None:
        task = _task(number, line, self.problems)
        if task is None:
            return
        self.scores.append((number, task[1], task[2]))
        if self.current is None:  # tasks before any section
            self.current = []
            self.diagram.sections.append(("Journey", self.current))
        self.current.append(task)


def _out_of_range(scores: list[tuple[int, str, int]], scale: tuple[int, int] | None) -> list[tuple[int, str]]:
    """Scores outside the scale; without a chosen scale, one range that fits them all is suggested."""
    low, high = scale or (MERMAID_LOW, MERMAID_HIGH)
    outside = [(number, name, score) for number, name, score in scores if not low <= score <= high]
    if not outside:
        return []
    every = [score for _, _, score in scores]
    hint = f"; to keep such scores, choose a scale that fits them all: --score-scale {min(low, *every)}..{max(high, *every)}" if scale is None else ""
    return [(number, f"the score {score} of task {name!r} is outside {low}–{high}{hint}") for number, name, score in outside]


def _task(number: int, line: str, problems: list[tuple[int, str]]) -> _Task | None:
    # `name: score: actor, actor`, split at the first two colons (actors may hold more). A
    # regular expression with lazy groups and \s* around the colons backtracked: 16 s for one
    # 20,000-character line, 271 s for 80,000.
    name, colon, rest = line.partition(":")
    if not colon or not name.strip():
        problems.append((number, f"not a task (`name: score: actors`): {line[:60]!r}"))
        return None
    written, _, actors = rest.partition(":")
    score = whole_number(written)
    if score is None:
        problems.append((number, f"the score {written.strip()[:40]!r} of task {name.strip()[:60]!r} is not a whole number of at most 18 ASCII digits"))
        return None
    return number, name.strip(), score, [actor.strip() for actor in actors.split(",") if actor.strip()]


def diagram_to_journey(
    diagram: _Diagram, *, title: str, language: str, scale: tuple[int, int] | None, origins: dict[int, Origin] | None = None
) -> dict[str, Any]:
    """Journey data; ``origins`` receives each touchpoint's task (by ``id()`` of its dict)."""
    origins = origins if origins is not None else {}
    people, actor_ids = IdMaker(), {}
    for _, tasks in diagram.sections:
        for _, _, _, actors in tasks:
            for actor in actors:
                if actor not in actor_ids:
                    actor_ids[actor] = people.make(actor, "persona")
    personas = [{"id": pid, "name": name} for name, pid in actor_ids.items()] or [
        {"id": "customer" if language != "es" else "cliente", "name": "Customer" if language != "es" else "Cliente"}
    ]
    stage_ids, touchpoint_ids = IdMaker(), IdMaker()
    stages = []
    for name, tasks in diagram.sections:
        touchpoints = []
        for line, task_name, score, actors in tasks:
            touchpoint: dict[str, Any] = {"id": touchpoint_ids.make(task_name, "touchpoint"), "name": task_name}
            origins[id(touchpoint)] = _TaskOrigin(line, task_name)
            if actors:
                touchpoint["personas"] = [actor_ids[actor] for actor in actors]
            touchpoint["emotion"] = score if scale else score - (MERMAID_LOW + MERMAID_HIGH) // 2
            touchpoints.append(touchpoint)
        stages.append({"id": stage_ids.make(name, "stage"), "name": name, "touchpoints": touchpoints})
    meta: dict[str, Any] = {"id": IdMaker().make(diagram.title or title, "journey"), "title": diagram.title or title, "type": "current-state", "language": language}
    if diagram.description:
        meta["description"] = diagram.description
    if scale:
        meta["emotion_scale"] = {"min": scale[0], "max": scale[1]}
    return {"cjmap": 1, "journey": meta, "personas": personas, "stages": stages}
