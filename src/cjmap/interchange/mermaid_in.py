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
    diagram, problems = _Diagram(), []
    seen_header, in_description = False, False
    # The lines of an accDescr { … } block, joined once when it closes: adding each line to
    # the text so far was quadratic in the block's length.
    block: list[str] = []
    current: list[tuple[int, str, int, list[str]]] | None = None
    scores: list[tuple[int, str, int]] = []
    for number, raw in enumerate(_without_front_matter(text.splitlines()), start=first_line):
        line = raw.strip().replace(_ZERO_WIDTH, "")
        if in_description:
            in_description = "}" not in line
            block.append(line.split("}")[0].strip())
            if not in_description:
                diagram.description = " ".join(filter(None, block))
            continue
        if not line or line.startswith("%%"):
            continue
        match = _KEYWORD.match(line)
        lowered, rest = (match.group(1).lower(), match.group(2)) if match else ("", line)
        if not seen_header:
            if lowered != "journey":
                problems.append((number, f"expected a Mermaid `journey` diagram, found {line[:40]!r}"))
                break
            seen_header = True
            continue
        if lowered == "title":
            diagram.title = rest.strip()
        elif lowered == "acctitle":
            diagram.title = diagram.title or rest.lstrip(":").strip()
        elif lowered == "accdescr":
            body = rest.lstrip(":").strip()
            if body.startswith("{"):
                in_description = "}" not in body
                block = [body.strip("{} ")]
                diagram.description = block[0]
            else:
                diagram.description = body
        elif lowered == "section":
            current = []
            diagram.sections.append((rest.strip() or "Section", current))
        else:
            task = _task(number, line, problems)
            if task is not None:
                scores.append((number, task[1], task[2]))
                if current is None:
                    current = []
                    diagram.sections.append(("Journey", current))
                current.append(task)
    if in_description:  # a block never closed: its lines are the description all the same
        diagram.description = " ".join(filter(None, block))
    if not seen_header and not problems:
        problems.append((first_line, "no Mermaid `journey` diagram found"))
    problems += _out_of_range(scores, scale)
    if problems:
        raise MermaidError(sorted(problems))
    return diagram


def _out_of_range(scores: list[tuple[int, str, int]], scale: tuple[int, int] | None) -> list[tuple[int, str]]:
    """Scores outside the scale; without a chosen scale, one range that fits them all is suggested."""
    low, high = scale or (MERMAID_LOW, MERMAID_HIGH)
    outside = [(number, name, score) for number, name, score in scores if not low <= score <= high]
    if not outside:
        return []
    every = [score for _, _, score in scores]
    hint = f"; to keep such scores, choose a scale that fits them all: --score-scale {min(low, *every)}..{max(high, *every)}" if scale is None else ""
    return [(number, f"the score {score} of task {name!r} is outside {low}–{high}{hint}") for number, name, score in outside]


def _task(number: int, line: str, problems: list[tuple[int, str]]) -> tuple[int, str, int, list[str]] | None:
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
