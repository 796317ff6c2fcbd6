"""Escaping for each target language; every string from a journey goes through one of these.

HTML and SVG are escaped by Jinja's autoescape. DOT, Mermaid and Markdown have their own rules.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"\s+")


def dot_quote(value: object) -> str:
    """A DOT double-quoted string, safe for any text.

    Backslashes are doubled, which also disarms Graphviz's label escapes (``\\N``, ``\\G``,
    ``\\l``…); quotes are escaped; line breaks become ``\\n``. Braces, ``<`` and ``|`` are
    plain characters inside a quoted string (no record shapes are used).
    """
    text = _CONTROL.sub("", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"'


def mermaid_text(value: object) -> str:
    """Text for a Mermaid ``journey``.

    Its grammar gives ``:`` ``#`` ``;`` and newlines meaning, ``%%`` starts a comment or a
    directive, and some renderers treat labels as HTML: angle brackets become ‹ ›.
    """
    text = _CONTROL.sub("", str(value))
    text = text.replace(":", " -").replace(";", ",").replace("#", "").replace("%%", "%").replace("`", "'")
    text = text.replace("<", "‹").replace(">", "›")
    text = _SPACES.sub(" ", text).strip()
    return text or "-"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|])")
# At the start of a line these would make a heading, a quote, a list or a rule.
_MARKDOWN_BLOCK_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")


def markdown_text(value: object) -> str:
    """Inline Markdown text: no formatting, links, HTML or table breaks can come from the data."""
    text = _CONTROL.sub("", str(value))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    text = _SPACES.sub(" ", text).strip()
    return _MARKDOWN_BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
