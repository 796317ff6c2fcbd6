"""Pydantic models for every field of FORMAT.md (version 1).

What each field means, for the JSON Schema and docs/format.md, is in :mod:`cjmap.model.field_docs`.

Unknown keys are rejected (``extra="forbid"``). Cross-references (persona ids, ``next``,
``addresses``, channels, emotions inside the scale) are checked by
:mod:`cjmap.validation.references`, so that each broken reference gets its own located problem.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag, field_validator, model_validator
from pydantic_core import PydanticCustomError

from cjmap.model.types import (
    PROPERTY_NAMES_SCHEMA,
    SCALE_SPAN,
    SCORE_KEY_PATTERN,
    DemographicValue,
    Duration,
    Emotion,
    FreeText,
    IsoDate,
    KpiValue,
    LabelKey,
    Level,
    MatchValue,
    PagePattern,
    ScaleBound,
    SegmentValue,
    Slug,
    Text,
    TextList,
    score_of_key,
    text_to_object,
)
from cjmap.model.vocabulary import METRIC_BETTER, Direction, JourneyType, Metric, StageKind, infer_stage_kind

FORMAT_VERSION = 1

LanguageTag = Annotated[str, Field(pattern=r"^[a-zA-Z]{2,3}([-_][a-zA-Z0-9]{1,8})*$")]


class _Model(BaseModel):
    # Numbers given where text is expected ("name: 404") are what the user meant as text.
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)


class EmotionScale(_Model):
    min: ScaleBound = -2
    max: ScaleBound = 2
    labels: dict[LabelKey, Text] = Field(default_factory=dict, json_schema_extra={"propertyNames": {"pattern": SCORE_KEY_PATTERN}})

    @model_validator(mode="before")
    @classmethod
    def _one_label_per_score(cls, data: Any) -> Any:
        # `1` and `1.0` are the same score: two labels for it would silently become one.
        labels = data.get("labels") if isinstance(data, dict) else None
        first_key: dict[int, Any] = {}
        for key in labels if isinstance(labels, dict) else ():
            score = score_of_key(key)
            if score in first_key:
                raise PydanticCustomError(
                    "scale_order", "`{first}` and `{second}` both label the score {score}: keep one", {"first": str(first_key[score]), "second": str(key), "score": score}
                )
            if score is not None:
                first_key[score] = key
        return data

    @model_validator(mode="after")
    def _ordered(self) -> EmotionScale:
        if self.min >= self.max:
            raise PydanticCustomError(
                "scale_order", "min ({min}) must be lower than max ({max})", {"min": self.min, "max": self.max}
            )
        if self.max - self.min > SCALE_SPAN:  # a score finer than 1 in 100 is noise no map can show
            raise PydanticCustomError(
                "scale_order",
                "the scale {min}..{max} has more than {span} steps; use at most {span}, such as 0..100 (satisfaction), 0..10 (NPS) or -2..2",
                {"min": self.min, "max": self.max, "span": SCALE_SPAN},
            )
        return self


class MeasureSettings(_Model):
    """How `cjmap measure` counts this journey (MEASURE.md); the command line overrides each."""

    unit: Literal["user", "session"] = "user"
    window: Duration = "7d"
    session_timeout: Duration = "30m"


class JourneyMeta(_Model):
    id: Slug | None = None
    title: Text
    type: JourneyType = "current-state"
    language: LanguageTag = "en"
    description: FreeText | None = None
    owner: Text | None = None
    reviewed: IsoDate | None = None
    tags: TextList = Field(default_factory=list)
    emotion_scale: EmotionScale = Field(default_factory=EmotionScale)
    measure: MeasureSettings | None = None  # None: MeasureSettings() when measured


class Persona(_Model):
    id: Slug
    name: Text | None = None
    description: FreeText | None = None
    quote: FreeText | None = None
    demographics: dict[str, DemographicValue] = Field(default_factory=dict)
    goals: TextList = Field(default_factory=list)
    motivations: TextList = Field(default_factory=list)
    behaviors: TextList = Field(default_factory=list)
    pain_points: TextList = Field(default_factory=list)
    # The data's columns that approximate the persona: every key must match.
    segment: dict[Text, SegmentValue] | None = Field(default=None, min_length=1, json_schema_extra=PROPERTY_NAMES_SCHEMA)

    @property
    def label(self) -> str:
        return self.name or self.id


class Channel(_Model):
    id: Slug
    name: Text | None = None
    mode: Literal["online", "offline"] | None = None
    description: FreeText | None = None


class PainPoint(_Model):
    id: Slug | None = None
    text: Text
    severity: Level | None = None


class Opportunity(_Model):
    id: Slug | None = None
    text: Text
    addresses: list[Slug] = Field(default_factory=list)
    priority: Level | None = None
    owner: Text | None = None


# Written either as plain text or as an object; always validated as the object.
PainPointItem = Annotated[PainPoint, BeforeValidator(text_to_object, json_schema_input_type=Text | PainPoint)]
OpportunityItem = Annotated[
    Opportunity, BeforeValidator(text_to_object, json_schema_input_type=Text | Opportunity)
]


def _names_form(value: Any) -> str:
    return "names" if isinstance(value, list) else "name"


# An event name or glob, or a non-empty list of them; tagged so that a wrong value gets the
# message of the form it was written in only.
EventNames = Annotated[
    Annotated[Text, Tag("name")] | Annotated[list[Text], Tag("names"), Field(min_length=1)],
    Discriminator(_names_form),
]


class EventRule(_Model):
    """Which rows of the event data are a touchpoint's: every key given must match (AND)."""

    # A key written `null` is left out, as everywhere in the format; the JSON Schema's `not` says
    # that at least one key has a value.
    model_config = ConfigDict(
        extra="forbid",
        coerce_numbers_to_str=True,
        json_schema_extra={"not": {"properties": {"event": {"type": "null"}, "page": {"type": "null"}, "where": {"type": "null"}}}},
    )

    event: EventNames | None = None  # a name, a glob, or a list of them (any)
    page: PagePattern | None = None  # a glob on the URL path, or `re:` and a regular expression
    where: dict[Text, MatchValue] | None = Field(default=None, min_length=1, json_schema_extra=PROPERTY_NAMES_SCHEMA)  # property -> value(s), glob or `re:`

    @model_validator(mode="after")
    def _some_key(self) -> EventRule:
        if self.event is None and self.page is None and self.where is None:
            raise PydanticCustomError("match_empty", "an empty rule would match every event: give `event`, `page` or `where`")
        return self


