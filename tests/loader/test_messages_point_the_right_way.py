"""Messages that point where the mistake is and say what it is (issue 14): an impossible date,
a tab after `-`, a key indented too far, a quote or bracket never closed.

Each case goes through ``cjmap validate`` as a user runs it (the text report and the JSON one),
and the YAML cases also through PyYAML's pure-Python parser, which words its errors differently.
"""

from __future__ import annotations

import pytest
from yaml_problems import only_issue, validated

from conftest import cli

JOURNEY = """\
cjmap: 1
journey: {{title: T, owner: cx, reviewed: {date}}}
personas:
  - {{id: kim, goals: [g], pain_points: [p]}}
stages:
  - id: buy
    goal: Buy
    touchpoints:
      - {{id: ad, name: Ad, channel: social, emotion: 1, actions: [a]}}
"""


# -- 1. a date that does not exist ----------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "reason"),
    [
        ("2026-02-30", "February 2026 has 28 days"),
        ("2024-02-30", "February 2024 has 29 days"),
        ("2026-02-29", "February 2026 has 28 days"),
        ("2026-04-31", "April 2026 has 30 days"),
        ("2026-13-01", "there is no month 13; months run from 01 to 12"),
        ("2026-00-10", "there is no month 00; months run from 01 to 12"),
        ("2026-05-00", "there is no day 00; days start at 01"),
        ("0000-01-01", "there is no year 0000; years start at 0001"),
    ],
)
def test_an_impossible_date_says_why_it_is_not_a_date(tmp_path, date, reason):
    shown, problem = validated(tmp_path, JOURNEY.format(date=date))
    assert shown == f"2:42: error CJ023 `{date}` is not a date: {reason}"
    assert (problem["line"], problem["column"], problem["code"]) == (2, 42, "CJ023")
    assert problem["message"] == f"`{date}` is not a date: {reason}"


@pytest.mark.parametrize("written", ["2026-2-3", "2026-02-30T10:00", "Feb 3rd"])
def test_a_date_written_another_way_still_asks_for_yyyy_mm_dd(tmp_path, written):
    shown, _ = validated(tmp_path, JOURNEY.format(date=f"'{written}'"))
    assert shown == f"2:42: error CJ023 expected a date written YYYY-MM-DD, found the text `{written}`"


def test_a_real_leap_day_is_a_date(tmp_path):
    path = tmp_path / "j.journey.yaml"
    path.write_text(JOURNEY.format(date="2024-02-29"), encoding="utf-8")
    assert cli("validate", str(path)).code == 0


# -- 2 to 4: YAML syntax, through the CLI ----------------------------------------------------

TAB_AFTER_DASH = "a tab after `-` is not allowed: what follows `-` is indentation, and YAML indents with spaces only; replace the tab with a space"
OVER_INDENTED = (
    "YAML syntax error: the key `owner` is indented more than the key `title` above it (line 3), "
    "so YAML reads it as more of `title`'s value; align `owner` with `title`"
)
CLI_CASES = {
    "tab after a dash": ("cjmap: 1\njourney: {title: T, owner: cx}\npersonas:\n  -\tid: kim\n", (4, 4, "CJ011", TAB_AFTER_DASH)),
    "over-indented key after text": ("cjmap: 1\njourney:\n  title: T\n    owner: cx\n", (4, 5, "CJ001", OVER_INDENTED)),
    "over-indented key after quoted text": ('cjmap: 1\njourney:\n  title: "T"\n    owner: cx\n', (4, 5, "CJ001", OVER_INDENTED)),
    "unclosed double quote": (
        'cjmap: 1\njourney:\n  title: "T\n  owner: cx\npersonas: []\nstages: []\n',
        (3, 10, "CJ001", 'YAML syntax error: this `"` opens a quoted value that is never closed; add the closing `"` where the value ends'),
    ),
    "unclosed single quote": (
        "cjmap: 1\njourney:\n  title: 'T\n",
        (3, 10, "CJ001", "YAML syntax error: this `'` opens a quoted value that is never closed; add the closing `'` where the value ends"),
    ),
    "unclosed bracket": (
        "cjmap: 1\njourney:\n  title: [T, x\n  owner: cx\npersonas: []\nstages: []\n",
        (3, 10, "CJ001", "YAML syntax error: this `[` is never closed; add `]` where the list ends"),
    ),
    "unclosed brace at the end": (
        "cjmap: 1\npersonas: []\nstages: []\njourney: {title: T, owner: cx\n",
        (4, 10, "CJ001", "YAML syntax error: this `{` is never closed; add `}` where the mapping ends"),
    ),
}


