"""Markdown for GitHub that can neither ping people nor link issues, and still reads the same
(rendered as tests/github_markdown.py does it)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cjmap.text.escape import markdown_text
from cjmap.text.markdown_safe import ZWSP, inline, neutralise
from cjmap.text.safe import visible
from github_markdown import REFERENCE, rendered_text

# Text that holds many near-references: the characters they are made of, and anything else.
PIECES = st.sampled_from(["@", "#", "GH-", "gh-", "1", "23", "octocat", "org/team", "owner/repo", "\\", "`", "_", "*", "&", "#x40;",
                          "&#64;", "&commat;", "<", ">", "|", "[", "]", "(", ")", " ", "\n", "\t", "\x00", "\x1b", "\u200b", "é", "-"])
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


@given(NEAR_REFERENCES)
def test_the_text_reads_as_before_once_the_zero_width_spaces_are_taken_out(text: str) -> None:
    out = inline(text)
    assert out.replace(ZWSP, "") == markdown_text(visible(text, lines=True)).replace(ZWSP, "")
    assert "\n" not in out and "\x1b" not in out  # one line, nothing a terminal acts on


@given(NEAR_REFERENCES)
def test_rendered_it_is_the_text_as_written_one_line(text: str) -> None:
    expected = " ".join(visible(text, lines=True).replace(ZWSP, "").split())
    assert " ".join(_rendered_text(inline(text)).replace(ZWSP, "").split()) == expected
