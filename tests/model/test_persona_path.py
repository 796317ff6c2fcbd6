"""One persona's journey (model.persona_path, for ``render --persona``): by hand on the issue's
two-lane journey and the examples, and as properties over random journeys: walking the narrowed
journey takes exactly the persona's steps, every touchpoint left is on their lane, and the
result is a journey validation accepts."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_successors import journeys as lane_journeys

import cjmap
from cjmap.model import Journey
from cjmap.model.lanes import on_lane, steps_along, walks
from cjmap.model.persona_path import persona_journey
from cjmap.text.labels import labels
from conftest import EXAMPLES
from sized_journeys import sized_journey
from two_lanes import TWO_LANES, two_lanes


def _load(path_or_text: str) -> Journey:
    raw = (EXAMPLES / path_or_text).read_bytes() if path_or_text.endswith(".yaml") else path_or_text.encode()
    return cjmap.load_journey(raw)


def _ids(journey: Journey) -> list[str]:
    return [tp.id for _, tp in journey.touchpoints()]


def _tp(journey: Journey, tid: str) -> Any:
    return next(tp for _, tp in journey.touchpoints() if tp.id == tid)


def _steps_of(journey: Journey, persona: str) -> dict[str, list[str]]:
    """The persona's steps in the whole journey, from the touchpoints they reach: what lanes
    reads, asked independently of persona_path."""
    found = walks(journey)
    path = found.paths[persona]
    steps = steps_along(path)
    return {tp.id: steps[tp.id] for tp in path if tp.id in found.reached[persona]}


def _problems(journey: Journey) -> list[str]:
    """What validation says about the journey written out as a file (JSON is YAML)."""
    text = json.dumps(journey.model_dump(mode="json", exclude_none=True), ensure_ascii=False)
    result = cjmap.validate_text(text, file="narrowed.json")
    return [f"{p.code} {p.message}" for p in result.problems]


# The two lanes: Kim and Lee never meet.


def test_kim_keeps_her_two_touchpoints_and_her_step() -> None:
    kim = persona_journey(_load(TWO_LANES), "kim")
    assert _ids(kim) == ["kim-ad", "kim-signup"]
    assert kim.persona_ids == ["kim"]
    assert [tp.personas for _, tp in kim.touchpoints()] == [["kim"], ["kim"]]
    assert walks(kim).steps == {"kim-ad": ["kim-signup"], "kim-signup": []}
    assert [tp.emotion for _, tp in kim.touchpoints()] == [1, -2]


def test_lee_keeps_his_jump_to_lee_pay() -> None:
    lee = persona_journey(_load(TWO_LANES), "lee")
    assert _ids(lee) == ["lee-guide", "lee-pay"]
    assert _tp(lee, "lee-guide").next == ["lee-pay"]
    assert walks(lee).steps == {"lee-guide": ["lee-pay"], "lee-pay": []}


def _titled(journey: Journey, persona: str) -> Journey:
    """As ``render --persona`` asks: the title label in the journey's language."""
    return persona_journey(journey, persona, title=labels(journey.journey.language)["persona_path"])


def test_the_title_names_the_persona_by_short_name_and_the_id_stays() -> None:
    original = _load(two_lanes(kim_name="Kim Park, the careful planner", extra=", id: two-lanes"))
    kim = _titled(original, "kim")
    assert kim.journey.title == "Two lanes · Kim Park's path"
    assert kim.journey.id == "two-lanes"
    assert _titled(original, "lee").journey.title == "Two lanes · lee's path"  # no name: the id
    assert persona_journey(original, "kim").journey.title == "Two lanes"  # no words given: the title as it was
    assert original.journey.title == "Two lanes"  # the journey given is left as it was
    assert _ids(original) == ["kim-ad", "lee-guide", "kim-signup", "lee-pay"]


def test_a_title_pattern_fills_only_its_two_fields() -> None:
    """The journey's title is an argument, never the pattern: braces in it stay text."""
    original = _load(TWO_LANES.replace("title: Two lanes", 'title: "{persona} {0} {title.x}"'))
    assert persona_journey(original, "kim", title="{persona}: {title}").journey.title == "kim: {persona} {0} {title.x}"


def test_an_unknown_persona_is_a_key_error() -> None:
    with pytest.raises(KeyError, match="no persona has the id `kym`"):
        persona_journey(_load(TWO_LANES), "kym")


# The examples: Priya and Daniel share most touchpoints, each has their own, and `next` jumps
# speak for one of them.


