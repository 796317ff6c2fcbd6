"""Lanes with nothing in them are left out of the HTML map, as docs/render.md says (issue 15):
before, a journey without emotions drew an empty emotion lane and curve, one without KPIs or
goals an empty KPI or goal row, and a service blueprint drew its three lines whatever was
around them. A line now separates lanes: it is drawn when lanes are on both sides of it.
"""

from __future__ import annotations

import re

import pytest

import cjmap
from cjmap.render.view import build_view
from conftest import cli
from sized_journeys import sized_journey

# The map's rows as drawn: <tr class="lane-actions">, <tr class="line line-line-visibility">.
ROW = re.compile(r'<tr class="(?:lane-([a-z-]+)|line line-line-([a-z]+))">')


def journey(touchpoints: str, *, blueprint: bool = False, stage: str = "") -> str:
    kind = "service-blueprint" if blueprint else "current-state"
    return (f"cjmap: 1\njourney: {{title: Lanes, type: {kind}}}\npersonas: [{{id: kim}}]\nstages:\n  - id: s\n{stage}"
            f"    touchpoints:\n{touchpoints}")


def rows(write, text: str) -> list[str]:
    """The rows of the screen map, in order: lane names, and ``line:<name>`` for blueprint lines."""
    source = write("lanes.journey.yaml", text)
    run = cli("render", str(source), "--format", "html")
    assert (run.code, run.stderr) == (0, ""), run.stderr
    screen = run.stdout.partition('<div class="print-parts">')[0]
    return [f"line:{line}" if line else lane for lane, line in ROW.findall(screen)]


def test_a_journey_without_emotions_has_no_emotion_lane_and_no_curve(write):
    text = journey("      - {id: a, name: A, actions: [Looks]}\n")
    assert rows(write, text) == ["touchpoints", "details", "actions"]
    html = cli("render", str(write("lanes.journey.yaml", text)), "--format", "html").stdout
    assert "<svg class=\"curve\"" not in html and "id=\"curve-drawing\"" not in html


def test_an_emotion_brings_the_lane_back(write):
    assert rows(write, journey("      - {id: a, name: A, emotion: 1}\n")) == ["touchpoints", "details", "emotion", "emotion-values"]


def test_goals_and_kpis_rows_only_when_a_stage_has_them(write):
    with_both = "    goal: Buy\n    kpis: [{id: k, name: Sales, metric: conversion_rate, target: 0.5, actual: 0.4}]\n"
    assert rows(write, journey("      - {id: a, name: A, actions: [Looks]}\n", stage=with_both)) == [
        "touchpoints", "goal", "details", "actions", "kpis",
    ]
    # A stage's description shows under its goal, so it keeps the goal row too.
    assert rows(write, journey("      - {id: a, name: A, actions: [Looks]}\n", stage="    description: Paying\n"))[:2] == ["touchpoints", "goal"]


@pytest.mark.parametrize(("lanes", "expected"), [
    ("frontstage: [Agent]", ["line:interaction", "frontstage"]),
    ("backstage: [Billing]", ["line:interaction", "line:visibility", "backstage"]),
    ("support: [API]", ["line:interaction", "line:visibility", "line:internal", "support"]),
    ("frontstage: [Agent], support: [API]", ["line:interaction", "frontstage", "line:visibility", "line:internal", "support"]),
    ("frontstage: [Agent], backstage: [Billing]", ["line:interaction", "frontstage", "line:visibility", "backstage"]),
    ("evidence: [Receipt]", ["evidence"]),
], ids=["front", "back", "support", "front-support", "front-back", "none-below"])
def test_a_blueprint_line_is_drawn_between_lanes_only(write, lanes, expected):
    text = journey(f"      - {{id: a, name: A, actions: [Looks], {lanes}}}\n", blueprint=True)
    drawn = [row for row in rows(write, text) if row not in ("touchpoints", "details")]
    assert [row for row in drawn if row != "actions"] == expected
    assert drawn.index("actions") == (1 if drawn[0] == "evidence" else 0)  # the customer's lanes come first


def test_a_full_blueprint_keeps_the_reading_order(write):
    assert rows(write, sized_journey(5, blueprint=True)) == [
        "touchpoints", "goal", "details", "evidence", "actions", "thoughts", "emotion", "emotion-values",
        "line:interaction", "frontstage", "line:visibility", "backstage", "line:internal", "support",
        "pains", "opportunities", "kpis",
    ]


def test_the_library_view_says_the_same(write):
    text = journey("      - {id: a, name: A, actions: [Looks]}\n", blueprint=True)
    view = build_view(cjmap.load_journey(text.encode()))
    assert [lane.kind for lane in view.lanes] == ["list"]
    assert (view.goal_row, view.kpi_row) == (False, False)
