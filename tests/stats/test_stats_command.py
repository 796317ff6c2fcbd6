"""``cjmap stats``: the portfolio of the examples in text, JSON and Markdown."""

from __future__ import annotations

import json

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
