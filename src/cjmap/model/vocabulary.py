"""The words of the domain: stage kinds and the words users write for them, channels, metrics.

Plain Python (no pydantic) so that lint rules, renderers and the CLI can use it cheaply.
Source: ../shared/domain/GLOSSARY.md, "The stages and their names".
"""

from __future__ import annotations

import re
from typing import Literal, get_args

# The JSON Schema's "$id": it names the schema, and `cjmap schema --write` knows its own file by it.
# Nothing serves it: modelines name a local journey.schema.json (docs/editors.md).
SCHEMA_URL = "https://cjmap.dev/schema/journey-1.json"
# Where the documentation is read on the web (a journey's folder holds no docs/): SARIF's helpUri,
# the schema's hover links, the comment of `cjmap init`.
DOCS_URL = "https://github.com/cjmap/cjmap/blob/main/docs/"

# An id: lowercase ASCII letters, digits and hyphens, not starting with a hyphen (the models
# check it; a Tab press offers only ids of this shape, without loading them).
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
SLUG_MAX_LENGTH = 200

JourneyType = Literal["current-state", "future-state", "day-in-the-life", "service-blueprint"]
JOURNEY_TYPES: tuple[str, ...] = get_args(JourneyType)

# The five stages of the journey in their order (GLOSSARY.md), and `custom` for any other.
StageKind = Literal["awareness", "consideration", "purchase", "retention", "advocacy", "custom"]
CUSTOM_KIND: StageKind = "custom"
STAGE_KINDS: tuple[StageKind, ...] = tuple(kind for kind in get_args(StageKind) if kind != CUSTOM_KIND)

Metric = Literal["conversion_rate", "bounce_rate", "time_on_page", "cart_abandonment", "clv", "csat", "nps", "ces", "custom"]
Direction = Literal["higher", "lower"]

# The four ways reality deviates from the map (MEASURE.md), in the order `measure` lists them.
DeviationKind = Literal["missing", "ad-hoc", "irregular", "failing"]
DEVIATION_KINDS: tuple[DeviationKind, ...] = get_args(DeviationKind)

# Every word is stored normalised (see normalise_word); English and Spanish forms.
_STAGE_WORDS: dict[StageKind, tuple[str, ...]] = {
    "awareness": (
        "awareness", "conciencia", "concientizacion", "conocimiento", "descubrimiento",
        "atraccion", "interes", "discovery", "discover", "attraction", "interest",
    ),
    "consideration": (
        "consideration", "consideracion", "evaluation", "evaluacion", "research",
        "investigacion", "comparison", "comparacion",
    ),
    "purchase": (
        "purchase", "compra", "decision", "decision-compra", "conversion", "buy", "checkout",
    ),
    "retention": (
        "retention", "retencion", "fidelizacion", "loyalty", "fidelidad", "posventa",
        "postventa", "post-purchase", "postcompra", "poscompra",
    ),
    "advocacy": (
        "advocacy", "defensa", "promocion", "recomendacion", "recommendation", "promotion",
    ),
}
STAGE_WORDS: dict[str, StageKind] = {
    word: kind for kind, words in _STAGE_WORDS.items() for word in words
}

_SEPARATORS = re.compile(r"[^a-z0-9]+")


def normalise_word(text: str) -> str:
    """Lower case, accents removed, runs of other characters turned into one ``-``.

    ``"Decisión – Compra"`` -> ``"decision-compra"``; ``"FIDELIZACIÓN"`` -> ``"fidelizacion"``.
    """
    import unicodedata  # here, not at the top: the CLI imports this module at every start-up

    decomposed = unicodedata.normalize("NFKD", text.casefold())
    ascii_only = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SEPARATORS.sub("-", ascii_only).strip("-")


def infer_stage_kind(*candidates: str | None) -> StageKind:
    """The canonical kind of the first candidate that names one, else ``custom``.

    A candidate names a kind when it is a stage word ("Fidelización"), or when its words
    include stage words of exactly one kind ("Fase de compra", "Decisión y compra").
    """
    for candidate in candidates:
        if not candidate:
            continue
        word = normalise_word(candidate)
        kind = STAGE_WORDS.get(word)
        if kind is None:
            kinds = {STAGE_WORDS[part] for part in word.split("-") if part in STAGE_WORDS}
            kind = kinds.pop() if len(kinds) == 1 else None
        if kind is not None:
            return kind
    return CUSTOM_KIND


ONLINE, OFFLINE = "online", "offline"

# id -> mode. FORMAT.md, "Built-in channels". `other` has no mode.
BUILTIN_CHANNELS: dict[str, str | None] = {
    **dict.fromkeys(
        ("web", "mobile-app", "email", "sms", "push", "social", "search", "ads", "blog",
         "review-site", "video", "chat", "chatbot"),
        ONLINE,
    ),
    **dict.fromkeys(
        ("phone", "store", "event", "mail", "partner", "word-of-mouth"), OFFLINE
    ),
    "other": None,
}

# Metric -> which direction is better, when the KPI does not say (FORMAT.md `better`).
METRIC_BETTER: dict[Metric, Direction] = {
    "conversion_rate": "higher",
    "bounce_rate": "lower",
    "time_on_page": "higher",
    "cart_abandonment": "lower",
    "clv": "higher",
    "csat": "higher",
    "nps": "higher",
    "ces": "lower",  # customer effort score: less effort is better
    "custom": "higher",
}
