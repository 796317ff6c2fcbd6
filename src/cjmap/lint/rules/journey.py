"""Rules on the journey as a whole: is it owned and kept alive?"""

from __future__ import annotations

from collections.abc import Iterator

from cjmap.lint.rule import Context, Finding, rule
from cjmap.model import Journey
from cjmap.model.facts import REVIEW_MAX_AGE_DAYS, review_age


@rule(code="CJ101", name="stale-review", options={"max-age-days": REVIEW_MAX_AGE_DAYS})
def stale_review(journey: Journey, context: Context) -> Iterator[Finding]:
    """The journey has not been reviewed in the last 90 days, or never.

    Journeys change as customers and channels do; the source articles recommend reviewing the
    map continuously, for example quarterly. Set `journey.reviewed` to the date of the last
    review. The threshold is the option `max-age-days`.

    Fails:
        cjmap: 1
        journey: {title: Checkout, owner: cx-team, reviewed: 2025-01-15}
        personas: [{id: ana}]
        stages: [{id: purchase, touchpoints: [{id: cart, name: Cart}]}]

    Passes:
        cjmap: 1
        journey: {title: Checkout, owner: cx-team, reviewed: 2026-11-01}
        personas: [{id: ana}]
        stages: [{id: purchase, touchpoints: [{id: cart, name: Cart}]}]
    """
    limit = int(context.options["max-age-days"])
    reviewed, age = journey.journey.reviewed, review_age(journey, context.today)
    if reviewed is None or age is None:
        yield Finding(("journey",), "the journey has never been reviewed: add `reviewed:` with the date of the last review", at_key=True)
        return
    if age < 0:
        yield Finding(("journey", "reviewed"), f"the review date {reviewed.isoformat()} is in the future: check the year")
    elif age > limit:
        yield Finding(
            ("journey", "reviewed"),
            f"last reviewed {age} days ago ({reviewed.isoformat()}), more than {limit}: review the map and update the date",
        )


@rule(code="CJ102", name="missing-owner")
def missing_owner(journey: Journey, context: Context) -> Iterator[Finding]:
    """The journey has no owner.

    A map that nobody owns goes stale. Name the team or person who keeps it alive in
    `journey.owner`.

    Fails:
        cjmap: 1
        journey: {title: Checkout, reviewed: 2026-11-01}
        personas: [{id: ana}]
        stages: [{id: purchase, touchpoints: [{id: cart, name: Cart}]}]

    Passes:
        cjmap: 1
        journey: {title: Checkout, owner: cx-team, reviewed: 2026-11-01}
        personas: [{id: ana}]
        stages: [{id: purchase, touchpoints: [{id: cart, name: Cart}]}]
    """
    if not journey.journey.owner:
        yield Finding(("journey",), "the journey has no owner: add `owner:` (the team that keeps the map alive)", at_key=True)
