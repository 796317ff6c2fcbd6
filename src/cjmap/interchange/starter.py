"""The starter journey that ``cjmap init`` writes: five stages, one persona, guidance comments."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

from cjmap.model.vocabulary import STAGE_KINDS, normalise_word
from cjmap.text.labels import labels


@dataclass(frozen=True)
class StarterStage:
    id: str
    name: str
    goal: str
    touchpoint: str
    touchpoint_name: str
    channel: str
    kpi: str
    metric: str
    target: float


_STAGES = {
    "en": (
        ("awareness", "Discover that the brand exists", "first-contact", "First contact", "search", "bounce", "bounce_rate", 40),
        ("consideration", "Compare the options", "comparison", "Comparing options", "web", "time-on-page", "time_on_page", 3),
        ("purchase", "Buy without friction", "checkout", "Checkout", "web", "conversion", "conversion_rate", 3),
        ("retention", "Get value and come back", "follow-up", "Follow-up", "email", "csat", "csat", 4.5),
        ("advocacy", "Recommend the brand", "recommendation", "Recommendation", "word-of-mouth", "nps", "nps", 40),
    ),
    "es": (
        ("conciencia", "Descubrir que la marca existe", "primer-contacto", "Primer contacto", "search", "rebote", "bounce_rate", 40),
        ("consideracion", "Comparar las opciones", "comparacion", "Comparación de opciones", "web", "tiempo-en-pagina", "time_on_page", 3),
        ("compra", "Comprar sin fricciones", "pago", "Pago", "web", "conversion", "conversion_rate", 3),
        ("fidelizacion", "Sacar partido y volver", "seguimiento", "Seguimiento", "email", "csat", "csat", 4.5),
        ("recomendacion", "Recomendar la marca", "recomendacion-amigo", "Recomendación", "word-of-mouth", "nps", "nps", 40),
    ),
}


def slug(text: str) -> str:
    return normalise_word(text)[:60].strip("-") or "journey"


def default_title(language: str) -> str:
    return "Mi recorrido del cliente" if language == "es" else "My customer journey"


def starter_text(*, title: str, journey_type: str, language: str, schema: str, today: datetime.date) -> str:
    from cjmap.text.templates import environment

    text = labels(language)
    stages = [
        StarterStage(stage_id, text[kind], goal, tp_id, tp_name, channel, kpi, metric, target)
        for kind, (stage_id, goal, tp_id, tp_name, channel, kpi, metric, target) in zip(STAGE_KINDS, _STAGES[language], strict=True)
    ]
    env = environment()
    env.filters["yaml"] = _yaml_string
    return env.get_template("init.journey.yaml.j2").render(
        id=slug(title), title=title, type=journey_type, lang=language, schema=schema, today=today.isoformat(), stages=stages,
    )


def _yaml_string(value: object) -> str:
    # A JSON string is a valid YAML double-quoted scalar: safe for any text.
    return json.dumps(str(value), ensure_ascii=False)