def _rule_form(value: Any) -> str:
    return "rule" if isinstance(value, (dict, EventRule)) else "name"


def _rules_form(value: Any) -> str | None:
    if isinstance(value, dict):
        return None  # one rule not in a list: the discriminator's own message says how to write it
    return "rules" if isinstance(value, list) else "name"


# A rule is a name, or a mapping of keys; the tags let a wrong item get one message, from the
# form it was written in, not one per form it might have been.
EventRuleItem = Annotated[Annotated[Text, Tag("name")] | Annotated[EventRule, Tag("rule")], Discriminator(_rule_form)]
# `events:` and `fails:` as written: one name, or a list of names and rules (any may match).
EventRules = Annotated[
    Annotated[Text, Tag("name")] | Annotated[list[EventRuleItem], Tag("rules"), Field(min_length=1)],
    Discriminator(
        _rules_form,
        custom_error_type="rules_form",
        custom_error_message="a rule goes in a list: write it as `- event: …` on the line below the key, or as `[{event: …, page: …}]`",
    ),
]


def event_rules(rules: str | list[str | EventRule] | None) -> list[EventRule]:
    """Every written form of `events:`/`fails:` as rules: a name is ``EventRule(event=name)``;
    no rules (None) is an empty list."""
    if rules is None:
        return []
    items = [rules] if isinstance(rules, str) else rules
    return [EventRule(event=item) if isinstance(item, str) else item for item in items]


