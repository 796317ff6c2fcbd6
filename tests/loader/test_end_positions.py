"""Where a problem ends: the loader records where each key and value ends, and validation and
lint span the key or value they point at (SARIF regions, editors' ranges). Ends are exclusive:
the column just after the last character."""

from __future__ import annotations

import json
from pathlib import Path

from cjmap.loader import load_bytes
from cjmap.validation import validate_text
from conftest import TODAY, cli

SPANS = """cjmap: 1
journey:
  title: Checkout
  owner: cx-team
  reviewed: 2026-11-01
personas:
  - id: ana
    goals: [Buy]
    goals: [Again]
stages:
  - id: purchase
    name:
      - a list
      - where text goes
    touchpoints:
      - id: cart
        name: Cart
        chanel: web
        description: |
          two lines
          of text

      - {id: pay, name: Pay}
"""


def _spans(problems) -> list[tuple]:
    return [(p.code, p.line, p.column, p.end_line, p.end_column) for p in problems]


def test_the_source_map_holds_where_keys_and_values_end() -> None:
    loaded = load_bytes(SPANS.encode())
    source_map = loaded.source_map
    assert source_map.key_ends[("journey", "title")] == (3, 8)
    assert source_map.value_ends[("journey", "title")] == (3, 18)
    assert source_map.value_ends[("stages", 0, "name")] == (14, 24)  # a block list ends with its last item
    assert source_map.value_ends[("stages", 0, "touchpoints", 1)] == (23, 29)  # a flow mapping at its brace
    # A block scalar's end event stands after its line breaks and the blank line: the span ends with its text.
    assert source_map.value_ends[("stages", 0, "touchpoints", 0, "description")] == (23, 1)
    assert source_map.span(("stages", 0, "touchpoints", 0, "description"), lines=loaded.lines) == (19, 22, 21, 18)
    # The whole touchpoint: from its first key to the end of its last value's text.
    assert source_map.span(("stages", 0, "touchpoints", 0), lines=loaded.lines) == (16, 9, 21, 18)


def test_validation_spans_the_key_or_value_it_points_at() -> None:
    result = validate_text(SPANS, file="spans.journey.yaml")
    assert _spans(result.problems) == [
        ("CJ002", 9, 5, 9, 10),  # the duplicate key `goals`
        ("CJ022", 13, 7, 14, 24),  # a list where text goes: both lines of it
        ("CJ021", 18, 9, 18, 15),  # the unknown key `chanel`
    ]


def test_a_missing_field_spans_the_start_line_of_the_mapping_that_lacks_it() -> None:
    text = SPANS.replace("  title: Checkout\n", "")
    [missing] = [p for p in validate_text(text, file="a.journey.yaml").problems if p.code == "CJ020"]
    # Located at the journey mapping's first key; a whole mapping is not the place of what it lacks.
    assert _spans([missing]) == [("CJ020", 3, 3, 3, 17)]


def test_load_problems_span_their_token_or_the_rest_of_the_line() -> None:
    too_long = validate_text("cjmap: 1\njourney: {title: " + "x" * 10_001 + "}\n", file="a.journey.yaml")
    assert ("CJ014", 2, 18, 2, 18 + 10_001) in _spans(too_long.problems)
    # Missing fields of the top level: at 1:1, to the end of line 1.
    assert ("CJ020", 1, 1, 1, 9) in _spans(too_long.problems)
    syntax = validate_text("cjmap: 1\njourney: [unclosed\n", file="a.journey.yaml")
    [problem] = syntax.problems
    assert problem.code == "CJ001" and (problem.end_line, problem.end_column) == (problem.line, len(syntax.source_line(problem.line)) + 1)
    empty = validate_text("", file="a.journey.yaml")
    assert _spans(empty.problems) == [("CJ008", 1, 1, 1, 2)]  # never before the start: one character


def test_ends_reach_json_through_the_cli(tmp_path: Path) -> None:
    (tmp_path / "spans.journey.yaml").write_text(SPANS, encoding="utf-8")
    run = cli("validate", "-f", "json", "spans.journey.yaml", cwd=tmp_path)
    assert run.code == 1 and run.stderr == ""
    found = [(p["code"], p["line"], p["column"], p["end_line"], p["end_column"]) for p in json.loads(run.stdout)["problems"]]
    assert found == _spans(validate_text(SPANS, file="x").problems)


def test_lint_findings_span_what_they_point_at(tmp_path: Path) -> None:
    valid = SPANS.replace("    goals: [Again]\n", "").replace("    name:\n      - a list\n      - where text goes\n", "").replace("chanel", "channel")
    (tmp_path / "a.journey.yaml").write_text(valid, encoding="utf-8")
    run = cli("lint", "-f", "json", "--select", "CJ122,CJ141,CJ144", "a.journey.yaml", cwd=tmp_path, env=TODAY)
    found = [(p["code"], p["line"], p["column"], p["end_line"], p["end_column"], p["path"]) for p in json.loads(run.stdout)["problems"]]
    assert found == [
        ("CJ144", 9, 1, 9, 7, "stages"),  # at the key `stages`
        ("CJ141", 10, 9, 10, 17, "stages[0].id"),  # an object's finding at its id: `purchase`
        ("CJ122", 12, 13, 12, 17, "stages[0].touchpoints[0].id"),  # `cart`
        ("CJ122", 19, 14, 19, 17, "stages[0].touchpoints[1].id"),  # `pay`, inside a flow mapping
    ]
