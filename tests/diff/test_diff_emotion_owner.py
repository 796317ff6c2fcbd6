"""Whose emotion changed: a shared emotion belongs to the touchpoint's personas, so ``diff``
names them ("for jorge"), not "everyone" (issue 14)."""

from __future__ import annotations

import json

import pytest

import cjmap
from cjmap.diff.changes import diff_journeys
from conftest import cli

JOURNEY = """\
cjmap: 1
journey: {{title: Support}}
personas: [{{id: jorge}}, {{id: kim}}, {{id: lee}}]
stages:
  - id: retention
    touchpoints:
      - {{id: chat-bot, name: Chat bot, {touchpoint}}}
"""


def _diff(write, before: str, after: str, *fmt: str):
    old = write("old.journey.yaml", JOURNEY.format(touchpoint=before))
    new = write("new.journey.yaml", JOURNEY.format(touchpoint=after))
    return cli("diff", str(old), str(new), *fmt)


@pytest.mark.parametrize(("personas", "whose"), [
    ("personas: [jorge], ", "jorge"),
    ("personas: [kim, lee], ", "kim, lee"),
    ("personas: [], ", "other customers"),
    ("", "everyone"),
])
def test_a_shared_emotion_is_named_by_the_touchpoints_personas(write, personas, whose):
    run = _diff(write, personas + "emotion: -2", personas + "emotion: -1")
    assert (run.code, run.stderr) == (1, "")
    assert run.stdout.startswith(f"Emotions\n  ~ emotion at `chat-bot` for {whose}: -2 → -1 (+1, better)\n\n1 change between "), run.stdout


def test_json_carries_the_same_line(write):
    run = _diff(write, "personas: [jorge], emotion: -2", "personas: [jorge], emotion: -1", "--format", "json")
    assert run.code == 1
    emotions = [c for c in json.loads(run.stdout)["changes"] if c["section"] == "emotions"]
    assert emotions == [{
        "section": "emotions", "action": "changed", "subject": "chat-bot",
        "detail": "emotion at `chat-bot` for jorge: -2 → -1 (+1, better)",
        "before": -2, "after": -1, "delta": 1, "direction": "better",
    }]


def test_a_shared_emotion_made_per_persona_is_one_change_per_persona(write):
    # `emotion: -2` on [jorge, kim] is both theirs; then {jorge: -1, kim: -2}: only Jorge's moved.
    old = "personas: [jorge, kim], emotion: -2"
    new = "personas: [jorge, kim], emotion: {jorge: -1, kim: -2}"
    run = _diff(write, old, new)
    assert run.stdout.startswith("Emotions\n  ~ emotion at `chat-bot` for jorge: -2 → -1 (+1, better)\n\n1 change between "), run.stdout
    # And back: the same single change, the other way.
    run = _diff(write, new, old)
    assert run.stdout.startswith("Emotions\n  ~ emotion at `chat-bot` for jorge: -1 → -2 (-1, worse)\n\n1 change between "), run.stdout


def test_the_library_names_them_too(write):
    old = write("old.journey.yaml", JOURNEY.format(touchpoint="personas: [jorge], emotion: -2"))
    new = write("new.journey.yaml", JOURNEY.format(touchpoint="personas: [jorge], emotion: 1"))
    [change] = [c for c in diff_journeys(cjmap.load_journey(old), cjmap.load_journey(new)) if c.section == "emotions"]
    assert (change.detail, change.delta, change.direction) == ("emotion at `chat-bot` for jorge: -2 → +1 (+3, better)", 3, "better")
