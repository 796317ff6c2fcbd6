"""The JSON Schema of journey files, generated from the models and documented for editors.

Editors use it through the YAML language server (``# yaml-language-server: $schema=…``) for
completion, hover help and inline checks. ``schema/journey.schema.json`` in the repository is
this output; a test keeps it current. Pydantic gives the types; this module adds what the
models do not carry, without changing what validates: every definition's and property's title,
description, Markdown description and examples (:mod:`cjmap.model.field_docs`), a description
per choice, and the built-in values of the open vocabularies (:mod:`cjmap.model.value_docs`).
Every ``$ref`` is a fragment of this document (``#/$defs/…``), so no client fetches anything;
``$id`` only names the schema.
"""

from __future__ import annotations

import json
from typing import Any

from cjmap.model.field_docs import FORMS, MODELS, markdown, plain
from cjmap.model.value_docs import NULL, OPEN, VALUES
from cjmap.model.vocabulary import SCHEMA_URL

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# Every JSON type but null: a value that is none of them is null.
_NOT_NULL = ["string", "number", "boolean", "object", "array"]
# The keys that say something about a value without constraining it.
_ANNOTATIONS = frozenset({"title", "default", "description", "markdownDescription", "examples"})


def journey_schema() -> dict[str, Any]:
    from cjmap.model import Journey

    generated = Journey.model_json_schema(mode="validation")
    _flatten(generated)
    _document(generated, "Journey")
    for name, definition in generated["$defs"].items():
        _document(definition, name)
    return {"$schema": SCHEMA_DIALECT, "$id": SCHEMA_URL, **generated}


