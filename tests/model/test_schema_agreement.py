"""The JSON Schema that editors use and `cjmap validate` give the same verdict (issue 14).

A valid journey that uses every field of the format is changed in one place: one value anywhere
replaced by a value of another type (true, 0, 1.0, 1.5, -1, "", text, a date-like text, a list,
a mapping, null…), one item or field removed, or one free key renamed. The committed schema,
read by jsonschema's Draft 2020-12 validator with format assertion on (`format: date`), and
cjmap's validation must then both accept or both refuse the file.

What a JSON Schema cannot say is left out of the comparison, as docs/format.md states:
references between fields (codes CJ030-CJ032: unique ids, persona ids, `next` targets,
`addresses`, channels, emotions inside the scale) and the relations inside the emotion scale
(`min` lower than `max`, at most 100 steps, one label per score).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Hashable, Iterator
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjmap.loader import load_bytes
from cjmap.model.journey import Touchpoint
from cjmap.problems import Problem
from cjmap.validation import validate_bytes, validate_text
from conftest import MINIMAL, ROOT, cli

SCHEMA = json.loads((ROOT / "schema" / "journey.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)

REFERENCE_CODES = frozenset({"CJ030", "CJ031", "CJ032", "CJ033"})


# What only cjmap checks in the measure keys: a regular expression compiles and RE2 reads it,
# and a duration is at most a century (the schema checks its six digits).
BEYOND_SCHEMA = ("is not a regular expression", "which RE2 (the DuckDB engine) does not read", "matches everything", "longer than a century")


def is_a_relation(problem: Problem) -> bool:
    """The emotion scale's relations: min below max, at most 100 steps and one label per score
    (reported on the scale), labels inside the scale (reported on the label); and what
    BEYOND_SCHEMA names."""
    if problem.code != "CJ023":
        return False
    if any(words in problem.message for words in BEYOND_SCHEMA):
        return True
    return problem.path == "journey.emotion_scale" or (problem.path.startswith("journey.emotion_scale.labels[") and "outside the scale" in problem.message)

Path = tuple[Hashable, ...]

# A valid journey with every field of the format, each list holding both of its item forms.
BASE: dict[str, Any] = {
    "cjmap": 1,
    "journey": {
        "id": "laptop-purchase",
        "title": "Buying a laptop",
        "type": "current-state",
        "language": "es",
        "description": "From search to delivery",
        "owner": "ecommerce",
        "reviewed": "2026-09-01",
        "tags": ["ecommerce"],
        "emotion_scale": {"min": -2, "max": 2, "labels": {"-2": "Angry", "2": "Happy"}},
        "measure": {"unit": "session", "window": "7d", "session_timeout": "30m"},
    },
    "personas": [
        {
            "id": "ana",
            "name": "Ana",
            "description": "A lawyer",
            "quote": "Best value",
            "demographics": {"age": 35, "occupation": "lawyer"},
            "goals": ["Buy"],
            "motivations": ["Work"],
            "behaviors": ["Compares"],
            "pain_points": ["Jargon"],
            "segment": {"platform": "desktop", "country": ["ES", 34, True]},
        },
        {"id": "luis"},
    ],
    "channels": [{"id": "tiktok", "name": "TikTok", "mode": "online", "description": "Short videos"}],
    "stages": [
        {
            "id": "awareness",
            "kind": "awareness",
            "name": "Awareness",
            "goal": "Find options",
            "description": "First contact",
            "touchpoints": [
                {
                    "id": "google-search",
                    "name": "Google search",
                    "description": "Searches",
                    "channel": "search",
                    "personas": ["ana"],
                    "initiator": "customer",
                    "actions": ["Types"],
                    "thoughts": ["Which one?"],
                    "emotion": 1,
                    "pain_points": ["Too many models", {"id": "slow-site", "text": "Slow site", "severity": "high"}],
                    "opportunities": ["Fewer models", {"text": "Comparator", "addresses": ["slow-site"], "priority": "high", "owner": "web"}],
                    "owner": "marketing",
                    "next": ["tiktok-video"],
                    "frontstage": ["Results page"],
                    "backstage": ["Indexing"],
                    "support": ["CDN"],
                    "evidence": ["Screenshot"],
                    "events": ["search", {"event": ["page_view", "view_*"], "page": "/laptops/*", "where": {"utm_medium": "email", "n": [1, "re:^2"]}}],
                    "fails": "search_error",
                },
                {"id": "tiktok-video", "name": "TikTok video", "channel": "tiktok", "emotion": {"ana": -1, "luis": 2}},
            ],
            "kpis": [
                {
                    "id": "conversion",
                    "name": "Conversion",
                    "description": "Orders per visit",
                    "metric": "conversion_rate",
                    "unit": "%",
                    "target": 3.0,
                    "actual": 2.1,
                    "better": "higher",
                    "measure": {"from": "google-search", "to": "tiktok-video", "window": "1d"},
                }
            ],
        },
        {"id": "purchase", "touchpoints": [{"id": "checkout", "name": "Checkout", "next": []}]},
    ],
}

# One of each type, and the values on the edges of what the fields accept.
VALUES: list[Any] = [
    True, False, None,
    0, 1, -1, 2, 404, 1000, 1001, -1001, 10**15, 10**15 + 1, 10**16,
    1.0, -2.0, 100.0, 1e15, 1e300, -0.0, 1.5, -0.5, 2.1,
    "", " ", "text", "Two words", "UPPER", "a" * 200, "a" * 201, "1", "1.0", "-2",
    "2026-02-28", "2026-02-30", "2026-13-01", "2026-2-28", "2026-02-28T00:00:00", "20260228",
    "low", "online", "customer", "nps", "higher", "purchase", "custom", "service-blueprint", "en", "pt-BR", "ana", "slow-site",
    [], ["text"], [""], [1], [True], [None], [{}], [["x"]],
    {}, {"text": "x"}, {"ana": 1}, {"ana": 1.0}, {"ana": 1.5}, {"ana": True}, {"id": "x"}, {"1": "x"},
]
DELETE = object()  # the operation "remove this field or item"

# Keys of the mappings whose keys are free (not field names): their renamings.
FREE_KEYS: dict[Path, list[str]] = {
    ("journey", "emotion_scale", "labels"): ["1", "-1", "0", "1.0", "-2.0", "1.5", "01", "+1", " 1", "1_0", "x", "", "1e1", "٣"],
    ("personas", 0, "demographics"): ["", "x", "1", "two words"],
    ("stages", 0, "touchpoints", 1, "emotion"): ["luis", "x", "1", "", "Ana"],
    ("personas", 0, "segment"): ["", "x", "1", "two words", "from"],
    ("stages", 0, "touchpoints", 0, "events", 1, "where"): ["", "x", "1", "device.category"],
}


def value_paths(node: Any, prefix: Path = ()) -> Iterator[Path]:
    """Every value in the document: each field's value and each list item, at any depth."""
    children: list[tuple[Hashable, Any]] = list(node.items()) if isinstance(node, dict) else list(enumerate(node)) if isinstance(node, list) else []
    for key, child in children:
        yield (*prefix, key)
        yield from value_paths(child, (*prefix, key))


