"""The journey of issue 14, as filed: Kim and Lee each walk two touchpoints, interleaved, so one
line or one path through all four would be a customer who does not exist (Kim +1, Lee +1,
Kim -2, Lee +2). Lint, the Graphviz map, the curves, show and diff are all tested on it."""

from __future__ import annotations


def two_lanes(*, extra: str = "", values: tuple[int, int, int, int] = (1, 1, -2, 2), kim_name: str = "") -> str:
    """The journey, with more `journey:` fields (``extra``, e.g. ", emotion_scale: {min: 0, max: 100}"),
    other emotions at kim-ad, lee-guide, kim-signup and lee-pay, and a name for Kim."""
    kim_ad, lee_guide, kim_signup, lee_pay = values
    named = f', name: "{kim_name}"' if kim_name else ""
    return f"""\
cjmap: 1
journey: {{title: Two lanes, owner: cx, reviewed: 2026-11-01{extra}}}
personas:
  - {{id: kim{named}, goals: [g], pain_points: [p]}}
  - {{id: lee, goals: [g], pain_points: [p]}}
stages:
  - id: purchase
    goal: Buy
    touchpoints:
      - {{id: kim-ad, name: Kim sees an ad, channel: social, emotion: {kim_ad}, actions: [a], personas: [kim]}}
      - {{id: lee-guide, name: Lee reads a gift guide, channel: blog, emotion: {lee_guide}, actions: [a], personas: [lee], next: [lee-pay]}}
      - {{id: kim-signup, name: Kim signs up, channel: web, emotion: {kim_signup}, actions: [a], personas: [kim]}}
      - {{id: lee-pay, name: Lee pays, channel: store, emotion: {lee_pay}, actions: [a], personas: [lee]}}
"""


TWO_LANES = two_lanes()
