"""``cjmap schema``: a JSON Schema that editors can use, kept in the repository, current."""

from __future__ import annotations

import datetime
import json

import jsonschema
import pytest
import yaml

from conftest import EXAMPLES, ROOT, cli

COMMITTED = ROOT / "schema" / "journey.schema.json"


def _printed_schema() -> dict:
    run = cli("schema")
    assert (run.code, run.stderr) == (0, "")
    return json.loads(run.stdout)


def test_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(_printed_schema())


def test_committed_schema_is_current():
    run = cli("schema")
    assert run.stdout == COMMITTED.read_text(encoding="utf-8"), (
        "schema/journey.schema.json is out of date: run `cjmap schema > schema/journey.schema.json`"
    )


def _as_json(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.journey.yaml")), ids=lambda p: p.name)
def test_examples_match_the_schema_and_carry_the_modeline(example):
    text = example.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../schema/journey.schema.json"
    document = json.loads(json.dumps(yaml.safe_load(text), default=_as_json))
    errors = list(jsonschema.Draft202012Validator(_schema_cache()).iter_errors(document))
    assert errors == []


def test_schema_rejects_what_validate_rejects():
    validator = jsonschema.Draft202012Validator(_schema_cache())
    valid = {"cjmap": 1, "journey": {"title": "x"}, "personas": [{"id": "a"}], "stages": [{"id": "s"}]}
    assert list(validator.iter_errors(valid)) == []
    # Asserted through the error's keyword, place and instance, not jsonschema's message text.
    broken = {**valid, "journey": {"title": "x", "colour": "red"}}
    [unknown] = validator.iter_errors(broken)
    assert (unknown.validator, list(unknown.absolute_path)) == ("additionalProperties", ["journey"])
    assert unknown.instance == {"title": "x", "colour": "red"}  # and without `colour` it is valid (above)
    [version] = validator.iter_errors({**valid, "cjmap": 2})
    assert (list(version.absolute_path), version.instance) == (["cjmap"], 2)


_CACHE: dict = {}


def _schema_cache() -> dict:
    if not _CACHE:
        _CACHE.update(json.loads(COMMITTED.read_text(encoding="utf-8")))
    return _CACHE
