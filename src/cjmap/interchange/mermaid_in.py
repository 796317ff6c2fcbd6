"""A Mermaid ``journey`` diagram into journey data, read as Mermaid reads it
(:mod:`cjmap.interchange.mermaid_lexer`), then held to what a journey needs.

Sections become stages, tasks touchpoints, actors personas; the title is the diagram's (a
``title`` statement, else the front matter's ``title:``, else ``accTitle``); ``accDescr`` is the
journey's description. Where Mermaid accepts what a journey cannot hold, the import stops
with the line and column and what to write instead: a score that is not a whole number, a
score off the scale (1–5, or --score-scale), a task line whose text Mermaid silently drops.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from cjmap.interchange.ids import IdMaker
from cjmap.interchange.located import Located, LocatedError
from cjmap.interchange.markdown_blocks import Block, journey_blocks
from cjmap.interchange.mermaid_lexer import Diagram, Task, read, shown, trim
from cjmap.interchange.mermaid_source import js_number, js_number_text
from cjmap.interchange.origins import Imported, Origin
from cjmap.interchange.scales import fitting_scale
from cjmap.model.types import SCALE_BOUND
from cjmap.text.labels import labels
from cjmap.text.mermaid_escape import JS_SPACE_CHARS
from cjmap.text.safe import visible

MERMAID_LOW, MERMAID_HIGH = 1, 5
_ZERO_WIDTH = "\u200b"  # older cjmap exports put it before a task name that starts with a keyword


class MermaidError(LocatedError):
    """Problems found in the diagram, all of them, each at its line and column."""


@dataclass(frozen=True)
class _TaskOrigin:
    """A touchpoint's task: problems with the touchpoint (or its stage) are reported at it."""

    line: int
    column: int
    name: str

    def place(self, field: str, *, stage: bool) -> tuple[int, int, str]:
        # Every field of a touchpoint comes from its one task line (name, score, actors), so
        # the problem is at the task whatever ``field`` it concerns (the CSV origin uses it).
        del field
        return self.line, self.column, f"{'the section of ' if stage else ''}task {visible(repr(self.name[:60]))}"


@dataclass
class MermaidImport:
    """One diagram's journey, the block it came from, and what the user should be told."""

    imported: Imported
    block: Block
    title: str
    notices: list[str] = field(default_factory=list)
    warnings: list[Located] = field(default_factory=list)  # what Mermaid reads otherwise than the user likely meant


def import_mermaid(text: str, *, title: str, language: str, scale: tuple[int, int] | None, block: int = 1) -> Imported:
    """The journey of one diagram (the Nth journey block of Markdown). Raises MermaidError, and
    IndexError when there is no block ``block``."""
    blocks = journey_blocks(text)
    if not blocks.blocks:
        raise MermaidError([blocks.why_none()])
    if not 1 <= block <= len(blocks.blocks):
        raise IndexError(f"block {block}: the text has {len(blocks.blocks)} journey block{'s' if len(blocks.blocks) != 1 else ''}")
    return import_block(blocks.blocks[block - 1], title=title, language=language, scale=scale).imported


def import_block(block: Block, *, title: str, language: str, scale: tuple[int, int] | None) -> MermaidImport:
    parsed = parse_mermaid(block.text, block=block, scale=scale)
    found = _journey(parsed.diagram, parsed.tasks, block, title=title, language=language, scale=scale)
    found.warnings = [Located(*block.where(*parsed.diagram.source.where(at)), message, "warning") for at, message in parsed.diagram.warnings]
    return found


@dataclass
class ParsedDiagram:
    """A diagram read and checked, before it becomes journey data."""

    diagram: Diagram
    tasks: list[_Checked]
    block: Block


