"""Markdown for GitHub that can neither ping people nor link issues, and still reads the same
(rendered as tests/github_markdown.py does it)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cjmap.text.escape import markdown_text
from cjmap.text.markdown_safe import ZWSP, inline, neutralise
from cjmap.text.safe import visible
from github_markdown import REFERENCE, RENDERER, rendered_text

# The address of an issue, pull request or discussion as it would link (and leave an event): the
# path straight on to the number, any scheme or none. Looked for in the rendered text too.
ISSUE_URL = re.compile(r"(?i)github\.com/[^\s/]+/[^\s/]+/(?:issues|pulls?|discussions)/\d")
# An autolink GitHub's cmark-gfm would make: a scheme followed at once by "//" (its url_match).
SCHEME_LINK = re.compile(r"(?i)(?:https?|ftp)://")

# Text that holds many near-references: the characters they are made of, and anything else.
PIECES = st.sampled_from(["@", "#", "GH-", "gh-", "1", "23", "octocat", "org/team", "owner/repo", "\\", "`", "_", "*", "&", "#x40;",
                          "&#64;", "&commat;", "<", ">", "|", "[", "]", "(", ")", " ", "\n", "\t", "\x00", "\x1b", "\u200b", "é", "-",
                          "https://", "http:", "//", "www.", "github.com/", "GitHub.COM/", "o/r/", "o_x/r.y/", "issues/", "pull/",
                          "discussions/", "/", "7"])
NEAR_REFERENCES = st.lists(st.one_of(PIECES, st.text(max_size=4)), max_size=30).map("".join)


def _rendered_text(markdown: str) -> str:
    return rendered_text(markdown).strip()


@pytest.mark.parametrize("text", ["@octocat", "hi @org/team!", "#123", "see owner/repo#45", "GH-6", "gh-7", "(#8)", "a@b", "@@x", "##9"])
def test_known_references_are_broken(text: str) -> None:
    out = inline(text)
    assert REFERENCE.search(_rendered_text(out)) is None
    assert out.replace(ZWSP, "") == markdown_text(text)  # nothing else changed


def test_the_zero_width_space_goes_after_the_sign() -> None:
    assert inline("@octocat #12 GH-3 owner/repo#4") == "@\u200boctocat #\u200b12 GH-\u200b3 owner/repo#\u200b4"


def test_a_backslash_or_an_entity_typed_in_the_journey_does_not_make_one() -> None:
    # GitHub ignores a backslash before @ (cmark-gfm#389); an entity is escaped, so shown as typed.
    for text in ("\\@octocat", "&#64;octocat", "&commat;octocat", "#&#49;2"):
        rendered = _rendered_text(inline(text))
        assert REFERENCE.search(rendered) is None and rendered.replace(ZWSP, "") == text


def test_neutralise_leaves_markdown_it_does_not_need_to_touch() -> None:
    source = "### Journey changes\n\n- `t-1` renamed, 100 % better #tag\n"
    assert neutralise(source) == source


@given(NEAR_REFERENCES)
def test_no_mention_or_reference_survives(text: str) -> None:
    rendered = _rendered_text(inline(text))
    assert REFERENCE.search(rendered) is None, rendered
    assert ISSUE_URL.search(rendered) is None, rendered


@pytest.mark.parametrize("text", ["---", "-- -", "--", "----x"])
def test_a_leading_run_of_dashes_is_text_not_a_thematic_break(text: str) -> None:
    assert RENDERER.render(inline(text)) == f"<p>{text}</p>\n"


URLS = ["https://github.com/o/r/issues/1", "http://github.com/o/r/pull/2", "https://www.github.com/o/r/discussions/3",
        "www.github.com/octo-org/my_repo.js/pull/45/files", "github.com/o/r/issues/6#issuecomment-7", "HTTPS://GITHUB.COM/O/R/ISSUES/8",
        "(see https://github.com/o/r/issues/9)"]


@pytest.mark.parametrize("text", URLS)
def test_issue_pull_request_and_discussion_addresses_are_broken(text: str) -> None:
    out = inline(text)
    rendered = _rendered_text(out)
    assert ISSUE_URL.search(rendered) is None and SCHEME_LINK.search(out) is None, out
    assert out.replace(ZWSP, "") == markdown_text(text)  # reads as written


def test_the_address_is_broken_after_the_scheme_and_before_the_number() -> None:
    # After "https:" no autolink is made (cmark-gfm wants "://" at once); before the number, a
    # "www." or bare address that still links points at ".../issues/%E2%80%8B1", which is no issue.
    assert inline("https://github.com/o/r/issues/1") == "https:\u200b//github.com/o/r/issues/\u200b1"
    assert inline("www.github.com/o/r/pull/22") == "www.github.com/o/r/pull/\u200b22"
    assert inline("github.com/o/r#3") == "github.com/o/r#\u200b3"  # the other form: a #reference
    assert RENDERER.render(inline("https://github.com/o/r/issues/1")).count("<a ") == 0


@pytest.mark.parametrize("text", ["https://github.com/o/r/commit/0123abc", "https://github.com/o/r", "https://example.com/issues/1",
                                  "0123abcdef0123abcdef0123abcdef0123abcdef", "https://github.com/o/r/blob/main/a.md"])
def test_other_addresses_and_commit_hashes_are_left_as_written(text: str) -> None:
    # A commit hash or address links (no mention, no issue reference, no event): left alone.
    assert inline(text) == markdown_text(text) and ZWSP not in inline(text)


@given(NEAR_REFERENCES)
def test_the_text_reads_as_before_once_the_zero_width_spaces_are_taken_out(text: str) -> None:
    out = inline(text)
    escaped = markdown_text(visible(text, lines=True)).replace(ZWSP, "")
    assert out.replace(ZWSP, "") == ("\\" + escaped if escaped.startswith("--") else escaped)  # and a leading "--" escaped
    assert "\n" not in out and "\x1b" not in out  # one line, nothing a terminal acts on


@given(NEAR_REFERENCES)
def test_rendered_it_is_the_text_as_written_one_line(text: str) -> None:
    expected = " ".join(visible(text, lines=True).replace(ZWSP, "").split())
    assert " ".join(_rendered_text(inline(text)).replace(ZWSP, "").split()) == expected
