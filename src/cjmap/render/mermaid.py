"""The Mermaid ``journey`` view: sections per stage, tasks per touchpoint, scores on 1–5.

Mermaid's journey diagram has one score per task and no pain points, opportunities or KPIs;
:func:`dropped` says what the conversion leaves out, for the CLI to print on stderr. Text is kept:
what Mermaid would misread is written as its entity codes (:mod:`cjmap.text.mermaid_escape`), so
the reader sees the journey's own words. The view holds the text as written in the diagram.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from cjmap.model import Journey, Touchpoint
from cjmap.text.labels import stage_name
from cjmap.text.mermaid_escape import Written, has_line_break, mermaid_actor, mermaid_description, mermaid_name, mermaid_title, one_line

MERMAID_MIN, MERMAID_MAX = 1, 5
# A touchpoint without `personas:` lists every persona as an actor, so the diagram grows as
# personas x touchpoints (1,000 personas on 5,000 touchpoints made a 5 GB diagram, before the
# persona-lane budget, CJ018). Lanes are bounded now, but long persona names still multiply:
# this second budget is on the diagram itself. Mermaid draws at most 50,000 characters by
# default (its maxTextSize); 20 MiB, the default expanded-size budget, is far above that.
MAX_DIAGRAM_CHARS = 20 * 1024 * 1024


class DiagramTooLarge(ValueError):
    """The Mermaid form of a journey would exceed MAX_DIAGRAM_CHARS."""


@dataclass(frozen=True)
class Task:
    name: str
    score: int
    actors: tuple[str, ...]
    actors_text: str  # the actors comma-separated, "" for none (`personas: []`): then no actor part


@dataclass(frozen=True)
class Section:
    name: str
    tasks: tuple[Task, ...]


@dataclass(frozen=True)
class MermaidView:
    title: str  # "" when nothing visible is left: no title statement
    description: tuple[str, ...]  # accDescr's lines: none, one (`accDescr: …`) or a `{ … }` block
    sections: tuple[Section, ...]


def to_mermaid_score(value: float, low: int, high: int) -> int:
    """Map a value on the journey's scale to Mermaid's 1–5 (the middle, 3, when unknown)."""
    return round(MERMAID_MIN + (value - low) * (MERMAID_MAX - MERMAID_MIN) / (high - low))


def build_mermaid(journey: Journey) -> MermaidView:
    actors = _Actors(journey)
    language = journey.journey.language
    sections = tuple(
        Section(mermaid_name(stage_name(stage, language)), tuple(_task(tp, journey, actors) for tp in stage.touchpoints))
        for stage in journey.stages
    )
    _check_size(sections, len(journey.personas))
    meta = journey.journey
    return MermaidView(mermaid_title(meta.title), mermaid_description(meta.description or ""), sections)


def _check_size(sections: tuple[Section, ...], personas: int) -> None:
    """Refuse before the template writes anything: the tasks share their actor strings, so
    counting them is cheap, while writing them out is what costs the memory."""
    size = sum(len(task.name) + len(task.actors_text) + 8 for section in sections for task in section.tasks)
    if size > MAX_DIAGRAM_CHARS:
        tasks = sum(len(section.tasks) for section in sections)
        raise DiagramTooLarge(
            f"the Mermaid diagram would hold about {size:,} characters (budget {MAX_DIAGRAM_CHARS:,}): "
            f"{tasks:,} tasks, and each touchpoint without `personas:` lists all {personas:,} personas as actors; "
            "name each touchpoint's personas, split the journey, or render to html or svg"
        )


class _Actors:
    """Each persona's actor name, written once, and the list for "everyone" made once.

    A touchpoint without ``personas:`` involves every persona, so each such task lists them all:
    writing and joining the names per task cost personas x touchpoints of work (3,000 x 3,000
    took 21 s) on top of the output, which is that size by nature.
    """

    def __init__(self, journey: Journey) -> None:
        self._written = _actor_names(journey)
        self.everyone = self.of(journey.persona_ids)
        self.everyone_text = Written(", ".join(self.everyone))

    def of(self, people: list[str]) -> tuple[str, ...]:
        return tuple(self._written[p] for p in people)


def _actor_names(journey: Journey) -> dict[str, str]:
    """Each persona's actor, as written: its full name, so that importing the diagram gives the
    persona back by name (a comma in it is an entity code: commas separate actors), unless two
    personas would show the same one (Mermaid would merge them), then with its id. A name with
    nothing visible left is its id."""
    shown = {p.id: one_line(p.label) or p.id for p in journey.personas}
    shown = _widened(shown, lambda pid, name: f"{name} ({pid})")
    return {pid: mermaid_actor(name) for pid, name in shown.items()}


def _widened(shown: dict[str, str], widen: Callable[[str, str], str]) -> dict[str, str]:
    """The names that two personas share, widened; the others as they are."""
    counts = Counter(shown.values())
    return {pid: widen(pid, name) if counts[name] > 1 else name for pid, name in shown.items()}


def _task(tp: Touchpoint, journey: Journey, actors: _Actors) -> Task:
    scale = journey.journey.emotion_scale
    if isinstance(tp.emotion, dict) and tp.emotion:
        value: float = sum(tp.emotion.values()) / len(tp.emotion)
    elif isinstance(tp.emotion, int):
        value = tp.emotion
    else:
        value = (scale.min + scale.max) / 2
    score = to_mermaid_score(value, scale.min, scale.max)
    name = mermaid_name(tp.name)
    if tp.personas is None:  # everyone takes part; `personas: []` is nobody named, no actors
        return Task(name, score, actors.everyone, actors.everyone_text)
    listed = actors.of(tp.personas)
    return Task(name, score, listed, Written(", ".join(listed)))


def dropped(journey: Journey) -> list[str]:
    """What the Mermaid form cannot show, in plain words."""
    touchpoints = [tp for _, tp in journey.touchpoints()]
    counts = {
        ("pain point", "pain points"): sum(len(tp.pain_points) for tp in touchpoints),
        ("opportunity", "opportunities"): sum(len(tp.opportunities) for tp in touchpoints),
        ("KPI", "KPIs"): sum(len(stage.kpis) for stage in journey.stages),
        ("per-persona emotion (averaged)", "per-persona emotions (averaged)"): sum(1 for tp in touchpoints if isinstance(tp.emotion, dict)),
        ("touchpoint without emotion (shown as 3)", "touchpoints without emotion (shown as 3)"): sum(1 for tp in touchpoints if tp.emotion is None),
        ("service-blueprint lane", "service-blueprint lanes"): sum(
            bool(tp.frontstage) + bool(tp.backstage) + bool(tp.support) + bool(tp.evidence) for tp in touchpoints
        ),
        ("line break in a name (written as a space)", "line breaks in names (written as spaces)"): sum(
            has_line_break(name) for name in _names(journey)
        ),
    }
    return [f"{count} {one if count == 1 else many}" for (one, many), count in counts.items() if count]


def _names(journey: Journey) -> list[str]:
    """The one-line texts of the diagram: title, stage, touchpoint and persona names."""
    language = journey.journey.language
    return [
        journey.journey.title,
        *(stage_name(stage, language) for stage in journey.stages),
        *(tp.name for _, tp in journey.touchpoints()),
        *(persona.label for persona in journey.personas),
    ]
