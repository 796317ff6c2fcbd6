"""What every field of a journey file means: one table, read by the JSON Schema and docs/format.md.

The JSON Schema (:mod:`cjmap.model.schema`) gives each property its ``description`` (plain),
``markdownDescription`` (with a link to docs/format.md) and ``examples`` from here, so an
editor's hover help says what the format's page says; ``tests/model/test_format_doc.py`` writes
the field tables of docs/format.md from the same entries and fails when the page differs.
Plain data, imported by ``cjmap schema``, by ``init`` (the link in its comment) and the tests.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from cjmap.model.vocabulary import DOCS_URL

FORMAT_DOC = f"{DOCS_URL}format.md"


class FieldDoc(NamedTuple):
    """A field: what it is and how it is used (Markdown: only `code` spans), real values, and a
    title where the one made from the key reads badly (``Kpis``)."""

    text: str
    examples: tuple[Any, ...] = ()
    title: str = ""


class ModelDoc(NamedTuple):
    """A mapping of the format: its title, what it is, its heading in docs/format.md (as written
    after ``## ``), its fields."""

    title: str
    text: str
    heading: str
    fields: dict[str, FieldDoc]


_MEASURE = "`cjmap measure`"
_MEASURE_DOC = "docs/measure.md"
_DURATION = "A duration: a whole number and `s`, `m`, `h`, `d` or `w` (`45s`, `30m`, `36h`, `7d`, `2w`)."
_MATCH = "compared as text: a value, a list of values (any), a glob with `*`, `?` or `[…]`, or `re:` and a regular expression"
_ID = "An id: lower-case letters, digits and hyphens (`^[a-z0-9][a-z0-9-]*$`), or a whole number."
_TEXT_LIST = "A list of text."

JOURNEY = ModelDoc(
    "cjmap journey",
    "A customer journey map: one journey per file, format version 1.",
    "Top level",
    {
        "cjmap": FieldDoc("The format version, written as the number `1`. Required: an unknown version is a clear error.", (1,), "Format version"),
        "journey": FieldDoc("The journey's details: its title, type, language, owner and date of the last review."),
        "personas": FieldDoc("Who the journey is about; at least one. Touchpoints name them in `personas` and per-persona emotions."),
        "channels": FieldDoc("Channels beyond the built-in vocabulary, each with an id that touchpoints use as their `channel`."),
        "stages": FieldDoc("The stages, ordered as the customer lives them; at least one. Each holds its touchpoints and KPIs."),
    },
)

JOURNEY_META = ModelDoc(
    "Journey details",
    "The journey's details: what it is, in which language it is drawn, and who keeps it alive.",
    "`journey`",
    {
        "id": FieldDoc(f"The journey's id. {_ID}", ("laptop-purchase", "retail-store")),
        "title": FieldDoc("The journey's title, shown on top of every render. Required.", ("Buying clothes at a Northlane store",)),
        "type": FieldDoc(
            "What the map shows: the journey as it is today (`current-state`, the default), as it should be, "
            "a day in the customer's life, or a service blueprint with its lanes."
        ),
        "language": FieldDoc("The language of the labels in renders: `en` (the default) or `es`; any other language tag is drawn in English."),
        "description": FieldDoc("What the journey covers and what it is based on (interviews, analytics, surveys)."),
        "owner": FieldDoc("Who keeps the map alive: a team or a person. Lint warns when it is missing.", ("retail-cx", "equipo-ecommerce")),
        "reviewed": FieldDoc("The date of the last review, written `YYYY-MM-DD` (ISO 8601). Lint warns when it is over 90 days old.", ("2026-09-22",)),
        "tags": FieldDoc("Words to group journeys by: a list of text.", (["retail", "omnichannel", "stores"],)),
        "emotion_scale": FieldDoc(
            "The scale of every `emotion`: whole numbers from `min` to `max`, `-2` to `2` by default, with optional labels per score.",
            ({"min": -2, "max": 2}, {"min": 0, "max": 10}),
        ),
        "measure": FieldDoc(
            f"How {_MEASURE} counts the journey: the `unit` (users or sessions), the conversion `window` and the `session_timeout`. The command line overrides each.",
            ({"unit": "user", "window": "7d", "session_timeout": "30m"},),
            "Measure settings",
        ),
    },
)

EMOTION_SCALE = ModelDoc(
    "Emotion scale",
    "The scale of every emotion in the journey: whole numbers from `min` to `max`, with optional labels.",
    "`journey.emotion_scale`",
    {
        "min": FieldDoc("The lowest score: a whole number within ±1000, lower than `max`. Default `-2`.", (-2, 0, 1)),
        "max": FieldDoc("The highest score: a whole number within ±1000, at most 100 steps above `min`. Default `2`.", (2, 10, 5)),
        "labels": FieldDoc(
            "A label per score, shown on the map's emotion axis, such as `{-2: Frustrated, 2: Delighted}`: each key a score inside the scale.",
            ({"-2": "Frustrated", "2": "Delighted"},),
        ),
    },
)

MEASURE_SETTINGS = ModelDoc(
    "Measure settings",
    f"How {_MEASURE} counts this journey in event data ({_MEASURE_DOC}); `--unit`, `--window` and `--session-timeout` override each.",
    "`journey.measure`",
    {
        "unit": FieldDoc("What the funnel counts: `user` (the default), or `session`."),
        "window": FieldDoc(f"How long after entering the funnel a customer may take to convert; default `7d`. {_DURATION}", ("7d", "36h", "2w")),
        "session_timeout": FieldDoc(
            f"Without a session column in the data, the inactivity that ends a session; default `30m`. {_DURATION}", ("30m", "45s")
        ),
    },
)

PERSONA = ModelDoc(
    "Persona",
    "Someone the journey is about. Touchpoints say whose they are with their `personas`.",
    "`personas[]`",
    {
        "id": FieldDoc(f"The persona's id, which touchpoints and per-persona emotions use. Required. {_ID}", ("maya", "ana")),
        "name": FieldDoc("The persona's name as renders show it; default: the id.", ("Maya, the time-poor parent",)),
        "description": FieldDoc("Who the persona is, in a sentence or two."),
        "quote": FieldDoc("Something the persona would say, in their own words.", ("I have forty minutes before football practice. Don't make me queue.",)),
        "demographics": FieldDoc(
            "A free mapping of scalars (text, numbers, `true`/`false`): age, occupation, city…", ({"age": 35, "occupation": "project manager", "city": "Leeds"},)
        ),
        "goals": FieldDoc(f"What the persona wants to achieve. {_TEXT_LIST}", (["Be in and out of the store in under an hour"],)),
        "motivations": FieldDoc(f"Why the persona acts as they do. {_TEXT_LIST}"),
        "behaviors": FieldDoc(f"What the persona habitually does. {_TEXT_LIST}", (["Checks stock online on her phone before leaving home"],)),
        "pain_points": FieldDoc(f"What frustrates the persona in general, beyond any one touchpoint. {_TEXT_LIST}"),
        "segment": FieldDoc(
            f"How {_MEASURE} recognises the persona in event data: column -> value, every key must match, each {_MATCH}. Used by `--by persona`.",
            ({"platform": "desktop"}, {"platform": ["mobile", "tablet"]}),
        ),
    },
)

CHANNEL = ModelDoc(
    "Channel",
    "A channel beyond the built-in vocabulary; touchpoints name it by its id in `channel`.",
    "`channels[]`",
    {
        "id": FieldDoc(f"The channel's id, which touchpoints write as their `channel`. Required. {_ID}", ("travel-agency", "tiktok")),
        "name": FieldDoc("The channel's name as renders show it; default: the id.", ("Travel agency",)),
        "mode": FieldDoc("Whether the channel is `online` or `offline`."),
        "description": FieldDoc("What the channel is."),
    },
)

STAGE = ModelDoc(
    "Stage",
    "A stage of the journey, in the order the customer lives them, with its touchpoints and KPIs.",
    "`stages[]`",
    {
        "id": FieldDoc(f"The stage's id. Required. {_ID}", ("discover", "conciencia")),
        "kind": FieldDoc("Which of the five stages this is, or `custom`. May be left out when the `id` or `name` is a stage word (`compra`, `decision`…)."),
        "name": FieldDoc("The stage's display label; default from the kind and `journey.language`.", ("Store visit",)),
        "goal": FieldDoc("The customer's goal in this stage.", ("Find the right item in the right size and make sure it fits",)),
        "description": FieldDoc("What happens in this stage."),
        "touchpoints": FieldDoc("The touchpoints of this stage, in order: where the customer meets the company."),
        "kpis": FieldDoc("The KPIs that measure this stage, each with a target and an actual value.", title="KPIs"),
    },
)

TOUCHPOINT = ModelDoc(
    "Touchpoint",
    "A moment where the customer meets the company: on a channel, with actions, thoughts, an emotion, pain points and opportunities.",
    "`stages[].touchpoints[]`",
    {
        "id": FieldDoc(f"The touchpoint's id, unique in the journey, which `next` uses. Required. {_ID}", ("online-search", "google-search")),
        "name": FieldDoc("What happens here, in a few words. Required.", ("Search online for the item and the nearest store",)),
        "description": FieldDoc("More about the touchpoint."),
        "channel": FieldDoc("Where it happens: a built-in channel, or an id from `channels:`."),
        "personas": FieldDoc("The ids of the personas who take part; default: every persona. `[]` is nobody in particular.", (["maya"],)),
        "initiator": FieldDoc("Who starts the touchpoint: the `customer` or the `company`."),
        "actions": FieldDoc(f"What the customer does here. {_TEXT_LIST}", (["Calls the Bristol store to ask if a navy wool jacket comes in XL"],)),
        "thoughts": FieldDoc(f"What the customer thinks here, in their words. {_TEXT_LIST}", (["I'm not going into town for nothing."],)),
        "emotion": FieldDoc("How the customer feels: a whole number inside `emotion_scale`, or one per persona (`{ana: 1, luis: -1}`).", (1, {"maya": 1, "tom": 2})),
        "pain_points": FieldDoc(
            "What goes wrong here: each a text, or `{id, text, severity}`; an `id` lets opportunities refer to it.",
            (["Demasiados modelos para comparar", {"id": "slow-site", "text": "La web tarda en cargar", "severity": "high"}],),
        ),
        "opportunities": FieldDoc(
            "What could be better: each a text, or `{id, text, addresses, priority, owner}`.",
            ([{"text": "Web más rápida", "addresses": ["slow-site"], "priority": "high"}],),
        ),
        "owner": FieldDoc("Who owns this touchpoint: a team or a person.", ("store-operations",)),
        "next": FieldDoc(
            "The ids of the touchpoints the customer may go to next, anywhere in the journey. "
            "Default: each persona's following touchpoint; `next: []` ends the journey here.",
            (["activacion-app", "visita-sucursal"], []),
        ),
        "frontstage": FieldDoc(f"Service-blueprint lane: what the customer sees of the company here. {_TEXT_LIST}", (["Gestor comercial", "Tableta de firma digital"],)),
        "backstage": FieldDoc(f"Service-blueprint lane: what the company does out of the customer's sight. {_TEXT_LIST}"),
        "support": FieldDoc(f"Service-blueprint lane: the systems, partners and rules behind it. {_TEXT_LIST}"),
        "evidence": FieldDoc(f"Service-blueprint lane: what the customer keeps or receives (a receipt, an email). {_TEXT_LIST}"),
        "events": FieldDoc(
            f"Which events of the data are this touchpoint, for {_MEASURE}: an event name, or a list of names and rules "
            "(`{event, page, where}`), any of which may match. An event belongs to the first touchpoint, in journey order, that it matches.",
            ("add_to_cart", ["shipping_details", "payment_details"], [{"event": "page_view", "page": "/laptops/*"}]),
        ),
        "fails": FieldDoc(
            "Which events mean the touchpoint failed (a payment error): written as `events`. They count as the touchpoint's, in its `failed`, not in its reach.",
            (["payment_error"],),
        ),
    },
)

EVENT_RULE = ModelDoc(
    "Event rule",
    "Which events are a touchpoint's (in `events` and `fails`): every key given must match. At least one key.",
    "`stages[].touchpoints[].events[]`",
    {
        "event": FieldDoc("The event's name: a name, a glob (`view_*`), or a list of them (any).", ("page_view", ["shipping_details", "payment_details"])),
        "page": FieldDoc(
            "The page the event happened on: a glob on the URL's path (`/laptops/*`), or `re:` and a regular expression that may match part of the path.",
            ("/laptops/*", "re:^/p/[0-9]+$"),
        ),
        "where": FieldDoc(
            f"Other columns or properties of the event: name -> value, every key must match, each {_MATCH}.",
            ({"utm_source": "google", "utm_medium": "organic"}, {"campaign": "re:^offer-[0-9]{4}$"}),
        ),
    },
)

PAIN_POINT = ModelDoc(
    "Pain point",
    "Something that goes wrong at a touchpoint: a text, or an object with an id that opportunities can address.",
    "`stages[].touchpoints[].pain_points[]`",
    {
        "id": FieldDoc(f"The pain point's id, which an opportunity's `addresses` names. {_ID}", ("slow-site",)),
        "text": FieldDoc("What goes wrong. Required.", ("La web tarda en cargar",)),
        "severity": FieldDoc("How much it hurts: `low`, `medium` or `high`."),
    },
)

OPPORTUNITY = ModelDoc(
    "Opportunity",
    "Something that could be better at a touchpoint, and the pain points it addresses.",
    "`stages[].touchpoints[].opportunities[]`",
    {
        "id": FieldDoc(f"The opportunity's id. {_ID}"),
        "text": FieldDoc("What could be done. Required.", ("Show size-level stock per store, updated every 15 minutes",)),
        "addresses": FieldDoc("The ids of the pain points it addresses. Lint reports pain points no opportunity addresses.", (["slow-site"],)),
        "priority": FieldDoc("How soon it should be done: `low`, `medium` or `high`."),
        "owner": FieldDoc("Who takes it on: a team or a person.", ("digital-team",)),
    },
)

KPI = ModelDoc(
    "KPI",
    "A key performance indicator of a stage: a metric with a target and an actual value.",
    "`stages[].kpis[]`",
    {
        "id": FieldDoc(f"The KPI's id. Required. {_ID}", ("nps", "locator-bounce")),
        "name": FieldDoc("The KPI's name as renders show it.", ("Net Promoter Score",)),
        "description": FieldDoc("What the KPI measures, and how."),
        "metric": FieldDoc("What is measured; `custom` (the default) for anything else. It sets which direction is better."),
        "unit": FieldDoc("The unit of `target` and `actual`, shown beside them.", ("%", "min", "points")),
        "target": FieldDoc("The value the stage should reach: a number.", (35, 3.5)),
        "actual": FieldDoc("The value measured: a number. Lint reports a KPI off target.", (48, 2.4)),
        "better": FieldDoc(
            "Whether `higher` or `lower` values are better; default from the metric: lower for `bounce_rate`, `cart_abandonment` and `ces`, higher otherwise."
        ),
        "measure": FieldDoc(
            f"What {_MEASURE} computes for `actual` when the metric's default does not fit: a conversion `from` one touchpoint `to` another, within a `window`.",
            ({"from": "cart", "to": "pay"}, {"from": "explore-sections", "to": "till-payment", "window": "1d"}),
            "KPI measure",
        ),
    },
)

KPI_MEASURE = ModelDoc(
    "KPI measure",
    f"How {_MEASURE} computes the KPI's `actual`: the share of customers who, after a `from` event, reach a `to` event within the `window` ({_MEASURE_DOC}).",
    "`stages[].kpis[].measure`",
    {
        "from": FieldDoc(f"The touchpoint whose events are the entries. {_ID}", ("cart",)),
        "to": FieldDoc(f"The touchpoint whose events convert them; the same as `from` counts a repeat (a second order). {_ID}", ("pay",)),
        "window": FieldDoc(f"How long after each entry a conversion counts; default: the journey's window. {_DURATION}", ("1d", "14d")),
    },
)

# The forms a field may be written in, other than null, in the JSON Schema's order: each branch
# gets its own words, so that the hover never shows bare branches as "Title || Title".
FORMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("Touchpoint", "events"): ("One event name.", "A list of event names and rules `{event, page, where}`: any may match."),
    ("Touchpoint", "fails"): ("One event name.", "A list of event names and rules `{event, page, where}`: any may match."),
    ("EventRule", "event"): ("One event name, or a glob such as `view_*`.", "A list of names or globs: any may match."),
    ("EventRule", "where"): ("Property -> value: every key must match.",),
    ("Persona", "segment"): ("Column -> value: every key must match.",),
}

