"""The SARIF reporter from hand-built results: valid SARIF 2.1.0 (the OASIS schema), one
result per problem in order, levels, rule indexes, relative and absolute URIs."""

from __future__ import annotations

import json
import os

import jsonschema
import pytest
from samples import HOSTILE, mixed, problem, result

from cjmap.reporters.catalogue import all_codes
from cjmap.reporters.sarif import report
from conftest import SHARED

SCHEMA = json.loads((SHARED / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def _valid(text: str) -> dict:
    document = json.loads(text)
    jsonschema.Draft4Validator(SCHEMA).validate(document)
    return document


def test_empty_results_are_a_valid_log_with_every_rule() -> None:
    document = _valid(report([]))
    [run] = document["runs"]
    assert run["results"] == []
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == [entry["code"] for entry in all_codes()]


def test_results_in_order_with_levels_rule_indexes_and_locations() -> None:
    document = _valid(report(mixed()))
    rules = document["runs"][0]["tool"]["driver"]["rules"]
    results = document["runs"][0]["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [("CJ021", "error"), ("CJ101", "warning"), ("CJ124", "note"), ("CJ101", "warning")]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)
    first = results[0]["locations"][0]
    assert first["physicalLocation"] == {"artifactLocation": {"uri": "a.journey.yaml"}, "region": {"startLine": 3, "startColumn": 5}}
    assert first["logicalLocations"] == [{"fullyQualifiedName": "stages[0].chanel"}]
    assert "logicalLocations" not in results[1]["locations"][0]  # no document path, no logical location


def test_strict_changes_nothing() -> None:
    assert report(mixed(), strict=True) == report(mixed())


@pytest.mark.parametrize(
    ("file", "uri"),
    [
        ("journeys/a b#.journey.yaml", "journeys/a%20b%23.journey.yaml"),
        ("/srv/j/a b.journey.yaml", "file:///srv/j/a%20b.journey.yaml"),
        (os.fsdecode(b"bytes\xff.journey.yaml"), "bytes%FF.journey.yaml"),
    ],
)
def test_uris_are_relative_references_or_file_uris(file: str, uri: str) -> None:
    document = _valid(report([result(file, problem(1, 1, file=file))]))
    assert document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == uri


def test_hostile_messages_stay_valid_and_visible() -> None:
    text = report([result("a", problem(1, 1, file="a", message=HOSTILE))])
    assert "\x1b" not in text and "\x9b" not in text
    [entry] = _valid(text)["runs"][0]["results"]
    assert entry["message"]["text"] == "evil\\x1b[2J\\r\\nx\\x9b\\u202e<b>&\"'%,:]]>"
