"""The SARIF reporter from hand-built results: valid SARIF 2.1.0 (the OASIS schema), one
result per problem in order, levels, rule indexes, regions with their ends, the category of
each command, URIs relative to the repository's root or absolute, and the same bytes for the
same input."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from samples import HOSTILE, mixed, problem, result

from cjmap.files.repository import repository_root
from cjmap.problems import FileResult, Problem
from cjmap.reporters.catalogue import all_codes
from cjmap.reporters.sarif import report as sarif_report
from conftest import SHARED


def report(results: Any, **options: Any) -> str:
    """The reporter as the commands call it: the repository root found from the current folder."""
    return sarif_report(results, root=repository_root(), **options)

SCHEMA = json.loads((SHARED / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def _valid(text: str) -> dict:
    document = json.loads(text)
    jsonschema.Draft4Validator(SCHEMA).validate(document)
    return document


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository root of our own (GITHUB_WORKSPACE, as under Actions), and its folder as the current one."""
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_empty_results_are_a_valid_log_with_every_rule() -> None:
    document = _valid(report([]))
    [run] = document["runs"]
    assert run["results"] == []
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == [entry["code"] for entry in all_codes()]
    assert run["invocations"] == [{"executionSuccessful": True}]


def test_results_in_order_with_levels_rule_indexes_and_locations(repository: Path) -> None:
    document = _valid(report(mixed()))
    rules = document["runs"][0]["tool"]["driver"]["rules"]
    results = document["runs"][0]["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [("CJ021", "error"), ("CJ101", "warning"), ("CJ124", "note"), ("CJ101", "warning")]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)
    first = results[0]["locations"][0]
    assert first["physicalLocation"] == {
        "artifactLocation": {"uri": "a.journey.yaml", "uriBaseId": "%SRCROOT%"},
        # Built without an end: the one character at the start.
        "region": {"startLine": 3, "startColumn": 5, "endLine": 3, "endColumn": 6},
    }
    assert first["logicalLocations"] == [{"fullyQualifiedName": "stages[0].chanel"}]
    assert "logicalLocations" not in results[1]["locations"][0]  # no document path, no logical location


def test_a_region_ends_where_the_problem_does() -> None:
    spanning = Problem("a.journey.yaml", 3, 5, "CJ022", "error", "wrong type", "stages[0].name", "wrong-type", 6, 2)
    [entry] = _valid(report([FileResult("a.journey.yaml", (spanning,))]))["runs"][0]["results"]
    assert entry["locations"][0]["physicalLocation"]["region"] == {"startLine": 3, "startColumn": 5, "endLine": 6, "endColumn": 2}


@pytest.mark.parametrize("command", ["validate", "lint"])
def test_each_command_is_its_own_category(command: str) -> None:
    # GitHub rejects two runs of one tool and category in one upload: validate and lint differ.
    assert _valid(report([], command=command))["runs"][0]["automationDetails"] == {"id": f"cjmap/{command}/"}


def test_same_input_same_bytes(repository: Path) -> None:
    (repository / "a.journey.yaml").write_text("cjmap: 1\n" * 12, encoding="utf-8")
    text = report(mixed())
    assert report(mixed()) == text
    for nondeterministic in ("Time", "guid", "Guid", "timeUtc"):
        assert nondeterministic not in text


@pytest.mark.parametrize(
    ("file", "location"),
    [
        ("journeys/a b#.journey.yaml", {"uri": "journeys/a%20b%23.journey.yaml", "uriBaseId": "%SRCROOT%"}),
        ("./journeys/../a.journey.yaml", {"uri": "a.journey.yaml", "uriBaseId": "%SRCROOT%"}),
        ("/srv/j/a b.journey.yaml", {"uri": "file:///srv/j/a%20b.journey.yaml"}),
        (os.fsdecode(b"bytes\xff.journey.yaml"), {"uri": "bytes%FF.journey.yaml", "uriBaseId": "%SRCROOT%"}),
        ("<stdin>", {"uri": "%3Cstdin%3E"}),
    ],
)
def test_uris_are_relative_to_the_repository_or_file_uris(repository: Path, file: str, location: dict) -> None:
    document = _valid(report([result(file, problem(1, 1, file=file))]))
    [run] = document["runs"]
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"] == location
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": repository.as_uri() + "/"}}


def test_a_file_beside_the_repository_gets_an_absolute_uri(repository: Path) -> None:
    (repository / "inner").mkdir()
    os.chdir(repository / "inner")
    os.environ["GITHUB_WORKSPACE"] = str(repository / "inner")  # monkeypatch restores it
    document = _valid(report([result("../a.journey.yaml", problem(1, 1, file="../a.journey.yaml"))]))
    assert document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": (repository / "a.journey.yaml").as_uri()
    }


def test_outside_any_repository_names_stay_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    monkeypatch.chdir(tmp_path)  # no .git above a pytest temporary folder
    document = _valid(report([result("j/a b.journey.yaml", problem(1, 1, file="j/a b.journey.yaml"))]))
    [run] = document["runs"]
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "j/a%20b.journey.yaml"}
    assert "originalUriBaseIds" not in run


def test_hostile_messages_stay_valid_and_visible() -> None:
    text = report([result("a", problem(1, 1, file="a", message=HOSTILE))])
    assert "\x1b" not in text and "\x9b" not in text
    [entry] = _valid(text)["runs"][0]["results"]
    assert entry["message"]["text"] == "evil\\x1b[2J\\r\\nx\\x9b\\u202e<b>&\"'%,:]]>"