def test_daniel_in_travel_booking() -> None:
    original = _load("travel-booking.journey.yaml")
    daniel = persona_journey(original, "daniel")
    assert _ids(daniel) == [
        "compare-flights", "book-trip", "trip-confirmation", "online-check-in", "delay-notice", "agency-phone", "trip-review", "next-trip-email",
    ]
    # Stages keep their order and KPIs; Discovery, all Priya's, stays as an empty column.
    assert [s.id for s in daniel.stages] == [s.id for s in original.stages]
    assert [s.kpis for s in daniel.stages] == [s.kpis for s in original.stages]
    assert daniel.stages[0].touchpoints == []
    # `next: [agency-consult, book-trip]`: Priya's agency is not on his path.
    assert _tp(daniel, "compare-flights").next == ["book-trip"]
    assert _tp(daniel, "delay-notice").next == ["agency-phone"]
    # `next: [destination-research]` spoke for Priya only: Daniel's journey ends there as before.
    assert _tp(daniel, "next-trip-email").next is None
    assert walks(daniel).steps == _steps_of(original, "daniel")
    # Per-persona emotions become his; shared ones stay.
    assert [tp.emotion for _, tp in daniel.touchpoints()] == [1, 2, 2, 1, 1, 0, 1, 0]
    assert _tp(daniel, "agency-phone").personas == ["daniel"]
    assert _tp(daniel, "book-trip").personas is None  # everyone's: now his
    assert _titled(original, "daniel").journey.title == f"{original.journey.title} · Daniel's path"


def test_priya_in_travel_booking() -> None:
    original = _load("travel-booking.journey.yaml")
    priya = persona_journey(original, "priya")
    assert "agency-phone" not in _ids(priya)
    assert _tp(priya, "compare-flights").next == ["agency-consult", "book-trip"]
    assert _tp(priya, "delay-notice").next is None  # only Daniel calls the agency: she goes on to the review
    assert walks(priya).steps["delay-notice"] == ["trip-review"]
    assert walks(priya).steps == _steps_of(original, "priya")
    assert [tp.emotion for _, tp in priya.touchpoints()][2] == 0  # compare-flights: {priya: 0, daniel: 1}


@pytest.mark.parametrize(("example", "persona", "name"), [("laptop-purchase.journey.yaml", "ana", "Ana"), ("bank-account-opening.journey.yaml", "carmen", "Carmen")])
def test_a_spanish_journey_gets_the_spanish_title(example: str, persona: str, name: str) -> None:
    original = _load(example)
    assert _titled(original, persona).journey.title == f"{original.journey.title} · recorrido de {name}"


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.journey.yaml")))
def test_every_example_persona_sees_what_show_shows_and_the_result_validates(example: str) -> None:
    original = _load(example)
    unreached = walks(original).unreached()
    for persona in original.persona_ids:
        narrowed = persona_journey(original, persona)
        # show --persona's rows (show/terminal._numbered): on their lane and reached.
        assert _ids(narrowed) == [tp.id for _, tp in original.touchpoints() if on_lane(tp, persona) and tp.id not in unreached[persona]]
        assert walks(narrowed).steps == _steps_of(original, persona)
        assert _problems(narrowed) == []


# Ends, nobody's touchpoints, emotions and addressed pains, written for the case.

END_AND_ANYONE = """\
cjmap: 1
journey: {title: Ends}
personas: [{id: kim}, {id: lee}]
stages:
  - id: s
    touchpoints:
      - {id: start, name: Start, emotion: {kim: 2}, pain_points: [{id: slow, text: Slow}]}
      - {id: kim-leaves, name: Kim leaves, personas: [kim], next: [], emotion: {kim: -1},
         opportunities: [{text: Faster, addresses: [slow, lee-pain]}]}
      - {id: poster, name: Poster, personas: [], emotion: 1}
      - {id: lee-only, name: Lee only, personas: [lee], pain_points: [{id: lee-pain, text: Lee's pain}]}
      - {id: both-end, name: Both end, personas: [kim, lee], emotion: {lee: 1, kim: 0}}
"""


def test_next_empty_ends_their_map_and_what_follows_is_left_out() -> None:
    original = _load(END_AND_ANYONE)
    kim = persona_journey(original, "kim")
    assert _ids(kim) == ["start", "kim-leaves"]  # both-end names Kim, but she left before it
    assert _tp(kim, "kim-leaves").next == []
    assert walks(kim).steps == {"start": ["kim-leaves"], "kim-leaves": []}
    lee = persona_journey(original, "lee")
    assert _ids(lee) == ["start", "lee-only", "both-end"]  # the poster (`personas: []`) is nobody's
    assert _tp(lee, "both-end").personas == ["lee"]


