"""Escaping for each target language; every string from a journey goes through one of these.

HTML and SVG are escaped by Jinja's autoescape, after :func:`plain_text` (the environment's
``finalize``); DOT, Mermaid and Markdown have their own rules (Mermaid's, which need more than
one function, in :mod:`cjmap.text.mermaid_escape`); CSV cells go through :func:`plain_text` too.
"""

from __future__ import annotations

import re

# C0 and C1 controls (NEL, U+0085, is whitespace and folds with the others) and the bidi
# embeddings, overrides and isolates, which would reorder what a reader sees (CVE-2021-42574).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")
# The control characters alone: HTML and CSV keep bidi characters, which are text there.
_CONTROL_ONLY = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")


def plain_text(value: str) -> str:
    """Text without the control characters a terminal would act on: an ESC sequence or OSC 52
    in a name would reach the terminal of whoever prints the HTML or CSV (they are not valid in
    HTML either). A CR becomes a line break. Bidi characters stay: in HTML and CSV they are text
    (the HTML map sets no direction overrides of its own)."""
    return _CONTROL_ONLY.sub("", value).replace("\r\n", "\n").replace("\r", "\n")


def dot_quote(value: object) -> str:
    """A DOT double-quoted string, safe for any text.

    Backslashes are doubled, which also disarms Graphviz's label escapes (``\\N``, ``\\G``,
    ``\\l``…); quotes are escaped; line breaks become ``\\n``. Braces, ``<`` and ``|`` are
    plain characters inside a quoted string (no record shapes are used).
    """
    text = CONTROL.sub("", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"'


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
# At the start of a line these would make a heading, a quote or a list (CommonMark): escape
# the punctuation, which is all CommonMark lets a backslash escape.
# Also a "-" before another: "---" or "-- -" alone is a thematic break (a rule across the page).
_MARKDOWN_BLOCK_START = re.compile(r"^(#{1,6}(?=\s|$)|>|\+(?=\s|$)|-(?=[-\s]|$)|\d+(?=[.)](\s|$)))")


def markdown_text(value: object) -> str:
    """Inline Markdown text: no formatting, links, HTML or table breaks can come from the data.

    (GitHub still turns a bare ``https://…`` into a link, as it would in any text.)"""
    text = CONTROL.sub("", str(value))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    text = _SPACES.sub(" ", text).strip()
    return _MARKDOWN_BLOCK_START.sub(_escape_block_start, text)


def _escape_block_start(match: re.Match[str]) -> str:
    marker = match.group(0)
    return marker + "\\" if marker[0].isdigit() else "\\" + marker
