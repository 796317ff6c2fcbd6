"""What the JSON Schema gives an editor (issue 17): help on every property, examples that are
real values, a description beside every choice, the built-in channels offered while a journey's
own still validate, nothing to fetch, and no shape that spoils the YAML language server's hover.

The language server itself is driven over LSP in tests/editor; these tests hold the schema.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
import yaml

from cjmap.model.field_docs import FORMAT_DOC, MODELS
from cjmap.model.schema import journey_schema
from cjmap.model.value_docs import VALUES
from cjmap.model.vocabulary import BUILTIN_CHANNELS, JOURNEY_TYPES, SCHEMA_URL, STAGE_KINDS
from cjmap.text.labels import LANGUAGES
from conftest import MINIMAL, ROOT, SHARED, cli

COMMITTED = json.loads((ROOT / "schema" / "journey.schema.json").read_text(encoding="utf-8"))


def printed() -> dict[str, Any]:
    run = cli("schema")
    assert (run.code, run.stderr) == (0, "")
    return json.loads(run.stdout)


def definitions(schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    yield "Journey", schema
    yield from schema["$defs"].items()


def properties(schema: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for name, definition in definitions(schema):
        for key, prop in definition["properties"].items():
            yield name, key, prop


def subschemas(schema: Any) -> Iterator[dict[str, Any]]:
    if isinstance(schema, dict):
        yield schema
        for value in schema.values():
            yield from subschemas(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from subschemas(value)


def test_every_property_has_help_through_the_cli():
    schema = printed()
    # A property that is a $ref (`journey:`) takes its title from the definition (Journey details).
    described = [
        (name, key) for name, key, prop in properties(schema) if prop.get("description") and prop.get("markdownDescription") and ("title" in prop or "$ref" in prop)
    ]
    everything = [(name, key) for name, key, _ in properties(schema)]
    assert described == everything
    assert len(everything) == 84  # the format's fields; a new one needs its words in model/field_docs.py


def test_every_definition_has_a_title_and_help():
    for name, definition in definitions(journey_schema()):
        assert definition["title"] == MODELS[name].title
        assert definition["description"] and f"]({FORMAT_DOC}#" in definition["markdownDescription"]


def test_descriptions_are_plain_text_and_the_markdown_links_the_format_page():
    for _, key, prop in properties(COMMITTED):
        assert "`" not in prop["description"], key
        words, link = prop["markdownDescription"].rsplit("\n\n", 1)
        assert words.replace("`", "") == prop["description"]
        assert link.startswith("[docs/format.md: ") and f"]({FORMAT_DOC}#" in link


def test_a_field_without_words_fails_to_build(monkeypatch):
    """A property added to a model without an entry in field_docs.py stops `cjmap schema` (and
    the tests) rather than shipping a field without help."""
    fields = dict(MODELS["Kpi"].fields)
    del fields["unit"]
    monkeypatch.setitem(MODELS, "Kpi", MODELS["Kpi"]._replace(fields=fields))
    with pytest.raises(KeyError, match="unit"):
        journey_schema()


WITH_EXAMPLES = [pytest.param(name, key, prop, id=f"{name}.{key}") for name, key, prop in properties(COMMITTED) if "examples" in prop]


def test_the_examples_are_there_to_test():
    """The example tests are parametrized by WITH_EXAMPLES: were it empty (examples dropped from
    the schema), they would pass with nothing checked. 42 properties have examples today."""
    with_examples = {param.id for param in WITH_EXAMPLES}
    assert len(with_examples) >= 40
    assert {"Touchpoint.emotion", "Touchpoint.actions", "Touchpoint.next", "Kpi.target", "Kpi.unit", "Channel.id", "JourneyMeta.reviewed"} <= with_examples
    # channel offers its values as a choice (the built-in channels, with their names), not as examples.
    assert "Touchpoint.channel" not in with_examples and channel_schema()["anyOf"][0]["enum"] == list(BUILTIN_CHANNELS)
    # `cjmap schema` prints the same examples the committed file holds.
    assert {f"{name}.{key}" for name, key, prop in properties(printed()) if "examples" in prop} == with_examples


@pytest.mark.parametrize(("name", "key", "prop"), WITH_EXAMPLES)
def test_every_example_is_a_valid_value_of_its_field(name, key, prop):
    validator = jsonschema.Draft202012Validator({"$defs": COMMITTED["$defs"], **prop}, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    for example in prop["examples"]:
        assert list(validator.iter_errors(example)) == [], (name, key, example)


def test_examples_are_taken_from_the_example_journeys():
    """Examples are real values: each scalar example appears in examples/ or the format page."""
    corpus = "".join(path.read_text(encoding="utf-8") for path in sorted((ROOT / "examples").glob("*.yaml")))
    corpus += (ROOT / "docs" / "format.md").read_text(encoding="utf-8") + (SHARED / "design" / "FORMAT.md").read_text(encoding="utf-8")
    for _, key, prop in properties(COMMITTED):
        for example in prop.get("examples", ()):
            for value in [example] if not isinstance(example, (list, dict)) else example if isinstance(example, list) else example.values():
                if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                    assert str(value) in corpus, (key, value)


def test_every_choice_describes_each_of_its_values():
    excluded = [schema["not"] for schema in subschemas(COMMITTED) if "not" in schema]  # an open vocabulary's other values
    choices = [schema for schema in subschemas(COMMITTED) if "enum" in schema and schema.get("enum") != [1] and schema not in excluded]
    assert len(choices) == len(VALUES)  # the ten vocabularies
    for choice in choices:
        assert len(choice["enumDescriptions"]) == len(choice["enum"])
        assert all(isinstance(words, str) and words for words in choice["enumDescriptions"])


def test_the_closed_choices_are_the_vocabularies():
    meta, stage = COMMITTED["$defs"]["JourneyMeta"]["properties"], COMMITTED["$defs"]["Stage"]["properties"]
    assert meta["type"]["enum"] == list(JOURNEY_TYPES)
    assert stage["kind"]["enum"] == [*STAGE_KINDS, "custom", None]  # null: left out, inferred


def channel_schema() -> dict[str, Any]:
    return COMMITTED["$defs"]["Touchpoint"]["properties"]["channel"]


def test_channel_offers_the_built_in_channels_with_their_names():
    builtin, own, empty = channel_schema()["anyOf"]
    assert builtin["enum"] == list(BUILTIN_CHANNELS)
    # null in a branch that names no type: the language server's completion never offers it.
    assert empty["not"] == {"type": ["string", "number", "boolean", "object", "array"]}
    english = LANGUAGES["en"]
    for channel, words in zip(builtin["enum"], builtin["enumDescriptions"], strict=True):
        assert words.startswith(english[f"channel_{channel}"]), channel  # the name the renders use
        mode = BUILTIN_CHANNELS[channel]
        assert (f"({mode})" in words) if mode else "(" not in words
    assert own["not"] == {"enum": list(BUILTIN_CHANNELS)}  # so a value matches one branch


def test_language_offers_the_languages_with_labels():
    builtin, own = COMMITTED["$defs"]["JourneyMeta"]["properties"]["language"]["anyOf"]
    assert builtin["enum"] == list(LANGUAGES)
    assert own["pattern"].startswith("^[a-zA-Z]")


def journey_with(**touchpoint: Any) -> dict[str, Any]:
    document = yaml.safe_load(MINIMAL)
    document["stages"][0]["touchpoints"] = [{"id": "t", "name": "T", **touchpoint}]
    return document


@pytest.mark.parametrize("channel", ["web", "word-of-mouth", "other", "tiktok", "travel-agency", "7", 7, None])
def test_any_channel_id_still_validates(channel):
    validator = jsonschema.Draft202012Validator(COMMITTED)
    assert list(validator.iter_errors(journey_with(channel=channel))) == []


@pytest.mark.parametrize("channel", ["Web", "web site", "", -1, 1.5, True, ["web"]])
def test_what_is_no_channel_is_still_refused(channel):
    validator = jsonschema.Draft202012Validator(COMMITTED)
    assert [error.absolute_path[-1] for error in validator.iter_errors(journey_with(channel=channel))] == ["channel"]


def test_a_journeys_own_channel_validates_through_the_cli(tmp_path):
    path = tmp_path / "own.journey.yaml"
    document = journey_with(channel="tiktok")
    document["channels"] = [{"id": "tiktok", "name": "TikTok", "mode": "online"}]
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    run = cli("validate", str(path))
    assert (run.code, run.stderr) == (0, "")
    assert list(jsonschema.Draft202012Validator(COMMITTED).iter_errors(document)) == []


def test_nothing_to_fetch_every_ref_is_a_fragment_of_the_document():
    refs = [schema["$ref"] for schema in subschemas(COMMITTED) if "$ref" in schema]
    assert refs and all(ref.startswith("#/$defs/") and ref.removeprefix("#/$defs/") in COMMITTED["$defs"] for ref in refs)
    assert COMMITTED["$id"] == SCHEMA_URL  # an identifier only
    assert not [key for schema in subschemas(COMMITTED) for key in schema if key in ("$dynamicRef", "$anchor", "$recursiveRef")]


def test_no_alike_branches_for_the_language_servers_hover():
    """yaml-language-server 1.25 takes an `anyOf` whose branches have no title or description
    for "all matched" and shows "Title || Title" instead of the field's help: at most one
    branch of an anyOf may be without words (a $ref's words are in its definition)."""
    for schema in subschemas(COMMITTED):
        bare = [branch for branch in schema.get("anyOf", ()) if not ({"title", "description", "$ref"} & set(branch))]
        assert len(bare) <= 1, schema


def test_the_open_vocabularies_show_the_fields_help_in_every_branch():
    for prop in (channel_schema(), COMMITTED["$defs"]["JourneyMeta"]["properties"]["language"]):
        descriptions = [branch["description"] for branch in prop["anyOf"]]
        assert len(set(descriptions)) == len(descriptions)
        assert all(branch["markdownDescription"] == prop["markdownDescription"] for branch in prop["anyOf"])
