"""The Mermaid ``journey`` view: sections per stage, tasks per touchpoint, scores on 1–5.

Mermaid's journey diagram has one score per task and no pain points, opportunities or KPIs;
:func:`dropped` says what the conversion leaves out, for the CLI to print on stderr.
"""

from __future__ import annotations

from dataclasses import dataclass

from cjmap.model import Journey, Touchpoint
from cjmap.render.escape import mermaid_text
from cjmap.render.view import short_name, stage_name

MERMAID_MIN, MERMAID_MAX = 1, 5


@dataclass(frozen=True)
class Task:
    name: str
    score: int
    actors: tuple[str, ...]


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
    names = {p.id: short_name(p.label) for p in journey.personas}
    language = journey.journey.language
    sections = tuple(
        Section(stage_name(stage, language), tuple(_task(tp, journey, names) for tp in stage.touchpoints))
        for stage in journey.stages
    )
    return MermaidView(journey.journey.title, sections)


def _task(tp: Touchpoint, journey: Journey, names: dict[str, str]) -> Task:
    scale = journey.journey.emotion_scale
    if isinstance(tp.emotion, dict) and tp.emotion:
        value: float = sum(tp.emotion.values()) / len(tp.emotion)
    elif isinstance(tp.emotion, int):
        value = tp.emotion
    else:
        value = (scale.min + scale.max) / 2
    people = tp.personas if tp.personas is not None else [p.id for p in journey.personas]
    # Actors are separated by commas in Mermaid: a comma inside a name (even one that the
    # sanitising makes, from ";") would split it.
    actors = tuple(" ".join(mermaid_text(names.get(p, p)).replace(",", " ").split()) or "-" for p in people)
    return Task(tp.name, to_mermaid_score(value, scale.min, scale.max), actors)


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