def parse_mermaid(text: str, *, block: Block | None = None, scale: tuple[int, int] | None = None) -> ParsedDiagram:
    """One diagram's text read as Mermaid reads it and checked; raises MermaidError."""
    block = block or Block(text, 1, ())
    diagram = read(text)
    problems = [Located(*block.where(line, column), message) for line, column, message in diagram.source.front_problems]
    problems += [Located(*block.where(*diagram.source.where(at)), message) for at, message in diagram.problems]
    tasks = [_Checked.of(task, diagram, block) for task in diagram.tasks]
    problems += [problem for task in tasks for problem in task.problems]
    problems += _off_the_scale([task for task in tasks if not task.problems], scale)
    if problems:
        raise MermaidError(problems)
    return ParsedDiagram(diagram, tasks, block)


@dataclass
class _Checked:
    """A task as Mermaid reads it (name and actors as shown, score as JavaScript's Number)."""

    task: Task
    name: str
    score: float
    actors: list[str]
    line: int
    column: int
    score_at: tuple[int, int]
    suspect: str = ""  # how a colon in the name may have made the score (no --score-scale hint then)
    problems: list[Located] = field(default_factory=list)

    @classmethod
    def of(cls, task: Task, diagram: Diagram, block: Block) -> _Checked:
        def at(position: int) -> tuple[int, int]:
            return block.where(*diagram.source.where(position))

        pieces = task.data.split(":")
        name = trim(shown(task.name).removeprefix(_ZERO_WIDTH))
        actors = [] if len(pieces) < 2 else list(dict.fromkeys(a for a in (trim(shown(p)) for p in pieces[1].split(",")) if a))
        lead = len(pieces[0]) - len(pieces[0].lstrip(JS_SPACE_CHARS))  # the score is placed at its first character
        checked = cls(task, name, js_number(pieces[0]), actors, *at(task.start), at(task.data_start + lead))
        said = visible(repr(name[:60]))
        if len(pieces) > 2:
            dropped = ":" + ":".join(pieces[2:])
            checked.problems.append(Located(*at(task.data_start + len(pieces[0]) + len(pieces[1]) + 1), (
                f"Mermaid reads this line as task {said} with score {js_number_text(checked.score)} from {trim(pieces[0])!r} and {_actors(actors)}, "
                f"and drops {visible(repr(trim(dropped)[:60]))}: a task name cannot hold a colon in Mermaid, and only two colons follow it; "
                f"write a time as 08.00, or a colon in a name as `#58;`"
            )))
        elif not name:
            checked.problems.append(Located(checked.line, checked.column, "this task has no name: give it one before the colon"))
        elif not trim(pieces[0]):
            checked.problems.append(Located(*checked.score_at, (
                f"task {said} has no score (Mermaid draws it as 0): write a whole number between its colons, e.g. `{name[:40]}: 3: {', '.join(actors[:2])}`"
            )))
        elif not math.isfinite(checked.score):
            checked.problems.append(Located(*checked.score_at, (
                f"the score {trim(pieces[0])[:40]!r} of task {said} is not a number (Mermaid draws it as NaN); cjmap needs a whole number such as 3"
            )))
        elif not checked.score.is_integer():
            checked.problems.append(Located(*checked.score_at, (
                f"the score {trim(pieces[0])[:40]!r} of task {said} is not a whole number (Mermaid reads {js_number_text(checked.score)}); "
                "cjmap needs whole numbers: round it"
            )))
        elif name[-1:].isdigit() and trim(pieces[0]).isdigit() and any(actor.isdigit() for actor in actors):
            checked.suspect = (
                f"Mermaid reads task {said} with score {js_number_text(checked.score)} and {_actors(actors)}: a task name cannot hold a colon in Mermaid, "
                "so a time such as 10:30 in the name is cut there; write 10.30, or `#58;` for the colon"
            )
        return checked


def _actors(actors: list[str]) -> str:
    return "no actor" if not actors else f"actor{'s' if len(actors) > 1 else ''} " + ", ".join(visible(repr(actor[:40])) for actor in actors)


