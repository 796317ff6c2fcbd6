"""The four deviations (measure/deviations.py) at their thresholds, from hand-made rows."""

from __future__ import annotations

from typing import Any

from cjmap.measure.definition import Options, build_definition
from cjmap.measure.deviations import deviations
from measure_cases import journey_of

DEFINITION = build_definition(journey_of("""
cjmap: 1
journey: {id: d, title: D}
personas: [{id: anyone}]
stages:
  - id: s
    touchpoints:
      - {id: a, name: A, events: a}
      - {id: b, name: B, events: b, fails: b_error}
      - {id: c, name: C, events: c}
      - {id: only-fails, name: F, fails: f_error}
"""), Options(), journey_name="d")


def tp(name: str, reach: int, failed: int = 0) -> dict[str, Any]:
    return {"id": name, "stage": "s", "reach": reach, "failed": failed, "events": reach}


def edge(a: str, b: str, count: int, units: int, *, planned: bool) -> dict[str, Any]:
    return {"from": a, "to": b, "planned": planned, "count": count, "units": units, "conversion": None}


def test_one_percent_is_missing_and_just_above_is_not() -> None:
    rows = [tp("a", 1000), tp("b", 10), tp("c", 11), tp("only-fails", 0)]
    edges = [edge("a", "b", 10, 10, planned=True), edge("b", "c", 1, 1, planned=True)]
    found = deviations(DEFINITION, units=1000, touchpoints=rows, edges=edges)
    # b: reach 10 = 1% of 1000 units → missing; c: 11 → not. a→b: 10 units = 1% of reach(a) → missing;
    # b→c starts at a missing touchpoint → not reported again; a touchpoint with only fails is never missing.
    # Equal counts: by ids (the edge's from `a` before the touchpoint `b`).
    assert found == [{"kind": "missing", "from": "a", "to": "b", "count": 10}, {"kind": "missing", "touchpoint": "b", "count": 10}]


def test_unplanned_edges_with_five_percent_of_the_exits_are_ad_hoc_forward_and_irregular_backward() -> None:
    rows = [tp("a", 100), tp("b", 100), tp("c", 100), tp("only-fails", 0)]
    edges = [edge("a", "b", 95, 90, planned=True), edge("a", "c", 5, 5, planned=False),  # 5 of 100 exits: ad-hoc
             edge("b", "c", 96, 90, planned=True), edge("b", "a", 4, 4, planned=False),  # 4 of 100: below 5%
             edge("c", "a", 20, 20, planned=False)]  # backward, all of c's exits
    found = deviations(DEFINITION, units=100, touchpoints=rows, edges=edges)
    assert found == [
        {"kind": "ad-hoc", "from": "a", "to": "c", "count": 5, "share": 0.05},
        {"kind": "irregular", "from": "c", "to": "a", "count": 20, "share": 1},
    ]


def test_failing_from_five_percent_of_the_reach_and_any_failure_without_reach() -> None:
    rows = [tp("a", 100), tp("b", 100, failed=5), tp("c", 100, failed=4), tp("only-fails", 0, failed=1)]
    found = deviations(DEFINITION, units=100, touchpoints=rows, edges=[])
    assert found == [
        {"kind": "failing", "touchpoint": "b", "count": 5, "share": 0.05},
        {"kind": "failing", "touchpoint": "only-fails", "count": 1, "share": None},
    ]


def test_order_is_kind_then_count_then_ids() -> None:
    rows = [tp("a", 100, failed=50), tp("b", 0), tp("c", 0), tp("only-fails", 0, failed=90)]
    found = deviations(DEFINITION, units=100, touchpoints=rows, edges=[])
    assert [(d["kind"], d.get("touchpoint")) for d in found] == [("missing", "b"), ("missing", "c"), ("failing", "only-fails"), ("failing", "a")]
