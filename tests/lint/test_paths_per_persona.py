"""``cjmap lint`` on journeys with several personas: each persona walks their own touchpoints
(CJ120), and a `next` step between two personas' touchpoints is reported (CJ125)."""

from __future__ import annotations

import datetime
import json

from cjmap.lint.rule import Context
from cjmap.lint.rules.paths import next_across_personas, unreachable_touchpoint
from cjmap.model import Journey
from conftest import TODAY, cli, within
from two_lanes import TWO_LANES


def test_the_issues_journey_has_no_unreachable_touchpoint_under_strict(write):
    path = write("two.journey.yaml", TWO_LANES)
    run = cli("lint", "--strict", "--select", "CJ12", str(path), env=TODAY)
    assert (run.code, run.stdout, run.stderr) == (0, "1 file checked: no problems.\n", "")
    everything = cli("lint", "--strict", str(path), env=TODAY)
    assert "CJ120" not in everything.stdout and "CJ125" not in everything.stdout


def test_a_touchpoint_no_persona_reaches_and_a_step_across_personas_are_reported(write):
    text = TWO_LANES.replace(
        "personas: [kim]}\n      - {id: lee-guide",
        "personas: [kim], next: [lee-pay]}\n      - {id: lee-guide",
    ).replace(
        "next: [lee-pay]}\n      - {id: kim-signup",
        "next: [lee-pay]}\n      - {id: lee-lost, name: Lee gets lost, personas: [lee]}\n      - {id: kim-signup",
    )
    path = write("two.journey.yaml", text)
    run = cli("lint", "--select", "CJ120,CJ125", "--format", "json", str(path), env=TODAY)
    assert run.code == 0, run.stderr  # warnings only, without --strict
    found = [(p["code"], p["line"], p["column"], p["message"]) for p in json.loads(run.stdout)["problems"]]
    assert found == [
        ("CJ125", 10, 111, "`next` leads from `kim-ad` (kim) to `lee-pay` (lee): no persona takes both; add the persona to both touchpoints or remove the step"),
        # kim-ad's `next` speaks for no persona of kim-ad, so Kim goes on to kim-signup as if it
        # were left out; nothing leads to lee-lost (lee-guide goes straight to lee-pay).
        ("CJ120", 12, 14, "no path from the start of the journey leads to touchpoint `lee-lost`: add it to a `next:` list, or remove it"),
    ]


def test_a_touchpoint_with_many_personas_names_a_few(write):
    personas = ", ".join(f"{{id: p{i}}}" for i in range(6))
    path = write("many.journey.yaml", f"""\
cjmap: 1
journey: {{title: Many}}
personas: [{personas}, {{id: solo}}]
stages:
  - id: purchase
    touchpoints:
      - {{id: crowd, name: Crowd, personas: [p0, p1, p2, p3, p4, p5], next: [alone, nobody]}}
      - {{id: alone, name: Alone, personas: [solo]}}
      - {{id: nobody, name: Poster, personas: []}}
""")
    run = cli("lint", "--select", "CJ125", str(path), env=TODAY)
    messages = [line.split(" CJ125 ", 1)[1] for line in run.stdout.splitlines() if " CJ125 " in line]
    assert messages == [
        "`next` leads from `crowd` (p0, p1, p2 and 3 more) to `alone` (solo): no persona takes both; add the persona to both touchpoints or remove the step",
        (
            "`next` leads from `crowd` (p0, p1, p2 and 3 more) to `nobody` (personas: [], other customers): "
            "no persona takes both; add the persona to both touchpoints or remove the step"
        ),
    ]


def test_starts_and_steps_with_thousands_of_personas():
    """3,000 personas, each on one touchpoint of their own: every one starts a lane and none is
    unreachable (the starts are found in one pass, not by asking each persona in turn)."""
    count = 3_000
    journey = Journey.model_validate({
        "cjmap": 1, "journey": {"title": "Many"}, "personas": [{"id": f"p{i}"} for i in range(count)],
        "stages": [{"id": "purchase", "touchpoints": [{"id": f"t{i}", "name": "T", "personas": [f"p{i}"]} for i in range(count)]}],
    })
    context = Context(datetime.date(2026, 11, 23))
    with within(60, "CJ120 and CJ125 on 3,000 personas"):  # a hang guard, not a timing target
        assert unreachable_touchpoint.findings(journey, context) == []
        assert next_across_personas.findings(journey, context) == []


def test_the_journey_is_walked_once_for_every_rule_that_follows_it(monkeypatch):
    """CJ120 and CJ126 both follow the customers' walks: the linter computes them once per journey."""
    import cjmap.lint.rule as rule_module
    from cjmap.lint.config import LintConfig
    from cjmap.lint.linter import Selection, lint_result
    from cjmap.validation import validate_text

    walked: list[str] = []
    original = rule_module.walks
    monkeypatch.setattr(rule_module, "walks", lambda journey: walked.append(journey.journey.title) or original(journey))
    result = validate_text(TWO_LANES.replace("personas: [kim]}\n      - {id: lee-guide", "personas: [kim], next: []}\n      - {id: lee-guide", 1))
    linted = lint_result(result, config=LintConfig(), selection=Selection(), today=datetime.date(2026, 11, 23), path=None)
    assert walked == ["Two lanes"]
    # Kim leaves at kim-ad: nobody reaches kim-signup (CJ120), found through that one walk.
    assert [p.code for p in linted.problems if p.code in ("CJ120", "CJ126")] == ["CJ120"]
