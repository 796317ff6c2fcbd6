"""Labels for renders and terminal views, in the journey's language (English and Spanish).

Unknown languages fall back to English; regional tags use their base language (``es-MX``).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the Protocol class costs start-up; only the type checker needs it
    from typing import Protocol

    class NamedStage(Protocol):
        """What naming a stage needs (a journey's stage; structural, so text/ needs no model)."""

        @property
        def id(self) -> str: ...
        @property
        def name(self) -> str | None: ...
        @property
        def kind(self) -> str | None: ...  # None only before validation infers it (Stage._infer_kind)

_EN = {
    # stage kinds
    "awareness": "Awareness", "consideration": "Consideration", "purchase": "Purchase",
    "retention": "Retention", "advocacy": "Advocacy", "custom": "Custom",
    # journey types
    "current-state": "Current state", "future-state": "Future state",
    "day-in-the-life": "Day in the life", "service-blueprint": "Service blueprint",
    # header and cards
    "journey_map": "Customer journey map", "owner": "Owner", "reviewed": "Reviewed", "type": "Type",
    "never": "never", "personas": "Personas", "persona": "Persona", "demographics": "Demographics",
    "goals": "Goals", "motivations": "Motivations", "behaviors": "Behaviours", "stage": "Stage",
    "days_ago": "{days} days ago", "no_owner": "no owner",
    # lanes
    "goal": "Goal", "touchpoints": "Touchpoints", "channel": "Channel", "actions": "Actions",
    "thoughts": "Thoughts", "emotion": "Emotion", "pain_points": "Pain points",
    "opportunities": "Opportunities", "kpis": "KPIs", "frontstage": "Front stage",
    "backstage": "Back stage", "support": "Support processes", "evidence": "Evidence",
    "line_interaction": "Line of interaction", "line_visibility": "Line of visibility",
    "line_internal": "Line of internal interaction",
    # details
    "target": "target", "actual": "actual", "better": "on target", "worse": "off target",
    "unknown": "no data", "higher_better": "higher is better", "lower_better": "lower is better",
    "addresses": "addresses", "severity_low": "low", "severity_medium": "medium", "severity_high": "high",
    "priority": "priority", "initiator_customer": "customer", "initiator_company": "company",
    "everyone": "everyone", "anyone": "Other customers", "emotion_curve": "Emotion curve",
    "lines_not_drawn": "The lines of {count} more personas are not drawn: too many to tell apart.", "next": "next",
    "journey_ends": "end of the journey",
    "stage_continued": "{stage} (continued)", "touchpoint_details": "Details",
    "emotion_summary": "Emotion at each touchpoint, from {low} to {high}",
    "skip_to_map": "Skip to the map", "journeys": "Journeys", "title": "Title",
    "stages_count": "Stages", "touchpoints_count": "Touchpoints", "pain_points_count": "Pain points",
    "generated_by": "Made with cjmap from", "initiator": "Started by", "tags": "Tags", "status": "Status",
    "today": "today", "day_ago": "1 day ago", "in_future": "in the future",
    "names_and_more": "{names} and {count} more", "same_point": "several on one point",
    "see_one_persona": "See one with --persona ID.", "no_part_in_stage": "{persona} takes no part in this stage.",
    "first_columns": "first {shown} of {columns}; widen to see all",
    "persona_path": "{title} · {persona}'s path",
    # what an import names when the source has no name for it (a Mermaid diagram's tasks before
    # any section; a diagram that names no actor, when the format needs one persona)
    "first_stage": "Journey", "placeholder_persona": "Customer", "unnamed_section": "Section",
    # cjmap serve's pages that are not maps
    "serve_invalid": "{name} does not validate", "serve_undrawable": "{name} could not be drawn", "serve_gone": "{name} is gone",
    # channels
    "channel_web": "Website", "channel_mobile-app": "Mobile app", "channel_email": "Email", "channel_sms": "SMS",
    "channel_push": "Push notification", "channel_social": "Social media", "channel_search": "Search engine",
    "channel_ads": "Ads", "channel_blog": "Blog", "channel_review-site": "Review site", "channel_video": "Video",
    "channel_chat": "Chat", "channel_chatbot": "Chatbot", "channel_phone": "Phone", "channel_store": "Store",
    "channel_event": "Event", "channel_mail": "Mail", "channel_partner": "Partner",
    "channel_word-of-mouth": "Word of mouth", "channel_other": "Other", "online": "online", "offline": "offline",
    # metrics
    "metric_conversion_rate": "Conversion rate", "metric_bounce_rate": "Bounce rate",
    "metric_time_on_page": "Time on page", "metric_cart_abandonment": "Cart abandonment",
    "metric_clv": "Customer lifetime value", "metric_csat": "Customer satisfaction (CSAT)",
    "metric_nps": "Net Promoter Score", "metric_ces": "Customer effort score", "metric_custom": "Metric",
    # render --measured: the numbers `cjmap measure` wrote, on the map
    "m_title": "Measured", "m_how": "How it was measured", "m_unit": "Unit", "m_unit_user": "users",
    "m_unit_session": "sessions", "m_window": "Conversion window", "m_timeout": "Session timeout", "m_period": "Period",
    "m_period_range": "{start} to {end}", "m_entry": "Entry stage", "m_source": "Source", "m_units": "Counted",
    "m_rows": "Events read", "m_rows_text": "{rows} rows: {matched} matched, {unmatched} unmatched ({ambiguous} matching two touchpoints)",
    "m_anonymous": "{anonymous} without a user, left out", "m_unmeasured": "Stages not measured (no events)",
    "m_lane": "Measured", "m_reach": "Reach", "m_failed": "{count} failed", "m_no_data": "not measured",
    "m_step_title": "Of the {unit} who reached {source}, {rate} went on to {target} (a step of the map)",
    "m_lane_note": "Reach: {unit} with an event of the touchpoint in the period. → next: the share of them who went on along the map.",
    "m_funnel": "Stage funnel",
    "m_funnel_note": "Closed funnel from the first stage: {unit} who reach each stage in order within {window} of entering; the attempt that goes furthest counts.",
    "m_entered": "Entered", "m_converted": "Went on", "m_conversion": "Conversion",
    "m_ttc_p50": "Time to next stage (median)", "m_ttc_p90": "90th percentile", "m_last_stage": "last stage",
    "m_paths": "Real paths against the map", "m_planned": "on the map", "m_unplanned": "not on the map",
    "m_paths_note": "Line width: how many times the step was taken; the number on each line counts them.",
    "m_edge_title": "{source} → {target}: {count} times", "m_edge_units": "{count} times, by {units} {unit} ({rate} of {source})",
    "m_deviations": "Deviations", "m_none": "None found.",
    "m_kind_missing": "Missing", "m_kind_ad-hoc": "Ad hoc", "m_kind_irregular": "Backwards", "m_kind_failing": "Failing",
    "m_dev_missing": "{touchpoint} is almost never reached ({count} {unit})",
    "m_dev_missing_edge": "{source} → {target} is on the map but almost never taken ({count})",
    "m_dev_ad-hoc": "{source} → {target} is not on the map, yet takes {share} of the steps out of {source} ({count})",
    "m_dev_irregular": "{source} → {target} goes back against the journey's order: {share} of the steps out of {source} ({count})",
    "m_dev_failing": "{touchpoint} fails for {share} of its {unit} ({count})",
    "m_kpis": "KPIs measured", "m_kpi": "KPI", "m_actual": "Measured", "m_target": "Target", "m_definition": "How", "m_not_measured": "not measured: {reason}",
    "m_decimal": ".", "m_thousands": ",", "m_percent": "{value}%",
    "m_group_digits": "4",  # numbers of at least this many digits are grouped: 1,234
}


_ES = {
    "awareness": "Conciencia", "consideration": "Consideración", "purchase": "Compra",
    "retention": "Fidelización", "advocacy": "Recomendación", "custom": "Personalizada",
    "current-state": "Estado actual", "future-state": "Estado futuro",
    "day-in-the-life": "Un día en la vida", "service-blueprint": "Plano de servicio",
    "journey_map": "Mapa del recorrido del cliente", "owner": "Responsable", "reviewed": "Revisado",
    "type": "Tipo", "never": "nunca", "personas": "Personas", "persona": "Persona",
    "demographics": "Datos demográficos", "goals": "Objetivos", "motivations": "Motivaciones",
    "behaviors": "Comportamientos", "stage": "Etapa", "days_ago": "hace {days} días",
    "no_owner": "sin responsable",
    "goal": "Objetivo", "touchpoints": "Puntos de contacto", "channel": "Canal", "actions": "Acciones",
    "thoughts": "Pensamientos", "emotion": "Emoción", "pain_points": "Puntos de dolor",
    "opportunities": "Oportunidades", "kpis": "KPI", "frontstage": "Escenario (front stage)",
    "backstage": "Tras bastidores (back stage)", "support": "Procesos de soporte", "evidence": "Evidencia física",
    "line_interaction": "Línea de interacción", "line_visibility": "Línea de visibilidad",
    "line_internal": "Línea de interacción interna",
    "target": "objetivo", "actual": "real", "better": "en objetivo", "worse": "fuera de objetivo",
    "unknown": "sin datos", "higher_better": "más es mejor", "lower_better": "menos es mejor",
    "addresses": "resuelve", "severity_low": "baja", "severity_medium": "media", "severity_high": "alta",
    "priority": "prioridad", "initiator_customer": "cliente", "initiator_company": "empresa",
    "everyone": "todos", "anyone": "Otros clientes", "emotion_curve": "Curva emocional",
    "lines_not_drawn": "No se dibujan las líneas de {count} personas más: demasiadas para distinguirlas.", "next": "siguiente",
    "journey_ends": "fin del recorrido",
    "stage_continued": "{stage} (continuación)", "touchpoint_details": "Detalles",
    "emotion_summary": "Emoción en cada punto de contacto, de {low} a {high}",
    "skip_to_map": "Ir al mapa", "journeys": "Recorridos", "title": "Título",
    "stages_count": "Etapas", "touchpoints_count": "Puntos de contacto", "pain_points_count": "Puntos de dolor",
    "generated_by": "Hecho con cjmap a partir de", "initiator": "Inicia", "tags": "Etiquetas", "status": "Estado",
    "today": "hoy", "day_ago": "hace 1 día", "in_future": "en el futuro",
    "names_and_more": "{names} y {count} más", "same_point": "varias en un mismo punto",
    "see_one_persona": "Para ver una, use --persona ID.", "no_part_in_stage": "{persona} no participa en esta etapa.",
    "first_columns": "los primeros {shown} de {columns}; amplíe la ventana para verlos todos",
    "persona_path": "{title} · recorrido de {persona}",
    "first_stage": "Recorrido", "placeholder_persona": "Cliente", "unnamed_section": "Sección",
    "serve_invalid": "{name} no es válido", "serve_undrawable": "No se pudo dibujar {name}", "serve_gone": "{name} ya no está",
    "channel_web": "Sitio web", "channel_mobile-app": "App móvil", "channel_email": "Correo electrónico",
    "channel_sms": "SMS", "channel_push": "Notificación push", "channel_social": "Redes sociales",
    "channel_search": "Buscador", "channel_ads": "Anuncios", "channel_blog": "Blog",
    "channel_review-site": "Web de reseñas", "channel_video": "Vídeo", "channel_chat": "Chat",
    "channel_chatbot": "Chatbot", "channel_phone": "Teléfono", "channel_store": "Tienda",
    "channel_event": "Evento", "channel_mail": "Correo postal", "channel_partner": "Socio",
    "channel_word-of-mouth": "Boca a boca", "channel_other": "Otro", "online": "en línea", "offline": "fuera de línea",
    "metric_conversion_rate": "Tasa de conversión", "metric_bounce_rate": "Tasa de rebote",
    "metric_time_on_page": "Tiempo en la página", "metric_cart_abandonment": "Abandono del carrito",
    "metric_clv": "Valor de vida del cliente", "metric_csat": "Satisfacción del cliente (CSAT)",
    "metric_nps": "Net Promoter Score", "metric_ces": "Índice de esfuerzo del cliente", "metric_custom": "Métrica",
    "m_title": "Medido", "m_how": "Cómo se midió", "m_unit": "Unidad", "m_unit_user": "usuarios",
    "m_unit_session": "sesiones", "m_window": "Ventana de conversión", "m_timeout": "Fin de sesión tras", "m_period": "Periodo",
    "m_period_range": "del {start} al {end}", "m_entry": "Etapa de entrada", "m_source": "Fuente", "m_units": "Contados",
    "m_rows": "Eventos leídos", "m_rows_text": "{rows} filas: {matched} asignadas, {unmatched} sin asignar ({ambiguous} encajan en dos puntos de contacto)",
    "m_anonymous": "{anonymous} sin usuario, descartadas", "m_unmeasured": "Etapas sin medir (sin eventos)",
    "m_lane": "Medido", "m_reach": "Alcance", "m_failed": "{count} fallaron", "m_no_data": "sin medir",
    "m_step_title": "De los {unit} que llegaron a {source}, el {rate} siguió a {target} (un paso del mapa)",
    "m_lane_note": "Alcance: {unit} con un evento del punto de contacto en el periodo. → siguiente: la parte de ellos que siguió por el mapa.",
    "m_funnel": "Embudo por etapas",
    "m_funnel_note": (
        "Embudo cerrado desde la primera etapa: {unit} que llegan a cada etapa en orden en {window} desde la entrada; cuenta el intento que llega más lejos."
    ),
    "m_entered": "Entraron", "m_converted": "Siguieron", "m_conversion": "Conversión",
    "m_ttc_p50": "Tiempo a la siguiente etapa (mediana)", "m_ttc_p90": "Percentil 90", "m_last_stage": "última etapa",
    "m_paths": "Caminos reales frente al mapa", "m_planned": "en el mapa", "m_unplanned": "fuera del mapa",
    "m_paths_note": "Grosor de la línea: cuántas veces se dio el paso; el número de cada línea las cuenta.",
    "m_edge_title": "{source} → {target}: {count} veces", "m_edge_units": "{count} veces, por {units} {unit} (el {rate} de {source})",
    "m_deviations": "Desviaciones", "m_none": "No se encontró ninguna.",
    "m_kind_missing": "Ausente", "m_kind_ad-hoc": "Improvisado", "m_kind_irregular": "Hacia atrás", "m_kind_failing": "Con fallos",
    "m_dev_missing": "Casi nadie llega a {touchpoint} ({count} {unit})",
    "m_dev_missing_edge": "{source} → {target} está en el mapa, pero casi nadie lo sigue ({count})",
    "m_dev_ad-hoc": "{source} → {target} no está en el mapa y se lleva el {share} de los pasos que salen de {source} ({count})",
    "m_dev_irregular": "{source} → {target} vuelve atrás contra el orden del recorrido: el {share} de los pasos que salen de {source} ({count})",
    "m_dev_failing": "{touchpoint} falla para el {share} de sus {unit} ({count})",
    "m_kpis": "KPI medidos", "m_kpi": "KPI", "m_actual": "Medido", "m_target": "Objetivo", "m_definition": "Cómo", "m_not_measured": "sin medir: {reason}",
    "m_decimal": ",", "m_thousands": "\u00a0", "m_percent": "{value}\u00a0%",
    "m_group_digits": "5",  # the RAE: 1234 stays whole, 12 345 is grouped by a space
}


if set(_EN) != set(_ES):  # pragma: no cover - caught by the tests too
    raise RuntimeError(f"label sets differ: {sorted(set(_EN) ^ set(_ES))}")

LANGUAGES: Mapping[str, Mapping[str, str]] = MappingProxyType({"en": _EN, "es": _ES})


def base_language(tag: str) -> str:
    """``es-MX`` -> ``es``; a language without labels -> ``en``."""
    base = tag.replace("_", "-").split("-", 1)[0].lower()
    return base if base in LANGUAGES else "en"


def labels(tag: str) -> Mapping[str, str]:
    return LANGUAGES[base_language(tag)]


def stage_name(stage: NamedStage, language: str) -> str:
    """The stage's own name, else its kind in the journey's language, else its id."""
    if stage.name:
        return stage.name
    if stage.kind == "custom":
        return stage.id
    assert stage.kind is not None  # every validated stage has a kind
    return labels(language)[stage.kind]
