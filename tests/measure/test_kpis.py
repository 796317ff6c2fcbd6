"""KPI actuals (measure/kpis.py) beyond the golden `kpis` case: time units, the reasons a KPI has
no actual, the better direction, and repeat conversion (from == to)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cjmap.measure.definition import Options
from cjmap.measure.engine import open_engine
from cjmap.measure.fields import parse_columns
from cjmap.measure.run import measure_journey
from cjmap.measure.sources import find_source
from measure_cases import DAY, MINUTE, EventsStub, Row, TableEngine, journey_of
from measure_spark import spark_session  # noqa: F401  (the one SparkSession of the run)

JOURNEY = journey_of("""
cjmap: 1
journey: {id: k, title: K}
personas: [{id: anyone}]
stages:
  - id: visit
    touchpoints:
      - {id: page, name: Page, events: view}
    kpis:
      - {id: seconds, metric: time_on_page, target: 60}
      - {id: millis, metric: time_on_page, target: 60000, unit: ms}
      - {id: minutes, metric: time_on_page, target: 2, unit: minutes}
      - {id: hours, metric: time_on_page, unit: h}
      - {id: clv, metric: clv}
      - {id: repeat, metric: custom, target: 40, measure: {from: page, to: page, window: 1d}}
      - {id: unmeasured-from, metric: conversion_rate, measure: {from: brochure, to: page}}
      - {id: wait, metric: custom, target: 10, better: lower, measure: {from: page, to: page}}
  - id: offline
    touchpoints:
      - {id: brochure, name: Brochure}
    kpis:
      - {id: nothing, metric: bounce_rate}
""")
ROWS = [Row("u1", 0, "view"), Row("u1", 3 * MINUTE, "view"), Row("u1", 5 * MINUTE, "other"), Row("u2", 0, "view"), Row("u2", 2 * DAY, "view")]


def kpis() -> dict[str, dict[str, Any]]:
    measured = measure_journey(JOURNEY, journey_name="k", events=EventsStub(), fields=None, options=Options(), engine=TableEngine(ROWS))
    return {kpi["id"]: kpi for kpi in measured["kpis"]}


def test_time_on_page_in_the_kpis_unit() -> None:
    # No session column: sessions end after 30m without a row. u1: view → view 180 s, view → other
    # 120 s; u2's views are two days apart: two sessions, each view its session's last row (no time).
    mean = (180 + 120) / 2
    found = kpis()
    assert found["seconds"]["actual"] == round(mean, 2) and found["seconds"]["on_target"] is True
    assert found["millis"]["actual"] == round(mean * 1000, 2) and found["millis"]["unit"] == "ms"
    assert found["minutes"]["actual"] == round(mean / 60, 2)
    assert found["hours"]["actual"] == round(mean / 3600, 2) and found["hours"]["on_target"] is None  # no target


def test_without_a_value_column_value_metrics_say_how_to_name_it() -> None:
    clv = kpis()["clv"]
    assert (clv["actual"], clv["on_target"]) == (None, None)
    assert "--columns value=" in clv["reason"]


def test_repeat_conversion_from_a_touchpoint_to_itself() -> None:
    # u1 views again 3 minutes later (converts); u2 only after 2 days, beyond the KPI's 1d window.
    repeat = kpis()["repeat"]
    assert (repeat["actual"], repeat["on_target"]) == (50, True)
    assert "within 1d" in repeat["definition"]


def test_the_better_direction_decides_on_target() -> None:
    assert kpis()["wait"]["on_target"] is False  # 100 (7d: u2 converts too) against at most 10


def test_kpis_that_cannot_be_measured_say_why() -> None:
    found = kpis()
    assert found["unmeasured-from"]["actual"] is None and "`brochure` has no `events:`" in found["unmeasured-from"]["reason"]
    assert found["nothing"]["actual"] is None and "`offline` has no touchpoint with `events:`" in found["nothing"]["reason"]
    assert list(found["nothing"]) == ["stage", "id", "metric", "actual", "target", "on_target", "definition", "reason"]


GA4_LIKE = journey_of("""
cjmap: 1
journey: {id: b, title: B}
personas: [{id: anyone}]
stages:
  - id: visit
    touchpoints:
      - {id: landing, name: Landing, events: page_view}
    kpis:
      - {id: bounce, metric: bounce_rate, target: 50}
  - id: shop
    touchpoints:
      - {id: cart, name: Cart, events: add_to_cart, fails: cart_error}
