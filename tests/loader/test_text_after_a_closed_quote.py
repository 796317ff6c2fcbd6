"""Text right after a quoted value that has closed (issue 14): ``title: 'Ana's map'`` and
``title: "x" y``. PyYAML stops at the text with "did not find expected key"; the mistake is the
quote before it, so the message points at that quote and says how to write the value.

Through ``cjmap validate`` as a user runs it (text and JSON), and through the loader with both
libyaml and PyYAML's pure-Python parser, which word the error differently.
"""

from __future__ import annotations

import pytest
from yaml_problems import only_issue, validated

ANA = (
    "YAML syntax error: the quoted value `'Ana'` ends at this `'`, and text follows it on the same line; "
    "to write `'` inside single quotes double it (`'Ana''s map'`), or quote with double quotes (`\"Ana's map\"`)"
)
QUICK = (
    'YAML syntax error: the quoted value `"Quick"` ends at this `"`, and text follows it on the same line; '
    'to write `"` inside double quotes write `\\"` (`"\\"Quick\\" checkout"`), or quote with single quotes (`\'"Quick" checkout\'`)'
)
X_Y = (
    'YAML syntax error: the quoted value `"x"` ends at this `"`, and text follows it on the same line; '
    'to write `"` inside double quotes write `\\"` (`"\\"x\\" y"`), or quote with single quotes (`\'"x" y\'`)'
)


def journey(journey_line: str) -> str:
    return f"cjmap: 1\n{journey_line}\npersonas: []\nstages: []\n"


CLI_CASES = {
    "apostrophe in single quotes": (journey("journey:\n  title: 'Ana's map'\n  owner: cx"), (3, 14, ANA)),
    "words after double quotes": (journey('journey:\n  title: "x" y\n  owner: cx'), (3, 12, X_Y)),
    "a quoted word that starts the value": (journey('journey:\n  title: "Quick" checkout # the new flow\n  owner: cx'), (3, 16, QUICK)),
    "apostrophe in a flow mapping": (journey("journey: {title: 'Ana's map', owner: cx}"), (2, 22, ANA)),
    "words after quotes in a flow mapping": (journey('journey: {title: "x" y, owner: cx}'), (2, 20, X_Y)),
}


@pytest.mark.parametrize("name", CLI_CASES)
def test_validate_points_at_the_quote_that_closed_too_early(tmp_path, name):
    text, (line, column, message) = CLI_CASES[name]
    shown, problem = validated(tmp_path, text)
    assert shown == f"{line}:{column}: error CJ001 {message}"
    assert (problem["line"], problem["column"], problem["code"], problem["message"]) == (line, column, "CJ001", message)


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("title: 'Ana's map'\n", (1, 12)),
        ("- 'Ana's map'\n", (1, 7)),  # a list item
        ("a: [x, 'Ana's map']\n", (1, 12)),  # a flow sequence
        ("j: {t: 'Ana's map', o: 'x'}\n", (1, 12)),  # the value ends at the `,`, not at the later quotes
        ("j: {\n  t: 'Ana's map', o: x}\n", (2, 10)),  # a flow mapping opened on an earlier line
        ("'Ana's map'\n", (1, 5)),  # the whole document
        ("a: b\r\ntitle: 'Ana's map'\r\n", (2, 12)),  # CRLF line breaks
        ("title: 'Ana's map' # a comment's apostrophe\n", (1, 12)),
    ],
)
def test_an_apostrophe_inside_single_quotes(parser, text, position):
    assert only_issue(text) == ("CJ001", *position, ANA)


def test_words_after_double_quotes(parser):
    assert only_issue('a:\n  - "x" y\n') == ("CJ001", 2, 7, X_Y)


def test_text_right_against_the_quote(parser):
    message = (
        "YAML syntax error: the quoted value `'x'` ends at this `'`, and text follows it on the same line; "
        "to write `'` inside single quotes double it (`'''x''y'`), or quote with double quotes (`\"'x'y\"`)"
    )
    assert only_issue("a: 'x'y\n") == ("CJ001", 1, 6, message)


def test_a_backslash_is_escaped_in_the_double_quoted_suggestion(parser):
    _, _, _, message = only_issue("a: 'C:\\dir's files'\n")
    assert message.endswith("double it (`'C:\\dir''s files'`), or quote with double quotes (`\"C:\\\\dir's files\"`)")


def test_a_long_value_is_cut_and_not_repeated(parser):
    long = "y" * 100
    code, line, column, message = only_issue(f"x: '{long}' z\n")
    assert (code, line, column) == ("CJ001", 1, 105)
    assert message == (
        f"YAML syntax error: the quoted value `'{'y' * 56}…` ends at this `'`, and text follows it on the same line; "
        "to write `'` inside single quotes double it (`'…''…'`), or quote with double quotes (`\"…'…\"`)"
    )


def test_a_huge_line_is_answered_in_one_pass(parser):
    # 1 MB of quoted items before the mistake: finding the value's opening quote is linear.
    code, line, column, message = only_issue("a: [" + "'a', " * 100_000 + "'x' y]\n")
    assert (code, line, column) == ("CJ001", 1, 500_007)
    assert message.startswith("YAML syntax error: the quoted value `'x'` ends at this `'`")


@pytest.mark.parametrize(
    "text",
    [
        "a: 'x' : b\n",  # a colon after the quotes: a nested mapping, YAML's own message says it
        "a: 'multi\n  line' x\n",  # the value opened on an earlier line: not pointed at
        "a: \"x\"\n  y\n",  # the text is on the next line
    ],
)
def test_other_errors_near_quotes_keep_their_message(parser, text):
    code, _, _, message = only_issue(text)
    assert code == "CJ001" and "ends at this" not in message
