"""The Definition (measure/definition.py) and the option values it reads (durations, periods)."""

from __future__ import annotations

import datetime

import pytest

from cjmap.measure.definition import Options, build_definition, parse_period, parse_window
from cjmap.measure.durations import format_duration, parse_duration
from cjmap.measure.errors import MeasureError
from conftest import cli
from measure_cases import CASES, journey_of

SHOP = journey_of("""
cjmap: 1
journey: {id: shop, title: Shop, measure: {unit: session, window: 36h, session_timeout: 45m}}
personas:
  - {id: ana, segment: {platform: desktop, country: [es, pt]}}
  - {id: bob}
stages:
  - id: think
    touchpoints:
      - {id: ad, name: Ad}
  - id: look
    touchpoints:
      - id: landing
        name: Landing
        events:
          - {event: session_start, where: {utm_medium: email}}
          - {event: page_view, page: "/p/*", where: {platform: web}}
      - {id: crash, name: Crash, fails: app_crash}
  - id: buy
    touchpoints:
      - {id: cart, name: Cart, events: add_to_cart, next: [pay]}
      - {id: pay, name: Pay, events: [payment]}
    kpis:
      - {id: repeat, metric: custom, measure: {from: pay, to: pay, window: 2w}}
""")


def test_measured_touchpoints_and_stages_in_journey_order() -> None:
    definition = build_definition(SHOP, Options(), journey_name="shop.journey.yaml")
    assert [(tp.id, tp.index, tp.stage_index) for tp in definition.touchpoints] == [("landing", 0, 0), ("crash", 1, 0), ("cart", 2, 1), ("pay", 3, 1)]
    assert (definition.stages, definition.unmeasured_stages) == (("look", "buy"), ("think",))
    # crash has only fails: (failures make no edges), so the map's landing → crash → cart is landing → cart.
    assert definition.planned == (("landing", "cart"), ("cart", "pay"))
    assert (definition.unit, definition.window, definition.window_seconds, definition.session_timeout_seconds) == ("session", "36h", 129_600, 2_700)
    assert definition.kpis[0].window_seconds == 14 * 86_400 and definition.kpis[0].from_ == "pay"


def test_properties_in_first_use_order_each_located_where_first_written() -> None:
    definition = build_definition(SHOP, Options(by="persona"), journey_name="shop.journey.yaml", locate=lambda path: "/".join(map(str, path)))
    assert [(p.name, p.where) for p in definition.properties] == [
        ("utm_medium", "stages/1/touchpoints/0/events/0/where/utm_medium"),
        ("platform", "stages/1/touchpoints/0/events/1/where/platform"),
        ("country", "personas/0/segment/country"),
    ]
    assert [(s.persona, s.conditions) for s in definition.segments] == [("ana", ((1, ("desktop",)), (2, ("es", "pt"))))]


def test_segment_columns_are_read_only_for_a_persona_breakdown_and_by_column_adds_one() -> None:
    assert [p.name for p in build_definition(SHOP, Options(), journey_name="s").properties] == ["utm_medium", "platform"]
    by_column = build_definition(SHOP, Options(by="utm_source"), journey_name="s")
    assert (by_column.by, by_column.by_property, by_column.properties[-1].where) == ("utm_source", 2, "--by")


def test_the_command_line_overrides_the_journey() -> None:
    definition = build_definition(SHOP, Options(window="2d", unit="user"), journey_name="s")
    assert (definition.unit, definition.window, definition.window_seconds) == ("user", "2d", 172_800)


def test_a_journey_without_events_cannot_be_measured() -> None:
    journey = journey_of("cjmap: 1\njourney: {title: T}\npersonas: [{id: p}]\nstages: [{id: s, touchpoints: [{id: t, name: T, fails: x}]}]\n")
    with pytest.raises(MeasureError) as raised:
        build_definition(journey, Options(), journey_name="plain.journey.yaml")
    assert (raised.value.exit_code, raised.value.where) == (1, "plain.journey.yaml")
    assert "no touchpoint has `events:`" in raised.value.message and "events:" in raised.value.hint
    assert "plain.journey.yaml" not in raised.value.message  # the place says the file: once, not twice
    assert str(raised.value).count("plain.journey.yaml") == 1


def test_a_persona_breakdown_needs_a_segment() -> None:
    journey = journey_of("cjmap: 1\njourney: {title: T}\npersonas: [{id: p}]\nstages: [{id: s, touchpoints: [{id: t, name: T, events: x}]}]\n")
    with pytest.raises(MeasureError) as raised:
        build_definition(journey, Options(by="persona"), journey_name="j")
    assert (raised.value.exit_code, raised.value.where) == (1, "--by") and "segment" in raised.value.hint


