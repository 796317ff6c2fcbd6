"""Where reality deviates from the map: the four deviations of MEASURE.md, from the aggregated rows.

- ``missing``: a touchpoint with `events` that almost no unit reaches (reach ≤ 1% of the units),
  or a planned edge almost nobody takes (units ≤ 1% of the reach of its from-touchpoint, which
  is not missing itself);
- ``ad-hoc``: an unplanned edge forward in journey order carrying ≥ 5% of the transitions out of
  its from-touchpoint;
- ``irregular``: the same, backward in journey order;
- ``failing``: a touchpoint whose `fails` events reach ≥ 5% of its reach (or any, with no reach).

Ordered by kind (as listed), then count (descending), then ids.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from cjmap.measure.definition import Definition
from cjmap.measure.numbers import rounded
from cjmap.model.vocabulary import DEVIATION_KINDS

MISSING_SHARE = Fraction(1, 100)  # reach (or an edge's units) at most this share: missing
ADHOC_SHARE = Fraction(5, 100)  # an unplanned edge with at least this share of the exits
FAILING_SHARE = Fraction(5, 100)  # failed units at least this share of the reach
SHARE_PLACES = 4


def deviations(definition: Definition, *, units: int, touchpoints: Sequence[Mapping[str, Any]], edges: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The deviations, in their order; ``touchpoints`` and ``edges`` as in the JSON."""
    with_events = {tp.id for tp in definition.touchpoints if tp.events}
    reach = {row["id"]: row["reach"] for row in touchpoints}
    missing_touchpoints = [row for row in touchpoints if row["id"] in with_events and row["reach"] <= MISSING_SHARE * units]
    missing_ids = {row["id"] for row in missing_touchpoints}
    found = [{"kind": "missing", "touchpoint": row["id"], "count": row["reach"]} for row in missing_touchpoints]
    for edge in edges:
        ends_measured = edge["from"] in with_events and edge["to"] in with_events and edge["from"] not in missing_ids
        if edge["planned"] and ends_measured and edge["units"] <= MISSING_SHARE * reach[edge["from"]]:
            found.append({"kind": "missing", "from": edge["from"], "to": edge["to"], "count": edge["count"]})
    found.extend(_unplanned(definition, edges))
    found.extend(_failing(touchpoints))
    return sorted(found, key=_order)


def _unplanned(definition: Definition, edges: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    order = {tp.id: tp.index for tp in definition.touchpoints}
    exits: dict[str, int] = {}
    for edge in edges:
        exits[edge["from"]] = exits.get(edge["from"], 0) + edge["count"]
    found: list[dict[str, Any]] = []
    for edge in edges:
        if edge["planned"] or not edge["count"] or edge["count"] < ADHOC_SHARE * exits[edge["from"]]:
            continue
        kind = "ad-hoc" if order[edge["to"]] > order[edge["from"]] else "irregular"
        share = rounded(Fraction(edge["count"], exits[edge["from"]]), SHARE_PLACES)
        found.append({"kind": kind, "from": edge["from"], "to": edge["to"], "count": edge["count"], "share": share})
    return found


def _failing(touchpoints: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for row in touchpoints:
        failed, reach = row["failed"], row["reach"]
        if failed and failed >= FAILING_SHARE * reach:
            share = rounded(Fraction(failed, reach), SHARE_PLACES) if reach else None
            found.append({"kind": "failing", "touchpoint": row["id"], "count": failed, "share": share})
    return found


def _order(deviation: Mapping[str, Any]) -> tuple[int, int, str, str]:
    first = deviation.get("touchpoint") or deviation["from"]
    return DEVIATION_KINDS.index(deviation["kind"]), -deviation["count"], first, deviation.get("to", "")
