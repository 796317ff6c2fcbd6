"""docs/format.md's field tables say what the JSON Schema's hover help says, word for word.

Each table sits between ``<!-- fields NAME … -->`` and ``<!-- end fields -->`` and is written
from the committed schema's definition NAME: a row per property with the ``required`` list and
the ``markdownDescription`` (without its link back to this page), and the values of a closed
choice. The schema takes those words from ``src/cjmap/model/field_docs.py``, so a description
changes in one place and this test says where the page differs. To rewrite the tables:
``CJMAP_UPDATE_GOLDEN=1 .venv/bin/python -m pytest -q tests/model/test_format_doc.py``.
"""

from __future__ import annotations

import json
import os
import re

import pytest

from cjmap.model.field_docs import FORMAT_DOC, MODELS, heading_anchor
from conftest import ROOT

FORMAT_MD = ROOT / "docs" / "format.md"
SCHEMA = json.loads((ROOT / "schema" / "journey.schema.json").read_text(encoding="utf-8"))
BLOCK = re.compile(r"(<!-- fields (\w+) [^\n]*-->\n)(.*?)(<!-- end fields -->)", re.DOTALL)
HEADING = re.compile(r"^#{2,3} (.+)$", re.MULTILINE)


def definition(name: str) -> dict:
    return SCHEMA if name == "Journey" else SCHEMA["$defs"][name]


def help_text(prop: dict) -> str:
    """The field's words: its markdownDescription without the closing link to docs/format.md."""
    text, link = prop["markdownDescription"].rsplit("\n\n", 1)
    assert link.startswith("[docs/format.md: ") and f"]({FORMAT_DOC}#" in link
    return text


def row(key: str, prop: dict, required: list[str]) -> str:
    need = ("yes, at least one" if prop.get("minItems") == 1 else "yes") if key in required else "no"
    what = help_text(prop)
    choices = [f"`{value}`" for value in prop.get("enum", ()) if value is not None]
    if len(choices) > 1 and not all(choice in what for choice in choices):  # a closed choice the words do not list
        what += " Values: " + ", ".join(choices) + "."
    return f"| `{key}` | {need} | {what} |"


def table(name: str) -> str:
    schema = definition(name)
    assert list(MODELS[name].fields) == sorted(schema["properties"], key=list(MODELS[name].fields).index)
    rows = [row(key, schema["properties"][key], schema.get("required", [])) for key in MODELS[name].fields]  # the model's order
    return "\n".join(["| key | required | what |", "|---|---|---|", *rows]) + "\n"


def rewritten(page: str) -> str:
    return BLOCK.sub(lambda match: match[1] + table(match[2]) + match[4], page)


def test_every_model_has_one_table():
    names = [match[2] for match in BLOCK.finditer(FORMAT_MD.read_text(encoding="utf-8"))]
    assert sorted(names) == sorted(MODELS)


def test_the_tables_say_what_the_schema_says():
    page = FORMAT_MD.read_text(encoding="utf-8")
    expected = rewritten(page)
    if expected != page and os.environ.get("CJMAP_UPDATE_GOLDEN"):
        FORMAT_MD.write_text(expected, encoding="utf-8")
    assert page == expected, "docs/format.md's field tables differ from the schema: run this test with CJMAP_UPDATE_GOLDEN=1"


@pytest.mark.parametrize("name", sorted(MODELS))
def test_each_link_to_the_page_finds_the_models_table(name):
    """The hover's link opens the section of the page that holds the model's table."""
    page = FORMAT_MD.read_text(encoding="utf-8")
    headings = list(HEADING.finditer(page))
    ends = [heading.start() for heading in headings[1:]] + [len(page)]
    sections = {heading[1]: page[heading.end() : end] for heading, end in zip(headings, ends, strict=True)}
    assert f"<!-- fields {name} " in sections[MODELS[name].heading]
    link = definition(name)["markdownDescription"].rsplit("#", 1)[1].rstrip(")")
    assert link == heading_anchor(MODELS[name].heading)
    assert [heading_anchor(heading) for heading in sections].count(link) == 1


def test_the_rewrite_changes_a_table_that_drifted():
    """The test can fail: a word changed in the page is put back."""
    page = FORMAT_MD.read_text(encoding="utf-8")
    drifted = page.replace("Where it happens", "Where it takes place", 1)
    assert drifted != page and rewritten(drifted) == page
