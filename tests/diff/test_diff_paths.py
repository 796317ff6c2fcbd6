"""``cjmap diff`` reports a change of meaning in `next`: where customers go from a touchpoint,
read per persona, compared between the two sides; a rewrite that goes to the same places is
not a change (issue 14)."""

from __future__ import annotations

import json

from conftest import cli

HEAD = """\
cjmap: 1
journey: {title: Two lanes}
personas: [{id: kim}, {id: lee}]
stages:
  - id: purchase
    touchpoints:
"""
KIM_AD = "      - {id: kim-ad, name: Kim sees an ad, personas: [kim]NEXT}\n"
REST = """\
      - {id: lee-guide, name: Lee reads a gift guide, personas: [lee], next: [lee-pay]}
      - {id: kim-signup, name: Kim signs up, personas: [kim]}
      - {id: lee-pay, name: Lee pays, personas: [lee]}
"""


def _two_lanes(write, name, kim_next=""):
    return write(name, HEAD + KIM_AD.replace("NEXT", kim_next) + REST)


def test_removing_an_explicit_end_is_reported_as_where_customers_now_go(write):
    old, new = _two_lanes(write, "old.journey.yaml", ", next: []"), _two_lanes(write, "new.journey.yaml")
    run = cli("diff", str(old), str(new))
    assert (run.code, run.stderr) == (1, "")
    assert run.stdout == (
        "Touchpoints\n"
        "  ~ touchpoint `kim-ad` next: end of the journey → `kim-signup`\n"
        "\n"
        f"1 change between {old} and {new}.\n"
    )
    back = cli("diff", str(new), str(old), "--format", "json")
    [change] = json.loads(back.stdout)["changes"]
    assert change == {
        "section": "touchpoints", "action": "changed", "subject": "kim-ad",
        "detail": "touchpoint `kim-ad` next: `kim-signup` → end of the journey",
        "before": ["kim-signup"], "after": [], "delta": None, "direction": "",
    }


def test_markdown_keeps_the_ids_as_code(write):
    old, new = _two_lanes(write, "old.journey.yaml", ", next: []"), _two_lanes(write, "new.journey.yaml")
    run = cli("diff", str(old), str(new), "--format", "markdown")
    assert "- touchpoint `kim-ad` next: end of the journey → `kim-signup`\n" in run.stdout


def test_writing_out_the_default_step_or_reordering_next_is_no_change(write):
    old = _two_lanes(write, "old.journey.yaml")
    spelled_out = _two_lanes(write, "new.journey.yaml", ", next: [kim-signup]")
    run = cli("diff", str(old), str(spelled_out))
    assert (run.code, run.stdout) == (0, f"No changes between {old} and {spelled_out}.\n")
    branching = _two_lanes(write, "a.journey.yaml", ", next: [kim-signup, kim-ad]")
    reordered = _two_lanes(write, "b.journey.yaml", ", next: [kim-ad, kim-signup]")
    assert cli("diff", str(branching), str(reordered)).code == 0


def test_a_step_to_another_personas_touchpoint_changes_no_path(write):
    """`next: [lee-pay]` from Kim's touchpoint is a step nobody takes (lint's CJ125): it speaks
    for no persona of Kim's touchpoint, so Kim goes on as before and no path changes."""
    old = _two_lanes(write, "old.journey.yaml")
    new = _two_lanes(write, "new.journey.yaml", ", next: [lee-pay]")
    run = cli("diff", str(old), str(new), "--format", "json")
    assert run.code == 0 and run.stderr == ""
    assert json.loads(run.stdout)["changes"] == []


def test_a_persona_joining_a_touchpoint_changes_their_path(write):
    old = _two_lanes(write, "old.journey.yaml")
    joined = REST.replace("Lee reads a gift guide, personas: [lee]", "Lee reads a gift guide, personas: [lee, kim]")
    new = write("new.journey.yaml", HEAD + KIM_AD.replace("NEXT", "") + joined)
    run = cli("diff", str(old), str(new))
    # Kim now walks kim-ad -> lee-guide, whose `next: [lee-pay]` speaks for Lee only: Kim goes
    # on to kim-signup.
    assert run.stdout.splitlines()[:4] == [
        "Touchpoints",
        "  ~ touchpoint `lee-guide` personas: [lee] → [lee, kim]",
        "  ~ touchpoint `lee-guide` next: `lee-pay` → `lee-pay`, `kim-signup`",
        "  ~ touchpoint `kim-ad` next: `kim-signup` → `lee-guide`",
    ]


def test_nobody_in_particular_and_everyone_are_told_apart(write):
    """`personas: []` and no `personas` are different customers; both used to read "none"."""
    given = "cjmap: 1\njourney: {title: T}\npersonas: [{id: a}]\nstages:\n  - id: s\n    touchpoints:\n      - {id: t, name: T, personas: []}\n"
    old = write("old.journey.yaml", given)
    new = write("new.journey.yaml", given.replace(", personas: []", ""))
    run = cli("diff", str(old), str(new))
    assert run.code == 1 and run.stderr == ""  # changes found, as diff(1) says
    assert run.stdout.splitlines()[:2] == ["Touchpoints", "  ~ touchpoint `t` personas: nobody in particular (`personas: []`) → everyone (no `personas`)"]
    changes = json.loads(cli("diff", str(old), str(new), "--format", "json").stdout)["changes"]
    assert [(c["subject"], c["before"], c["after"]) for c in changes] == [("t", [], None)]
