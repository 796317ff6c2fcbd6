"""Where a customer goes next, per persona (lanes.successors): the journey-wide answer is the
union of every lane's path, by hand on the issue's two-lane journey, and at scale."""

from __future__ import annotations

import time
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cjmap
from cjmap.model import Journey
from cjmap.model.lanes import ANYONE, lanes, path_of, successors, walks
from two_lanes import TWO_LANES

PERSONAS = ("kim", "lee", "max")


@st.composite
def journeys(draw: Any) -> Journey:
    """Touchpoints on every lane (no ``personas``), on nobody's (``[]``) or on some personas',
    with ``next`` left out, empty, or naming any touchpoint (itself and unknown ids included)."""
    personas = draw(st.lists(st.sampled_from(PERSONAS), min_size=1, unique=True))
    count = draw(st.integers(1, 9))
    ids = [f"t{index}" for index in range(count)]
    touchpoints = []
    for tid in ids:
        touchpoint: dict[str, Any] = {"id": tid, "name": tid}
        who = draw(st.one_of(st.none(), st.just([]), st.lists(st.sampled_from(personas), min_size=1, unique=True)))
        if who is not None:
            touchpoint["personas"] = who
        if draw(st.booleans()):
            touchpoint["next"] = draw(st.lists(st.sampled_from([*ids, "nowhere"]), max_size=3, unique=True))
        touchpoints.append(touchpoint)
    cut = draw(st.integers(0, count))  # two stages: the path crosses a stage boundary
    stages = [{"id": "first", "touchpoints": touchpoints[:cut]}, {"id": "second", "touchpoints": touchpoints[cut:]}]
    return Journey.model_validate({"cjmap": 1, "journey": {"title": "T"}, "personas": [{"id": p} for p in personas], "stages": stages})


def _naive_union(journey: Journey) -> dict[str, list[str]]:
    """Every lane's successors merged: explicit ``next`` targets in written order, then the
    defaults (of lanes no target covers) in journey order."""
    ordered = [tp for _, tp in journey.touchpoints()]
    position = {tp.id: index for index, tp in enumerate(ordered)}
    per_lane = [successors(journey, lane) for lane in lanes(journey)]
    union: dict[str, list[str]] = {}
    for tp in ordered:
        targets = {target for steps in per_lane for target in steps.get(tp.id, [])}
        written = tp.next or []
        union[tp.id] = sorted(targets, key=lambda t: (0, written.index(t)) if t in written else (1, position[t]))
    return union


@settings(max_examples=400, deadline=None)
@given(journeys())
def test_the_journey_wide_successors_are_the_union_of_every_lane(journey: Journey) -> None:
    assert successors(journey) == _naive_union(journey)


@settings(max_examples=200, deadline=None)
@given(journeys())
def test_a_lane_only_steps_along_its_own_path(journey: Journey) -> None:
    for lane in lanes(journey):
        path = [tp.id for tp in path_of(journey, lane)]
        steps = successors(journey, lane)
        assert list(steps) == path
        assert all(target in path for targets in steps.values() for target in targets)


def test_the_issues_two_lanes_never_cross() -> None:
    journey = cjmap.load_journey(TWO_LANES.encode())
    assert successors(journey, "kim") == {"kim-ad": ["kim-signup"], "kim-signup": []}
    assert successors(journey, "lee") == {"lee-guide": ["lee-pay"], "lee-pay": []}
    assert successors(journey) == {"kim-ad": ["kim-signup"], "lee-guide": ["lee-pay"], "kim-signup": [], "lee-pay": []}
    assert lanes(journey) == ["kim", "lee"]


def test_shared_touchpoints_join_the_lanes_and_nobodys_touchpoints_make_a_lane() -> None:
    journey = Journey.model_validate({
        "cjmap": 1, "journey": {"title": "T"}, "personas": [{"id": "kim"}, {"id": "lee"}],
        "stages": [{"id": "s", "touchpoints": [
            {"id": "home", "name": "Home"},
            {"id": "kim-ad", "name": "Ad", "personas": ["kim"]},
            {"id": "poster", "name": "Poster", "personas": []},
            {"id": "lee-guide", "name": "Guide", "personas": ["lee"]},
            {"id": "pay", "name": "Pay"},
        ]}],
    })
    assert lanes(journey) == ["kim", "lee", ANYONE]
    assert successors(journey) == {
        "home": ["kim-ad", "poster", "lee-guide"], "kim-ad": ["pay"], "poster": ["pay"], "lee-guide": ["pay"], "pay": [],
    }


