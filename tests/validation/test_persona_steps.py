"""The persona-step budget (issue 14): each touchpoint's `next:` entries times the personas on
it, counted on the plain data before the models, so the per-persona walks (lint's CJ126, the
successors of each persona, the curve's line joins) stay bounded. Just under is accepted, just
over is a located CJ018 at the first `next:` entry over, through the library and the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from cjmap.loader import Limits, load_bytes
from cjmap.validation import validate_text
from cjmap.validation.budget import budget_issues
from conftest import ROOT, cli

# Three personas. t0 has no `personas:` (all three walk its 2 entries: 6 steps), t1 lists one
# (2 steps, 8 in all), t2 lists none, `personas: []` (anyone: 3 steps, 11 in all).
THREE_WALKS = """\
cjmap: 1
journey:
  title: T
personas:
  - id: a
  - id: b
  - id: c
stages:
  - id: s
    touchpoints:
      - {id: t0, name: T, next: [t1, t2]}
      - {id: t1, name: T, personas: [a], next: [t2, t0]}
      - {id: t2, name: T, personas: [], next: [t0, t1, t0]}
"""


def found(text: str, limits: Limits | None = None) -> list[tuple[str, int, int, str]]:
    return [(p.code, p.line, p.column, p.path) for p in validate_text(text, limits=limits).problems]


def test_eleven_steps_fit_a_budget_of_eleven():
    assert found(THREE_WALKS, Limits(max_persona_steps=11)) == []


@pytest.mark.parametrize(("budget", "where"), [
    # t0's entries bring 3 steps each: the second takes 6 over 5, the first 3 over 2.
    (5, (11, 38, "stages[0].touchpoints[0].next[1]")),
    (2, (11, 34, "stages[0].touchpoints[0].next[0]")),
    # t1 lists one persona: its second entry takes 8 over 7.
    (7, (12, 53, "stages[0].touchpoints[1].next[1]")),
    # `personas: []` walks once: the third entry takes 11 over 10.
    (10, (13, 56, "stages[0].touchpoints[2].next[2]")),
])
def test_the_budget_is_exact_and_located_at_the_first_entry_over(budget, where):
    assert found(THREE_WALKS, Limits(max_persona_steps=budget)) == [("CJ018", *where)]


def test_the_message_names_the_budget_and_how_to_fix_it():
    result = validate_text(THREE_WALKS, limits=Limits(max_persona_steps=10))
    assert [p.message for p in result.problems] == [(
        "the `next:` entries times the personas on their touchpoints add up to more than 10 persona steps, their budget; "
        "this is the first entry over (a touchpoint without `personas:` counts all 3 personas): "
        "list each touchpoint's `personas:`, shorten the `next:` lists, or split the journey"
    )]
    assert result.journey is None


def test_a_journey_without_personas_walks_each_entry_once():
    text = THREE_WALKS.replace("  - id: a\n  - id: b\n  - id: c\n", "").replace("personas:\n", "personas: []\n")
    text = text.replace(", personas: [a]", "")
    assert budget_issues(load_bytes(text.encode()).data or {}, Limits(max_persona_steps=7)) == []
    assert [issue.path for issue in budget_issues(load_bytes(text.encode()).data or {}, Limits(max_persona_steps=6))] == [
        ("stages", 0, "touchpoints", 2, "next", 2),
    ]


def crowd_with_jumps(personas: int, entries: int) -> str:
    """``personas`` personas on two touchpoints without `personas:`, the first with ``entries``
    `next:` entries: personas x entries steps."""
    people = "".join(f"  - {{id: p{i}}}\n" for i in range(personas))
    targets = ", ".join(["t1"] * entries)
    return (
        f"cjmap: 1\njourney:\n  title: T\npersonas:\n{people}stages:\n  - id: s\n    touchpoints:\n"
        f"      - {{id: t0, name: T, next: [{targets}]}}\n      - {{id: t1, name: T}}\n"
    )


def test_the_default_budget_through_the_cli(write):
    # 1,000 personas walk 2,001 entries: 2,001,000 steps, the entry 2,001 crosses 2,000,000.
    # (Before the budget, 1,000 personas x 190,000 entries on 950 touchpoints took lint 30 s.)
    assert Limits().max_persona_steps == 2_000_000
    path = write("jumps.journey.yaml", crowd_with_jumps(1_000, 2_001))
    run = cli("validate", str(path))
    assert (run.code, run.stderr) == (1, "")
    column = len("      - {id: t0, name: T, next: [") + len("t1, ") * 2_000 + 1
    assert run.stdout.splitlines()[0] == (
        f"{path}:1008:{column}: error CJ018 the `next:` entries times the personas on their touchpoints add up to more than "
        "2,000,000 persona steps, their budget; this is the first entry over (a touchpoint without `personas:` counts all "
        "1,000 personas): list each touchpoint's `personas:`, shorten the `next:` lists, or split the journey"
    )
    assert validate_text(crowd_with_jumps(1_000, 2_000)).ok


def test_listing_each_touchpoints_personas_brings_the_file_under_the_budget():
    text = crowd_with_jumps(1_000, 2_001).replace("{id: t0, name: T,", "{id: t0, name: T, personas: [p0, p1],")
    assert validate_text(text).ok


@pytest.mark.parametrize("example", sorted((ROOT / "examples").glob("*.journey.yaml")), ids=lambda path: Path(path).name)
def test_a_real_journey_is_far_below_the_budget(example):
    # The examples take at most 10 persona steps; a budget of 100 is 20,000 times below the default.
    data = load_bytes(example.read_bytes()).data or {}
    assert budget_issues(data, Limits(max_persona_steps=100)) == []
