"""The JSON reporter from hand-built results: one strict JSON document of a fixed shape."""

from __future__ import annotations

import json

from samples import HOSTILE, mixed, problem, result

from cjmap.reporters.json import report

# end_line/end_column: where the finding ends, exclusive (the column after its last character).
PROBLEM_KEYS = {"file", "line", "column", "code", "severity", "message", "path", "name", "end_line", "end_column"}


def _strict(text: str) -> dict:
    def refuse(constant: str) -> None:
        raise ValueError(f"not JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


def test_empty_results() -> None:
    assert _strict(report([])) == {
        "version": 1, "files": [], "problems": [],
        "summary": {"files": 0, "files_with_problems": 0, "errors": 0, "warnings": 0, "infos": 0},
    }


def test_shape_order_counts_and_validity() -> None:
    document = _strict(report(mixed()))
    assert list(document) == ["version", "files", "problems", "summary"]
    assert document["files"] == [
        {"file": "a.journey.yaml", "valid": False}, {"file": "b.journey.yaml", "valid": True}, {"file": "c.journey.yaml", "valid": True},
    ]
    assert all(set(entry) == PROBLEM_KEYS for entry in document["problems"])
    assert [(p["file"], p["line"], p["column"], p["severity"]) for p in document["problems"]] == [
        ("a.journey.yaml", 3, 5, "error"), ("a.journey.yaml", 7, 1, "warning"), ("a.journey.yaml", 9, 3, "info"), ("c.journey.yaml", 2, 1, "warning"),
    ]
    assert document["problems"][0] == {
        "file": "a.journey.yaml", "line": 3, "column": 5, "code": "CJ021", "severity": "error",
        "message": "unknown field `chanel`", "path": "stages[0].chanel", "name": "unknown-field",
        "end_line": 3, "end_column": 6,
    }
    assert document["summary"] == {"files": 3, "files_with_problems": 2, "errors": 1, "warnings": 2, "infos": 1}


def test_hostile_names_survive_exactly_and_messages_are_made_visible() -> None:
    text = report([result(HOSTILE, problem(1, 1, file=HOSTILE, message=HOSTILE))])
    assert "\x1b" not in text and "\r" not in text and "\x9b" not in text  # escaped in the JSON text
    document = _strict(text)
    assert document["files"][0]["file"] == HOSTILE  # the data is exact once decoded
    assert document["problems"][0]["message"] == "evil\\x1b[2J\\r\\nx\\x9b\\u202e<b>&\"'%,:]]>"


def test_a_slimmed_result_reports_the_same() -> None:
    assert report([r.slim() for r in mixed()]) == report(mixed())