""")
# As GA4 records them: every session opens with session_start, which no touchpoint is.
GA4_ROWS = [
    Row("u1", 0, "session_start", "s1"), Row("u1", MINUTE, "page_view", "s1"),  # landing alone: bounced
    Row("u2", 0, "session_start", "s2"), Row("u2", MINUTE, "page_view", "s2"), Row("u2", 2 * MINUTE, "cart_error", "s2"),  # a failure is no visit: bounced
    Row("u3", 0, "session_start", "s3"), Row("u3", MINUTE, "page_view", "s3"), Row("u3", 2 * MINUTE, "add_to_cart", "s3"),  # went on: stayed
    Row("u4", 0, "session_start", "s4"), Row("u4", MINUTE, "add_to_cart", "s4"),  # started at the cart: not a landing session
    Row("u1", DAY, "session_start", "s5"),  # no touchpoint event at all: not counted
]


def test_a_bounce_is_a_session_with_one_touchpoint_event_whatever_else_it_holds() -> None:
    # Sessions starting at landing: s1, s2, s3; with exactly one touchpoint event: s1 and s2 → 2 of 3.
    measured = measure_journey(GA4_LIKE, journey_name="b", events=EventsStub(), fields=None, options=Options(), engine=TableEngine(GA4_ROWS))
    bounce = measured["kpis"][0]
    assert (bounce["actual"], bounce["on_target"]) == (66.67, False)
    assert "no other touchpoint event" in bounce["definition"]


VALUED = journey_of("""
cjmap: 1
journey: {id: v, title: V}
personas: [{id: anyone}]
stages:
  - id: buy
    touchpoints:
      - {id: shop, name: Shop, events: [view, buy]}
    kpis:
      - {id: clv, metric: clv}
      - {id: csat, metric: csat}
      - {id: nps, metric: nps}
""")


def _valued(rows: list[Row]) -> dict[str, dict[str, Any]]:
    measured = measure_journey(VALUED, journey_name="v", events=EventsStub(), fields=None, options=Options(), engine=TableEngine(rows))
    return {kpi["id"]: kpi for kpi in measured["kpis"]}


def test_only_events_with_a_value_count() -> None:
    # u1 buys for 10 and 20 (and views: no value), u2 buys for 3, u3 only views: the clv is over the
    # two units with a value, (30 + 3) / 2 = 16.5, not 33 / 3 = 11; the views do not dilute csat either.
    found = _valued([Row("u1", 0, "view"), Row("u1", MINUTE, "buy", value=10), Row("u1", 2 * MINUTE, "buy", value=20),
                     Row("u2", 0, "buy", value=3), Row("u3", 0, "view"), Row("u3", MINUTE, "view")])
    assert found["clv"]["actual"] == 16.5 and "over the 2 units with a value" in found["clv"]["definition"]
    assert found["csat"]["actual"] == 11 and "values seen: 3..20" in found["csat"]["definition"]
    assert "note" not in found["csat"]


def test_halves_round_away_from_zero_exactly() -> None:
    # 1.00 and 1.01: the mean is exactly 1.005 → 1.01 (as a float, 2.01 / 2 = 1.00499… would round to 1).
    found = _valued([Row("u1", 0, "buy", value=1.0), Row("u2", 0, "buy", value=1.01)])
    assert found["csat"]["actual"] == 1.01
    assert found["clv"]["actual"] == 1.01


def test_nps_warns_when_values_are_not_on_its_scale() -> None:
    found = _valued([Row("u1", 0, "buy", value=9), Row("u2", 0, "buy", value=45), Row("u3", 0, "buy", value=-1)])
    assert found["nps"]["actual"] == 33.33  # counted as given: 9 and 45 are ≥ 9, -1 is ≤ 6: 66.67 − 33.33
    assert found["nps"]["note"] == "the values run -1..45, not 0..10: is this column an NPS score?"
    assert list(found["nps"])[-1] == "note"
    assert "note" not in _valued([Row("u1", 0, "buy", value=0), Row("u2", 0, "buy", value=10)])["nps"]


@pytest.mark.parametrize("huge", [1e32, float("inf"), float("nan")])
def test_a_value_too_large_to_sum_exactly_is_a_reason_not_a_wrong_number(huge: float) -> None:
    found = _valued([Row("u1", 0, "buy", value=huge), Row("u2", 0, "buy", value=5)])
    for kpi in ("clv", "csat", "nps"):
        assert found[kpi]["actual"] is None and "1 value of these events is not a number below 1e20" in found[kpi]["reason"]


@pytest.mark.parametrize("engine_name", ["duckdb", "spark"])
def test_the_engines_give_sums_exactly(engine_name: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    # Through the real reading path: DECIMAL sums come back exact, 1.00 and 1.01 average 1.005 → 1.01 on both engines
    # (a float sum, 2.01 → 2.0099999…, would give 1).
    if engine_name == "spark":
        request.getfixturevalue("spark_session")
    data = tmp_path / "events.csv"
    data.write_text("user_id,timestamp,event,value\nu1,2024-01-01T10:00:00Z,buy,1.00\nu2,2024-01-01T10:00:00Z,buy,1.01\n", encoding="utf-8")
    engine = open_engine(engine_name, temp_dir=tmp_path)
    try:
        measured = measure_journey(VALUED, journey_name="v", events=find_source(str(data)), fields=parse_columns(None), options=Options(), engine=engine)
    finally:
        engine.close()
    assert [kpi["actual"] for kpi in measured["kpis"]] == [1.01, 1.01, -100]
