"""The measure keys' problems, each located where it is written, with the code and the words of
the other checks: durations, regular expressions, empty rules and lists, and `kpis[].measure`
touchpoints that resolve (issue 18)."""

from __future__ import annotations

import pytest

from cjmap.validation import validate_text
from conftest import MINIMAL, cli

RE2 = "which RE2 (the DuckDB engine) does not read: rewrite the expression without it"


def in_meta(line: str) -> str:
    return MINIMAL.replace("  title: Minimal\n", f"  title: Minimal\n  {line}\n")


def on_persona(line: str) -> str:
    return MINIMAL.replace("  - id: ana\n", f"  - id: ana\n    {line}\n")


def on_touchpoint(line: str) -> str:
    return MINIMAL + f"        {line}\n"


def with_kpi(fields: str) -> str:
    return MINIMAL + f"    kpis:\n      - {{id: k, {fields}}}\n"


def problems(text: str) -> list[tuple[int, int, str, str]]:
    return [(p.line, p.column, p.code, p.message) for p in validate_text(text).problems]


VALID = {
    "measure settings": in_meta("measure: {unit: session, window: 36h, session_timeout: 45s}"),
    "measure left empty": in_meta("measure: {}"),
    "a week": in_meta("measure: {window: 2w}"),
    "a segment": on_persona("segment: {platform: desktop, country: [ES, MX], age: 35, pro: true, utm: 'spring-*', ref: 're:^news'}"),
    "one event name": on_touchpoint("events: add_to_cart"),
    "names and rules": on_touchpoint("events: [a, {event: [b, 'c_*'], page: '/p/*', where: {k: v}}, {page: 're:^/x$'}]"),
    "fails": on_touchpoint("fails: payment_error"),
    "a kpi measure": with_kpi("measure: {from: search, to: search, window: 30d}"),
    "a kpi measure with a window only": with_kpi("measure: {window: 1d}"),
}


@pytest.mark.parametrize("case", VALID)
def test_valid_forms(case):
    assert problems(VALID[case]) == []