PATHS: list[Path] = list(value_paths(BASE))


def replaced(path: Path, value: Any) -> dict[str, Any]:
    document = copy.deepcopy(BASE)
    parent: Any = document
    for key in path[:-1]:
        parent = parent[key]
    if value is DELETE:
        del parent[path[-1]]
    else:
        parent[path[-1]] = copy.deepcopy(value)
    return document


def renamed(path: Path, old: str, new: str) -> dict[str, Any]:
    document = copy.deepcopy(BASE)
    mapping: Any = document
    for key in path:
        mapping = mapping[key]
    mapping[new] = mapping.pop(old)
    return document


def schema_accepts(document: dict[str, Any]) -> bool:
    return VALIDATOR.is_valid(document)


def cjmap_problems(document: dict[str, Any]) -> list[str]:
    """cjmap's problems with the file, written as JSON (YAML 1.2 reads JSON as it is), without
    the references and scale relations that a JSON Schema cannot check."""
    raw = json.dumps(document, indent=1, ensure_ascii=False).encode("utf-8")
    result = validate_bytes(raw, file="variant.journey.json")
    kept = [p for p in result.problems if p.code not in REFERENCE_CODES and not is_a_relation(p)]
    return [f"{p.line}:{p.column} {p.code} {p.path}: {p.message}" for p in kept]


def verdicts(document: dict[str, Any]) -> tuple[bool, list[str]]:
    return schema_accepts(document), cjmap_problems(document)


def every_variant() -> Iterator[tuple[str, dict[str, Any]]]:
    """Each replacement, removal and renaming, named by where it happens and what it puts there."""
    for path in PATHS:
        for value in [*VALUES, DELETE]:
            yield f"{path} = {'<removed>' if value is DELETE else repr(value)}", replaced(path, value)
    for path, names in FREE_KEYS.items():
        mapping: Any = BASE
        for key in path:
            mapping = mapping[key]
        for old in mapping:
            for new in names:
                if new not in mapping:
                    yield f"{path} key {old!r} -> {new!r}", renamed(path, old, new)


def test_the_base_journey_is_valid_for_both():
    assert verdicts(BASE) == (True, [])
    assert not validate_bytes(json.dumps(BASE).encode("utf-8"), file="base.json").problems


