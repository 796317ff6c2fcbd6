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

MERMAID_LOW, MERMAID_HIGH = 1, 5
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})\s*mermaid\s*$", re.IGNORECASE)
_TASK = re.compile(r"^(?P<name>[^:]+?)\s*:\s*(?P<score>[^:]*?)\s*(?::\s*(?P<actors>.*))?$")
_ZERO_WIDTH = "\u200b"


class MermaidError(ValueError):
    """Problems found in the diagram: (line, message) pairs, all of them."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        super().__init__("; ".join(f"line {line}: {message}" for line, message in problems))
        self.problems = problems


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
    return next((line.strip() for line in lines if line.strip() and not line.strip().startswith("%%")), "")


def parse_mermaid(text: str, first_line: int = 1, *, scale: tuple[int, int] | None = None) -> _Diagram:
    diagram, problems = _Diagram(), []
    seen_header, in_description = False, False
    current: list[tuple[int, str, int, list[str]]] | None = None
    for number, raw in enumerate(text.splitlines(), start=first_line):
        line = raw.strip().replace(_ZERO_WIDTH, "")
        if in_description:
            in_description = "}" not in line
            part = line.split("}")[0].strip()
            if part:
                diagram.description += (" " if diagram.description else "") + part
            continue
        if not line or line.startswith("%%"):
            continue
        keyword, _, rest = line.partition(" ")
        lowered = keyword.lower().rstrip(":")
        if not seen_header:
            if lowered != "journey":
                problems.append((number, f"expected a Mermaid `journey` diagram, found {line[:40]!r}"))
                break
            seen_header = True
            continue
        if lowered == "title":
            diagram.title = rest.strip()
        elif lowered == "acctitle":
            diagram.title = diagram.title or line.split(":", 1)[-1].strip()
        elif lowered == "accdescr":
            body = line[len(keyword):].strip().lstrip(":").strip()
            if body.startswith("{"):
                in_description = "}" not in body
                diagram.description = body.strip("{} ")
            else:
                diagram.description = body
        elif lowered == "section":
            current = []
            diagram.sections.append((rest.strip() or "Section", current))
        else:
            task = _task(number, line, scale, problems)
            if task is not None:
                if current is None:
                    current = []
                    diagram.sections.append(("Journey", current))
                current.append(task)
    if not seen_header and not problems:
        problems.append((first_line, "no Mermaid `journey` diagram found"))
    if problems:
        raise MermaidError(problems)
    return diagram


def _task(number: int, line: str, scale: tuple[int, int] | None, problems: list[tuple[int, str]]) -> tuple[int, str, int, list[str]] | None:
    match = _TASK.match(line)
    if match is None:
        problems.append((number, f"not a task (`name: score: actors`): {line[:60]!r}"))
        return None
    try:
        score = int(match.group("score"))
    except ValueError:
        problems.append((number, f"the score {match.group('score')!r} of task {match.group('name')!r} is not a whole number"))
        return None
    low, high = scale or (MERMAID_LOW, MERMAID_HIGH)
    if not low <= score <= high:
        hint = f"; to keep such scores, choose a wider scale, e.g. --score-scale {min(low, score)}..{max(high, score)}"
        problems.append((number, f"the score {score} of task {match.group('name')!r} is outside {low}–{high}{hint if scale is None else ''}"))
        return None
    actors = [actor.strip() for actor in (match.group("actors") or "").split(",") if actor.strip()]
    return number, match.group("name").strip(), score, actors


def diagram_to_journey(diagram: _Diagram, *, title: str, language: str, scale: tuple[int, int] | None) -> dict[str, Any]:
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
        for _, task_name, score, actors in tasks:
            touchpoint: dict[str, Any] = {"id": touchpoint_ids.make(task_name, "touchpoint"), "name": task_name}
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
