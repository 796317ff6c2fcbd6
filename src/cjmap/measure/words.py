"""The words (English and Spanish, as the journey's language) and number forms the measure views share.

Apart from the registry (formats.py) so that the text and Markdown views, which the registry names,
import only this: no view imports another, and the registry imports no view. Numbers are written
as the language writes them, as render --measured does (decimal comma and spaced thousands in Spanish).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cjmap.text.labels import base_language, labels


@dataclass(frozen=True)
class Shown:
    """What a view says beyond the results: how they were computed and for whom."""

    engine: str = "duckdb"
    language: str = "en"  # the journey's language: headings in English or Spanish
    title: str | None = None  # the journey's title (the results hold its id)



_WORDS_EN = {
    "measured": "Measured", "measured_on": "{rows} rows read with {engine}", "unit_user": "users", "unit_session": "sessions",
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
    "measured": "Medición", "measured_on": "{rows} filas leídas con {engine}", "unit_user": "usuarios", "unit_session": "sesiones",
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


def unit_word(results: Mapping[str, Any], text: Mapping[str, str]) -> str:
    """"users" or "sessions": what every count of the results counts."""
    return text.get(f"unit_{results['definition']['unit']}", str(results["definition"]["unit"]))


# Numbers as the journey's language writes them, from the labels render --measured uses too
# (cjmap.text.labels): English 31,106 and 28.57%; Spanish 31 106 and 28,57 % (RAE: 1234 stays whole).
_ENGLISH_NUMBERS = {key: value for key, value in labels("en").items() if key.startswith("m_")}


def count(value: int | None, text: Mapping[str, str] | None = None) -> str:
    """A count with thousands grouped (31,106; 31 106 in Spanish); a dash when unknown."""
    return "—" if value is None else _grouped(str(abs(value)), text or _ENGLISH_NUMBERS, negative=value < 0)


def percent(fraction: float | None, text: Mapping[str, str] | None = None) -> str:
    """A 0..1 share as a percentage with up to two decimals (0.2857 → 28.57%)."""
    forms = text or _ENGLISH_NUMBERS
    return "—" if fraction is None else forms["m_percent"].format(value=_trimmed(fraction * 100, 2, forms))


def number(value: float | None, unit: str | None = None, text: Mapping[str, str] | None = None) -> str:
    """A KPI value as the journey writes it: up to two decimals, its unit after it."""
    forms = text or _ENGLISH_NUMBERS
    if value is None:
        return "—"
    shown = _trimmed(value, 2, forms)
    return forms["m_percent"].format(value=shown) if unit == "%" else f"{shown} {unit}" if unit else shown


def _grouped(digits: str, forms: Mapping[str, str], *, negative: bool = False) -> str:
    if len(digits) >= int(forms["m_group_digits"]):
        head = len(digits) % 3 or 3
        digits = forms["m_thousands"].join([digits[:head], *(digits[i:i + 3] for i in range(head, len(digits), 3))])
    return f"-{digits}" if negative else digits


def _trimmed(value: float, places: int, forms: Mapping[str, str] = _ENGLISH_NUMBERS) -> str:
    fixed = f"{abs(value):.{places}f}"
    whole, _, fraction = fixed.partition(".")
    fraction = fraction.rstrip("0")
    negative = value < 0 and bool(fixed.strip("0."))
    return _grouped(whole, forms, negative=negative) + (forms["m_decimal"] + fraction if fraction else "")


_SPANS = (("w", 7 * 86400), ("d", 86400), ("h", 3600), ("m", 60), ("s", 1))


def duration(seconds: float | None, text: Mapping[str, str] | None = None) -> str:
    """Seconds in a human form: the two largest units (1h 5m, 2d 3h, 45s; 0.4s under a second)."""
    if seconds is None or not math.isfinite(seconds):
        return "—"
    if seconds < 60:
        return f"{_trimmed(seconds, 1 if seconds < 10 else 0, text or _ENGLISH_NUMBERS)}s"
    left = round(seconds)
    parts: list[str] = []
    for name, size in _SPANS:
        if left >= size and len(parts) < 2:
            parts.append(f"{left // size}{name}")
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
    """How a KPI was measured, or why it could not be."""
    how = str(row.get("definition") or "")
    if row.get("actual") is None:
        return text["not_measured"].format(reason=row.get("reason") or how or "—")
    return how


def on_target_mark(value: bool | None) -> str:
    return "✓" if value is True else "✗" if value is False else "—"