def test_the_generator_reaches_every_field_of_the_format():
    fields = {path[-1] for path in PATHS if isinstance(path[-1], str)}
    for definition in SCHEMA["$defs"].values():
        assert set(definition.get("properties", {})) <= fields | {"cjmap"}
    assert len(PATHS) >= 100


# One value of each kind, for the sweep over every path.
KINDS: list[Any] = [True, None, 1, 1.0, 1.5, 1e-05, -1, "", "text", "2026-02-30", [], ["text"], {}, {"ana": 1}, DELETE]


def test_schema_and_cjmap_agree_on_every_path_with_one_value_of_each_kind():
    differ = [name for name, document in ((f"{path} = {kind!r}", replaced(path, kind)) for path in PATHS for kind in KINDS) if not agree(document)]
    assert differ == []


SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Text YAML can hold as written (no control characters: those are the YAML syntax's concern).
ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85\ufeff"), max_size=5)
ANY_VALUE = st.one_of(st.sampled_from([*VALUES, DELETE]), st.integers(-2000, 2000), st.floats(-1e16, 1e16), ANY_TEXT)


@SETTINGS
@given(st.sampled_from(PATHS), ANY_VALUE)
def test_schema_and_cjmap_agree_on_one_changed_value(path, value):
    document = replaced(path, value)
    accepted, problems = verdicts(document)
    assert accepted == (problems == []), f"{path} = {value!r}: schema {'accepts' if accepted else 'refuses'}, cjmap says {problems or 'valid'}"


@SETTINGS
@given(st.sampled_from(list(FREE_KEYS.items())).flatmap(lambda item: st.tuples(st.just(item[0]), st.sampled_from(item[1]) | ANY_TEXT)))
def test_schema_and_cjmap_agree_on_a_renamed_free_key(place):
    path, new = place
    mapping: Any = BASE
    for key in path:
        mapping = mapping[key]
    old = next(iter(mapping))
    if new not in mapping:
        assert agree(renamed(path, old, new)), f"{path}: key {old!r} -> {new!r}"


def agree(document: dict[str, Any]) -> bool:
    accepted, problems = verdicts(document)
    return accepted == (problems == [])


def disagreements() -> list[str]:
    """Every variant on which the two differ: the measure behind the numbers in docs/format.md."""
    found = []
    for name, document in every_variant():
        accepted, problems = verdicts(document)
        if accepted != (problems == []):
            found.append(f"{name}: schema {'accepts' if accepted else 'refuses'}; cjmap {problems or 'valid'}")
    return found



# -- the cases named in the issue, written as users write them ---------------------------------------


def in_meta(line: str) -> str:
    return MINIMAL.replace("  title: Minimal\n", f"  title: Minimal\n  {line}\n")


def with_kpi(fields: str) -> str:
    return MINIMAL.replace("  - id: awareness\n", f"  - id: awareness\n    kpis:\n      - {{id: k, {fields}}}\n")


def on_touchpoint(line: str) -> str:
    return MINIMAL + f"        {line}\n"


# text -> cjmap's problems (line, column, code, message), the same verdict from the schema.
AGREED = {
    "a boolean is not a KPI value": (with_kpi("target: true"), [(9, 25, "CJ022", "expected a number, found `true`")]),
    "a boolean is not a scale bound": (in_meta("emotion_scale: {min: true}"), [(4, 24, "CJ022", "expected a whole number, found `true`")]),
    "a number is welcome as text": (MINIMAL.replace("name: Search", "name: 404"), []),
    "a number in a text list": (on_touchpoint("actions: [404, 1.5]"), []),
    "a whole number as an emotion": (on_touchpoint("emotion: 1.0"), []),
    "a whole number as a per-persona emotion": (on_touchpoint("emotion: {ana: -1.0}"), []),
    "a whole number as a scale bound": (in_meta("emotion_scale: {min: -2.0, max: 2}"), []),
    "a whole number as a label": (in_meta("emotion_scale: {labels: {-2.0: Low, 2: High}}"), []),
    "a fraction is not an emotion": (
        on_touchpoint("emotion: 1.5"),
        [(11, 18, "CJ022", "expected a whole number on the emotion scale, or one per persona such as `ana: 1`, found the number `1.5`")],
    ),
    "a fraction is not a scale bound": (in_meta("emotion_scale: {min: -1.5}"), [(4, 24, "CJ022", "expected a whole number, found the number `-1.5`")]),
    "text is not a scale bound": (in_meta("emotion_scale: {min: '-1'}"), [(4, 24, "CJ022", "expected a whole number, found the text `-1`")]),
    "a label beyond every scale": (
        in_meta("emotion_scale: {labels: {5000: a}}"),
        [(4, 34, "CJ023", "the number `5000` is beyond ±1000: no emotion scale has that score")],
    ),
    "a number as an id": (MINIMAL.replace("id: search", "id: 404"), []),
    "a negative number as an id": (
        MINIMAL.replace("id: search", "id: -1"),
        [(9, 13, "CJ023", "`-1` is not a valid id: ids use lower-case letters, digits and hyphens, e.g. `google-search`")],
    ),
    "a huge number as an id": (
        MINIMAL.replace("id: search", "id: 1e20"),
        [(9, 13, "CJ023", "`1e20` is too large for an id written as a number (at most 10^15); write the id as text")],
    ),
    "a date with a time": (
        in_meta("reviewed: 2026-02-28T10:00:00"),
        [(4, 13, "CJ023", "expected a date written YYYY-MM-DD, found the text `2026-02-28T10:00:00`")],
    ),
    "an impossible date": (in_meta("reviewed: 2026-02-30"), [(4, 13, "CJ023", "`2026-02-30` is not a date: February 2026 has 28 days")]),
}


def schema_verdict_of(text: str, *, formats: bool = True) -> bool:
    """The schema's verdict on the YAML text as the YAML language server reads it (YAML 1.2)."""
    loaded = load_bytes(text.encode("utf-8"))
    assert loaded.issues == []
    validator = VALIDATOR if formats else jsonschema.Draft202012Validator(SCHEMA)
    return bool(validator.is_valid(json.loads(json.dumps(loaded.data))))  # keys are text in JSON


@pytest.mark.parametrize("case", AGREED)
def test_the_cases_of_the_issue_get_one_verdict_and_a_located_message(case):
    text, expected = AGREED[case]
    result = validate_text(text)
    assert [(p.line, p.column, p.code, p.message) for p in result.problems] == expected
    assert schema_verdict_of(text) == (expected == [])


def test_whole_numbers_are_read_as_integers():
    journey = validate_text(on_touchpoint("emotion: 1.0").replace("title: Minimal", "title: Minimal\n  emotion_scale: {min: -2.0, labels: {1.0: Up}}")).journey
    assert journey is not None
    scale, [(_, touchpoint)] = journey.journey.emotion_scale, list(journey.touchpoints())
    assert (touchpoint.emotion, scale.min, scale.labels) == (1, -2, {1: "Up"})
    assert all(type(value) is int for value in (touchpoint.emotion, scale.min, *scale.labels))


def test_a_number_as_an_id_is_its_digits():
    text = MINIMAL.replace("id: search", "id: 7\n        next: [8]") + "      - {id: 8, name: Pay}\n"
    journey = validate_text(text).journey
    assert journey is not None
    assert [(tp.id, tp.next) for _, tp in journey.touchpoints()] == [("7", ["8"]), ("8", None)]
    assert schema_verdict_of(text)
    assert Touchpoint.model_validate({"id": 0x1F, "name": "x", "next": [8.0, 9], "personas": [1e3]}).model_dump(include={"id", "next", "personas"}) == {
        "id": "31", "next": ["8", "9"], "personas": ["1000"],
    }


# Relations between fields, which a JSON Schema cannot state: the schema accepts, cjmap refuses.
RELATIONS = {
    "an inverted scale": (in_meta("emotion_scale: {min: 2, max: -2}"), (4, 18, "CJ023", "min (2) must be lower than max (-2)")),
    "a scale of 101 steps": (
        in_meta("emotion_scale: {min: 0, max: 101}"),
        (4, 18, "CJ023", "the scale 0..101 has more than 100 steps; use at most 100, such as 0..100 (satisfaction), 0..10 (NPS) or -2..2"),
    ),
    "two labels for one score": (in_meta("emotion_scale: {labels: {1: a, 1.0: b}}"), (4, 18, "CJ023", "`1` and `1.0` both label the score 1: keep one")),
}


@pytest.mark.parametrize("case", RELATIONS)
def test_relations_between_fields_are_cjmaps_alone(case):
    text, problem = RELATIONS[case]
    assert [(p.line, p.column, p.code, p.message) for p in validate_text(text).problems] == [problem]
    assert schema_verdict_of(text)


def test_the_days_of_a_month_need_format_assertion():
    # The pattern refuses month 13 and day 32 everywhere; 30 February only where formats are asserted.
    text = in_meta("reviewed: 2026-02-30")
    assert (schema_verdict_of(text, formats=False), schema_verdict_of(text)) == (True, False)
    assert not schema_verdict_of(in_meta("reviewed: 2026-13-01"), formats=False)


def test_the_cli_reports_a_boolean_kpi_value_where_it_is_written(write):
    path = write("kpi.journey.yaml", with_kpi("target: 2, actual: false"))
    run = cli("validate", str(path))
    assert run.code == 1
    assert f"{path}:9:36: error CJ022 expected a number, found `false`" in run.stdout + run.stderr