@pytest.mark.parametrize("name", CLI_CASES)
def test_syntax_messages_point_where_the_mistake_is(tmp_path, name):
    text, (line, column, code, message) = CLI_CASES[name]
    shown, problem = validated(tmp_path, text)
    assert shown == f"{line}:{column}: error {code} {message}"
    assert (problem["line"], problem["column"], problem["code"], problem["message"]) == (line, column, code, message)


# -- 2 to 4: the loader, with either parser ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "position"),
    [("-\tfoo\n", (1, 2)), ("a:\n  - \tfoo\n", (2, 5)), ("a:\n  - -\tfoo\n", (2, 6)), ("a:\n  -\tid: kim\n    name: x\n", (2, 4))],
)
def test_a_tab_after_a_dash_is_named_at_the_tab(parser, text, position):
    assert only_issue(text) == ("CJ011", *position, TAB_AFTER_DASH)


def test_a_tab_at_the_start_of_a_line_keeps_its_message(parser):
    assert only_issue("a:\n\t- b\n") == ("CJ011", 2, 1, "a tab is used for indentation; YAML indents with spaces only: replace the tab with spaces")


def over_indented(key: str, above: str, line: int) -> str:
    return (
        f"YAML syntax error: the key `{key}` is indented more than the key `{above}` above it (line {line}), "
        f"so YAML reads it as more of `{above}`'s value; align `{key}` with `{above}`"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1\n  b: 2\n", (2, 3, over_indented("b", "a", 1))),
        ("j:\n  - title: T\n      owner: cx\n", (3, 7, over_indented("owner", "title", 2))),
        ("j:\n  title: a long\n    text\n\n    owner: cx\n", (5, 5, over_indented("owner", "title", 2))),
        ("j:\n  title: [T]\n    owner: cx\n", (3, 5, over_indented("owner", "title", 2))),
        ('j:\n  title: T\n    "the owner": cx\n', (3, 5, over_indented('"the owner"', "title", 2))),
    ],
)
def test_an_over_indented_key_is_named_at_the_key(parser, text, expected):
    assert only_issue(text) == ("CJ001", *expected)


@pytest.mark.parametrize(
    "text",
    [
        "j:\n  title: Tips: and tricks\n",  # a colon in a value: quoting is the fix
        "a:\n    b: 1\n  c: 2\n",  # under-indented below a parent: its own message (test_an_under_indented_key.py)
    ],
)
def test_other_indentation_errors_are_not_called_over_indented(parser, text):
    code, _, _, message = only_issue(text)
    assert code == "CJ001" and "indented more" not in message


def test_a_colon_in_a_value_still_suggests_quotes():
    assert only_issue("j:\n  title: Tips: and tricks\n") == (
        "CJ001", 2, 14, "YAML syntax error: mapping values are not allowed in this context; if the value contains ': ', put it in quotes",
    )


QUOTE = "YAML syntax error: this `{0}` opens a quoted value that is never closed; add the closing `{0}` where the value ends"
BRACKET = "YAML syntax error: this `{0}` is never closed; add `{1}` where the {2} ends"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('a: "x\nb: 1\n', (1, 4, QUOTE.format('"'))),
        ("a: 'it''s\nb: 1\n", (1, 4, QUOTE.format("'"))),
        ('a: [1, "x]", 2\nb: 1\n', (1, 4, BRACKET.format("[", "]", "list"))),  # a bracket inside quotes closes nothing
        ("a: [it's, b\nc: 1\n", (1, 4, BRACKET.format("[", "]", "list"))),  # nor does an apostrophe open a quote
        ("a: [[1], [2\n", (1, 10, BRACKET.format("[", "]", "list"))),  # the innermost one that is left open
        ("a: {x: 1\nb: 1\n", (1, 4, BRACKET.format("{", "}", "mapping"))),
    ],
)
def test_an_unclosed_quote_or_bracket_is_reported_where_it_opens(parser, text, expected):
    assert only_issue(text) == ("CJ001", *expected)


@pytest.mark.parametrize(
    "text",
    [
        "a: [1, 2\nb: 1]\n",  # closed later: the problem is inside, where YAML stopped
        'a: [1, "x" y, 2]\n',  # a missing comma on the bracket's own line
    ],
)
def test_a_bracket_that_closes_keeps_the_message_where_yaml_stopped(parser, text):
    code, _, _, message = only_issue(text)
    assert code == "CJ001" and "never closed" not in message