def _off_the_scale(tasks: list[_Checked], scale: tuple[int, int] | None) -> list[Located]:
    """Scores off the scale; without a chosen scale, one that fits them all is suggested, unless
    a colon in a task's name made the score (following such a hint would keep the misreading)."""
    low, high = scale or (MERMAID_LOW, MERMAID_HIGH)
    outside = [task for task in tasks if not low <= task.score <= high]
    plain = [task.score for task in tasks if not task.suspect]
    hint = ""
    if scale is None and any(not task.suspect for task in outside):
        fitting = fitting_scale(int(min([low, *plain])), int(max([high, *plain]))) if all(abs(score) <= SCALE_BOUND for score in plain) else None
        hint = (
            f"; to keep such scores, choose a scale that fits them all: --score-scale {fitting[0]}..{fitting[1]}"
            if fitting
            else f"; no scale a journey holds goes beyond ±{SCALE_BOUND:,}: correct the score"
        )
    return [
        Located(*task.score_at, task.suspect or f"the score {js_number_text(task.score)} of task {visible(repr(task.name[:60]))} is outside {low}–{high}{hint}")
        for task in outside
    ]


def _journey(diagram: Diagram, tasks: list[_Checked], block: Block, *, title: str, language: str, scale: tuple[int, int] | None) -> MermaidImport:
    words = labels(language)
    notices: list[str] = []
    people = IdMaker()
    actor_ids = {actor: "" for task in tasks for actor in task.actors}
    for actor in actor_ids:
        actor_ids[actor] = people.make(actor, "persona")
    personas = [{"id": pid, "name": name} for name, pid in actor_ids.items()]
    if not personas:
        name = words["placeholder_persona"]
        personas = [{"id": people.make(name, "persona"), "name": name}]
        notices.append(f"the diagram names no actors: the journey has one persona, {name!r}, on no touchpoint (a journey needs one persona)")
    sections = [trim(shown(name)) or words["unnamed_section"] for name, _ in diagram.sections]
    first_stage = words["first_stage"]
    if any(task.task.section < 0 for task in tasks) or not sections:
        sections.insert(0, first_stage)
        offset = 1
    else:
        offset = 0
    if not tasks:
        notices.append(f"the diagram has no tasks: the journey has {len(sections)} empty stage{'s' if len(sections) != 1 else ''}")
    stage_ids, touchpoint_ids = IdMaker(), IdMaker()
    stages: list[dict[str, Any]] = [{"id": stage_ids.make(name, "stage"), "name": name, "touchpoints": []} for name in sections]
    origins: dict[int, Origin] = {}
    for task in tasks:
        touchpoint: dict[str, Any] = {"id": touchpoint_ids.make(task.name, "touchpoint"), "name": task.name}
        touchpoint["personas"] = [actor_ids[actor] for actor in task.actors]  # [] names nobody (not everyone)
        touchpoint["emotion"] = int(task.score) if scale else int(task.score) - (MERMAID_LOW + MERMAID_HIGH) // 2
        origins[id(touchpoint)] = _TaskOrigin(task.line, task.column, task.name)
        stages[task.task.section + offset]["touchpoints"].append(touchpoint)
    chosen = _title(diagram) or title
    meta: dict[str, Any] = {"id": IdMaker().make(chosen, "journey"), "title": chosen, "type": "current-state", "language": language}
    description = trim(shown(diagram.acc_descr))
    if description:
        meta["description"] = description
    if scale:
        meta["emotion_scale"] = {"min": scale[0], "max": scale[1]}
    data = {"cjmap": 1, "journey": meta, "personas": personas, "stages": stages}
    read_count = f"{len(tasks):,} task{'s' if len(tasks) != 1 else ''}"
    return MermaidImport(Imported(data, read_count, origins), block, chosen, notices)


def _title(diagram: Diagram) -> str:
    """The title Mermaid draws (a `title` statement, else the front matter's); else accTitle."""
    return trim(shown(diagram.title or "")) or trim(shown(diagram.acc_title))