# By the name of the model's definition in the JSON Schema, in the order docs/format.md shows them.
MODELS: dict[str, ModelDoc] = {
    "Journey": JOURNEY,
    "JourneyMeta": JOURNEY_META,
    "EmotionScale": EMOTION_SCALE,
    "MeasureSettings": MEASURE_SETTINGS,
    "Persona": PERSONA,
    "Channel": CHANNEL,
    "Stage": STAGE,
    "Touchpoint": TOUCHPOINT,
    "EventRule": EVENT_RULE,
    "PainPoint": PAIN_POINT,
    "Opportunity": OPPORTUNITY,
    "Kpi": KPI,
    "KpiMeasure": KPI_MEASURE,
}


def heading_anchor(heading: str) -> str:
    """The fragment GitHub gives a Markdown heading: lower case, spaces as hyphens, other
    punctuation dropped (``stages[].touchpoints[]`` -> ``stagestouchpoints``)."""
    kept = "".join(char for char in heading.lower() if char.isalnum() or char in " -_")
    return kept.replace(" ", "-")


def plain(text: str) -> str:
    """The text without Markdown: the JSON Schema's ``description`` for clients that show it as is."""
    return text.replace("`", "")


def markdown(text: str, heading: str) -> str:
    """The text with a link to its section of docs/format.md: the schema's ``markdownDescription``."""
    return f"{text}\n\n[docs/format.md: {heading}]({FORMAT_DOC}#{heading_anchor(heading)})"
