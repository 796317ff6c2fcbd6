"""Markdown as GitHub reads it, for the tests of every Markdown writer: rendered with
markdown-it-py (CommonMark and tables, as GitHub's cmark-gfm parses them), and what GitHub would
turn into a mention or an issue link, looked for in the rendered text, where GitHub looks."""

from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt

RENDERER = MarkdownIt("commonmark").enable("table")
# Mentions (@user, @org/team) and issue references (#1, GH-1, owner/repo#1).
REFERENCE = re.compile(r"@[A-Za-z0-9_-]|#\d|(?i:gh-)\d")
ZWSP = "\u200b"
# Names that would ping or link on GitHub, for the journeys of the command tests.
PINGS = ("@octocat", "@org/team", "#12", "owner/repo#34", "GH-56")


def rendered_text(markdown: str) -> str:
    """The text a reader sees: the rendered HTML without its tags, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", RENDERER.render(markdown)))


def assert_no_reference(markdown: str) -> str:
    """The rendered text, after checking it holds no mention or issue reference."""
    text = rendered_text(markdown)
    found = REFERENCE.search(text)
    assert found is None, f"GitHub would link {found.group(0)!r} in {text[max(0, found.start() - 40):found.end() + 40]!r}"
    return text
