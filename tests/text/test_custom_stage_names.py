"""A stage of kind ``custom`` is shown by its own name wherever one stage is shown, and the kind
is labelled Custom / Personalizada where stages are counted by kind (``cjmap stats``)."""

from __future__ import annotations

import json
import re

import pytest

from cjmap.text.labels import labels
from conftest import TODAY, cli

JOURNEY = """\
cjmap: 1
journey: {{title: Alta, owner: cx, reviewed: 2026-11-01, language: {language}}}
personas: [{{id: kim}}]
stages:
  - id: welcome
    name: {name}
    touchpoints: [{{id: tour, name: Product tour, channel: web}}]
  - id: first-bill
    touchpoints: [{{id: bill, name: First bill, channel: email}}]
"""


def test_the_custom_kind_has_its_own_label() -> None:
    assert (labels("en")["custom"], labels("es")["custom"]) == ("Custom", "Personalizada")


@pytest.mark.parametrize(("language", "name", "kind_label"), [
    ("en", "Welcome weeks", "Custom"),
    ("es", "Semanas de bienvenida", "Personalizada"),
])
@pytest.mark.parametrize("command", [
    ("show",), ("render", "--format", "html"), ("render", "--format", "markdown"), ("render", "--format", "dot"),
])
def test_show_and_render_name_a_custom_stage_by_its_name_or_id(write, command, language, name, kind_label) -> None:
    path = write("custom.journey.yaml", JOURNEY.format(language=language, name=name))
    run = cli(*command, str(path), env={**TODAY, "COLUMNS": "120"})
    assert (run.code, run.stderr) == (0, "")
    assert name in run.stdout and "first-bill" in run.stdout
    # The kind's label is for tables that count stages by kind, never a stage's title.
    assert not re.search(rf"\b{kind_label}\b", run.stdout)


def test_show_json_keeps_the_kind_as_data(write) -> None:
    path = write("custom.journey.yaml", JOURNEY.format(language="en", name="Welcome weeks"))
    stages = json.loads(cli("show", "--format", "json", str(path), env=TODAY).stdout)["stages"]
    assert [(s["id"], s["kind"]) for s in stages] == [("welcome", "custom"), ("first-bill", "custom")]
