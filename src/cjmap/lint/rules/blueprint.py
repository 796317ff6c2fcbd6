"""Rules for service blueprints: what the company does behind each step."""

from __future__ import annotations

from collections.abc import Iterator

from cjmap.lint.rule import Context, Finding, rule
from cjmap.model import Journey, walk


@rule(code="CJ150", name="blueprint-without-backstage")
def blueprint_without_backstage(journey: Journey, context: Context) -> Iterator[Finding]:
    """A service blueprint's touchpoint has no backstage or support.

    A service blueprint adds the people, policies, technology and processes behind each step;
    without them it is a plain journey map. Add `backstage:` or `support:`. Applies to
    service-blueprint maps only (`journey.type: service-blueprint`).

    Fails:
        cjmap: 1
        journey: {title: Account opening, type: service-blueprint}
        personas: [{id: ana}]
        stages: [{id: purchase, touchpoints: [{id: sign-up, name: Online sign-up, frontstage: [Web form]}]}]

    Passes:
        cjmap: 1
        journey: {title: Account opening, type: service-blueprint}
        personas: [{id: ana}]
        stages:
          - id: purchase
            touchpoints:
              - {id: sign-up, name: Online sign-up, frontstage: [Web form], backstage: [Identity check], support: [KYC service]}
    """
    if journey.journey.type != "service-blueprint":
        return
    for path, touchpoint in walk.touchpoints(journey):
        if not touchpoint.backstage and not touchpoint.support:
            yield Finding((*path, "id"), f"touchpoint `{touchpoint.id}` shows nothing behind the scenes: add `backstage:` or `support:`")
