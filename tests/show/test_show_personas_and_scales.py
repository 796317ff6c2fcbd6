"""``cjmap show``: one curve per persona, a curve of fixed height on any scale, and
``--persona`` narrowing the JSON to that persona's emotions and path (issue 14)."""

from __future__ import annotations

import json

import pytest

import cjmap
from cjmap.model.facts import scale_ticks
from cjmap.model.lanes import successors
from cjmap.show.curve import MAX_ROWS, Rows, Series, draw_curve
from conftest import EXAMPLES, cli
from conftest import TODAY as ENV
from two_lanes import two_lanes as shared_two_lanes

NARROW = {**ENV, "COLUMNS": "60"}


def two_lanes(*, low: int = -2, high: int = 2, values: tuple[int, int, int, int] = (1, 1, -2, 2)) -> str:
    """The issue's journey (tests/two_lanes.py) on the scale ``low``..``high``."""
    return shared_two_lanes(extra=f", emotion_scale: {{min: {low}, max: {high}}}", values=values)


def curve_of(stdout: str) -> list[str]:
    """The curve's lines, title excluded, up to the blank line after it, right-stripped."""
    lines = [line.rstrip() for line in stdout.splitlines()]
    start = lines.index("Emotion curve") + 1
    return lines[start:lines.index("", start)]


def test_the_issue_example_draws_kim_and_lee_apart_with_a_legend(write):
    run = cli("show", str(write("two.journey.yaml", two_lanes())), env=NARROW)
    assert run.code == 0 and run.stderr == ""
    assert curve_of(run.stdout) == [
        "+2 │          L",
        "+1 │ K  L",
        " 0 │ ─  ─  ─  ─",
        "-1 │",
        "-2 │       K",
        "     1  2  3  4",
        "K kim  L lee",
    ]


def test_shared_emotions_belong_to_each_persona_on_the_touchpoint(write):
    # Two personas, no per-persona emotion: before, one "everyone" line went through both.
    text = two_lanes().replace("personas: [kim]}", "}", 1)  # kim-ad is everyone's now
    run = cli("show", str(write("two.journey.yaml", text)), env=NARROW)
    assert run.code == 0
    curve = curve_of(run.stdout)
    # Both on one point: `*`, which the legend explains.
    assert curve[1] == "+1 │ *  L" and curve[-1] == "K kim  L lee  * several on one point"


def test_one_persona_is_one_series_without_a_legend(write):
    # Without Lee's `next: [lee-pay]`, which would skip kim-signup on Kim's one path.
    text = two_lanes().replace("  - {id: lee, goals: [g], pain_points: [p]}\n", "").replace("[lee]", "[kim]").replace(", next: [lee-pay]", "")
    run = cli("show", str(write("one.journey.yaml", text)), env=NARROW)
    assert run.code == 0
    assert curve_of(run.stdout) == ["+2 │          K", "+1 │ K  K", " 0 │ ─  ─  ─  ─", "-1 │", "-2 │       K", "     1  2  3  4"]


def test_the_customer_of_no_persona_has_their_own_series(write):
    text = two_lanes().replace("personas: [lee], next: [lee-pay]", "personas: []")
    run = cli("show", str(write("anyone.journey.yaml", text)), env=NARROW)
    assert run.code == 0
    curve = curve_of(run.stdout)
    assert curve[1] == "+1 │ K  O" and curve[-1] == "K kim  L lee  O Other customers"


def test_persona_narrows_the_curve_to_their_path(write):
    run = cli("show", str(write("two.journey.yaml", two_lanes())), "--persona", "lee", env=NARROW)
    assert run.code == 0 and "Kim" not in run.stdout
    # Columns keep their journey-wide numbers; no legend for one persona.
    assert curve_of(run.stdout) == ["+2 │    L", "+1 │ L", " 0 │ ─  ─", "-1 │", "-2 │", "     2  4"]


@pytest.mark.parametrize(("low", "high", "values", "labels"), [
    (-2, 2, (1, 1, -2, 2), ["+2", "+1", "0", "-1", "-2"]),
    (0, 10, (6, 6, 1, 10), ["10", "", "8", "", "6", "", "4", "", "2", "", "0"]),
    (0, 100, (60, 60, 7, 100), ["100", "", "80", "", "60", "", "40", "", "20", "", "0"]),
    (-37, 63, (20, 20, -37, 63), ["+63", "", "+40", "", "+20", "", "0", "", "-20", "", "-37"]),
])
def test_the_curve_has_a_fixed_height_and_labels_only_the_ticks(write, low, high, values, labels):
    run = cli("show", str(write("scale.journey.yaml", two_lanes(low=low, high=high, values=values))), env=NARROW)
    assert run.code == 0 and run.stderr == ""
    rows = curve_of(run.stdout)[:-2]  # the axis and the legend follow the rows
    assert len(rows) == min(high - low + 1, MAX_ROWS)
    assert [row.split("│")[0].strip() for row in rows] == labels
    assert sorted(int(label) for label in labels if label) == scale_ticks(low, high)


