"""`measure --write`: only kpis[].actual changes, byte for byte everything else (library level)."""

from __future__ import annotations

import pytest

from cjmap.measure.write_actuals import ActualsError, with_actuals

JOURNEY = """\
# yaml-language-server: $schema=../schema/journey.schema.json
cjmap: 1
journey:
  title: Shop   # the title, spaced as typed
personas:
  - id: ana
stages:
  - id: purchase
    touchpoints:
      - id: cart
        name: "Cart"
    kpis:
      # the one the board reads
      - id: conversion   # how many buy
        metric: conversion_rate
        target: 3.0
        actual: 2.5      # typed by hand
      - {id: nps, metric: nps, target: 40}
      - id: aov
        metric: custom
        target: 10
"""
MEASURED = [
    {"stage": "purchase", "id": "conversion", "actual": 28.57},
    {"stage": "purchase", "id": "nps", "actual": 12},
    {"stage": "purchase", "id": "aov", "actual": None, "reason": "no value column"},
]


def _changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    assert len(old) == len(new)
    return [(a, b) for a, b in zip(old, new, strict=True) if a != b]


def test_only_the_measured_actuals_change() -> None:
    done = with_actuals(JOURNEY, MEASURED)
    assert done.written == ("purchase/conversion", "purchase/nps")
    assert done.kept == ()
    assert _changed_lines(JOURNEY, done.text) == [
        ("        actual: 2.5      # typed by hand\n", "        actual: 28.57    # typed by hand\n"),
        ("      - {id: nps, metric: nps, target: 40}\n", "      - {id: nps, metric: nps, target: 40, actual: 12}\n"),
    ]


def test_a_kpi_without_actual_gets_one_after_its_last_key() -> None:
    done = with_actuals(JOURNEY, [{"stage": "purchase", "id": "aov", "actual": 7.5}])
    assert done.text == JOURNEY + "        actual: 7.5\n"


def test_the_same_value_changes_nothing() -> None:
    done = with_actuals(JOURNEY, [{"stage": "purchase", "id": "conversion", "actual": 2.5}])
    assert done.text is JOURNEY
    assert done.written == () and done.kept == ("purchase/conversion",)


def test_an_integral_float_equals_the_int_written() -> None:
    text = JOURNEY.replace("actual: 2.5 ", "actual: 25  ")
    assert with_actuals(text, [{"stage": "purchase", "id": "conversion", "actual": 25.0}]).text is text


def test_crlf_stays_crlf_and_comments_stay() -> None:
    windows = JOURNEY.replace("\n", "\r\n")
    done = with_actuals(windows, MEASURED)
    assert done.text == with_actuals(JOURNEY, MEASURED).text.replace("\n", "\r\n")


def test_no_final_line_break_and_a_byte_order_mark_are_kept() -> None:
    text = "\ufeff" + JOURNEY.rstrip("\n")
    done = with_actuals(text, [{"stage": "purchase", "id": "conversion", "actual": 30}])
    assert done.text.startswith("\ufeff# yaml-language-server")
    assert not done.text.endswith("\n")
    assert done.text.replace("actual: 30 ", "actual: 2.5") == text


def test_flow_style_kpis_list() -> None:
    text = JOURNEY.split("    kpis:\n", maxsplit=1)[0] + "    kpis: [{id: conversion, metric: conversion_rate, target: 3}, {id: nps, metric: nps}]  # flow\n"
    done = with_actuals(text, MEASURED)
    assert done.written == ("purchase/conversion", "purchase/nps")
    assert done.text.splitlines()[:-1] == text.splitlines()[:-1]
    last = done.text.splitlines()[-1]
    assert "actual: 28.57" in last and "actual: 12" in last and last.endswith("# flow")


def test_kpis_of_another_stage_or_id_are_not_touched() -> None:
    done = with_actuals(JOURNEY, [{"stage": "browse", "id": "conversion", "actual": 1}, {"stage": "purchase", "id": "gone", "actual": 1}])
    assert done.text is JOURNEY and done.written == ()


def test_a_journey_that_no_longer_loads_is_refused() -> None:
    with pytest.raises(ActualsError, match="no longer loads"):
        with_actuals("cjmap: [1\n", MEASURED)


def test_a_journey_with_aliases_is_refused_with_the_line() -> None:
    text = JOURNEY.replace("        target: 10\n", "        target: &t 10\n") + "tags: [*t]\n"
    with pytest.raises(ActualsError, match="alias"):
        with_actuals(text, MEASURED)


def test_an_actual_this_run_could_not_measure_is_kept_and_named() -> None:
    # `aov` holds an actual from an earlier run; this run could not measure it: the number stays
    # (nothing but measured actuals is written) and the result names it with the reason.
    text = JOURNEY.replace("        target: 10\n", "        target: 10\n        actual: 9  # last quarter\n")
    done = with_actuals(text, MEASURED)
    assert done.written == ("purchase/conversion", "purchase/nps")
    assert done.stale == (("purchase/aov", "no value column"),)
    assert "        actual: 9  # last quarter\n" in done.text
    # Nothing to write, still named; a KPI not measured that holds no actual is not named.
    same = with_actuals(text, [{"stage": "purchase", "id": "aov", "actual": None, "reason": "no value column"}])
    assert same.text is text and same.stale == (("purchase/aov", "no value column"),)
    assert with_actuals(JOURNEY, MEASURED).stale == ()
    assert with_actuals(text, [{"stage": "purchase", "id": "aov", "actual": None}]).stale == (("purchase/aov", "not measured"),)