def schema_json() -> str:
    return json.dumps(journey_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _document(definition: dict[str, Any], name: str) -> None:
    """Titles, descriptions, examples and choices of one definition, from the tables. A property
    missing from them is a KeyError here, which the schema's tests turn into a failure."""
    model = MODELS[name]
    definition.update(title=model.title, description=plain(model.text), markdownDescription=markdown(model.text, model.heading))
    for key, prop in definition["properties"].items():
        field = model.fields[key]
        if "default" in prop and prop["default"] is None:
            # Pydantic's default of an optional field says "may be left out", which the missing
            # `required` says already; the language server would offer it as a "Default value"
            # completion and fill `key: null` in when completing the key.
            del prop["default"]
        prop.update(description=plain(field.text), markdownDescription=markdown(field.text, model.heading))
        if (name, key) in FORMS:
            _describe_forms(prop, FORMS[name, key])
        if (name, key) in OPEN:
            _offer(prop, VALUES[name, key], *OPEN[name, key])
        elif (name, key) in VALUES:
            _describe_choices(prop, VALUES[name, key])
        if field.title:
            prop["title"] = field.title
        if field.examples:
            prop["examples"] = list(field.examples)


def _describe_forms(prop: dict[str, Any], words: tuple[str, ...]) -> None:
    """A field written in several forms (pydantic's tagged union, ``oneOf``, inside ``X | None``):
    one ``anyOf`` of the forms and null, each with its words and the field's Markdown help. The
    forms exclude each other (text, a list), so ``anyOf`` accepts what ``oneOf`` did."""
    branches = [form for branch in prop.pop("anyOf") for form in (branch["oneOf"] if set(branch) == {"oneOf"} else [branch])]
    forms = [branch for branch in branches if branch != {"type": "null"}]
    if len(forms) != len(words):
        raise KeyError(f"{len(forms)} forms, {len(words)} descriptions in field_docs.FORMS")
    for form, text in zip(forms, words, strict=True):
        form.update(description=plain(text), markdownDescription=prop["markdownDescription"])
    if len(forms) < len(branches):
        forms.append({"type": "null", "description": NULL, "markdownDescription": prop["markdownDescription"]})
    prop["anyOf"] = forms


def _describe_choices(prop: dict[str, Any], values: dict[str, str]) -> None:
    """``enumDescriptions`` beside a choice's ``enum``, in its order: the completion list and the
    hover show each beside its word."""
    prop["enumDescriptions"] = [NULL if value is None else values[value] for value in prop["enum"]]


def _offer(prop: dict[str, Any], values: dict[str, str], builtins: str, own: str) -> None:
    """An open vocabulary: the built-in values in a first ``anyOf`` branch, to complete them, and
    every other value the field allows in a second, which leaves the built-ins out so that a value
    matches one branch only. What validates does not change.

    Each branch has a description of its own and the field's ``markdownDescription``: the YAML
    language server's hover shows the first branch's (so the field's help), and prints
    "Title || Title" instead when the branches look alike (no title, no description)
    (yaml-language-server 1.25, ``isAllSchemasMatched``).

    ``null`` (an optional field left empty) is a third branch that names no type: the server
    offers ``null`` on completion for every branch whose ``type`` holds it (``collectTypes``),
    but it does not look into a ``not``, so completion offers the built-ins and nothing else.
    """
    others = {key: prop.pop(key) for key in list(prop) if key not in _ANNOTATIONS}
    others.update(description=own, markdownDescription=prop["markdownDescription"], **{"not": {"enum": list(values)}})
    builtin = {"type": "string", "enum": list(values), "enumDescriptions": list(values.values())}
    builtin.update(description=builtins, markdownDescription=prop["markdownDescription"])
    prop["anyOf"] = [builtin, others]
    if isinstance(others.get("type"), list) and "null" in others["type"]:
        others["type"] = [name for name in others["type"] if name != "null"]
        prop["anyOf"].append({"description": NULL, "markdownDescription": prop["markdownDescription"], "not": {"type": _NOT_NULL}})


# The JSON types each keyword constrains: branches of an `anyOf` whose types are apart can be one
# schema with a list of types, each keyword still constraining only its own.
_FAMILY = {"string": "string", "number": "number", "integer": "number", "object": "object", "array": "array", "boolean": "boolean", "null": "null"}
_KEYWORD_FAMILY = {
    "pattern": "string", "minLength": "string", "maxLength": "string", "format": "string",
    "minimum": "number", "maximum": "number",
    "additionalProperties": "object", "propertyNames": "object",
    "items": "array", "minItems": "array",
}


def _flatten(schema: Any) -> None:
    """Every ``anyOf`` of plain types (pydantic's ``X | None``, text or a number, an id as text or
    as a number) as one schema with a list of types, and ``null`` in a choice's ``enum``: the
    same values validate. The YAML language server's hover then shows the field's help rather
    than "Title || Title" (see _offer)."""
    if isinstance(schema, list):
        for item in schema:
            _flatten(item)
    if not isinstance(schema, dict):
        return
    for value in schema.values():
        _flatten(value)
    if "anyOf" in schema:
        branches = _merged(schema.pop("anyOf"))
        if len(branches) == 1:
            schema.update(branches[0])
        else:
            schema["anyOf"] = branches


def _merged(branches: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if _null_choice(branches):
        [choice] = [branch for branch in branches if "enum" in branch]
        return [{"type": [choice["type"], "null"], "enum": [*choice["enum"], None]}]
    plain = [branch for branch in branches if _families(branch)]
    if len(plain) < 2 or _clash(plain):
        return branches
    merged: dict[str, Any] = {"type": []}
    for branch in plain:
        types = branch["type"] if isinstance(branch["type"], list) else [branch["type"]]
        merged.update({key: value for key, value in branch.items() if key != "type"})
        merged["type"] += [name for name in types if name not in merged["type"]]
    first = branches.index(plain[0])
    return [*[branch for branch in branches[:first] if branch not in plain], merged, *[branch for branch in branches[first:] if branch not in plain]]


def _clash(plain: list[dict[str, Any]]) -> bool:
    """Whether a keyword of one branch would constrain the values of another, once merged."""
    for branch in plain:
        constrained = {_KEYWORD_FAMILY[key] for key in branch if key != "type"}
        if any(constrained & _families(other) for other in plain if other is not branch):
            return True
    return False


def _families(branch: dict[str, Any]) -> set[str]:
    """The type families of a branch that is only types and their keywords; empty otherwise."""
    types = branch.get("type")
    types = [types] if isinstance(types, str) else types
    if not isinstance(types, list) or not all(key == "type" or key in _KEYWORD_FAMILY for key in branch):
        return set()
    families = {_FAMILY[name] for name in types}
    return families if all(_KEYWORD_FAMILY[key] in families for key in branch if key != "type") else set()


def _null_choice(branches: list[dict[str, Any]]) -> bool:
    """A choice that may be null: ``[{enum, type}, {type: null}]`` in either order."""
    return len(branches) == 2 and {"type": "null"} in branches and any(set(branch) == {"enum", "type"} and isinstance(branch["type"], str) for branch in branches)
