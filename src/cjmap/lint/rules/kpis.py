"""Rules on KPIs: measure, and compare with the target."""

from __future__ import annotations

from collections.abc import Iterator

from cjmap.lint.rule import Context, Finding, rule
from cjmap.model import Journey, walk
from cjmap.text.amounts import amount


@rule(code="CJ130", name="kpi-off-target")
def kpi_off_target(journey: Journey, context: Context) -> Iterator[Finding]:
    """A KPI's actual value is worse than its target.

    Measuring only helps when someone acts on the gap. "Worse" respects `better`: higher for
    conversion rate, NPS or CLV; lower for bounce rate, cart abandonment or effort score.

    Fails:
        cjmap: 1
        journey: {title: Checkout}
        personas: [{id: ana}]
        stages:
          - id: purchase
            touchpoints: [{id: cart, name: Cart}]
            kpis: [{id: abandonment, metric: cart_abandonment, unit: "%", target: 60, actual: 72}]

    Passes:
        cjmap: 1
        journey: {title: Checkout}
        personas: [{id: ana}]
        stages:
          - id: purchase
            touchpoints: [{id: cart, name: Cart}]
            kpis: [{id: abandonment, metric: cart_abandonment, unit: "%", target: 60, actual: 55}]
    """
    for stage_path, stage in walk.stages(journey):
        for index, kpi in enumerate(stage.kpis):
            if kpi.on_target is False:  # the same test as cjmap.model.facts.kpis_off_target
                yield Finding(
                    (*stage_path, "kpis", index, "actual"),
                    f"KPI `{kpi.id}` is off target: {amount(kpi.actual, kpi.unit)} against a target of "
                    f"{amount(kpi.target, kpi.unit)} ({kpi.better_direction} is better)",
                )


@rule(code="CJ131", name="kpi-without-values", severity="info")
def kpi_without_values(journey: Journey, context: Context) -> Iterator[Finding]:
    """A KPI has no target or no actual value.

    A KPI can only be compared with its target when both are known. Add `target:` and
    `actual:` (the latest measurement).

    Fails:
        cjmap: 1
        journey: {title: Checkout}
        personas: [{id: ana}]
        stages:
          - id: purchase
            touchpoints: [{id: cart, name: Cart}]
            kpis: [{id: conversion, metric: conversion_rate, target: 3}]

    Passes:
        cjmap: 1
        journey: {title: Checkout}
        personas: [{id: ana}]
        stages:
          - id: purchase
            touchpoints: [{id: cart, name: Cart}]
            kpis: [{id: conversion, metric: conversion_rate, target: 3, actual: 3.4}]
    """
    for stage_path, stage in walk.stages(journey):
        for index, kpi in enumerate(stage.kpis):
            missing = [name for name in ("target", "actual") if getattr(kpi, name) is None]
            if missing:
                yield Finding((*stage_path, "kpis", index, "id"), f"KPI `{kpi.id}` has no {' and no '.join(missing)}: add it to compare")
