"""Rules on stages: every stage filled, aimed and measured, in the order customers live them."""

from __future__ import annotations

from collections.abc import Iterator

from cjmap.lint.rule import Context, Finding, rule
from cjmap.model import Journey, walk
from cjmap.model.vocabulary import STAGE_KINDS, JourneyType

# The map types organised as the five-stage purchase funnel (GLOSSARY.md, "Map types"): what
# customers do today, and what the brand aims for. A day in the life follows the customer's whole
# day, brand or not (morning, commute, evening); a service blueprint follows the steps of one
# service and what the company does behind them. Neither is a funnel, so the funnel's rules
# (its order, its five stages) say nothing true about them.
FUNNEL_MAP_TYPES: frozenset[JourneyType] = frozenset({"current-state", "future-state"})


def _is_funnel(journey: Journey) -> bool:
    return journey.journey.type in FUNNEL_MAP_TYPES


@rule(code="CJ140", name="empty-stage")
def empty_stage(journey: Journey, context: Context) -> Iterator[Finding]:
    """A stage has no touchpoints.

    Map every touchpoint: a stage without touchpoints is a hole in the map. Add the
    touchpoints where the customer meets the brand in this stage.

    Fails:
        cjmap: 1
        journey: {title: Checkout}
        personas: [{id: ana}]
        stages: [{id: purchase, touchpoints: [{id: cart, name: Cart}]}, {id: retention}]

    Passes:
        cjmap: 1
        journey: {title: Checkout}
        personas: [{id: ana}]
        stages:
          - {id: purchase, touchpoints: [{id: cart, name: Cart}]}
          - {id: retention, touchpoints: [{id: follow-up, name: Follow-up email}]}
    """
    for path, stage in walk.stages(journey):
        if not stage.touchpoints:
            yield Finding((*path, "id"), f"stage `{stage.id}` has no touchpoints: add the touchpoints of this stage")


@rule(code="CJ141", name="stage-without-goal")
def stage_without_goal(journey: Journey, context: Context) -> Iterator[Finding]:
    """A stage has no customer goal.

    Each stage says what the customer hopes to achieve there; without it, the touchpoints
    cannot be judged. Add `goal:`.

    Fails:
        cjmap: 1
        journey: {title: Checkout}
        personas: [{id: ana}]
        stages: [{id: purchase, touchpoints: [{id: cart, name: Cart}]}]

    Passes:
        cjmap: 1
        journey: {title: Checkout}
        personas: [{id: ana}]
        stages: [{id: purchase, goal: Pay quickly and safely, touchpoints: [{id: cart, name: Cart}]}]
    """
    for path, stage in walk.stages(journey):
        if not stage.goal:
            yield Finding((*path, "id"), f"stage `{stage.id}` has no goal: add `goal:` (what the customer wants here)")


@rule(code="CJ142", name="stage-without-kpi", severity="info")
def stage_without_kpi(journey: Journey, context: Context) -> Iterator[Finding]:
    """A stage has no KPI.

    Measure: attach KPIs to stages (conversion rate, bounce rate, CSAT…) and compare them with
    their targets. Add `kpis:`. Applies to current-state, future-state and service-blueprint
    maps: a day in the life follows the customer's whole day, whether or not the brand is
    involved, and a morning or a commute has nothing of the brand's to measure.

    Fails:
        cjmap: 1
        journey: {title: Checkout}
        personas: [{id: ana}]
        stages: [{id: purchase, touchpoints: [{id: cart, name: Cart}]}]

    Passes:
        cjmap: 1
        journey: {title: Checkout}
        personas: [{id: ana}]
        stages:
          - id: purchase
            touchpoints: [{id: cart, name: Cart}]
            kpis: [{id: conversion, metric: conversion_rate, target: 3, actual: 3.4}]
    """
    if journey.journey.type == "day-in-the-life":
        return
    for path, stage in walk.stages(journey):
        if not stage.kpis:
            yield Finding((*path, "id"), f"stage `{stage.id}` has no KPI: add `kpis:`")


@rule(code="CJ143", name="stage-order")
def stage_order(journey: Journey, context: Context) -> Iterator[Finding]:
    """Stages are out of the canonical order.

    Customers move from awareness to consideration, purchase, retention and advocacy; a map
    whose stages run otherwise is hard to read and compare. Custom stages may go anywhere.
    Applies to current-state and future-state maps only: a day in the life runs in the order of
    the customer's day and a service blueprint in the order of the service, not the funnel's.

    Fails:
        cjmap: 1
        journey: {title: Checkout}
        personas: [{id: ana}]
        stages:
          - {id: purchase, touchpoints: [{id: cart, name: Cart}]}
          - {id: awareness, touchpoints: [{id: ad, name: Ad}]}

    Passes:
        cjmap: 1
        journey: {title: Checkout}
        personas: [{id: ana}]
        stages:
          - {id: awareness, touchpoints: [{id: ad, name: Ad}]}
          - {id: purchase, touchpoints: [{id: cart, name: Cart}]}
    """
    if not _is_funnel(journey):
        return
    latest = -1
    latest_kind = ""
    for path, stage in walk.stages(journey):
        if stage.kind not in STAGE_KINDS:
            continue
        rank = STAGE_KINDS.index(stage.kind)
        if rank < latest:
            yield Finding((*path, "id"), f"stage `{stage.id}` ({stage.kind}) comes after a {latest_kind} stage: move it before")
        else:
            latest, latest_kind = rank, stage.kind


@rule(code="CJ144", name="missing-stages")
def missing_stages(journey: Journey, context: Context) -> Iterator[Finding]:
    """Canonical stages are missing from the journey.

    The canonical journey has five stages: awareness, consideration, purchase, retention and
    advocacy. Retention and advocacy matter: selling to an existing customer is cheaper than
    winning a new one. Add the missing stages, or ignore this rule for a map of part of a journey.
    Applies to current-state and future-state maps only: a day in the life and a service
    blueprint are not purchase funnels, and their stages need not be the funnel's.

    Fails:
        cjmap: 1
        journey: {title: Checkout}
        personas: [{id: ana}]
        stages: [{id: purchase, touchpoints: [{id: cart, name: Cart}]}]

    Passes:
        cjmap: 1
        journey: {title: Checkout}
        personas: [{id: ana}]
        stages:
          - {id: awareness, touchpoints: [{id: ad, name: Ad}]}
          - {id: consideration, touchpoints: [{id: compare, name: Compare}]}
          - {id: purchase, touchpoints: [{id: cart, name: Cart}]}
          - {id: retention, touchpoints: [{id: follow-up, name: Follow-up email}]}
          - {id: advocacy, touchpoints: [{id: review, name: Review request}]}
    """
    if not _is_funnel(journey):
        return
    present = {stage.kind for stage in journey.stages}
    missing = [kind for kind in STAGE_KINDS if kind not in present]
    if missing:
        yield Finding(
            ("stages",),
            f"the journey has no {', '.join(missing)} stage{'s' if len(missing) > 1 else ''}: add "
            f"{'them' if len(missing) > 1 else 'it'}, or set `kind:` on a stage whose name cjmap does not recognise",
            at_key=True,
        )
