"""GitHub code scanning rejects a run of more than 25,000 results ("SARIF support for code
scanning", Upload limits): the reporter keeps the most severe (errors, then warnings, then
notes, each in the report's order), lists them in the report's order, and says what it left out."""

from __future__ import annotations

import json

import jsonschema
from samples import many

from cjmap.reporters.sarif import MAX_RESULTS, report
from conftest import SHARED

SCHEMA = json.loads((SHARED / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def _messages(results: list) -> list[str]:
    return [f"{p.file}:{p.line}:{p.severity}" for r in results for p in r.problems]


def _listed(run: dict) -> list[str]:
    severity = {"error": "error", "warning": "warning", "note": "info"}
    places = ((r["locations"][0]["physicalLocation"], severity[r["level"]]) for r in run["results"])
    return [f"{place['artifactLocation']['uri']}:{place['region']['startLine']}:{level}" for place, level in places]


def test_at_the_cap_nothing_is_left_out() -> None:
    results = many(10_000, 10_000, 5_000)
    run = json.loads(report(results))["runs"][0]
    assert len(run["results"]) == MAX_RESULTS == 25_000
    assert run["invocations"] == [{"executionSuccessful": True}]


def test_over_the_cap_the_most_severe_are_kept_in_order_and_the_rest_counted() -> None:
    results = many(10_000, 15_000, 7)  # 25,007: every error and warning fit, no note does
    document = json.loads(report(results, command="lint"))
    jsonschema.Draft4Validator(SCHEMA).validate(document)
    [run] = document["runs"]
    assert len(run["results"]) == 25_000
    assert {r["level"] for r in run["results"]} == {"error", "warning"}
    # The kept ones in the report's order: the full list without the notes.
    assert _listed(run) == [entry for entry in _messages(results) if not entry.endswith(":info")]
    [invocation] = run["invocations"]
    assert invocation["executionSuccessful"] is True
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "warning"
    assert note["message"]["text"] == (
        "cjmap found 25,007 results; GitHub code scanning takes at most 25,000 per run, so the 25,000 most severe are "
        "listed and 7 notes are left out. Run cjmap with another format (text, json) to see them all."
    )


def test_warnings_are_cut_in_the_report_order_when_errors_fill_most_of_the_run() -> None:
    results = many(24_990, 20, 30)
    run = json.loads(report(results))["runs"][0]
    levels = [r["level"] for r in run["results"]]
    assert (levels.count("error"), levels.count("warning"), levels.count("note")) == (24_990, 10, 0)
    warnings = [entry for entry in _messages(results) if entry.endswith(":warning")]
    assert [entry for entry in _listed(run) if entry.endswith(":warning")] == warnings[:10]
    [note] = run["invocations"][0]["toolExecutionNotifications"]
    assert "10 warnings, 30 notes are left out" in note["message"]["text"]
