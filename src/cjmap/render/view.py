"""The view model: everything a template shows, prepared in Python (no logic in templates).

Labels come in the journey's language; numbers and emotions are formatted here; ordering is the
journey's own, so renders are deterministic. Which lanes the map has is ``render/map_lanes.py``,
how it is cut for print ``render/print_parts.py``; the types are in ``render/view_types.py``
and importable from here, as before the split.
"""

from __future__ import annotations

from collections.abc import Mapping

from cjmap.model import Journey, Kpi, Opportunity, PainPoint, Persona, Stage, Touchpoint
from cjmap.model.facts import short_names
from cjmap.model.vocabulary import BUILTIN_CHANNELS
from cjmap.render.curve import build_curve, shown
from cjmap.render.graph_labels import width
from cjmap.render.map_lanes import has_goals, has_kpis, map_lanes
from cjmap.render.print_parts import PRINT_NAME_COLUMNS, PRINT_STAGE_COLUMNS, print_parts
from cjmap.render.view_types import (
    EmotionView,
    JourneyView,
    KpiView,
    Lane,
    OpportunityView,
    PainView,
    PartStage,
    PersonaView,
    PrintPart,
    StageView,
    TouchpointView,
)
from cjmap.text.amounts import amount
from cjmap.text.labels import labels, stage_name
from cjmap.text.names import few_names
from cjmap.text.palette import emotion_color, emotion_glyph, persona_style

__all__ = [
    "EmotionView", "JourneyView", "KpiView", "Lane", "OpportunityView", "PainView", "PartStage", "PersonaView", "PrintPart",
    "StageView", "TouchpointView", "build_view",
]


def build_view(journey: Journey, *, source: str = "") -> JourneyView:
    meta = journey.journey
    text = labels(meta.language)
    builder = _Builder(journey, text)
    stages = tuple(builder.stage(stage) for stage in journey.stages)
    columns: list[Touchpoint | None] = [tp for stage in journey.stages for tp in (stage.touchpoints or (None,))]
    curve = build_curve(journey, columns, names=builder.short_names, anyone=text["anyone"])
    return JourneyView(
        id=meta.id or "",
        title=meta.title,
        lang=meta.language.replace("_", "-"),
        type=meta.type,
        type_label=text[meta.type],
        description=meta.description or "",
        owner=meta.owner or text["no_owner"],
        reviewed=meta.reviewed.isoformat() if meta.reviewed else text["never"],
        reviewed_iso=meta.reviewed.isoformat() if meta.reviewed else "",
        tags=tuple(meta.tags),
        is_blueprint=meta.type == "service-blueprint",
        personas=tuple(builder.persona(index, persona) for index, persona in enumerate(journey.personas)),
        stages=stages,
        lanes=map_lanes(stages, text, blueprint=meta.type == "service-blueprint"),
        columns=len(columns),
        curve=curve,
        curve_summary=_curve_summary(stages, text, meta.emotion_scale.min, meta.emotion_scale.max),
        label=text,
        source=source,
        goal_row=has_goals(stages),
        kpi_row=has_kpis(stages),
        print_parts=print_parts(stages, continued=text["stage_continued"]),
    )


def _curve_summary(stages: tuple[StageView, ...], text: Mapping[str, str], low: int, high: int) -> str:
    """The curve in words, touchpoint by touchpoint ("Kim sees an ad: Kim +1."): the emotions
    as the file gives them, so the text grows with the file, not with personas x touchpoints."""
    touchpoints = [tp for stage in stages for tp in stage.touchpoints if tp.emotions]
    parts = [f"{tp.name}: " + ", ".join(f"{e.who} {e.shown}" if e.who else e.shown for e in tp.emotions) + "." for tp in touchpoints]
    return " ".join([text["emotion_summary"].format(low=low, high=high) + ":", *parts])


# Personas named on a touchpoint before the rest are counted ("Personas: Kim, Lee and 40 more").
AUDIENCE_NAMED = 5


