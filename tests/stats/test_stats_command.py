"""``cjmap stats``: the portfolio of the examples in text, JSON and Markdown."""

from __future__ import annotations

import json
import re

from conftest import EXAMPLES, MINIMAL, TODAY, cli

ENV = TODAY


def test_stats_summarises_the_examples():
    run = cli("stats", "examples/", env={**ENV, "COLUMNS": "120"})
    assert run.code == 0 and run.stderr == "" and "\x1b[" not in run.stdout
    assert run.stdout.startswith("4 journeys in 4 files")
    assert "Channel × stage coverage" in run.stdout and "Moments of truth" in run.stdout
    assert "KPIs off target (24)" in run.stdout


def test_stats_json_counts(write, tmp_path):
    write("bad.journey.yaml", "cjmap: 2\n")
    write("mine.journey.yaml", MINIMAL)
    for example in EXAMPLES.glob("*.journey.yaml"):
        write(example.name, example.read_text(encoding="utf-8"))
    run = cli("stats", str(tmp_path), "--format", "json", env=ENV)
    data = json.loads(run.stdout)
    assert run.code == 0
    assert (data["files"], data["journeys"]) == (6, 5)
    assert [i["file"].rsplit("/", 1)[-1] for i in data["invalid"]] == ["bad.journey.yaml"]
    assert data["by_type"] == {"current-state": 3, "future-state": 1, "service-blueprint": 1}
    assert data["by_stage_kind"]["awareness"] == 5
    assert data["coverage"]["store"]["purchase"] == 3
    assert data["stalest"][0]["reviewed"] == ""  # never reviewed comes first
    assert [r["journey"] for r in data["without_owner"]] == ["Minimal"]
    lowest = data["lowest_moments"][0]
    assert lowest["emotion"] == -2 and lowest["share"] == 0.0
    assert len(data["kpis_off_target"]) == 24


def test_stats_markdown_is_a_document():
    run = cli("stats", "examples/", "--format", "markdown", env=ENV)
    assert run.code == 0 and run.stdout.startswith("# Journey portfolio\n")
    assert "## Channel × stage coverage (touchpoints)" in run.stdout and "| channel | Awareness |" in run.stdout


def test_stats_names_whose_moment_it_is():
    data = json.loads(cli("stats", "examples/", "--format", "json", env=ENV).stdout)
    by_touchpoint = {m["touchpoint"]: m["persona"] for m in data["lowest_moments"]}
    assert by_touchpoint["Alta online con videoidentificación"] == "Carmen"


CUSTOM_STAGES = """\
cjmap: 1
journey: {title: Onboarding, owner: cx, reviewed: 2026-11-01}
personas: [{id: ana}]
stages:
  - id: purchase
    touchpoints: [{id: pay, name: Pays, channel: web}]
  - id: onboarding
    name: Welcome weeks
    touchpoints: [{id: tour, name: Product tour, channel: web}]
  - id: first-bill
    kind: custom
    touchpoints: [{id: bill, name: First bill, channel: email}]
"""


def test_stats_names_the_custom_kind_custom_in_every_format(write, tmp_path):
    # The custom kind gathers every journey's own stages ("Welcome weeks", "first-bill"), so the
    # kind tables call it what it is, not "Stage" (which every row is).
    write("custom.journey.yaml", CUSTOM_STAGES)
    text = cli("stats", str(tmp_path), env={**ENV, "COLUMNS": "120"})
    assert (text.code, text.stderr) == (0, "")
    assert re.search(r"^\s+Purchase\s+1\s*$", text.stdout, re.MULTILINE)
    assert re.search(r"^\s+Custom\s+2\s*$", text.stdout, re.MULTILINE)
    assert re.search(r"^\s+channel\s+Purchase\s+Custom\s*$", text.stdout, re.MULTILINE)
    assert re.search(r"^\s+web\s+1\s+1\s*$", text.stdout, re.MULTILINE)
    assert "Stage " not in text.stdout
    markdown = cli("stats", str(tmp_path), "--format", "markdown", env=ENV)
    assert markdown.code == 0
    assert "| Purchase | 1 |\n| Custom | 2 |\n" in markdown.stdout
    assert "| channel | Purchase | Custom |\n|---|---|---|\n| web | 1 | 1 |\n| email | 0 | 1 |\n" in markdown.stdout
    data = json.loads(cli("stats", str(tmp_path), "--format", "json", env=ENV).stdout)
    assert data["by_stage_kind"] == {"purchase": 1, "custom": 2}
    assert data["coverage"] == {"web": {"purchase": 1, "custom": 1}, "email": {"purchase": 0, "custom": 1}}
