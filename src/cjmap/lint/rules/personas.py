"""Rules on personas: know the customer first, and follow each persona's journey."""

from __future__ import annotations

from collections.abc import Iterator

from cjmap.lint.rule import Context, Finding, rule
from cjmap.model import Journey, walk
from cjmap.model.facts import personas_of


@rule(code="CJ110", name="persona-not-in-journey")
def persona_not_in_journey(journey: Journey, context: Context) -> Iterator[Finding]:
    """A persona takes part in no touchpoint.

    With several personas, follow each one's journey: a persona that no touchpoint involves was
    never mapped. Add the persona to the `personas:` of the touchpoints they go through, or
    remove them.

    Fails:
        cjmap: 1
        journey: {title: Checkout}
        personas: [{id: ana}, {id: luis}]
        stages: [{id: purchase, touchpoints: [{id: cart, name: Cart, personas: [ana]}]}]

    Passes:
        cjmap: 1
        journey: {title: Checkout}
        personas: [{id: ana}, {id: luis}]
        stages: [{id: purchase, touchpoints: [{id: cart, name: Cart, personas: [ana, luis]}]}]
    """
    involved: set[str] = set()
    for _, touchpoint in walk.touchpoints(journey):
        involved.update(personas_of(touchpoint, journey))
    for index, persona in enumerate(journey.personas):
        if persona.id not in involved:
            yield Finding(("personas", index, "id"), f"persona `{persona.id}` takes part in no touchpoint: add them to the touchpoints they go through")


@rule(code="CJ111", name="persona-without-goals")
def persona_without_goals(journey: Journey, context: Context) -> Iterator[Finding]:
    """A persona has no goals.

    Know your customer first: a persona's goals explain why they take the journey at all.
    List them under the persona's `goals:`.

    Fails:
        cjmap: 1
        journey: {title: Checkout}
        personas: [{id: ana, pain_points: [Hidden costs]}]
        stages: [{id: purchase, touchpoints: [{id: cart, name: Cart}]}]

    Passes:
        cjmap: 1
        journey: {title: Checkout}
        personas: [{id: ana, goals: [Pay in one minute], pain_points: [Hidden costs]}]
        stages: [{id: purchase, touchpoints: [{id: cart, name: Cart}]}]
    """
    for index, persona in enumerate(journey.personas):
        if not persona.goals:
            yield Finding(("personas", index, "id"), f"persona `{persona.id}` has no goals: add `goals:`")


@rule(code="CJ112", name="persona-without-pain-points")
def persona_without_pain_points(journey: Journey, context: Context) -> Iterator[Finding]:
    """A persona has no pain points.

    Know your customer first: a persona's frustrations are what the journey must remove.
    List them under the persona's `pain_points:`.

    Fails:
        cjmap: 1
        journey: {title: Checkout}
        personas: [{id: ana, goals: [Pay in one minute]}]
        stages: [{id: purchase, touchpoints: [{id: cart, name: Cart}]}]

    Passes:
        cjmap: 1
        journey: {title: Checkout}
        personas: [{id: ana, goals: [Pay in one minute], pain_points: [Hidden costs]}]
        stages: [{id: purchase, touchpoints: [{id: cart, name: Cart}]}]
    """
    for index, persona in enumerate(journey.personas):
        if not persona.pain_points:
            yield Finding(("personas", index, "id"), f"persona `{persona.id}` has no pain points: add `pain_points:`")