def test_each_value_goes_to_its_nearest_row_and_zero_keeps_the_neutral_line(write):
    run = cli("show", str(write("scale.journey.yaml", two_lanes(low=-37, high=63, values=(20, 21, -37, 4)))), env=NARROW)
    rows = curve_of(run.stdout)[:-2]
    # Rows are 10 apart from -37: +20 and +21 share the row of +23, +4 the row of +3, where 0 is.
    assert rows[4] == "+20 │ K  L"
    assert rows[6] == "  0 │ ─  ─  ─  L"
    assert rows[10] == "-37 │       K"


def test_spans_of_ten_and_a_hundred_print_as_many_lines(write):
    ten = cli("show", str(write("ten.journey.yaml", two_lanes(low=0, high=10, values=(6, 6, 1, 10)))), env=NARROW)
    hundred = cli("show", str(write("hundred.journey.yaml", two_lanes(low=0, high=100, values=(60, 60, 7, 100)))), env=NARROW)
    small = cli("show", str(write("small.journey.yaml", two_lanes())), env=NARROW)
    assert ten.code == hundred.code == small.code == 0
    assert len(ten.stdout.splitlines()) == len(hundred.stdout.splitlines()) <= 40
    # A span of 4 has 5 rows: 6 lines fewer, never more.
    assert len(small.stdout.splitlines()) == len(hundred.stdout.splitlines()) - (MAX_ROWS - 5)


def test_draw_curve_height_does_not_grow_with_the_span():
    # Past what validation accepts (a span of at most 100): still 11 rows, the ends labelled.
    lines = draw_curve([Series("Ana", (0, 500_000, 1_000_000))], low=0, high=1_000_000, width=40)
    assert len(lines) == MAX_ROWS + 1  # the rows and the axis
    assert [line.plain.rstrip() for line in lines[:6]] == ["1000000 │       A", *["        │"] * 4, "        │    A"]
    assert lines[-2].plain.rstrip() == "      0 │ A"


def test_rows_round_halves_up_and_map_the_ends_to_the_ends():
    rows = Rows(0, 100)
    assert rows.count == MAX_ROWS
    assert [rows.row_of(v) for v in (0, 4, 5, 14, 15, 95, 100)] == [0, 0, 1, 1, 2, 10, 10]
    assert Rows(-2, 2).count == 5 and [Rows(-2, 2).row_of(v) for v in range(-2, 3)] == [0, 1, 2, 3, 4]
    assert Rows(-50, 50).neutral() == 5 and Rows(0, 10).neutral() is None


PER_PERSONA = """\
cjmap: 1
journey: {title: Maps, owner: cx, reviewed: 2026-11-01}
personas:
  - {id: kim, goals: [g], pain_points: [p]}
  - {id: lee, goals: [g], pain_points: [p]}
stages:
  - id: purchase
    goal: Buy
    touchpoints:
      - {id: both, name: Both look, channel: web, emotion: {kim: 1, lee: -1}, actions: [a]}
      - {id: lee-only-value, name: Only Lee says, channel: web, emotion: {lee: 2}, actions: [a]}
      - {id: shared, name: Shared value, channel: web, emotion: 0, actions: [a], personas: [kim, lee]}
      - {id: lee-pays, name: Lee pays, channel: store, emotion: 2, actions: [a], personas: [lee]}
"""


def touchpoints(stdout: str) -> list[dict]:
    return [tp for stage in json.loads(stdout)["stages"] for tp in stage["touchpoints"]]


def test_json_persona_keeps_only_their_emotions_and_names_no_one_else(write):
    run = cli("show", str(write("maps.journey.yaml", PER_PERSONA)), "--format", "json", "--persona", "kim")
    assert run.code == 0 and run.stderr == ""
    data = json.loads(run.stdout)
    assert [p["id"] for p in data["personas"]] == ["kim"]
    assert [(tp["id"], tp["emotion"], tp["personas"]) for tp in touchpoints(run.stdout)] == [
        ("both", {"kim": 1}, ["kim"]),
        ("lee-only-value", None, ["kim"]),  # a map without Kim's entry: no emotion for Kim
        ("shared", 0, ["kim"]),
    ]


def test_json_persona_next_is_their_path(write):
    path = write("two.journey.yaml", two_lanes())
    for persona, expected in [("kim", [("kim-ad", ["kim-signup"]), ("kim-signup", [])]),
                              ("lee", [("lee-guide", ["lee-pay"]), ("lee-pay", [])])]:
        run = cli("show", str(path), "--format", "json", "--persona", persona)
        assert run.code == 0 and [(tp["id"], tp["next"]) for tp in touchpoints(run.stdout)] == expected
    everyone = cli("show", str(path), "--format", "json")
    assert [(tp["id"], tp["next"]) for tp in touchpoints(everyone.stdout)] == [
        ("kim-ad", ["kim-signup"]), ("lee-guide", ["lee-pay"]), ("kim-signup", []), ("lee-pay", []),
    ]