def test_emotions_become_theirs_and_addresses_keep_the_pains_left() -> None:
    original = _load(END_AND_ANYONE)
    kim = persona_journey(original, "kim")
    assert [tp.emotion for _, tp in kim.touchpoints()] == [2, -1]
    assert _tp(kim, "kim-leaves").opportunities[0].addresses == ["slow"]  # Lee's pain is not on her map
    lee = persona_journey(original, "lee")
    assert [tp.emotion for _, tp in lee.touchpoints()] == [None, None, 1]  # no value of his at the start
    assert _tp(lee, "start").pain_points[0].id == "slow"
    assert _tp(original, "kim-leaves").opportunities[0].addresses == ["slow", "lee-pain"]  # untouched
    assert _problems(kim) == [] and _problems(lee) == []


@pytest.mark.parametrize("options", [{}, {"jumps": True}, {"jumps": True, "blueprint": True}, {"spanish": True}])
def test_sized_journeys_narrow_to_valid_journeys(options: dict[str, bool]) -> None:
    original = _load(sized_journey(26, **options))
    for persona in original.persona_ids:
        narrowed = persona_journey(original, persona)
        assert narrowed.persona_ids == [persona]
        assert walks(narrowed).steps == _steps_of(original, persona)
        assert _problems(narrowed) == []


# Properties over random journeys: test_successors' lanes, `next` jumps, ends and unknown
# targets, with emotions and pain points laid on them.


@st.composite
def felt_journeys(draw: Any) -> Journey:
    """A journey of test_successors.journeys with emotions (shared, or per persona for some of
    the personas taking part), pain points and opportunities that address any of them."""
    data = draw(lane_journeys()).model_dump(mode="json", exclude_none=True)
    personas = [p["id"] for p in data["personas"]]
    touchpoints = [tp for stage in data["stages"] for tp in stage["touchpoints"]]
    pains = [f"pain-{tp['id']}" for tp in touchpoints]
    for tp, pain in zip(touchpoints, pains, strict=True):
        taking_part = tp.get("personas", personas)
        per_persona = st.lists(st.sampled_from(taking_part), unique=True).map(lambda who: {p: who.index(p) - 1 for p in who})
        tp["emotion"] = draw(st.one_of(st.none(), st.integers(-2, 2), per_persona if taking_part else st.none()))
        if tp["emotion"] is None:
            del tp["emotion"]
        if draw(st.booleans()):
            tp["pain_points"] = [{"id": pain, "text": pain}]
        if draw(st.booleans()):
            tp["opportunities"] = [{"text": "o", "addresses": draw(st.lists(st.sampled_from(pains), max_size=3, unique=True))}]
    return Journey.model_validate(data)


def _declared_pains(journey: Journey) -> set[str]:
    return {p.id for _, tp in journey.touchpoints() for p in tp.pain_points if p.id}


@settings(max_examples=300, deadline=None)
@given(felt_journeys())
def test_walking_the_narrowed_journey_takes_exactly_the_persona_s_steps(journey: Journey) -> None:
    for persona in journey.persona_ids:
        narrowed = persona_journey(journey, persona)
        expected = _steps_of(journey, persona)
        assert walks(narrowed).steps == expected
        assert _ids(narrowed) == list(expected)  # every touchpoint left is one they reach
        assert walks(narrowed).unreached() == {persona: frozenset()}


@settings(max_examples=300, deadline=None)
@given(felt_journeys())
def test_every_touchpoint_left_is_on_the_persona_s_lane_with_their_emotion(journey: Journey) -> None:
    for persona in journey.persona_ids:
        narrowed = persona_journey(journey, persona)
        assert narrowed.persona_ids == [persona]
        for _, tp in narrowed.touchpoints():
            before = _tp(journey, tp.id)
            assert on_lane(before, persona)
            assert tp.personas == (None if before.personas is None else [persona])
            assert tp.emotion_for(persona) == before.emotion_for(persona)
            assert tp.emotion is None or isinstance(tp.emotion, int)
            assert tp.pain_points == before.pain_points
            pains = _declared_pains(narrowed)
            assert [o.addresses for o in tp.opportunities] == [[p for p in o.addresses if p in pains] for o in before.opportunities]
        assert [(s.id, s.kpis) for s in narrowed.stages] == [(s.id, s.kpis) for s in journey.stages]


@settings(max_examples=200, deadline=None)
@given(felt_journeys())
def test_the_narrowed_journey_validates_and_round_trips(journey: Journey) -> None:
    """Even when the journey given names an unknown `next` target: it is on nobody's path."""
    for persona in journey.persona_ids:
        narrowed = persona_journey(journey, persona)
        text = json.dumps(narrowed.model_dump(mode="json", exclude_none=True), ensure_ascii=False)
        result = cjmap.validate_text(text, file="narrowed.json")
        assert [p.message for p in result.problems] == []
        assert result.journey == narrowed
