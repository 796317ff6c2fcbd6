"""The portfolio view of many journeys (``cjmap stats``): counts, coverage, gaps, moments of truth.

Computed once into plain data; text, Markdown and JSON are views of the same numbers.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from cjmap.model import Journey
from cjmap.model.facts import Moment, emotion_moments, kpis_off_target, review_age, short_names, unaddressed_pain_points
from cjmap.model.lanes import ANYONE
from cjmap.model.vocabulary import STAGE_KINDS
from cjmap.text.amounts import amount
from cjmap.text.labels import labels, stage_name
from cjmap.text.scores import score

TOP = 10
EN = labels("en")


@dataclass(frozen=True)
class Invalid:
    file: str
    errors: int
    first: str  # "line:col CODE message" of the first error


@dataclass(frozen=True)
class PainRow:
    file: str
    journey: str
    stage: str
    touchpoint: str
    pain: str
    severity: str


@dataclass(frozen=True)
class MomentRow:
    file: str
    journey: str
    stage: str
    touchpoint: str
    persona: str  # whose, as the text and Markdown print it: "Kim, Lee", "Other customers", "everyone"
    # Whose, as the journey spells it: the persona ids; [] for the customers of no persona
    # (`personas: []`); None when the touchpoint names no personas (everyone's).
    personas: list[str] | None
    emotion: int
    scale: str  # "-2..2"
    share: float  # 0 worst .. 1 best, to compare journeys on different scales

    def written(self) -> str:
        """``-1 on -2..2``, ``30 on 0..100``: signed only where the scale has negatives."""
        low = int(self.scale.split("..", 1)[0])
        return f"{score(self.emotion, low)} on {self.scale}"


@dataclass(frozen=True)
class KpiRow:
    file: str
    journey: str
    stage: str
    kpi: str
    actual: str
    target: str
    better: str


@dataclass(frozen=True)
class ReviewRow:
    file: str
    journey: str
    owner: str
    reviewed: str  # "" when never
    age_days: int | None


@dataclass
class Portfolio:
    files: int = 0
    journeys: int = 0
    invalid: list[Invalid] = field(default_factory=list)
    by_type: dict[str, int] = field(default_factory=dict)
    by_stage_kind: dict[str, int] = field(default_factory=dict)
    channels: list[str] = field(default_factory=list)
    coverage: dict[str, dict[str, int]] = field(default_factory=dict)  # channel -> kind -> touchpoints
    unaddressed_pain_points: list[PainRow] = field(default_factory=list)
    lowest_moments: list[MomentRow] = field(default_factory=list)
    kpis_off_target: list[KpiRow] = field(default_factory=list)
    stalest: list[ReviewRow] = field(default_factory=list)
    without_owner: list[ReviewRow] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def build_portfolio(journeys: Sequence[tuple[str, Journey]], invalid: Sequence[Invalid], *, today: datetime.date, files: int) -> Portfolio:
    portfolio = Portfolio(files=files, journeys=len(journeys), invalid=list(invalid))
    types: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    coverage: dict[str, Counter[str]] = {}
    moments: list[MomentRow] = []
    reviews: list[ReviewRow] = []
    for file, journey in journeys:
        title, language = journey.journey.title, journey.journey.language
        types[journey.journey.type] += 1
        kinds.update(stage.kind or "custom" for stage in journey.stages)
        for stage, touchpoint in journey.touchpoints():
            coverage.setdefault(touchpoint.channel or "(none)", Counter())[stage.kind or "custom"] += 1
        portfolio.unaddressed_pain_points += [
            PainRow(file, title, stage_name(stage, language), tp.name, pain.text, pain.severity or "")
            for stage, tp, _, pain in unaddressed_pain_points(journey)
        ]
        moments += _moments(file, journey)
        portfolio.kpis_off_target += [
            KpiRow(file, title, stage_name(stage, language), kpi.name or kpi.id, amount(kpi.actual, kpi.unit), amount(kpi.target, kpi.unit), kpi.better_direction)
            for stage, kpi in kpis_off_target(journey)
        ]
        reviewed = journey.journey.reviewed
        reviews.append(ReviewRow(file, title, journey.journey.owner or "", reviewed.isoformat() if reviewed else "", review_age(journey, today)))
    portfolio.by_type = dict(sorted(types.items()))
    order = [*STAGE_KINDS, "custom"]
    portfolio.by_stage_kind = {kind: kinds[kind] for kind in order if kinds[kind]}
    portfolio.channels = sorted(coverage, key=lambda c: (-sum(coverage[c].values()), c))
    portfolio.coverage = {c: {kind: coverage[c][kind] for kind in order if kind in portfolio.by_stage_kind} for c in portfolio.channels}
    portfolio.lowest_moments = sorted(moments, key=lambda m: (m.share, m.file, m.touchpoint, m.persona))[:TOP]
    # Never reviewed first, then the oldest review.
    portfolio.stalest = sorted(reviews, key=lambda r: (r.age_days is not None, -(r.age_days or 0), r.file))[:TOP]
    portfolio.without_owner = [r for r in reviews if not r.owner]
    return portfolio


def _moments(file: str, journey: Journey) -> list[MomentRow]:
    names = short_names(journey)
    scale = journey.journey.emotion_scale
    return [
        MomentRow(file, journey.journey.title, stage_name(m.stage, journey.journey.language), m.touchpoint.name,
                  _whose(m, names), _persona_ids(m), m.value, f"{scale.min}..{scale.max}", round(m.share, 4))
        for m in emotion_moments(journey)
    ]


def _whose(moment: Moment, names: dict[str, str]) -> str:
    # The words render and show use: "Other customers" are the customers of `personas: []`,
    # "everyone" every customer of a touchpoint that names no personas.
    if not moment.personas:
        return EN["everyone"]
    return ", ".join(EN["anyone"] if lane == ANYONE else names.get(lane, lane) for lane in moment.personas)


def _persona_ids(moment: Moment) -> list[str] | None:
    return [lane for lane in moment.personas if lane != ANYONE] if moment.personas else None
