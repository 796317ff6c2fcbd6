"""GitHub code scanning rejects a run of more than 25,000 results and keeps only 5,000 of one
("SARIF support for code scanning", Upload limits; what it keeps has been seen to ignore
severity, github/docs#38085). Over 25,000 the reporter keeps the most severe (errors, then
warnings, then notes, each in the report's order) and says what it left out; over 5,000 it lists
them most severe first, so the first 5,000 are the most severe, and says GitHub keeps 5,000."""

from __future__ import annotations

import json

import jsonschema
from samples import many

from cjmap.reporters.sarif import GITHUB_SHOWS, MAX_RESULTS, report
from conftest import SHARED

SCHEMA = json.loads((SHARED / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
ORDER = {"error": 0, "warning": 1, "info": 2}
FIVE_THOUSAND = (
    "This run lists {count} results; GitHub code scanning keeps only 5,000 of a run, so they are listed most severe first "
    "(errors, then warnings, then notes). Run cjmap with another format (text, json) to see them all."
)


def _messages(results: list) -> list[str]:
    return [f"{p.file}:{p.line}:{p.severity}" for r in results for p in r.problems]


def _by_severity(entries: list[str]) -> list[str]:
    """The report's order, most severe first (a stable sort: each severity in the report's order)."""
    return sorted(entries, key=lambda entry: ORDER[entry.rsplit(":", 1)[1]])


def _listed(run: dict) -> list[str]:
    severity = {"error": "error", "warning": "warning", "note": "info"}
    places = ((r["locations"][0]["physicalLocation"], severity[r["level"]]) for r in run["results"])
    return [f"{place['artifactLocation']['uri']}:{place['region']['startLine']}:{level}" for place, level in places]


def test_up_to_5000_the_report_order_and_no_notification() -> None:
    results = many(2_000, 2_000, 1_000)  # severities interleaved: info, warning, error, …
    run = json.loads(report(results))["runs"][0]
    assert len(run["results"]) == GITHUB_SHOWS == 5_000
    assert _listed(run) == _messages(results) != _by_severity(_messages(results))
    assert run["invocations"] == [{"executionSuccessful": True}]


def test_past_5000_the_most_severe_come_first_and_a_note_says_why() -> None:
    results = many(1_000, 3_000, 1_001)  # 5,001: the 1,001 notes are spread through the report
    document = json.loads(report(results, command="lint"))
    jsonschema.Draft4Validator(SCHEMA).validate(document)
    [run] = document["runs"]
    assert _listed(run) == _by_severity(_messages(results))
    levels = [r["level"] for r in run["results"]]
    # What any cut at 5,000 keeps: every error and warning; only one note falls past it.
    assert levels[:4_000] == ["error"] * 1_000 + ["warning"] * 3_000 and levels[GITHUB_SHOWS:] == ["note"]
    [invocation] = run["invocations"]
    assert invocation["executionSuccessful"] is True
    assert invocation["toolExecutionNotifications"] == [{"level": "note", "message": {"text": FIVE_THOUSAND.format(count="5,001")}}]


def test_the_order_does_not_move_fingerprints() -> None:
    """cjmap/v1 is counted in the report's order: a finding listed by severity in a large run
    has the fingerprint it has in a run of its file alone, listed as reported."""
    results = many(1_700, 1_700, 1_701)

    def prints(run_of: list) -> dict[str, str]:
        run = json.loads(report(run_of))["runs"][0]
        return dict(zip(_listed(run), (r["partialFingerprints"]["cjmap/v1"] for r in run["results"]), strict=True))

    everything = prints(results)
    assert len(everything) == len(set(everything.values())) == 5_101  # no two findings share one
    for alone in results:
        assert prints([alone]).items() <= everything.items(), alone.file


def test_at_the_cap_nothing_is_left_out() -> None:
    results = many(10_000, 10_000, 5_000)
    run = json.loads(report(results))["runs"][0]
    assert len(run["results"]) == MAX_RESULTS == 25_000
    assert _listed(run) == _by_severity(_messages(results))
    assert run["invocations"] == [{"executionSuccessful": True, "toolExecutionNotifications": [
        {"level": "note", "message": {"text": FIVE_THOUSAND.format(count="25,000")}},
    ]}]


def test_over_the_cap_the_most_severe_are_kept_most_severe_first_and_the_rest_counted() -> None:
    results = many(10_000, 15_000, 7)  # 25,007: every error and warning fit, no note does
    document = json.loads(report(results, command="lint"))
    jsonschema.Draft4Validator(SCHEMA).validate(document)
    [run] = document["runs"]
    assert len(run["results"]) == 25_000
    assert {r["level"] for r in run["results"]} == {"error", "warning"}
    # The kept ones, errors first then warnings, each in the report's order: the full list without the notes.
    assert _listed(run) == _by_severity([entry for entry in _messages(results) if not entry.endswith(":info")])
    [invocation] = run["invocations"]
    assert invocation["executionSuccessful"] is True
    cap, shown = invocation["toolExecutionNotifications"]
    assert cap["level"] == "warning"
    assert cap["message"]["text"] == (
        "cjmap found 25,007 results; GitHub code scanning takes at most 25,000 per run, so the 25,000 most severe are "
        "listed and 7 notes are left out. Run cjmap with another format (text, json) to see them all."
    )
    assert shown == {"level": "note", "message": {"text": FIVE_THOUSAND.format(count="25,000")}}


def test_warnings_are_cut_in_the_report_order_when_errors_fill_most_of_the_run() -> None:
    results = many(24_990, 20, 30)
    run = json.loads(report(results))["runs"][0]
    levels = [r["level"] for r in run["results"]]
    assert levels == ["error"] * 24_990 + ["warning"] * 10
    warnings = [entry for entry in _messages(results) if entry.endswith(":warning")]
    assert [entry for entry in _listed(run) if entry.endswith(":warning")] == warnings[:10]
    cap, _ = run["invocations"][0]["toolExecutionNotifications"]
    assert "10 warnings, 30 notes are left out" in cap["message"]["text"]