INVALID = {
    "a duration in words": (
        in_meta("measure: {window: 7 days}"),
        [(4, 21, "CJ023", "expected a duration, a whole number and a unit: `45s`, `30m`, `36h`, `7d` or `2w`; found the text `7 days`")],
    ),
    "a duration as a number": (
        in_meta("measure: {session_timeout: 30}"),
        [(4, 30, "CJ023", "expected a duration, a whole number and a unit: `45s`, `30m`, `36h`, `7d` or `2w`; found the number `30`")],
    ),
    "a zero duration": (
        in_meta("measure: {window: 0d}"),
        [(4, 21, "CJ023", "expected a duration, a whole number and a unit: `45s`, `30m`, `36h`, `7d` or `2w`; found the text `0d`")],
    ),
    "seven digits": (
        in_meta("measure: {window: 1000000s}"),
        [(4, 21, "CJ023", "`1000000s` is too long a duration: at most six digits before the unit; write it in a larger unit such as `d` or `w`")],
    ),
    "beyond a century": (in_meta("measure: {window: 5300w}"), [(4, 21, "CJ023", "`5300w` is longer than a century: write a shorter duration such as `7d` or `52w`")]),
    "an unknown unit": (in_meta("measure: {unit: visit}"), [(4, 19, "CJ023", "`visit` is not allowed here; expected 'user' or 'session'")]),
    "an empty segment": (on_persona("segment: {}"), [(6, 14, "CJ023", "must not be empty")]),
    "an empty list in a segment": (on_persona("segment: {country: []}"), [(6, 24, "CJ023", "an empty list matches nothing: list at least one value, or remove the key")]),
    "null in a segment": (
        on_persona("segment: {country: null}"),
        [(6, 24, "CJ022", "expected a value (text, number, true/false) or a list of them, found an empty value")],
    ),
    "a broken regex in a segment": (
        on_persona("segment: {ref: 're:(news'}"),
        [(6, 20, "CJ023", "`re:(news` is not a regular expression: missing ), unterminated subpattern at position 0")],
    ),
    "an empty events list": (on_touchpoint("events: []"), [(11, 17, "CJ023", "must not be empty: add at least one item")]),
    "a rule not in a list": (
        on_touchpoint("events: {event: x}"),
        [(11, 17, "CJ022", "a rule goes in a list: write it as `- event: …` on the line below the key, or as `[{event: …, page: …}]`")],
    ),
    "an empty rule": (on_touchpoint("fails: [x, {}]"), [(11, 20, "CJ023", "an empty rule would match every event: give `event`, `page` or `where`")]),
    "a rule of nulls": (on_touchpoint("events: [{event: null}]"), [(11, 18, "CJ023", "an empty rule would match every event: give `event`, `page` or `where`")]),
    "an empty event list in a rule": (on_touchpoint("events: [{event: []}]"), [(11, 26, "CJ023", "must not be empty: add at least one item")]),
    "an empty name": (on_touchpoint("events: ['']"), [(11, 18, "CJ023", "the text is empty: write it, or remove the entry")]),
    "a boolean name": (on_touchpoint("events: [true]"), [(11, 18, "CJ022", "expected text, found `true`; put the value in quotes to keep it as text")]),
    "a misspelt rule key": (on_touchpoint("events: [{evnt: x}]"), [(11, 19, "CJ021", "unknown field `evnt` (did you mean `event`?)")]),
    "a broken page regex": (
        on_touchpoint("events: [{page: 're:[a'}]"),
        [(11, 25, "CJ023", "`re:[a` is not a regular expression: unterminated character set at position 0")],
    ),
    "a look-around in where": (on_touchpoint("events: [{where: {k: 're:a(?!b)'}}]"), [(11, 30, "CJ023", f"`re:a(?!b)` uses a look-around, {RE2}")]),
    "an empty where": (on_touchpoint("events: [{where: {}}]"), [(11, 26, "CJ023", "must not be empty")]),
    "an unknown from": (with_kpi("measure: {from: serch}"), [(12, 33, "CJ031", "no touchpoint has the id `serch` (did you mean `search`?)")]),
    "an unknown to": (with_kpi("measure: {from: search, to: pay}"), [(12, 45, "CJ031", "no touchpoint has the id `pay`")]),
    "from_ is not the key": (with_kpi("measure: {from_: search}"), [(12, 27, "CJ021", "unknown field `from_` (did you mean `from`?)")]),
    "a bad kpi window": (
        with_kpi("measure: {window: 1x}"),
        [(12, 35, "CJ023", "expected a duration, a whole number and a unit: `45s`, `30m`, `36h`, `7d` or `2w`; found the text `1x`")],
    ),
}


@pytest.mark.parametrize("case", INVALID)
def test_each_invalid_form_is_located(case):
    text, expected = INVALID[case]
    assert problems(text) == expected


def test_measure_problems_and_others_come_in_one_round():
    """A broken `measure.from` is reported beside schema problems elsewhere in the file."""
    text = with_kpi("measure: {from: nope}").replace("name: Search", "name: Search\n        events: []")
    assert [(line, code) for line, _, code, _ in problems(text)] == [(11, "CJ023"), (13, "CJ031")]


def test_the_cli_reports_them_with_a_caret_and_exit_code_1(tmp_path):
    path = tmp_path / "shop.journey.yaml"
    path.write_text(with_kpi("measure: {from: serch, window: 7 days}"), encoding="utf-8")
    run = cli("validate", str(path))
    assert run.code == 1
    lines = run.stdout.splitlines()
    assert lines[0] == f"{path}:12:33: error CJ031 no touchpoint has the id `serch` (did you mean `search`?)"
    assert any(line.startswith(f"{path}:12:48: error CJ023 expected a duration") for line in lines)
    assert lines[-1] == "1 file checked: 2 errors in 1 file."


def test_untrusted_text_in_a_regex_error_stays_one_line(tmp_path):
    """A control character in a broken expression is shown, never printed raw."""
    path = tmp_path / "shop.journey.yaml"
    path.write_text(on_touchpoint('events: [{page: "re:(\\x1b[31m"}]'), encoding="utf-8")
    run = cli("validate", str(path))
    assert run.code == 1
    assert "\x1b" not in run.stdout and "CJ023" in run.stdout
