"""The measure keys of the format (issue 18, MEASURE.md "In the journey file"): the models read
every written form, keep it as written, and give `cjmap measure` its rules; dumps write `from`."""

from __future__ import annotations

import json

import jsonschema
import pytest

from cjmap.model import EventRule, Journey, KpiMeasure, MeasureSettings, event_rules
from cjmap.model.types import DURATION_MAX_SECONDS, duration_seconds, regex_problem
from cjmap.validation import validate_text
from conftest import MINIMAL, ROOT, cli, within

SCHEMA = json.loads((ROOT / "schema" / "journey.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)

MEASURED = """\
cjmap: 1
journey:
  title: Laptops
  measure: {unit: session, window: 2w}
personas:
  - id: ana
    segment: {platform: desktop, country: [ES, 34, true]}
stages:
  - id: purchase
    touchpoints:
      - id: cart
        name: Cart
        events: add_to_cart
      - id: pay
        name: Pay
        events: [shipping_details, {event: [payment_details, "pay_*"], page: "re:^/pay/[0-9]+$", where: {utm_medium: email}}]
        fails: [payment_error]
    kpis:
      - id: pay-rate
        metric: conversion_rate
        measure: {from: cart, to: pay, window: 1d}
      - id: plain
        metric: nps
"""


def journey_of(text: str) -> Journey:
    result = validate_text(text)
    assert not result.problems, [p.message for p in result.problems]
    assert result.journey is not None
    return result.journey


def test_every_measure_key_is_read_as_written():
    journey = journey_of(MEASURED)
    assert journey.journey.measure == MeasureSettings(unit="session", window="2w", session_timeout="30m")
    assert journey.personas[0].segment == {"platform": "desktop", "country": ["ES", 34, True]}
    cart, pay = journey.stages[0].touchpoints
    assert cart.events == "add_to_cart"  # the written form, not normalised
    assert pay.events == ["shipping_details", EventRule(event=["payment_details", "pay_*"], page="re:^/pay/[0-9]+$", where={"utm_medium": "email"})]
    assert pay.fails == ["payment_error"]
    measure = journey.stages[0].kpis[0].measure
    assert measure is not None and (measure.from_, measure.to, measure.window) == ("cart", "pay", "1d")
    assert journey.stages[0].kpis[1].measure is None


def test_event_rules_turn_every_form_into_rules():
    journey = journey_of(MEASURED)
    cart, pay = journey.stages[0].touchpoints
    assert cart.event_rules == [EventRule(event="add_to_cart")]
    assert event_rules(cart.events) == cart.event_rules
    assert [rule.event for rule in pay.event_rules] == ["shipping_details", ["payment_details", "pay_*"]]
    assert pay.fail_rules == [EventRule(event="payment_error")]
    assert cart.fail_rules == [] and event_rules(None) == []


def test_defaults_when_the_journey_says_nothing():
    journey = journey_of(MINIMAL)
    assert journey.journey.measure is None
    assert MeasureSettings() == MeasureSettings(unit="user", window="7d", session_timeout="30m")
    touchpoint = journey.stages[0].touchpoints[0]
    assert (touchpoint.events, touchpoint.fails, touchpoint.event_rules) == (None, None, [])
    assert journey.personas[0].segment is None


def test_numbers_are_event_names_as_elsewhere_in_the_format():
    journey = journey_of(MINIMAL + "        events: [404, {event: 500}]\n")
    assert journey.stages[0].touchpoints[0].event_rules == [EventRule(event="404"), EventRule(event="500")]


@pytest.mark.parametrize(("text", "seconds"), [("45s", 45), ("30m", 1800), ("36h", 129_600), ("7d", 604_800), ("2w", 1_209_600)])
def test_durations(text, seconds):
    assert duration_seconds(text) == seconds
    assert seconds <= DURATION_MAX_SECONDS


def test_kpi_measure_writes_from_in_every_dump():
    journey = journey_of(MEASURED)
    dumped = journey.model_dump(mode="json")
    assert dumped["stages"][0]["kpis"][0]["measure"] == {"from": "cart", "to": "pay", "window": "1d"}
    assert journey.model_dump(mode="json", exclude_unset=True)["stages"][0]["kpis"][0]["measure"] == {"from": "cart", "to": "pay", "window": "1d"}
    assert "from_" not in journey.model_dump_json()
    assert KpiMeasure.model_validate({"from": "a"}).from_ == "a"
    # A dump reads back to the same journey: `from` is the key the model reads.
    assert Journey.model_validate(dumped) == journey


def test_show_json_keeps_from_and_the_rules(tmp_path):
    path = tmp_path / "laptops.journey.yaml"
    path.write_text(MEASURED, encoding="utf-8")
    run = cli("show", str(path), "--format", "json")
    assert (run.code, run.stderr) == (0, "")
    shown = json.loads(run.stdout)
    assert "from_" not in run.stdout
    assert shown["stages"][0]["kpis"][0]["measure"] == {"from": "cart", "to": "pay", "window": "1d"}
    assert shown["stages"][0]["touchpoints"][1]["fails"] == ["payment_error"]
    assert shown["journey"]["measure"] == {"unit": "session", "window": "2w", "session_timeout": "30m"}


def test_import_csv_onto_a_base_keeps_the_kpi_measure(tmp_path):
    base = tmp_path / "laptops.journey.yaml"
    base.write_text(MEASURED, encoding="utf-8")
    exported = cli("export", "csv", str(base))
    assert exported.code == 0, exported.stderr
    rows = tmp_path / "rows.csv"
    rows.write_text(exported.stdout, encoding="utf-8")
    run = cli("import", "csv", str(rows), "--base", str(base))
    assert run.code == 0, run.stderr
    assert "measure: {from: cart, to: pay, window: 1d}" in run.stdout
    assert "from_" not in run.stdout


def test_the_schema_accepts_the_measured_journey():
    document = Journey.model_validate(journey_of(MEASURED).model_dump(mode="json")).model_dump(mode="json", exclude_none=True)
    assert list(VALIDATOR.iter_errors(document)) == []


def minimal_with(touchpoint: dict | None = None, meta: dict | None = None, persona: dict | None = None, kpi: dict | None = None) -> dict:
    document: dict = {"cjmap": 1, "journey": {"title": "t", **(meta or {})}, "personas": [{"id": "ana", **(persona or {})}],
                      "stages": [{"id": "s", "touchpoints": [{"id": "a", "name": "A", **(touchpoint or {})}]}]}
    if kpi is not None:
        document["stages"][0]["kpis"] = [{"id": "k", **kpi}]
    return document


# Each case: the same verdict from the JSON Schema and from cjmap.
SCHEMA_CASES = [
    (minimal_with({"events": "x"}), True),
    (minimal_with({"events": ["x", {"page": "/p/*"}]}), True),
    (minimal_with({"events": [{"event": None, "page": "/p"}]}), True),  # null is left out
    (minimal_with({"events": []}), False),
    (minimal_with({"events": [{}]}), False),
    (minimal_with({"events": [{"event": None}]}), False),  # every key left out: an empty rule
    (minimal_with({"events": {"event": "x"}}), False),  # a rule not in a list
    (minimal_with({"events": [{"event": []}]}), False),
    (minimal_with({"events": [{"where": {}}]}), False),
    (minimal_with({"events": [{"where": {"": "x"}}]}), False),
    (minimal_with({"fails": [True]}), False),
    (minimal_with(meta={"measure": {"window": "7d", "session_timeout": "45s", "unit": "user"}}), True),
    (minimal_with(meta={"measure": {"window": "7 days"}}), False),
    (minimal_with(meta={"measure": {"window": "0d"}}), False),
    (minimal_with(meta={"measure": {"window": "1234567s"}}), False),
    (minimal_with(meta={"measure": {"window": 7}}), False),
    (minimal_with(meta={"measure": {"unit": "visit"}}), False),
    (minimal_with(persona={"segment": {"platform": ["a", 1, False]}}), True),
    (minimal_with(persona={"segment": {}}), False),
    (minimal_with(persona={"segment": {"platform": None}}), False),
    (minimal_with(persona={"segment": {"platform": [[]]}}), False),
    (minimal_with(kpi={"measure": {"from": "a", "to": "a"}}), True),
    (minimal_with(kpi={"measure": {"from_": "a"}}), False),
    (minimal_with(kpi={"measure": {"from": "A b"}}), False),
]


@pytest.mark.parametrize(("document", "valid"), SCHEMA_CASES, ids=[f"case-{number}" for number in range(len(SCHEMA_CASES))])
def test_the_schema_and_cjmap_agree_on_the_measure_keys(document, valid):
    problems = validate_text(json.dumps(document)).problems
    assert (not problems) is valid, [p.message for p in problems]
    assert VALIDATOR.is_valid(document) is valid


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("/laptops/*", None),
        ("re:^/p/[0-9]+$", None),
        ("re:[]a](x|y)", None),
        (r"re:\\1", None),  # an escaped backslash, then a digit
        ("re:[(?=]", None),  # inside a class, `(?=` is three characters
        ("re:(", "`re:(` is not a regular expression: missing ), unterminated subpattern at position 0"),
        ("re:", "`re:` with nothing after it matches everything: write the regular expression after `re:`, or remove the rule"),
        ("re:a(?=b)", "`re:a(?=b)` uses a look-around, which RE2 (the DuckDB engine) does not read: rewrite the expression without it"),
        ("re:a(?<!b)", "`re:a(?<!b)` uses a look-around, which RE2 (the DuckDB engine) does not read: rewrite the expression without it"),
        (r"re:(a)\1", r"`re:(a)\1` uses the back-reference `\1`, which RE2 (the DuckDB engine) does not read: rewrite the expression without it"),
    ],
)
def test_regular_expressions(text, problem):
    assert regex_problem(text) == problem


@pytest.mark.parametrize(
    "pattern",
    ["(a" * 5_000 + ")" * 5_000, "[" * 10_000, "\\" * 9_999 + "1", "(?=" * 3_000, "a{1000}" * 1_400, "(a|aa)*" * 1_400 + "$"],
    ids=["nested groups", "open classes", "escapes", "look-arounds", "counted repeats", "alternations"],
)
def test_checking_a_long_expression_stays_cheap(pattern):
    """regex_problem compiles the user's expression inside a function (the census of
    tests/text/test_regex_budget.py lists it): a value is at most 10,000 characters, and
    compiling and scanning one of them stays far within the regex budget. It never matches."""
    with within(2, "regex_problem"):
        regex_problem("re:" + pattern)


def test_an_expression_nested_too_deeply_is_a_problem_not_a_crash():
    problem = regex_problem("re:" + "(a" * 5_000 + ")" * 5_000)
    assert problem is not None and problem.endswith("nests groups or repeats too deeply: write a flatter regular expression")
    text = MINIMAL + '        events: [{page: "re:' + "(a" * 3_000 + ")" * 3_000 + '"}]\n'
    [found] = validate_text(text).problems
    assert (found.line, found.column, found.code) == (11, 25, "CJ023")
