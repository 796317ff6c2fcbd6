"""Only a real YAML comment can silence a rule (issue 12): the words `# cjmap: disable=…` inside
a value — quoted, block or plain — are text, and a journey from a pull request must not be able
to silence its own findings that way."""

from __future__ import annotations

import pytest

from cjmap.lint.suppression import find_suppressions
from cjmap.loader.decoding import LINE_BREAK
from conftest import cli

# CJ101 (stale-review) fires on an old `reviewed:` date; the journey is otherwise clean enough
# that the findings below are about that one rule.
JOURNEY = """\
cjmap: 1
journey:
  title: Opening an account
  owner: team
  reviewed: 2020-01-01{after_date}
{description}
personas:
  - id: ana
stages:
  - id: awareness
    touchpoints:
      - id: search
        name: Search
        emotion: 1
"""
TODAY = {"CJMAP_TODAY": "2026-11-30"}


def suppressions(text: str):
    return find_suppressions(LINE_BREAK.split(text))


@pytest.mark.parametrize(
    "value",
    [
        '"x # cjmap: disable=CJ101"',
        "'x # cjmap: disable=CJ101'",
        '"x # cjmap: disable-file=CJ101"',
        "x#cjmap:disable=CJ101",  # a plain value: `#` without a space before it is text
    ],
)
def test_a_directive_inside_a_value_on_the_same_line_does_not_count(value):
    found = suppressions(f"title: {value}\n")
    assert found.by_line == {} and found.whole_file == frozenset()


@pytest.mark.parametrize(
    "text",
    [
        "description: |\n  # cjmap: disable-file=CJ101\n  more\n",
        "description: >\n  folded\n  x # cjmap: disable-file=CJ101\n",
        'description: "a quoted value\n  on two lines # cjmap: disable-file=CJ101\n  and three"\n',
        "description: 'single\n  # cjmap: disable-file=CJ101\n  quoted'\n",
        "description: a plain value\n  that goes on#cjmap:disable-file=CJ101\n",
    ],
)
def test_a_directive_inside_a_multi_line_value_does_not_count(text):
    assert suppressions(text).whole_file == frozenset()
    assert suppressions(text).by_line == {}


def test_real_comments_still_count_beside_a_value_that_holds_the_words():
    text = 'title: "y # cjmap: disable=CJ102"  # cjmap: disable=CJ101\n# cjmap: disable-file=CJ110\n'
    found = suppressions(text)
    assert found.by_line == {1: frozenset({"CJ101"})}
    assert found.whole_file == frozenset({"CJ110"})


def test_a_comment_after_a_plain_value_counts():
    # In a plain value, ` #` (space, hash) starts a comment: YAML itself reads it so.
    assert suppressions("title: x # cjmap: disable=CJ101\n").by_line == {1: frozenset({"CJ101"})}
    assert suppressions("title: x\n  # cjmap: disable-file=CJ101\n").whole_file == frozenset({"CJ101"})


def _lint(write, after_date: str = "", description: str = "") -> str:
    path = write("j.journey.yaml", JOURNEY.format(after_date=after_date, description=description))
    run = cli("lint", "--select", "CJ101", str(path), env=TODAY)
    assert run.stderr == ""
    return run.stdout


def test_the_rule_fires_without_any_directive(write):
    assert "CJ101" in _lint(write)


@pytest.mark.parametrize(
    "description",
    [
        '  description: "x # cjmap: disable-file=CJ101"',
        "  description: 'x # cjmap: disable-file=stale-review'",
        "  description: |\n    # cjmap: disable-file=CJ101",
        "  description: >\n    notes\n    # cjmap: disable-file=ALL",
        "  description: notes\n    on#cjmap:disable-file=CJ101",
    ],
)
def test_lint_is_not_silenced_by_a_directive_inside_a_value(write, description):
    assert "CJ101" in _lint(write, description=description)


def test_lint_is_silenced_by_a_real_comment(write):
    # The whole report is "no problems": a journey made invalid would be reported, not silent.
    assert _lint(write, after_date="  # cjmap: disable=CJ101 reviewed offline").endswith("no problems.\n")
    assert _lint(write, description="# cjmap: disable-file=CJ101").endswith("no problems.\n")
