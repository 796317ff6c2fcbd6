"""A key indented less than the keys of its mapping but more than what holds that mapping
(issue 14): libyaml said "did not find expected '-' indicator" or "did not find expected key"
at the key, PyYAML "expected <block end>"; the message now names the key, the key it should
align with and what it is indented more than, located at the key.

Through ``cjmap validate`` as a user runs it (text and JSON), and through the loader with both
libyaml and PyYAML's pure-Python parser.
"""

from __future__ import annotations

import pytest
from yaml_problems import only_issue, validated

# ``channel`` is indented 7 spaces; ``name`` above it, 8.
IN_A_LIST_ITEM = """\
cjmap: 1
journey: {title: T, owner: cx, reviewed: 2026-11-01}
personas:
  - {id: kim, goals: [g], pain_points: [p]}
stages:
  - id: buy
    goal: Buy
    touchpoints:
      - id: ad
        name: Ad
       channel: web
        emotion: 1
        actions: [a]
"""
# ``owner`` is indented 3 spaces; ``title`` above it, 4; ``journey``, 0.
IN_A_MAPPING = """\
cjmap: 1
journey:
    title: T
    # who answers for it
   owner: cx
personas: []
stages: []
"""


def under_indented(key: str, sibling: str, sibling_line: int, holder: str, holder_line: int) -> str:
    return (
        f"YAML syntax error: the key `{key}` is indented less than the key `{sibling}` above it (line {sibling_line}) "
        f"and more than {holder} (line {holder_line}), so YAML cannot tell where it belongs; align `{key}` with `{sibling}`"
    )


CLI_CASES = {
    "in a list item": (IN_A_LIST_ITEM, (11, 8, under_indented("channel", "name", 10, "the `-` of its list item", 9))),
    "in a mapping": (IN_A_MAPPING, (5, 4, under_indented("owner", "title", 3, "the key `journey`", 2))),
}


@pytest.mark.parametrize("name", CLI_CASES)
def test_validate_names_the_key_and_what_to_align_it_with(tmp_path, name):
    text, (line, column, message) = CLI_CASES[name]
    shown, problem = validated(tmp_path, text)
    assert shown == f"{line}:{column}: error CJ001 {message}"
    assert (problem["line"], problem["column"], problem["code"], problem["message"]) == (line, column, "CJ001", message)


ITEM = "the `-` of its list item"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("j:\n  title: T\n owner: cx\n", (3, 2, under_indented("owner", "title", 2, "the key `j`", 1))),
        ("a:\n    b: 1\n  c: 2\n", (3, 3, under_indented("c", "b", 2, "the key `a`", 1))),
        ("a:\n  j:\n    title: T\n   owner: cx\n", (4, 4, under_indented("owner", "title", 3, "the key `j`", 2))),
        # the nearest of the least indented keys above, past children, comments and blank lines
        ("j:\n  title:\n    x: 1\n\n # note\n owner: cx\n", (6, 2, under_indented("owner", "title", 2, "the key `j`", 1))),
        ("j:\n    title: T\n    notes: |\n      a: b\n  owner: cx\n", (5, 3, under_indented("owner", "notes", 3, "the key `j`", 1))),
        ("j:\n    title: [a,\n      b]\n  owner: cx\n", (4, 3, under_indented("owner", "title", 2, "the key `j`", 1))),
        ('j:\n    title: T\n  "the owner": cx\n', (3, 3, under_indented('"the owner"', "title", 2, "the key `j`", 1))),
        # in a mapping inside a list item: the `-` holds it, on the key's line or above
        ("j:\n  - title: T\n   owner: cx\n", (3, 4, under_indented("owner", "title", 2, ITEM, 2))),
        ("j:\n- title: T\n owner: cx\n", (3, 2, under_indented("owner", "title", 2, ITEM, 2))),
        ("- title: T\n owner: cx\n", (2, 2, under_indented("owner", "title", 1, ITEM, 1))),
        ("t:\n  - id: a\n    actions:\n      - x\n   channel: web\n", (5, 4, under_indented("channel", "actions", 3, ITEM, 2))),
        ("t:\n  - id: a\n    more:\n      x: 1\n   channel: web\n", (5, 4, under_indented("channel", "more", 3, ITEM, 2))),
    ],
)
def test_an_under_indented_key_is_named_at_the_key(parser, text, expected):
    assert only_issue(text) == ("CJ001", *expected)


LIBYAML, PURE = "libyaml", "pure-python"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # at the column of the list's `-`: not between two levels
        (
            "j:\n  - a: 1\n  c: 2\n",
            {
                LIBYAML: (3, 3, "YAML syntax error: did not find expected '-' indicator (while parsing a block collection at line 2 column 3)"),
                PURE: (3, 3, "YAML syntax error: expected <block end>, but found '?' (while parsing a block collection at line 2 column 3)"),
            },
        ),
        # a list entry, not a key
        (
            "j:\n  - a\n  - b\n - c\n",
            {
                LIBYAML: (4, 2, "YAML syntax error: did not find expected key (while parsing a block mapping at line 1 column 1)"),
                PURE: (4, 2, "YAML syntax error: expected <block end>, but found '<block sequence start>' (while parsing a block mapping at line 1 column 1)"),
            },
        ),
        # nothing holds the mapping: the document's own top level
        (
            "  a: 1\n b: 2\n",
            {
                LIBYAML: (2, 2, "YAML syntax error: did not find expected <document start>"),
                PURE: (2, 2, "YAML syntax error: expected '<document start>', but found '<block mapping start>'"),
            },
        ),
    ],
)
def test_other_shapes_keep_their_message(parser, text, words):
    assert only_issue(text) == ("CJ001", *words[parser])


def test_an_over_indented_key_keeps_its_message(parser):
    code, line, column, message = only_issue("a:\n  j:\n    title: T\n  x: 1\n   owner: cx\n")
    assert (code, line, column) == ("CJ001", 5, 4)
    assert message.startswith("YAML syntax error: the key `owner` is indented more than the key `x` above it (line 4)")
