"""Realistic journeys of any size, for the tests of how maps hold up at 5, 13, 26 or 100
touchpoints (issue 15): three personas, the five stages, names and texts of the lengths people
write, per-persona emotions, pain points, opportunities, KPIs, and on request service-blueprint
lanes, `next` jumps across stages, a Spanish journey, or one very long unbroken word.

Deterministic: the same arguments give the same text.
"""

from __future__ import annotations

STAGES = (
    ("awareness", "Awareness", "Conciencia", "Learn that the service exists"),
    ("consideration", "Consideration", "Consideración", "Compare the options and trust one"),
    ("purchase", "Purchase", "Compra", "Pay without surprises"),
    ("retention", "Retention", "Retención", "Get value every month"),
    ("advocacy", "Advocacy", "Recomendación", "Tell friends and colleagues"),
)
PERSONAS = (
    ("kim", "Kim, the careful planner"),
    ("lee", "Lee, the busy commuter"),
    ("sam", "Sam, the first-time buyer"),
)
# (name, channel): names as people write them, from three words to a long sentence.
NAMES_EN = (
    ("Sees an ad on social media", "social"),
    ("Reads a comparison article on a review site about the three best plans", "review-site"),
    ("Searches for the price", "search"),
    ("Watches an unboxing video", "video"),
    ("Asks a friend who already uses it whether it is worth the money", "word-of-mouth"),
    ("Opens the newsletter", "email"),
    ("Visits the store to try it", "store"),
    ("Chats with the bot about delivery times and the return policy", "chatbot"),
    ("Fills in the checkout form", "web"),
    ("Calls support", "phone"),
    ("Installs the app and signs in with the account created at checkout", "mobile-app"),
    ("Gets a push reminder", "push"),
)
NAMES_ES = (
    ("Ve un anuncio en redes sociales", "social"),
    ("Lee un artículo comparativo en una web de opiniones sobre los tres mejores planes", "review-site"),
    ("Busca el precio", "search"),
    ("Mira un vídeo de unboxing", "video"),
    ("Pregunta a una amiga que ya lo usa si merece la pena", "word-of-mouth"),
    ("Abre el boletín", "email"),
    ("Visita la tienda para probarlo", "store"),
    ("Habla con el chatbot sobre plazos de entrega y la política de devoluciones", "chatbot"),
    ("Rellena el formulario de pago", "web"),
    ("Llama a soporte", "phone"),
    ("Instala la app e inicia sesión con la cuenta creada al pagar", "mobile-app"),
    ("Recibe un recordatorio push", "push"),
)
LONG_WORD = "Donaudampfschifffahrtsgesellschaftskapitänskajütenschlüsselanhängerbefestigungsvorrichtung" * 2


def sized_journey(
    touchpoints: int,
    *,
    blueprint: bool = False,
    jumps: bool = False,
    spanish: bool = False,
    long_word: bool = False,
    title: str = "",
) -> str:
    """A journey of ``touchpoints`` touchpoints spread over the five stages (the first stages
    get one more when they do not divide evenly), as YAML text.

    ``jumps`` adds `next` links across stages (the first touchpoint goes straight to the last
    stage, the last comes back to the first) so that journey order and `next` order differ.
    """
    names = NAMES_ES if spanish else NAMES_EN
    lines = [
        "cjmap: 1",
        "journey:",
        f"  id: sized-{touchpoints}",
        f"  title: \"{title or ('Mapa de ' if spanish else 'Journey of ') + str(touchpoints)}\"",
        f"  type: {'service-blueprint' if blueprint else 'current-state'}",
        f"  language: {'es' if spanish else 'en'}",
        "  owner: cx-team",
        "  reviewed: 2026-11-01",
        "personas:",
    ]
    for pid, name in PERSONAS:
        lines += [f"  - id: {pid}", f"    name: {name}", "    goals: [Get a plan that fits]", "    pain_points: [Hidden costs]"]
    lines.append("stages:")
    per_stage = [touchpoints // len(STAGES) + (1 if index < touchpoints % len(STAGES) else 0) for index in range(len(STAGES))]
    number = 0
    ids = [f"tp-{n + 1}" for n in range(touchpoints)]
    for (sid, en, es, goal), count in zip(STAGES, per_stage, strict=True):
        lines += [f"  - id: {sid}", f"    name: {es if spanish else en}", f"    goal: {goal}", "    touchpoints:"]
        for _ in range(count):
            lines += _touchpoint(number, ids, names, blueprint=blueprint, jumps=jumps, long_word=long_word)
            number += 1
        lines += [
            "    kpis:",
            f"      - {{id: {sid}-rate, name: {en} rate, metric: conversion_rate, target: 0.4, actual: 0.{30 + number % 20}}}",
        ]
    return "\n".join(lines) + "\n"


def _touchpoint(number: int, ids: list[str], names: tuple[tuple[str, str], ...], *, blueprint: bool, jumps: bool, long_word: bool) -> list[str]:
    name, channel = names[number % len(names)]
    if long_word and number == 1:
        name = f"{name} {LONG_WORD}"
    lines = [f"      - id: {ids[number]}", f"        name: \"{name} ({number + 1})\"", f"        channel: {channel}"]
    # Every third touchpoint belongs to one persona; the others are everyone's.
    if number % 3 == 1:
        lines.append(f"        personas: [{PERSONAS[number % len(PERSONAS)][0]}]")
        lines.append(f"        emotion: {(number % 5) - 2}")
    else:
        values = ", ".join(f"{pid}: {((number + index) % 5) - 2}" for index, (pid, _) in enumerate(PERSONAS))
        lines.append(f"        emotion: {{{values}}}")
    lines.append("        actions: [Looks for the price, Reads the small print]")
    if number % 2 == 0:
        lines.append("        thoughts: [\"Is this the right plan for me?\"]")
    if number % 4 == 0:
        lines.append(f"        pain_points: [{{id: pain-{number + 1}, text: The price changes between pages, severity: high}}]")
        lines.append(f"        opportunities: [{{text: Show one price everywhere, addresses: [pain-{number + 1}]}}]")
    if blueprint:
        lines += [
            "        evidence: [Price page, Confirmation email]",
            "        frontstage: [Agent answers in the chat]",
            "        backstage: [Billing checks the account]",
            "        support: [Payment provider API]",
        ]
    if jumps and number == 0 and len(ids) > 2:
        lines.append(f"        next: [{ids[1]}, {ids[-1]}]")
    if jumps and number == len(ids) - 1 and len(ids) > 2:
        lines.append(f"        next: [{ids[0]}]")
    return lines