@pytest.mark.parametrize(("text", "seconds", "shown"), [
    ("45s", 45, "45s"), ("30m", 1800, "30m"), ("36h", 129_600, "36h"), ("7d", 604_800, "1w"), ("2w", 1_209_600, "2w"),
])
def test_durations_read_and_written(text: str, seconds: int, shown: str) -> None:
    assert parse_duration(text, option="--window") == seconds
    assert format_duration(seconds) == shown


@pytest.mark.parametrize("text", ["", "7", "d", "0d", "07d", "7 d", "7D", "1.5h", "-1d", "١d", "7y", "99999999999999w"])
def test_a_bad_duration_is_a_usage_error(text: str) -> None:
    with pytest.raises(MeasureError) as raised:
        parse_duration(text, option="--window")
    assert (raised.value.exit_code, raised.value.where) == (2, "--window")


def test_periods() -> None:
    assert parse_period("2024-01-01..2024-06-30") == (datetime.date(2024, 1, 1), datetime.date(2024, 6, 30))
    assert parse_period(" 2024-01-01 .. 2024-01-01 ") == (datetime.date(2024, 1, 1),) * 2
    for bad in ["2024-01-01", "2024-01-01..", "2024-13-01..2024-12-01", "2024-06-30..2024-01-01", "yesterday..today", "\x1b[31m..x",
                "20240101..20240201", "2024-W01-1..2024-02-01", "2024-1-01..2024-02-01", "２０２４-01-01..2024-02-01"]:
        with pytest.raises(MeasureError) as raised:
            parse_period(bad)
        assert (raised.value.exit_code, raised.value.where) == (2, "--period")
        assert "\x1b" not in raised.value.message


@pytest.mark.parametrize(("text", "said"), [
    ("2025-02-30..2025-03-01", "2025-02-30 is not a date"),
    ("2025-01-01..2024-13-01", "2024-13-01 is not a date"),
    ("20240101..20240201", "`20240101` is not a date written YYYY-MM-DD"),
    ("2024-01-01", "`2024-01-01` is not FROM..TO"),
    ("2024-03-01..2024-02-01", "2024-03-01 is after 2024-02-01"),
])
def test_a_bad_period_says_which_part_is_wrong(text: str, said: str) -> None:
    with pytest.raises(MeasureError) as raised:
        parse_period(text)
    assert said in raised.value.message and raised.value.hint


@pytest.mark.parametrize("text", ["0d", "0s", "00h"])
def test_a_zero_window_must_be_more_than_0(text: str) -> None:
    with pytest.raises(MeasureError) as raised:
        parse_window(text)
    assert (raised.value.exit_code, raised.value.where) == (2, "--window")
    assert "must be more than 0" in raised.value.message
    assert parse_window("7d") == 604_800


def test_planned_edges_walk_through_touchpoints_the_data_cannot_see() -> None:
    # A → B → C with B unmeasured: the data shows A → C, which is the map's step, not an ad-hoc path;
    # a loop back through unmeasured touchpoints plans no A → A (repeats are one visit).
    journey = journey_of(
        "cjmap: 1\njourney: {title: T}\npersonas: [{id: p}]\nstages:\n  - id: s\n    touchpoints:\n"
        "      - {id: a, name: A, events: a}\n      - {id: b, name: B, next: [c, d]}\n      - {id: c, name: C, events: c}\n"
        "      - {id: d, name: D, next: [a]}\n"
    )
    # a → b → c, and a → b → d → a (no a → a); c → d (the following one) → a.
    assert build_definition(journey, Options(), journey_name="t").planned == (("a", "c"), ("c", "a"))


@pytest.mark.parametrize(("option", "value", "said"), [
    ("--period", "2025-02-30..2025-03-01", "--period: 2025-02-30 is not a date"),
    ("--period", "20250101..20250201", "--period: `20250101` is not a date written YYYY-MM-DD"),
    ("--window", "0d", "--window: `0d` is no window: it must be more than 0"),
])
def test_the_command_says_the_same_before_reading_data(option: str, value: str, said: str) -> None:
    journey = CASES / "kpis" / "journey.journey.yaml"
    run = cli("measure", str(journey), "--events", str(CASES / "kpis" / "events.csv"), option, value)
    assert (run.code, run.stdout) == (2, "")
    first, second = run.stderr.splitlines()
    assert first.startswith(f"cjmap measure: error: {said}") and second.startswith("hint: ")
