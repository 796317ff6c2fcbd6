"""The view model's types: the frozen values a template reads (``render/view.py`` builds them).

Each holds text already in the journey's language and numbers already formatted, so the
templates hold no logic (STYLE.md, templates).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cjmap.render.curve import Curve


@dataclass(frozen=True)
class PersonaView:
    id: str
    name: str
    description: str
    quote: str
    demographics: tuple[tuple[str, str], ...]
    sections: tuple[tuple[str, tuple[str, ...]], ...]  # (title, items) for goals, motivations…
    color: str


@dataclass(frozen=True)
class PainView:
    anchor: str  # element id, so opportunities can link to the pain they address
    text: str
    severity: str  # low | medium | high | "" (CSS class)
    severity_label: str


@dataclass(frozen=True)
class OpportunityView:
    text: str
    details: str  # "priority: high · owner: marketing"
    addresses: tuple[tuple[str, str], ...]  # (anchor, pain text)


@dataclass(frozen=True)
class EmotionView:
    who: str  # whose emotion: persona short names ("Ana" for "Ana, the busy lawyer"), "" when everyone's
    value: int
    shown: str  # "+1", "0", "-2"
    glyph: str  # an emoji face, for Markdown and terminals
    color: str  # the emotion's colour, for a swatch in HTML (no emoji font needed)


@dataclass(frozen=True)
class TouchpointView:
    id: str
    name: str
    description: str
    channel: str
    channel_mode: str
    personas: str
    initiator: str
    owner: str
    actions: tuple[str, ...]
    thoughts: tuple[str, ...]
    emotions: tuple[EmotionView, ...]
    color: str
    pains: tuple[PainView, ...]
    opportunities: tuple[OpportunityView, ...]
    frontstage: tuple[str, ...]
    backstage: tuple[str, ...]
    support: tuple[str, ...]
    evidence: tuple[str, ...]
    next: tuple[str, ...]
    ends: bool  # ``next: []``: the customer leaves here, which the map must say (no ``next`` looks the same)
    long_name: bool  # longer than a printed header shows (print_parts.PRINT_NAME_COLUMNS): given in full under it on paper


@dataclass(frozen=True)
class KpiView:
    name: str
    metric: str
    target: str
    actual: str
    status: str  # better | worse | unknown (CSS class)
    status_label: str
    direction: str


@dataclass(frozen=True)
class StageView:
    id: str
    kind: str
    name: str
    goal: str
    description: str
    touchpoints: tuple[TouchpointView, ...]
    kpis: tuple[KpiView, ...]
    span: int  # table columns: one per touchpoint, at least one
    long_name: bool  # longer than a printed header shows (print_parts.PRINT_STAGE_COLUMNS): given in full under it on paper


@dataclass(frozen=True)
class Lane:
    """A row of the map. ``kind`` picks how the template draws it."""

    kind: str  # list (touchpoint attribute items) | emotion | pains | opportunities | line
    attribute: str  # the TouchpointView attribute, for list lanes
    title: str
    css: str


@dataclass(frozen=True)
class JourneyView:
    id: str
    title: str
    lang: str
    type: str
    type_label: str
    description: str
    owner: str  # the owner, or "no owner" in the journey's language
    reviewed: str  # the date, or "never"
    reviewed_iso: str  # "" when never reviewed
    tags: tuple[str, ...]
    is_blueprint: bool
    personas: tuple[PersonaView, ...]
    stages: tuple[StageView, ...]
    lanes: tuple[Lane, ...]
    columns: int
    curve: Curve
    curve_summary: str  # the text alternative of the emotion curve
    label: Mapping[str, str]
    source: str
    goal_row: bool  # some stage has a goal, a description or a name a printed header cuts
    kpi_row: bool  # some stage has KPIs
    print_parts: tuple[PrintPart, ...]  # the map cut into page-wide tables for print; none when it fits one page's width


@dataclass(frozen=True)
class PartStage:
    """A stage in a print part, or a piece of one too wide for a page (named "… (continued)"
    after the first piece). It reads like a ``StageView``, so the template draws both alike."""

    name: str
    kind: str
    goal: str
    description: str
    touchpoints: tuple[TouchpointView, ...]
    kpis: tuple[KpiView, ...]  # on the stage's first piece only: a KPI measures the whole stage once
    span: int
    continued: bool
    long_name: bool


@dataclass(frozen=True)
class PrintPart:
    """One print-only table: a few neighbouring columns of the map, with their own header rows."""

    stages: tuple[PartStage, ...]
    columns: int
    viewbox: str  # the window on the one curve drawing that shows these columns
