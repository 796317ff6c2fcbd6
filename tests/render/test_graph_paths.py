"""The Graphviz map draws the steps customers take: each persona's own path, never an edge
from one persona's touchpoint to another's (issue 14)."""

from __future__ import annotations

import re

import cjmap
from cjmap.render.graph import Edge, build_graph
from cjmap.render.view import build_view
from conftest import cli
from two_lanes import TWO_LANES

# The journey's steps: drawn without pulling the layout (constraint=false), dashed when backwards;
# the other edges of the DOT are invisible links that hold the rows in order.
EDGE = re.compile(r'^  "(?P<source>[^"]+)" -> "(?P<target>[^"]+)" \[(?P<dashed>style=dashed, )?constraint=false\];$', re.MULTILINE)

# The journey of issue 14, as filed.


def _edges(dot: str) -> list[tuple[str, str, str]]:
    return [(m["source"], m["target"], "dashed" if m["dashed"] else "") for m in EDGE.finditer(dot)]


def test_the_issues_two_lanes_are_drawn_apart(write):
    path = write("two.journey.yaml", TWO_LANES)
    run = cli("render", str(path), "--format", "dot")
    assert run.code == 0, run.stderr
    assert _edges(run.stdout) == [("kim-ad", "kim-signup", ""), ("lee-guide", "lee-pay", "")]
    # Only the invisible link that keeps the two side by side, in journey order.
    assert re.findall(r'^  "kim-ad" -> "lee-guide" \[(.*)\];$', run.stdout, re.MULTILINE) == ["style=invis, weight=100"]


def test_shared_touchpoints_fan_out_to_each_persona_and_jumps_back_stay_dashed(write):
    path = write("shared.journey.yaml", """\
cjmap: 1
journey: {title: Shared}
personas: [{id: kim}, {id: lee}]
stages:
  - id: purchase
    touchpoints:
      - {id: home, name: Home}
      - {id: kim-ad, name: Ad, personas: [kim]}
      - {id: lee-guide, name: Guide, personas: [lee], next: [home, lee-pay, kim-ad]}
      - {id: lee-pay, name: Lee pays, personas: [lee]}
      - {id: survey, name: Survey}
      - {id: poster, name: Poster, personas: []}
""")
    run = cli("render", str(path), "--format", "dot")
    assert run.code == 0, run.stderr
    assert _edges(run.stdout) == [
        # home -> survey is the step of the customers who are none of the personas (poster's).
        ("home", "kim-ad", ""), ("home", "lee-guide", ""), ("home", "survey", ""),
        ("kim-ad", "survey", ""),
        # Written order; the step to Kim's touchpoint is nobody's (CJ125 says so) and not drawn.
        ("lee-guide", "home", "dashed"), ("lee-guide", "lee-pay", ""),
        ("lee-pay", "survey", ""),
        ("survey", "poster", ""),
    ]




def test_no_edge_from_a_shared_touchpoint_that_every_persona_leaves_by_their_own(write):
    path = write("shared.journey.yaml", """\
cjmap: 1
journey: {title: Shared}
personas: [{id: kim}, {id: lee}]
stages:
  - id: purchase
    touchpoints:
      - {id: home, name: Home}
      - {id: kim-ad, name: Ad, personas: [kim]}
      - {id: lee-guide, name: Guide, personas: [lee]}
      - {id: survey, name: Survey}
""")
    run = cli("render", str(path), "--format", "dot")
    assert _edges(run.stdout) == [("home", "kim-ad", ""), ("home", "lee-guide", ""), ("kim-ad", "survey", ""), ("lee-guide", "survey", "")]


def test_the_graph_view_holds_the_same_steps(write):
    journey = cjmap.load_journey(write("two.journey.yaml", TWO_LANES))
    graph = build_graph(journey, build_view(journey))
    assert graph.edges == (Edge("kim-ad", "kim-signup", False), Edge("lee-guide", "lee-pay", False))


def test_a_step_back_to_the_same_touchpoint_is_dashed_too(write):
    """`next: [retry]` on `retry` itself (a customer who tries again) is a loop: dashed, and
    not allowed to pull the layout, like any jump back."""
    retry = TWO_LANES.replace("personas: [kim]}\n      - {id: lee-guide", "personas: [kim], next: [kim-ad, kim-signup]}\n      - {id: lee-guide", 1)
    path = write("retry.journey.yaml", retry)
    run = cli("render", str(path), "--format", "dot")
    assert run.code == 0 and run.stderr == ""
    assert ("kim-ad", "kim-ad", "dashed") in _edges(run.stdout)
    assert ("kim-ad", "kim-signup", "") in _edges(run.stdout)