class Touchpoint(_Model):
    id: Slug
    name: Text
    description: FreeText | None = None
    channel: Slug | None = None
    personas: list[Slug] | None = None  # None: every persona
    initiator: Literal["customer", "company"] | None = None
    actions: TextList = Field(default_factory=list)
    thoughts: TextList = Field(default_factory=list)
    emotion: Emotion | None = None
    pain_points: list[PainPointItem] = Field(default_factory=list)
    opportunities: list[OpportunityItem] = Field(default_factory=list)
    owner: Text | None = None
    next: list[Slug] | None = None  # None: each persona's following touchpoint; [] ends the journey
    frontstage: TextList = Field(default_factory=list)
    backstage: TextList = Field(default_factory=list)
    support: TextList = Field(default_factory=list)
    evidence: TextList = Field(default_factory=list)
    events: EventRules | None = None  # the rows of event data that are this touchpoint
    fails: EventRules | None = None  # the rows that mean it failed (matched, not reach)

    @property
    def event_rules(self) -> list[EventRule]:
        """``events`` as rules (see :func:`event_rules`)."""
        return event_rules(self.events)

    @property
    def fail_rules(self) -> list[EventRule]:
        """``fails`` as rules (see :func:`event_rules`)."""
        return event_rules(self.fails)

    def emotion_for(self, persona_id: str) -> int | None:
        """This persona's emotion here: the per-persona value, or the shared one; None for a
        persona who does not take part in the touchpoint."""
        if self.personas is not None and persona_id not in self.personas:
            return None
        if isinstance(self.emotion, dict):
            return self.emotion.get(persona_id)
        return self.emotion


class KpiMeasure(_Model):
    """How a KPI is measured when its metric's default does not fit: a pair conversion from one
    touchpoint to another, within a window of its own."""

    # `from` is a Python keyword: the attribute is `from_`, and every dump writes `from`.
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, serialize_by_alias=True, validate_by_alias=True, validate_by_name=False)

    from_: Slug | None = Field(default=None, alias="from")
    to: Slug | None = None
    window: Duration | None = None  # None: the journey's window


class Kpi(_Model):
    id: Slug
    name: Text | None = None
    description: FreeText | None = None
    metric: Metric = "custom"
    unit: FreeText | None = None
    target: KpiValue | None = None
    actual: KpiValue | None = None
    better: Direction | None = None  # None: the metric's direction (better_direction)
    measure: KpiMeasure | None = None  # None: the metric's default measure (docs/measure.md)

    @property
    def better_direction(self) -> str:
        return self.better or METRIC_BETTER[self.metric]

    @property
    def on_target(self) -> bool | None:
        """True when actual meets the target in the better direction; None when unknown."""
        if self.target is None or self.actual is None:
            return None
        if self.better_direction == "higher":
            return self.actual >= self.target
        return self.actual <= self.target


class Stage(_Model):
    id: Slug
    kind: StageKind | None = None  # inferred from the id or name when left out (_infer_kind)
    name: Text | None = None
    goal: Text | None = None
    description: FreeText | None = None
    touchpoints: list[Touchpoint] = Field(default_factory=list)
    kpis: list[Kpi] = Field(default_factory=list)

    @model_validator(mode="after")
    def _infer_kind(self) -> Stage:
        if self.kind is None:
            self.kind = infer_stage_kind(self.id, self.name)
        return self


class Journey(_Model):
    """A whole journey file."""

    model_config = ConfigDict(title="cjmap journey", extra="forbid", coerce_numbers_to_str=True)

    cjmap: int = Field(json_schema_extra={"enum": [FORMAT_VERSION]})
    journey: JourneyMeta
    personas: list[Persona] = Field(min_length=1)
    channels: list[Channel] = Field(default_factory=list)
    stages: list[Stage] = Field(min_length=1)

    @field_validator("cjmap", mode="before")
    @classmethod
    def _known_version(cls, value: Any) -> int:
        if isinstance(value, str) and value.strip() == str(FORMAT_VERSION):
            raise PydanticCustomError(
                "unsupported_version", "write the format version as a number, without quotes: `cjmap: {known}`", {"known": FORMAT_VERSION}
            )
        if isinstance(value, bool) or value != FORMAT_VERSION:
            raise PydanticCustomError(
                "unsupported_version",
                "format version `{found}` is not supported: this cjmap reads `cjmap: {known}`",
                {"found": str(value), "known": FORMAT_VERSION},
            )
        return FORMAT_VERSION

    def touchpoints(self) -> Iterator[tuple[Stage, Touchpoint]]:
        """Every touchpoint with its stage, in journey order."""
        for stage in self.stages:
            for touchpoint in stage.touchpoints:
                yield stage, touchpoint

    @property
    def persona_ids(self) -> list[str]:
        return [persona.id for persona in self.personas]