def test_three_thousand_personas_by_three_thousand_touchpoints(record_property: Any) -> None:
    """Each persona on one touchpoint of their own, plus shared ones every hundred: the walk is
    linear in the file, not personas x touchpoints (timed for the report, asserted on content)."""
    personas = [f"p{index}" for index in range(3_000)]
    touchpoints: list[dict[str, Any]] = []
    for index in range(3_000):
        shared = index % 100 == 0
        touchpoints.append({"id": f"t{index}", "name": "T", **({} if shared else {"personas": [personas[index]]})})
    journey = Journey.model_validate({
        "cjmap": 1, "journey": {"title": "T"}, "personas": [{"id": p} for p in personas], "stages": [{"id": "s", "touchpoints": touchpoints}],
    })
    started = time.perf_counter()
    steps = successors(journey)
    elapsed = time.perf_counter() - started
    record_property("successors_ms", round(elapsed * 1000, 1))  # in the JUnit report (--junitxml); no timing assertion
    assert len(steps) == 3_000
    # A shared touchpoint leads to the 99 personal ones after it and the next shared one.
    assert steps["t0"] == [*(f"t{i}" for i in range(1, 100)), "t100"]
    assert steps["t1"] == ["t100"]
    assert steps["t2999"] == []


def test_an_unknown_persona_is_a_key_error_not_an_empty_path() -> None:
    journey = cjmap.load_journey(TWO_LANES.encode())
    with pytest.raises(KeyError, match="no persona has the id `kym`"):
        successors(journey, "kym")
    assert successors(journey, "kim")  # a known one answers


def _naive_walks(journey: Journey) -> tuple[dict[str, set[str]], set[tuple[str, str]]]:
    """Each lane from its first touchpoint, asking successors(journey, lane) at every step."""
    reached: dict[str, set[str]] = {}
    taken: set[tuple[str, str]] = set()
    for lane in lanes(journey):
        path = path_of(journey, lane)
        steps = successors(journey, lane)
        seen = {path[0].id} if path else set()
        frontier = list(seen)
        while frontier:
            source = frontier.pop()
            for target in steps[source]:
                taken.add((source, target))
                if target not in seen:
                    seen.add(target)
                    frontier.append(target)
        reached[lane] = seen
    return reached, taken


@settings(max_examples=300, deadline=None)
@given(journeys())
def test_the_walked_steps_are_the_steps_each_lane_takes_from_its_start(journey: Journey) -> None:
    found = walks(journey)
    reached, taken = _naive_walks(journey)
    assert found.reached == reached
    assert {(source, target) for source, targets in found.steps.items() for target in targets} == taken
    anyone = successors(journey)
    assert all(targets == [t for t in anyone[source] if t in targets] for source, targets in found.steps.items())  # successors' order


def test_a_step_from_where_only_others_arrive_is_no_one_s() -> None:
    """Lee leaves at `l1`; only Kim gets to the shared `s`. Lee's step `s -> y` is on Lee's
    path, but Lee is never at `s`: nobody takes it, and nobody reaches `y`."""
    journey = Journey.model_validate({
        "cjmap": 1, "journey": {"title": "T"}, "personas": [{"id": "kim"}, {"id": "lee"}],
        "stages": [{"id": "s1", "touchpoints": [
            {"id": "l1", "name": "L1", "personas": ["lee"], "next": []},
            {"id": "k1", "name": "K1", "personas": ["kim"]},
            {"id": "s", "name": "Shared"},
            {"id": "y", "name": "Y", "personas": ["lee"]},
        ]}],
    })
    assert successors(journey)["s"] == ["y"]  # where a customer at `s` may go
    found = walks(journey)
    assert found.steps == {"l1": [], "k1": ["s"], "s": [], "y": []}
    assert found.reached == {"kim": {"k1", "s"}, "lee": {"l1"}}
