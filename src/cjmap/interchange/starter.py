"""The starter journey that ``cjmap init`` writes: one persona, guidance comments, and stages
that suit the map type (the five of the purchase funnel; the parts of a day for a
day-in-the-life map, which follows the customer's whole day, with or without the brand)."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

from cjmap.model.vocabulary import STAGE_KINDS
from cjmap.text.labels import labels
from cjmap.text.slugs import slug as make_slug


@dataclass(frozen=True)
class StarterStage:
    id: str
    name: str
    goal: str
    touchpoint: str
    touchpoint_name: str
    channel: str
    kpi: str | None  # a day's stages have nothing of the brand's to measure (lint asks for none)
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


# The parts of a day: stage id, name, goal, touchpoint id and name, channel.
_DAY = {
    "en": (
        ("morning", "Morning", "Get the day going", "wake-up", "Checks the phone on waking", "mobile-app"),
        ("commute", "Commute", "Get to work on time", "ride-to-work", "Travels to work", "other"),
        ("workday", "Workday", "Get the work done", "lunch-break", "Lunch break", "store"),
        ("evening", "Evening", "Rest and sort out home", "evening-plans", "Plans tomorrow at home", "web"),
    ),
    "es": (
        ("manana", "Mañana", "Arrancar el día", "despertar", "Mira el móvil al despertar", "mobile-app"),
        ("trayecto", "Trayecto", "Llegar a tiempo al trabajo", "viaje-al-trabajo", "Va al trabajo", "other"),
        ("jornada", "Jornada", "Sacar el trabajo adelante", "pausa-comida", "Pausa para comer", "store"),
        ("noche", "Noche", "Descansar y organizar la casa", "planes-noche", "Prepara el día siguiente en casa", "web"),
    ),
}


def starter_stages(journey_type: str, language: str) -> list[StarterStage]:
    if journey_type == "day-in-the-life":
        return [StarterStage(*stage, kpi=None, metric="", target=0) for stage in _DAY[language]]
    text = labels(language)
    return [
        StarterStage(stage_id, text[kind], goal, tp_id, tp_name, channel, kpi, metric, target)
        for kind, (stage_id, goal, tp_id, tp_name, channel, kpi, metric, target) in zip(STAGE_KINDS, _STAGES[language], strict=True)
    ]


def slug(text: str) -> str:
    """The journey's id and file name from its title, in any script ("Покупка онлайн" ->
    ``pokupka-onlain``)."""
    return make_slug(text, fallback="journey")


def default_title(language: str) -> str:
    return "Mi recorrido del cliente" if language == "es" else "My customer journey"


def starter_text(*, title: str, journey_type: str, language: str, modeline: str, today: datetime.date) -> str:
    """The starter journey's text; ``modeline`` is its first line, whole (files/schema_location.modeline)."""
    from cjmap.model.field_docs import FORMAT_DOC
    from cjmap.text.templates import environment

    stages = starter_stages(journey_type, language)
    env = environment()
    env.filters["yaml"] = _yaml_string
    return env.get_template("init.journey.yaml.j2").render(
        id=slug(title), title=title, type=journey_type, lang=language, modeline=modeline, today=today.isoformat(), stages=stages,
        format_doc=FORMAT_DOC,  # the page on the web: a journey's folder holds no docs/
    )


def _yaml_string(value: object) -> str:
    # A JSON string is a valid YAML double-quoted scalar: safe for any text.
    return json.dumps(str(value), ensure_ascii=False)
