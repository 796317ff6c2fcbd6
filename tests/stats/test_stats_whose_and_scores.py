"""``cjmap stats`` names whose moment of truth it is as render and show do, and writes each
score as its scale does: ``+1`` where the scale has negatives, ``30`` on 0..100."""

from __future__ import annotations

import json

from cjmap.model.facts import emotion_moments
from cjmap.model.lanes import ANYONE
from cjmap.validation import validate_text
from conftest import TODAY, cli

ENV = {**TODAY, "COLUMNS": "120"}

# One touchpoint of each kind of "who": a persona, the customers of no persona (`personas: []`)
# and everyone (no `personas`).
THREE_WHOS = """\
cjmap: 1
journey: {title: Three whos, owner: cx, reviewed: 2026-11-01, emotion_scale: {min: 0, max: 100}}
personas: [{id: kim, name: "Kim, the planner"}]
stages:
  - id: purchase
    touchpoints:
      - {id: ad, name: Sees an ad, channel: social, emotion: 30, personas: [kim]}
      - {id: walkin, name: Walks in, channel: store, emotion: 20, personas: []}
      - {id: pay, name: Pays, channel: store, emotion: 70}
"""

NEGATIVE_SCALE = """\
cjmap: 1
journey: {title: Signed, owner: cx, reviewed: 2026-11-01}
personas: [{id: kim}, {id: lee}]
stages:
  - id: purchase
    touchpoints:
      - {id: ad, name: Sees an ad, channel: social, emotion: {kim: 1, lee: -2}, personas: [kim, lee]}
      - {id: calm, name: Waits, channel: email, emotion: 0}
"""


def _moment_lines(stdout: str) -> list[str]:
    lines = [line.strip() for line in stdout.splitlines()]
    start = lines.index("Moments of truth: the lowest emotions")
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("KPIs off target"))
    # The rule under the header is as wide as the table: not what these tests are about.
    return [line for line in lines[start + 1:end] if line and set(line) != {"─"}]


def test_emotion_moments_tell_other_customers_from_everyone():
    journey = validate_text(THREE_WHOS, file="three.journey.yaml").journey
    assert journey is not None
    assert [(m.touchpoint.id, m.personas, m.value) for m in emotion_moments(journey)] == [
        ("ad", ("kim",), 30), ("walkin", (ANYONE,), 20), ("pay", (), 70)]


def test_text_names_other_customers_and_writes_unsigned_scores(write, tmp_path):
    write("three.journey.yaml", THREE_WHOS)
    run = cli("stats", ".", cwd=tmp_path, env=ENV)
    assert (run.code, run.stderr) == (0, "")
    assert _moment_lines(run.stdout) == [
        "journey              stage      touchpoint   persona           emotion",
        "three.journey.yaml   Purchase   Walks in     Other customers   20 on 0..100",
        "three.journey.yaml   Purchase   Sees an ad   Kim               30 on 0..100",
        "three.journey.yaml   Purchase   Pays         everyone          70 on 0..100",
    ]
    assert "+" not in "".join(_moment_lines(run.stdout))


def test_markdown_names_other_customers_and_writes_unsigned_scores(write, tmp_path):
    write("three.journey.yaml", THREE_WHOS)
    run = cli("stats", ".", "--format", "markdown", cwd=tmp_path, env=TODAY)
    assert (run.code, run.stderr) == (0, "")
    assert (
        "## Moments of truth: the lowest emotions\n\n"
        "| journey | stage | touchpoint | persona | emotion |\n|---|---|---|---|---|\n"
        "| three.journey.yaml | Purchase | Walks in | Other customers | 20 on 0..100 |\n"
        "| three.journey.yaml | Purchase | Sees an ad | Kim | 30 on 0..100 |\n"
        "| three.journey.yaml | Purchase | Pays | everyone | 70 on 0..100 |\n"
    ) in run.stdout


def test_json_spells_whose_as_the_journey_does(write, tmp_path):
    # `personas` mirrors the file: the ids, [] for `personas: []`, null for no `personas`;
    # `persona` is the words the other formats print.
    write("three.journey.yaml", THREE_WHOS)
    run = cli("stats", ".", "--format", "json", cwd=tmp_path, env=TODAY)
    assert (run.code, run.stderr) == (0, "")
    moments = json.loads(run.stdout)["lowest_moments"]
    assert [(m["touchpoint"], m["persona"], m["personas"], m["emotion"], m["scale"]) for m in moments] == [
        ("Walks in", "Other customers", [], 20, "0..100"),
        ("Sees an ad", "Kim", ["kim"], 30, "0..100"),
        ("Pays", "everyone", None, 70, "0..100"),
    ]


def test_scores_keep_their_sign_on_a_scale_with_negatives(write, tmp_path):
    write("signed.journey.yaml", NEGATIVE_SCALE)
    text = cli("stats", ".", cwd=tmp_path, env=ENV)
    assert text.code == 0
    assert _moment_lines(text.stdout)[1:] == [
        "signed.journey.yaml   Purchase   Sees an ad   lee        -2 on -2..2",
        "signed.journey.yaml   Purchase   Waits        everyone   0 on -2..2",
        "signed.journey.yaml   Purchase   Sees an ad   kim        +1 on -2..2",
    ]
    markdown = cli("stats", ".", "--format", "markdown", cwd=tmp_path, env=TODAY).stdout
    assert "| signed.journey.yaml | Purchase | Sees an ad | kim | +1 on -2..2 |\n" in markdown
    assert "| signed.journey.yaml | Purchase | Waits | everyone | 0 on -2..2 |\n" in markdown