@pytest.mark.parametrize("persona", ["ana", "luis"])
def test_json_persona_next_matches_the_model_on_an_example(persona):
    example = EXAMPLES / "laptop-purchase.journey.yaml"
    run = cli("show", str(example), "--format", "json", "--persona", persona)
    following = successors(cjmap.load_journey(example), persona)
    shown = touchpoints(run.stdout)
    assert shown and {tp["id"]: tp["next"] for tp in shown} == following
    assert all(set(tp["emotion"]) == {persona} for tp in shown if isinstance(tp["emotion"], dict))


def test_past_the_palette_personas_are_counted_and_markers_stay_one_character(write):
    """40 personas whose initials clash (p0, p1…), each on a touchpoint of their own."""
    lines = ["cjmap: 1", "journey: {title: Many}", "personas:", *(f"  - {{id: p{i}}}" for i in range(40))]
    lines += ["stages:", "  - id: s", "    touchpoints:", *(f"      - {{id: t{i}, name: T{i}, personas: [p{i}], emotion: {i % 5 - 2}}}" for i in range(40))]
    run = cli("show", str(write("many.journey.yaml", "\n".join(lines) + "\n")), env={**NARROW, "COLUMNS": "200"})
    assert run.code == 0 and run.stderr == ""
    curve = curve_of(run.stdout)
    rows = [row.ljust(4 + 3 * 40) for row in curve[:5]]
    assert [row[:4] for row in rows] == ["+2 │", "+1 │", " 0 │", "-1 │", "-2 │"]  # no marker broke a row
    # Columns are 3 wide at this width; column i holds persona i's marker at its centre: 1-9,
    # then A-S for the 28 drawn; the rest are not drawn.
    centres = [{row[5 + 3 * i] for row in rows} - {" ", "─"} for i in range(40)]
    marks = "".join(found.pop() if len(found) == 1 else "." for found in centres)
    assert marks == "123456789ABCDEFGHIJKLMNOPQRS" + "." * 12
    assert curve[-1] == "(The lines of 12 more personas are not drawn: too many to tell apart. See one with --persona ID.)"


FANS_OUT = """\
cjmap: 1
journey: {title: Fans out}
personas: [{id: kim}, {id: lee}]
stages:
  - id: purchase
    touchpoints:
      - {id: home, name: Home, emotion: {kim: 1, lee: -1}}
      - {id: kim-ad, name: Kim sees an ad, personas: [kim], emotion: 2}
      - {id: lee-guide, name: Lee reads a guide, personas: [lee], emotion: 0}
"""


def test_json_persona_next_leaves_out_the_other_persona_s_step(write):
    """A shared touchpoint leads each persona to their own: `home` goes to kim-ad and lee-guide
    for the map, to kim-ad alone on Kim's path."""
    path = write("fans.journey.yaml", FANS_OUT)
    kim = cli("show", str(path), "--format", "json", "--persona", "kim")
    assert kim.code == 0 and kim.stderr == ""
    assert [(tp["id"], tp["next"]) for tp in touchpoints(kim.stdout)] == [("home", ["kim-ad"]), ("kim-ad", [])]
    everyone = cli("show", str(path), "--format", "json")
    assert touchpoints(everyone.stdout)[0]["next"] == ["kim-ad", "lee-guide"]


def test_text_persona_shows_only_their_emotion(write):
    run = cli("show", str(write("fans.journey.yaml", FANS_OUT)), "--persona", "lee", env=NARROW)
    assert run.code == 0 and run.stderr == ""
    home = next(line for line in run.stdout.splitlines() if "Home" in line)
    assert "-1" in home and "+1" not in home and "kim" not in home.lower()
    assert "Kim sees an ad" not in run.stdout and "Lee reads a" in run.stdout  # the name wraps at this width


LEAVES_HALF_WAY = """\
cjmap: 1
journey: {title: Seguro}
personas: [{id: marta}, {id: jorge}]
stages:
  - id: compra
    touchpoints:
      - {id: simulador, name: Simulador, emotion: 1}
      - {id: chat-bot, name: Chatbot, personas: [jorge], emotion: -2, next: []}
      - {id: llamada, name: Llamada, personas: [marta], emotion: 2}
      - {id: renovacion, name: Email de renovación, emotion: -1}
"""


def test_a_persona_who_left_is_not_shown_what_comes_after(write):
    """Jorge leaves at the chatbot (`next: []`): the renewal email everyone else gets is on his
    lane, but he never gets there, so no view puts him there."""
    path = write("seguro.journey.yaml", LEAVES_HALF_WAY)
    text = cli("show", str(path), "--persona", "jorge", env=NARROW)
    assert text.code == 0 and text.stderr == ""
    assert "Chatbot" in text.stdout and "renovación" not in text.stdout
    assert curve_of(text.stdout)[-1] == "     1  2"  # numbered as in the whole journey: #1 and #2 only
    data = cli("show", str(path), "--format", "json", "--persona", "jorge")
    assert [tp["id"] for tp in touchpoints(data.stdout)] == ["simulador", "chat-bot"]
    everyone = cli("show", str(path), env=NARROW)
    # The renewal (column 4): Marta's point alone, no `*` for two personas there.
    assert curve_of(everyone.stdout)[:5] == ["+2 │       M", "+1 │ *", " 0 │ ─  ─  ─  ─", "-1 │          M", "-2 │    J"]
