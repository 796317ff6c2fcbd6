"""Touchpoint, edge and persona-lane budgets, counted on the plain data before the models are built.

Building the models, checking references and every command after them (lint, show, render)
cost at least one step per touchpoint and per ``next:`` edge, and Graphviz far more per edge.
Counting first, in one cheap walk, means a file past a budget costs no more than its parsing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cjmap.loader import DocPath, Limits
from cjmap.validation.issues import PathIssue


def budget_issues(data: dict[Any, Any], limits: Limits) -> list[PathIssue]:
    """CJ016 at the first touchpoint past the budget, CJ017 at the first edge past it, CJ018 at
    the first touchpoint whose personas take the persona lanes past theirs."""
    issues: list[PathIssue] = []
    edges = lanes = 0
    everyone = len(data["personas"]) if isinstance(data.get("personas"), list) else 0
    for count, (path, touchpoint) in enumerate(_touchpoints(data), start=1):
        if count > limits.max_touchpoints:
            issues.append(_too_many_touchpoints(path, limits.max_touchpoints))
            break  # past it, nothing more is counted: the walk stays as cheap as the budget
        targets = touchpoint.get("next") if isinstance(touchpoint, dict) else None
        if isinstance(targets, list) and edges + len(targets) > limits.max_edges:
            issues.append(_too_many_edges((*path, "next", limits.max_edges - edges), limits.max_edges))
            break
        edges += len(targets) if isinstance(targets, list) else 0
        listed = touchpoint.get("personas") if isinstance(touchpoint, dict) else None
        lanes += len(listed) if isinstance(listed, list) else everyone
        if lanes > limits.max_persona_lanes:
            issues.append(_too_many_lanes(path, limits.max_persona_lanes, everyone))
            break
    return issues


def _touchpoints(data: dict[Any, Any]) -> Iterator[tuple[DocPath, Any]]:
    """Every item of every ``stages[*].touchpoints`` list, whatever its shape (the models judge)."""
    stages = data.get("stages")
    if not isinstance(stages, list):
        return
    for s, stage in enumerate(stages):
        items = stage.get("touchpoints") if isinstance(stage, dict) else None
        if isinstance(items, list):
            for t, touchpoint in enumerate(items):
                yield ("stages", s, "touchpoints", t), touchpoint


def _too_many_touchpoints(path: DocPath, budget: int) -> PathIssue:
    return PathIssue(
        "CJ016",
        f"the journey has more than {budget:,} touchpoints, its budget; this is the first one over: "
        "split the journey into several files (one per stage or per persona)",
        path,
    )


def _too_many_edges(path: DocPath, budget: int) -> PathIssue:
    return PathIssue(
        "CJ017",
        f"the journey has more than {budget:,} `next:` edges, its budget; this is the first one over: "
        "keep `next:` for real branches (the following touchpoint is the default), or split the journey",
        path,
    )


def _too_many_lanes(path: DocPath, budget: int, personas: int) -> PathIssue:
    return PathIssue(
        "CJ018",
        f"the touchpoints' personas add up to more than {budget:,} persona lanes, their budget, at this touchpoint "
        f"(a touchpoint without `personas:` counts all {personas:,} personas): list each touchpoint's `personas:`, "
        "or split the journey",
        path,
    )