class _Builder:
    def __init__(self, journey: Journey, text: Mapping[str, str]) -> None:
        self.journey, self.text = journey, text
        self.scale = journey.journey.emotion_scale
        self.short_names = short_names(journey)
        self.channels = {c.id: c for c in journey.channels}
        self.touchpoint_names = {tp.id: tp.name for _, tp in journey.touchpoints()}
        self.pains = {p.id: p.text for _, tp in journey.touchpoints() for p in tp.pain_points if p.id}

    def persona(self, index: int, persona: Persona) -> PersonaView:
        sections = tuple(
            (self.text[key], tuple(getattr(persona, key)))
            for key in ("goals", "motivations", "behaviors", "pain_points")
            if getattr(persona, key)
        )
        demographics = tuple((key, _scalar(value)) for key, value in persona.demographics.items())
        return PersonaView(persona.id, persona.label, persona.description or "", persona.quote or "", demographics, sections, persona_style(index)[0])

    def stage(self, stage: Stage) -> StageView:
        touchpoints = tuple(self.touchpoint(tp) for tp in stage.touchpoints)
        name = stage_name(stage, self.journey.journey.language)
        return StageView(
            stage.id, stage.kind or "custom", name, stage.goal or "", stage.description or "", touchpoints,
            tuple(self.kpi(k) for k in stage.kpis), max(1, len(touchpoints)), width(name) > PRINT_STAGE_COLUMNS,
        )

    def touchpoint(self, tp: Touchpoint) -> TouchpointView:
        emotions = self._emotions(tp)
        average = sum(e.value for e in emotions) / len(emotions) if emotions else None
        return TouchpointView(
            tp.id, tp.name, tp.description or "", *self._channel(tp.channel),
            self._audience(tp) or self.text["everyone"],
            self.text[f"initiator_{tp.initiator}"] if tp.initiator else "", tp.owner or "",
            tuple(tp.actions), tuple(tp.thoughts), emotions,
            emotion_color(average, self.scale.min, self.scale.max),
            tuple(self._pain(tp, index, pain) for index, pain in enumerate(tp.pain_points)),
            tuple(self._opportunity(o) for o in tp.opportunities),
            tuple(tp.frontstage), tuple(tp.backstage), tuple(tp.support), tuple(tp.evidence),
            tuple(self.touchpoint_names.get(t, t) for t in tp.next or ()),
            tp.next == [],
            width(tp.name) > PRINT_NAME_COLUMNS,
        )

    def _audience(self, tp: Touchpoint) -> str:
        """Who takes part, named: "" for everyone (no ``personas``), "Kim, Lee" (a few, the rest
        counted: every name on every touchpoint grew as personas x touchpoints), or the ANYONE
        lane's name."""
        if tp.personas is None:
            return ""
        return few_names([self.short_names.get(p, p) for p in tp.personas], self.text, few=AUDIENCE_NAMED) or self.text["anyone"]

    def _emotions(self, tp: Touchpoint) -> tuple[EmotionView, ...]:
        """Each persona's emotion at the touchpoint, named whenever the journey has several
        personas: a shared emotion on ``personas: [kim]`` is Kim's, and the Graphviz label (the
        SVG) and Markdown say so. Per-persona values of personas not on the touchpoint are left
        out (validation reports them)."""
        if tp.emotion is None:
            return ()
        if isinstance(tp.emotion, dict):
            # One set per touchpoint: asking emotion_for per persona searched the list each time
            # (100,000 personas on one touchpoint: 92 s).
            taking_part = None if tp.personas is None else set(tp.personas)
            values = [(self.short_names.get(who, who), value) for who, value in tp.emotion.items() if taking_part is None or who in taking_part]
        else:
            values = [(self._audience(tp) if len(self.short_names) > 1 else "", tp.emotion)]
        low, high = self.scale.min, self.scale.max
        return tuple(
            EmotionView(who, value, shown(value, self.scale), emotion_glyph(value, low, high), emotion_color(value, low, high))
            for who, value in values
        )

    def _channel(self, channel: str | None) -> tuple[str, str]:
        if channel is None:
            return "", ""
        custom = self.channels.get(channel)
        if custom is not None:
            return custom.name or custom.id, self.text[custom.mode] if custom.mode else ""
        mode = BUILTIN_CHANNELS.get(channel)
        return self.text.get(f"channel_{channel}", channel), self.text[mode] if mode else ""

    def _pain(self, tp: Touchpoint, index: int, pain: PainPoint) -> PainView:
        # Two prefixes, so a pain's own id can never collide with a generated one.
        anchor = f"pain-id-{pain.id}" if pain.id else f"pain-at-{tp.id}-{index + 1}"
        severity = pain.severity or ""
        return PainView(anchor, pain.text, severity, self.text[f"severity_{severity}"] if severity else "")

    def _opportunity(self, opportunity: Opportunity) -> OpportunityView:
        details = []
        if opportunity.priority:
            details.append(f"{self.text['priority']}: {self.text['severity_' + opportunity.priority]}")
        if opportunity.owner:
            details.append(f"{self.text['owner'].lower()}: {opportunity.owner}")
        addresses = tuple((f"pain-id-{pid}", self.pains.get(pid, pid)) for pid in opportunity.addresses)
        return OpportunityView(opportunity.text, " · ".join(details), addresses)

    def kpi(self, kpi: Kpi) -> KpiView:
        status = {True: "better", False: "worse", None: "unknown"}[kpi.on_target]
        return KpiView(
            kpi.name or kpi.id, self.text[f"metric_{kpi.metric}"], amount(kpi.target, kpi.unit), amount(kpi.actual, kpi.unit),
            status, self.text[status], self.text[f"{kpi.better_direction}_better"],
        )


def _scalar(value: object) -> str:
    return "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
