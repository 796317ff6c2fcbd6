"""The words (English and Spanish, as the journey's language) and number forms the measure views share.

Apart from the registry (formats.py) so that the text and Markdown views, which the registry names,
import only this: no view imports another, and the registry imports no view. Numbers are written
by text/number_forms.py, as render --measured writes them (decimal comma, and thousands spaced
from five digits, in Spanish); the views choose two decimals for percentages, the map one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cjmap.text.labels import base_language, labels
from cjmap.text.number_forms import NumberForms


@dataclass(frozen=True)
class Shown:
    """What a view says beyond the results: how they were computed and for whom."""

    engine: str = "duckdb"
    language: str = "en"  # the journey's language: headings in English or Spanish
    title: str | None = None  # the journey's title (the results hold its id)
    names: Mapping[str, str] = field(default_factory=dict)  # touchpoint id -> its name in the journey (the results hold ids)


_WORDS_EN = {
    "measured": "Measured", "measured_on": "{read} rows read, {rows} with a user; {engine}", "unit_user": "users", "unit_session": "sessions",
    "unit_one_user": "user", "unit_one_session": "session",
    "source_events": "event table", "source_ga4": "GA4 export",
    "columns": "columns: {named}", "no_column": "no {roles} column",
    "role_user": "user", "role_time": "time", "role_event": "event", "role_session": "session", "role_page": "page", "role_value": "value",
    "unseen": "`{event}` ({touchpoint}) is in no row", "did_you_mean": ": did you mean `{suggestion}`?",
    "top_unmatched": "Most frequent unmatched events: {events}", "event_rows": "`{event}` {rows}",
    "kind_missing": "missing", "kind_ad-hoc": "ad-hoc", "kind_irregular": "irregular", "kind_failing": "failing",
    "metric_custom": "Custom metric", "name": "name", "language": "en",
    "definition": "unit {unit} · window {window} · session timeout {timeout} · period {start}..{end} (entries in the period) · entry stage {entry} · source {source}",
    "unmeasured": "Stages not measured (no events:): {stages}",
    "events_line": "Events: {rows} rows with a user, {matched} matched to a touchpoint, {unmatched} unmatched, "
                   "{ambiguous} matching two touchpoints or more (counted for the first), {anonymous} without a user (left out).",
    "units_line": "{units} {unit} with a touchpoint event in the period.",
    "touchpoints": "Touchpoints",
    "touchpoints_how": "reach: {unit} with an event of the touchpoint in the period; failed: {unit} with one of its fails: events",
    "reach": "reach", "failed": "failed", "events": "events",
    "funnel": "Stage funnel",
    "funnel_how": "closed on the first stage; for each of the {unit}, its attempt that reaches furthest within {window} of its entry",
    "entered": "entered", "converted": "converted", "conversion": "conversion", "p50": "p50", "p90": "p90", "mean": "mean",
    "time_to_convert": "time to convert",
    "times_how": "p50, p90, mean: time to convert, from the entry to the first event of the next stage",
    "unit_name_user": "user", "unit_name_session": "session",
    "edges": "Paths",
    "edges_how": "consecutive touchpoint events of the same {unit}; conversion: {unit} who took it / reach of its first touchpoint",
    "edge": "from → to", "planned": "planned", "unplanned": "not in the map", "count": "count", "units": "{unit}",
    "deviations": "Deviations from the map", "kind": "kind", "where": "where", "share": "share",
    "no_deviations": "No deviation: the real paths follow the map.",
    "kpis": "KPI actuals", "kpi": "KPI", "metric": "metric", "on_target": "on target", "how": "how it was measured",
    "not_measured": "not measured: {reason}",
    "breakdown": "Breakdown by {by}", "group": "{by} {key}: {units} {unit}", "no_group": "(no group)",
    "none": "(none)", "touchpoint": "touchpoint",
}
_WORDS_ES = {
    "measured": "Medición", "measured_on": "{read} filas leídas, {rows} con usuario; {engine}", "unit_user": "usuarios", "unit_session": "sesiones",
    "unit_one_user": "usuario", "unit_one_session": "sesión",
    "source_events": "tabla de eventos", "source_ga4": "exportación de GA4",
    "columns": "columnas: {named}", "no_column": "sin columna de {roles}",
    "role_user": "usuario", "role_time": "hora", "role_event": "evento", "role_session": "sesión", "role_page": "página", "role_value": "valor",
    "unseen": "`{event}` ({touchpoint}) no aparece en ninguna fila", "did_you_mean": ": ¿quizás `{suggestion}`?",
    "top_unmatched": "Eventos sin asignar más frecuentes: {events}", "event_rows": "`{event}` {rows}",
    "kind_missing": "ausente", "kind_ad-hoc": "no previsto", "kind_irregular": "retroceso", "kind_failing": "con fallos",
    "metric_custom": "Métrica propia", "name": "nombre", "span_w": "sem", "language": "es",
    "definition": "unidad {unit} · ventana {window} · fin de sesión {timeout} · periodo {start}..{end} (entradas en el periodo) · etapa de entrada {entry} · "
                  "fuente {source}",
    "unmeasured": "Etapas sin medir (sin events:): {stages}",
    "events_line": "Eventos: {rows} filas con usuario, {matched} asignadas a un punto de contacto, {unmatched} sin asignar, "
                   "{ambiguous} que coinciden con dos o más (contadas en el primero), {anonymous} sin usuario (descartadas).",
    "units_line": "{units} {unit} con un evento de punto de contacto en el periodo.",
    "touchpoints": "Puntos de contacto",
    "touchpoints_how": "alcance: {unit} con un evento del punto en el periodo; fallos: {unit} con uno de sus eventos fails:",
    "reach": "alcance", "failed": "fallos", "events": "eventos",
    "funnel": "Embudo por etapas",
    "funnel_how": "cerrado en la primera etapa; para cada uno de los {unit}, el intento que llega más lejos dentro de {window} desde su entrada",
    "entered": "entran", "converted": "convierten", "conversion": "conversión", "p50": "p50", "p90": "p90", "mean": "media",
    "time_to_convert": "tiempo hasta convertir",
    "times_how": "p50, p90, media: tiempo hasta convertir, desde la entrada hasta el primer evento de la etapa siguiente",
    "unit_name_user": "usuario", "unit_name_session": "sesión",
    "edges": "Recorridos",
    "edges_how": "eventos consecutivos de los mismos {unit}; conversión: {unit} que lo siguen / alcance de su primer punto",
    "edge": "de → a", "planned": "en el mapa", "unplanned": "fuera del mapa", "count": "veces", "units": "{unit}",
    "deviations": "Desviaciones del mapa", "kind": "tipo", "where": "dónde", "share": "cuota",
    "no_deviations": "Sin desviaciones: los recorridos reales siguen el mapa.",
    "kpis": "KPI medidos", "kpi": "KPI", "metric": "métrica", "on_target": "en objetivo", "how": "cómo se midió",
    "not_measured": "sin medir: {reason}",
    "breakdown": "Desglose por {by}", "group": "{by} {key}: {units} {unit}", "no_group": "(sin grupo)",
    "none": "(ninguno)", "touchpoint": "punto de contacto",
}
WORDS: Mapping[str, Mapping[str, str]] = {"en": _WORDS_EN, "es": _WORDS_ES}


def words(language: str) -> dict[str, str]:
    """The measure views' words and the journey labels they share (target, actual, metric names)."""
    mine = WORDS.get(base_language(language), _WORDS_EN)
    return {**labels(language), **mine}


