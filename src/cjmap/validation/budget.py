"""Touchpoint, edge, persona-lane and persona-step budgets, counted on the plain data before
the models are built.

Building the models, checking references and every command after them (lint, show, render)
cost at least one step per touchpoint and per ``next:`` edge, and Graphviz far more per edge;
the per-persona walks cost one step per ``next:`` edge and persona on its touchpoint.
Counting first, in one cheap walk, means a file past a budget costs no more than its parsing.
"""

from __future__ import annotations

from typing import Any

from cjmap.loader import DocPath, Limits
from cjmap.validation.issues import PathIssue
from cjmap.validation.parts import touchpoint_items


def budget_issues(data: dict[Any, Any], limits: Limits) -> list[PathIssue]:
    """CJ016 at the first touchpoint past the budget, CJ017 at the first edge past it, CJ018 at
    the first touchpoint whose personas take the persona lanes past theirs, or at the first
    ``next:`` entry that takes the persona steps past theirs."""
    issues: list[PathIssue] = []
    edges = lanes = steps = 0
    everyone = len(data["personas"]) if isinstance(data.get("personas"), list) else 0
    for count, (path, touchpoint) in enumerate(touchpoint_items(data), start=1):
        if count > limits.max_touchpoints:
            issues.append(_too_many_touchpoints(path, limits.max_touchpoints))
            break  # past it, nothing more is counted: the walk stays as cheap as the budget
        targets = touchpoint.get("next") if isinstance(touchpoint, dict) else None
        entries = len(targets) if isinstance(targets, list) else 0
        if edges + entries > limits.max_edges:
            issues.append(_too_many_edges((*path, "next", limits.max_edges - edges), limits.max_edges))
            break
        edges += entries
        listed = touchpoint.get("personas") if isinstance(touchpoint, dict) else None
        lanes += len(listed) if isinstance(listed, list) else everyone
        if lanes > limits.max_persona_lanes:
            issues.append(_too_many_lanes(path, limits.max_persona_lanes, everyone))
            break
        walkers = _walkers(listed, everyone)
        if steps + entries * walkers > limits.max_persona_steps:
            over = (limits.max_persona_steps - steps) // walkers  # the entry that crosses it
            issues.append(_too_many_persona_steps((*path, "next", over), limits.max_persona_steps, everyone))
            break
        steps += entries * walkers
    return issues


def _walkers(listed: Any, everyone: int) -> int:
    """How many walks follow the touchpoint's ``next:`` entries: one per persona on it (every
    persona without ``personas:``), and one for ``personas: []`` (anyone) or a journey without
    personas."""
    count = len(listed) if isinstance(listed, list) else everyone
    return max(count, 1)


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


def _too_many_persona_steps(path: DocPath, budget: int, personas: int) -> PathIssue:
    return PathIssue(
        "CJ018",
        f"the `next:` entries times the personas on their touchpoints add up to more than {budget:,} persona steps, "
        f"their budget; this is the first entry over (a touchpoint without `personas:` counts all {personas:,} personas): "
        "list each touchpoint's `personas:`, shorten the `next:` lists, or split the journey",
        path,
    )
