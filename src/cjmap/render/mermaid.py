"""The Mermaid ``journey`` view: sections per stage, tasks per touchpoint, scores on 1–5.

Mermaid's journey diagram has one score per task and no pain points, opportunities or KPIs;
:func:`dropped` says what the conversion leaves out, for the CLI to print on stderr.
"""

from __future__ import annotations

from dataclasses import dataclass

from cjmap.model import Journey, Touchpoint
from cjmap.model.facts import short_names
from cjmap.text.escape import mermaid_text
from cjmap.text.labels import stage_name

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
    actors_text: str  # the actors as the template writes them: each through |mermaid, comma-separated


@dataclass(frozen=True)
class Section:
    name: str
    tasks: tuple[Task, ...]


@dataclass(frozen=True)
class MermaidView:
    title: str
    sections: tuple[Section, ...]


def to_mermaid_score(value: float, low: int, high: int) -> int:
    """Map a value on the journey's scale to Mermaid's 1–5 (the middle, 3, when unknown)."""
    return round(MERMAID_MIN + (value - low) * (MERMAID_MAX - MERMAID_MIN) / (high - low))


def build_mermaid(journey: Journey) -> MermaidView:
    actors = _Actors(journey)
    language = journey.journey.language
    sections = tuple(
        Section(stage_name(stage, language), tuple(_task(tp, journey, actors) for tp in stage.touchpoints))
        for stage in journey.stages
    )
    _check_size(sections, len(journey.personas))
    return MermaidView(journey.journey.title, sections)


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
    """Each persona's actor name, cleaned once, and the list for "everyone" made once.

    A touchpoint without ``personas:`` involves every persona, so each such task lists them all:
    cleaning and joining the names per task cost personas x touchpoints of work (3,000 x 3,000
    took 21 s) on top of the output, which is that size by nature.
    """

    def __init__(self, journey: Journey) -> None:
        self._names = short_names(journey)
        self._cleaned: dict[str, str] = {}
        self.everyone = self.of([p.id for p in journey.personas])
        self.everyone_text = _joined(self.everyone)

    def of(self, people: list[str]) -> tuple[str, ...]:
        return tuple(self._actor(p) for p in people)

    def _actor(self, pid: str) -> str:
        cleaned = self._cleaned.get(pid)
        if cleaned is None:
            # Actors are separated by commas in Mermaid: a comma inside a name (even one that
            # the sanitising makes, from ";") would split it.
            cleaned = self._cleaned[pid] = " ".join(mermaid_text(self._names.get(pid, pid)).replace(",", " ").split()) or "-"
        return cleaned


def _joined(actors: tuple[str, ...]) -> str:
    return ", ".join(mermaid_text(actor) for actor in actors)


def _task(tp: Touchpoint, journey: Journey, actors: _Actors) -> Task:
    scale = journey.journey.emotion_scale
    if isinstance(tp.emotion, dict) and tp.emotion:
        value: float = sum(tp.emotion.values()) / len(tp.emotion)
    elif isinstance(tp.emotion, int):
        value = tp.emotion
    else:
        value = (scale.min + scale.max) / 2
    score = to_mermaid_score(value, scale.min, scale.max)
    if tp.personas is None:
        return Task(tp.name, score, actors.everyone, actors.everyone_text)
    listed = actors.of(tp.personas)
    return Task(tp.name, score, listed, _joined(listed))


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
    }
    return [f"{count} {one if count == 1 else many}" for (one, many), count in counts.items() if count]