def unit_word(results: Mapping[str, Any], text: Mapping[str, str], how_many: int | None = None) -> str:
    """"users" or "sessions": what every count of the results counts ("user" for exactly one)."""
    unit = str(results["definition"]["unit"])
    return text.get(f"unit_one_{unit}" if how_many == 1 else f"unit_{unit}", unit)


def measured_on(results: Mapping[str, Any], shown: Shown, text: Mapping[str, str]) -> str:
    """"12,193 rows read, 12,150 with a user; duckdb": the rows without a user are read too."""
    events = results["events"]
    rows = events.get("rows", 0)
    return text["measured_on"].format(read=count(rows + (events.get("anonymous") or 0), text), rows=count(rows, text), engine=shown.engine)


def definition_line(results: Mapping[str, Any], text: Mapping[str, str]) -> str:
    definition = results["definition"]
    period = definition["period"]
    source = str(definition.get("source", "events"))
    return text["definition"].format(
        unit=text.get(f"unit_name_{definition['unit']}", definition["unit"]), window=definition["window"], timeout=definition.get("session_timeout", "—"),
        start=period["from"], end=period["to"], entry=definition.get("entry", "—"), source=text.get(f"source_{source}", source))


ROLES = ("user", "time", "event", "session", "page", "value")


def columns_line(results: Mapping[str, Any], text: Mapping[str, str]) -> str | None:
    """Which column played which role ("columns: user=userId, time=ts, …; no page column"), when the results say."""
    columns = results["definition"].get("columns")
    if not isinstance(columns, Mapping):
        return None  # results written before the key existed
    named = [f"{text.get('role_' + role, role)}={columns[role]}" for role in ROLES if columns.get(role) not in (None, "")]
    named += [f"{text.get('role_' + role, role)}={value}" for role, value in columns.items() if role not in ROLES and value not in (None, "")]
    missing = [text.get(f"role_{role}", role) for role in ROLES if role in columns and columns.get(role) in (None, "")]
    line = text["columns"].format(named=", ".join(named) or "—")
    return f"{line}; {text['no_column'].format(roles=', '.join(missing))}" if missing else line


