"""Property-based tests (hypothesis): generated journeys always validate, render and round-trip;
valid files mutated at random always give located problems, never an exception."""

from __future__ import annotations

import random

import pygraphviz
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cjmap
from cjmap.interchange.csv_io import export_csv
from cjmap.interchange.csv_journey import import_csv
from cjmap.interchange.mermaid_in import import_mermaid
from cjmap.interchange.yaml_out import journey_yaml
from cjmap.render.formats import TEXT_RENDERERS, render_mermaid
from cjmap.text.templates import environment
from cjmap.validation import validate_bytes, validate_text
from conftest import EXAMPLES
from strategies import journeys

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ENV = environment()


def _load(data: dict) -> cjmap.Journey:
    result = validate_text(journey_yaml(data), file="generated.journey.yaml")
    assert result.journey is not None, [p.message for p in result.problems]
    return result.journey


@SETTINGS
@given(journeys())
def test_generated_journeys_validate(data):
    journey = _load(data)
    assert [s.id for s in journey.stages] == [s["id"] for s in data["stages"]]


@SETTINGS
@given(journeys())
def test_generated_journeys_render_to_every_text_format(data):
    journey = _load(data)
    html = TEXT_RENDERERS["html"](journey, ENV, "g.yaml")
    assert html.startswith("<!DOCTYPE html>") and "<script" not in html
    graph = pygraphviz.AGraph(string=TEXT_RENDERERS["dot"](journey, ENV, "g.yaml"))
    assert set(graph.nodes()) >= {tp.id for _, tp in journey.touchpoints()}
    mermaid = TEXT_RENDERERS["mermaid"](journey, ENV, "g.yaml")
    assert all(line.count(":") in (0, 1, 2) for line in mermaid.splitlines()[2:])
    markdown = TEXT_RENDERERS["markdown"](journey, ENV, "g.yaml")
    assert "<" not in markdown


@SETTINGS
@given(journeys())
def test_csv_export_then_import_keeps_the_journey(data):
    journey = _load(data)
    back = import_csv(export_csv(journey), base=journey, title="x", language="en", journey_type="current-state").data
    assert _load(back) == journey


@SETTINGS
@given(journeys())
def test_mermaid_render_then_import_keeps_the_diagram(data):
    journey = _load(data)
    text = render_mermaid(journey, ENV, "g.yaml")
    imported = _load(import_mermaid(text, title="x", language="en", scale=None).data)
    assert render_mermaid(imported, ENV, "g.yaml") == text


SEEDS = [path.read_bytes() for path in sorted(EXAMPLES.glob("*.journey.yaml"))]


def _mutate(raw: bytes, rng: random.Random) -> bytes:
    kind = rng.choice(["flip", "truncate", "delete-line", "duplicate-line", "type", "insert"])
    lines = raw.split(b"\n")
    if kind == "flip":
        data = bytearray(raw)
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data)
    if kind == "truncate":
        return raw[: rng.randrange(len(raw))]
    index = rng.randrange(len(lines))
    if kind == "delete-line":
        del lines[index]
    elif kind == "duplicate-line":
        lines.insert(index, lines[index])
    elif kind == "type":
        key, sep, _ = lines[index].partition(b": ")
        lines[index] = key + sep + rng.choice([b"[1, 2]", b"{a: 1}", b"true", b"~", b"'text'", b"-7", b"!!python/object x", b"*nowhere"]) if sep else lines[index]
    else:
        lines.insert(index, rng.choice([b"\tkey: value", b"- stray", b"unknown_field: 1", b"---", b"&a [*a]", b"[" * 100]))
    return b"\n".join(lines)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(0, len(SEEDS) - 1))
def test_mutated_files_give_located_problems_never_exceptions(seed, which):
    raw = _mutate(SEEDS[which], random.Random(seed))
    result = validate_bytes(raw, file="m.journey.yaml")  # must not raise
    lines = raw.count(b"\n") + 1
    for problem in result.problems:
        assert 1 <= problem.line <= lines + 1 and problem.column >= 1
        assert problem.message and "\n" not in problem.message
    assert result.ok == (result.journey is not None)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_raw_bytes_never_raise(raw):
    result = validate_bytes(raw, file="b.yaml")
    assert result.problems or result.journey is not None
