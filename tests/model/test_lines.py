"""model/lines.py: which emotion lines a curve draws, for the HTML map and ``show`` alike."""

from __future__ import annotations

import pytest

import cjmap
from cjmap.model import lines as lines_module
from cjmap.model.lanes import ANYONE, lanes
from cjmap.model.lines import EmotionLine, Step, emotion_lines

JOURNEY = """\
cjmap: 1
journey: {title: Lines}
personas: [{id: kim}, {id: lee}, {id: ana}, {id: bo}]
stages:
  - id: s
    touchpoints:
      - {id: all, name: All, emotion: 1}
      - {id: kim, name: Kim, emotion: -1, personas: [kim], next: []}
      - {id: map, name: Map, emotion: {lee: 2, ana: 2}}
      - {id: walk-in, name: Walk in, emotion: 0, personas: []}
      - {id: end, name: End, emotion: -2, personas: [kim, lee, ana]}
"""


def load(write, text: str = JOURNEY):
    journey = cjmap.load_journey(write("j.journey.yaml", text))
    return journey, [tp for stage in journey.stages for tp in stage.touchpoints]


def test_lanes_with_the_same_line_are_one_line_in_the_order_of_their_first_lane(write):
    journey, columns = load(write)
    found = emotion_lines(columns, lanes(journey), most=28)
    assert found.not_drawn == 0
    assert found.lines == (
        # Kim leaves at `kim` (next: []): the step to `end` is not taken; `map` has nothing for Kim.
        EmotionLine(("kim",), (Step(0, 1, "line"), Step(1, -1, "line"), Step(4, -2, "none"))),
        EmotionLine(("lee", "ana"), (Step(0, 1, "line"), Step(2, 2, "line"), Step(4, -2, "line"))),
        EmotionLine(("bo",), (Step(0, 1, "line"),)),  # on `map` without an emotion: nothing after it
        EmotionLine((ANYONE,), (Step(0, 1, "line"), Step(3, 0, "gap"))),  # `map` names others: a gap
    )


@pytest.mark.parametrize(("most", "drawn", "not_drawn"), [(1, [("kim",)], 4), (2, [("kim",), ("lee", "ana")], 2), (4, None, 0)])
def test_lines_past_most_count_their_lanes(write, most: int, drawn, not_drawn: int):
    journey, columns = load(write)
    found = emotion_lines(columns, lanes(journey), most=most)
    assert found.not_drawn == not_drawn
    if drawn is not None:
        assert [line.lanes for line in found.lines] == drawn


def test_lanes_without_a_point_are_neither_drawn_nor_counted(write):
    journey, columns = load(write, JOURNEY.replace("emotion: 1}", "}").replace("emotion: 0, ", ""))
    found = emotion_lines(columns, lanes(journey), most=1)
    # bo and the customers of no persona have no emotion anywhere now.
    assert [line.lanes for line in found.lines] == [("kim",)]
    assert found.not_drawn == 2  # lee and ana


def test_columns_without_a_touchpoint_keep_their_place(write):
    _, columns = load(write)
    found = emotion_lines([None, *columns[:2]], ["kim"], most=28)
    assert found.lines == (EmotionLine(("kim",), (Step(1, 1, "line"), Step(2, -1, "line"))),)


def test_the_work_follows_the_file_not_lanes_times_touchpoints(write, monkeypatch):
    """3,000 personas each on a touchpoint of their own: each touchpoint's emotion read once per
    lane on it, where show asked every persona about every touchpoint (9 million questions, 4 s)."""
    people = "".join(f"  - {{id: p{i}}}\n" for i in range(3000))
    steps = "".join(f"      - {{id: t{i}, name: T, personas: [p{i}], emotion: {i % 5 - 2}}}\n" for i in range(3000))
    journey, columns = load(write, f"cjmap: 1\njourney: {{title: T}}\npersonas:\n{people}stages:\n  - id: s\n    touchpoints:\n{steps}")
    asked = []
    original = lines_module.lanes_of
    monkeypatch.setattr(lines_module, "lanes_of", lambda tp: asked.append(tp.id) or original(tp))
    found = emotion_lines(columns, lanes(journey), most=28)
    assert len(asked) == 3000  # each touchpoint looked at once
    assert [line.lanes for line in found.lines] == [(f"p{i}",) for i in range(28)]
    assert found.not_drawn == 2972