def unseen_lines(results: Mapping[str, Any], text: Mapping[str, str]) -> list[str]:
    """One sentence per event name the journey waits for that no row holds (a typo, most often)."""
    out: list[str] = []
    for item in _records(results["events"].get("unseen")):
        line = text["unseen"].format(event=item.get("event"), touchpoint=item.get("touchpoint"))
        suggestion = item.get("did_you_mean")
        out.append(line + (text["did_you_mean"].format(suggestion=suggestion) if suggestion else "") + ("" if suggestion else "."))
    return out


def top_unmatched_line(results: Mapping[str, Any], text: Mapping[str, str]) -> str | None:
    """The unmatched events with the most rows: where a touchpoint's events: may be missing a name."""
    items = _records(results["events"].get("top_unmatched"))
    if not items:
        return None
    return text["top_unmatched"].format(events=", ".join(text["event_rows"].format(event=item.get("event"), rows=count(_whole(item.get("rows")), text))
                                                         for item in items)) + "."


def _records(value: Any) -> list[Mapping[str, Any]]:
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []


def _whole(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def kind_word(kind: Any, text: Mapping[str, str]) -> str:
    """A deviation's kind in the journey's language (the JSON keeps MEASURE.md's names)."""
    return text.get(f"kind_{kind}", str(kind))


# Numbers as the journey's language writes them, from the labels render --measured uses too
# (cjmap.text.labels): English 31,106 and 28.57%; Spanish 31 106 and 28,57 % (RAE: 1234 stays whole).
_ENGLISH_NUMBERS = {key: value for key, value in labels("en").items() if key.startswith("m_")}


def count(value: int | None, text: Mapping[str, str] | None = None) -> str:
    """A count with thousands grouped (31,106; 31 106 in Spanish); a dash when unknown."""
    return "—" if value is None else _forms(text).whole(value)


def percent(fraction: float | None, text: Mapping[str, str] | None = None) -> str:
    """A 0..1 share as a percentage with up to two decimals (0.2857 → 28.57%)."""
    return "—" if fraction is None else _forms(text).percent_text(fraction * 100, 2)


def number(value: float | None, unit: str | None = None, text: Mapping[str, str] | None = None) -> str:
    """A KPI value as the journey writes it: up to two decimals, its unit after it."""
    if value is None:
        return "—"
    forms = _forms(text)
    shown = forms.decimal(value, 2)
    return forms.percent_form.format(value=shown) if unit == "%" else f"{shown} {unit}" if unit else shown


def _forms(text: Mapping[str, str] | None) -> NumberForms:
    return NumberForms(text or _ENGLISH_NUMBERS)


_SPANS = (("w", 7 * 86400), ("d", 86400), ("h", 3600), ("m", 60), ("s", 1))


def duration(seconds: float | None, text: Mapping[str, str] | None = None) -> str:
    """Seconds in a human form: the two largest units (1h 5m, 2d 3h, 45s; 0.4s under a second)."""
    if seconds is None or not math.isfinite(seconds):
        return "—"
    if seconds < 60:
        return f"{_forms(text).decimal(seconds, 1 if seconds < 10 else 0)}s"
    left = round(seconds)
    parts: list[str] = []
    for name, size in _SPANS:
        if left >= size and len(parts) < 2:
            parts.append(f"{left // size}{(text or {}).get('span_' + name, name)}")
            left %= size
        elif parts:
            break  # units follow each other: 1d 0h is "1d", never "1d 5m"
    return " ".join(parts)


def deviation_place(deviation: Mapping[str, Any]) -> str:
    """Where a deviation is: a touchpoint, or an edge from → to."""
    if "touchpoint" in deviation:
        return str(deviation["touchpoint"])
    return f"{deviation.get('from')} → {deviation.get('to')}"


# Rates are measured as percentages (0-100), as their targets are written (docs/measure.md).
_RATES = frozenset({"conversion_rate", "bounce_rate", "cart_abandonment"})


def kpi_unit(row: Mapping[str, Any]) -> str | None:
    """The unit a KPI's numbers are shown in: its own, else % for a rate."""
    unit = row.get("unit")
    return str(unit) if unit else "%" if row.get("metric") in _RATES else None


def kpi_how(row: Mapping[str, Any], text: Mapping[str, str]) -> str:
    """How a KPI was measured, or why it could not be, in the journey's language."""
    how = _translated(str(row.get("definition") or ""), text)
    if row.get("actual") is None:
        how = text["not_measured"].format(reason=_translated(str(row.get("reason") or ""), text) or how or "—")
    note = row.get("note")  # a doubt about the data (values outside an NPS scale), when the results have one
    return f"{how} ({_translated(str(note), text)})" if note else how


# The sentences measure/kpis.py writes into the results (English, in the JSON), and the same in
# Spanish for a Spanish journey's views. `{…}` parts are ids, durations and units, as captured. A
# sentence not found here is shown as written (tests/measure/test_measure_formats.py holds every one).
_SENTENCES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(pattern), spanish) for pattern, spanish in (
    (r"% of units entering (`[^`]*`) that reach (`[^`]*`) within (.+?) of their entry \(stage funnel\)",
     r"% de las unidades que entran en \1 y llegan a \2 en menos de \3 desde su entrada (embudo por etapas)"),
    (r"100 minus the % of units with an? (`[^`]*`) event in the period that reach (`[^`]*`) within (.+?) \(pair conversion\)",
     r"100 menos el % de las unidades con un evento de \1 en el periodo que llegan a \2 en menos de \3 (conversión entre dos puntos)"),
    (r"% of units with an? (`[^`]*`) event in the period that reach (`[^`]*`) within (.+?) \(pair conversion\)",
     r"% de las unidades con un evento de \1 en el periodo que llegan a \2 en menos de \3 (conversión entre dos puntos)"),
    (r"% of sessions starting in the period at (.+) that hold no other touchpoint event",
     r"% de las sesiones que empiezan en el periodo en \1 sin otro evento de punto de contacto"),
    (r"mean time \((\S+)\) from an event of (.+) in the period to the next row of its session",
     r"tiempo medio (\1) desde un evento de \2 en el periodo hasta la fila siguiente de su sesión"),
    (r"values of the events of (.+)", r"valores de los eventos de \1"),
    (r"mean total value per unit of the events of (.+) in the period, over the 1 unit with a value",
     r"valor total medio por unidad de los eventos de \1 en el periodo, sobre la única unidad con valor"),
    (r"mean total value per unit of the events of (.+) in the period, over the ([0-9]+) units with a value",
     r"valor total medio por unidad de los eventos de \1 en el periodo, sobre las \2 unidades con valor"),
    (r"% of values ≥ 9 minus % of values ≤ 6, of the ([0-9]+) valued events of (.+) in the period",
     r"% de valores ≥ 9 menos % de valores ≤ 6, de los \1 eventos con valor de \2 en el periodo"),
    (r"mean value of the ([0-9]+) valued events of (.+) in the period \(values seen: ([^()]*)\)",
     r"valor medio de los \1 eventos con valor de \2 en el periodo (valores vistos: \3)"),
    (r"the values run ([^,]*), not 0\.\.10: is this column an NPS score\?", r"los valores van de \1, no de 0..10: ¿es esta columna una puntuación NPS?"),
    # (?<![0-9]): a search starts only at the run's first digit (else every digit of a long run starts one: quadratic).
    (r"(?<![0-9])([0-9]+) values? of these events (?:are|is) not a number below (\S+) in size: check the value column (\(--columns value=COLUMN\))",
     r"\1 valor(es) de estos eventos no es un número de tamaño menor que \2: revisa la columna del valor \3"),
    (r"custom metric", "métrica propia"), (r"stage funnel conversion", "conversión del embudo por etapas"), (r"pair conversion", "conversión entre dos puntos"),
    (r"bounce rate", "tasa de rebote"), (r"time on page", "tiempo en la página"),
    (r"a custom KPI is measured only with (`measure: \{from: TOUCHPOINT, to: TOUCHPOINT\}`)", r"un KPI propio solo se mide con \1"),
    (r"the stage (`[^`]*`) has no touchpoint with `events:`", r"la etapa \1 no tiene ningún punto de contacto con `events:`"),
    (r"the stage (`[^`]*`) has no touchpoint with `events:`: say (`.*`)", r"la etapa \1 no tiene ningún punto de contacto con `events:`: escribe \2"),
    (r"the stage (`[^`]*`) has one touchpoint with `events:`: say (`.*`)", r"la etapa \1 tiene un solo punto de contacto con `events:`: escribe \2"),
    (r"the touchpoint (`[^`]*`) has no `events:`", r"el punto de contacto \1 no tiene `events:`"),
    (r"no unit entered the stage in the period", "ninguna unidad entró en la etapa en el periodo"),
    (r"no unit had an? (`[^`]*`) event in the period", r"ninguna unidad tuvo un evento de \1 en el periodo"),
    (r"no session started at these touchpoints in the period", "ninguna sesión empezó en estos puntos de contacto en el periodo"),
    (r"no event of these touchpoints is followed by another in its session", "ningún evento de estos puntos de contacto va seguido de otro en su sesión"),
    (r"the data has no value for these events: name the value column with (--columns value=COLUMN)",
     r"los datos no tienen valor para estos eventos: nombra la columna del valor con \1"),
))


def _translated(sentence: str, text: Mapping[str, str]) -> str:
    if text.get("language") != "es" or not sentence:
        return sentence
    for pattern, spanish in _SENTENCES:
        if pattern.fullmatch(sentence):
            return pattern.sub(spanish, sentence)
    return sentence


def on_target_mark(value: bool | None) -> str:
    return "✓" if value is True else "✗" if value is False else "—"
