"""Syntax errors from PyYAML (libyaml or pure Python) as located, actionable issues.

Where PyYAML stopped is not always where the mistake is; loader/pinpoint.py recognises the
cases where it is not. Any other error keeps PyYAML's own words, with a hint when one helps.
"""

from __future__ import annotations

from typing import Any

import yaml

from cjmap.loader.builder import Issue
from cjmap.loader.decoding import LINE_BREAK, line_at
from cjmap.loader.pinpoint import (
    over_indented_issue,
    tab_in_indentation_issue,
    tab_issue,
    text_after_quote_issue,
    unclosed_issue,
    under_indented_issue,
)
from cjmap.loader.source_text import tab_in_indentation


def syntax_issue(error: yaml.YAMLError, text: str) -> Issue:
    """A located CJ001 (or CJ011 for a tab in indentation) for a PyYAML error in ``text``."""
    if isinstance(error, yaml.reader.ReaderError):
        return _reader_issue(error, text)
    lines = LINE_BREAK.split(text)
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    pointed = (
        tab_issue(lines, line, column)
        or unclosed_issue(error, text)
        or over_indented_issue(error, lines, line, column)
        or under_indented_issue(error, lines, line, column)
        or text_after_quote_issue(error, lines)
    )
    if pointed is not None:
        return pointed
    while line > 1 and (line > len(lines) or not line_at(lines, line).strip()):
        # An error "at the end of the stream": point at the end of the last line with text.
        line -= 1
        column = len(line_at(lines, line)) + 1
    tab_column = tab_in_indentation(line_at(lines, line))
    if tab_column is not None:
        return tab_in_indentation_issue(line, tab_column)
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    message = f"YAML syntax error: {problem}" + _context(error) + _syntax_hint(problem)
    return Issue("CJ001", message, line, column)


def _context(error: yaml.YAMLError) -> str:
    """Where the unfinished thing started: the quote, bracket or mapping that never closed."""
    context, mark = getattr(error, "context", None), getattr(error, "context_mark", None)
    if not context:
        return ""
    where = f" at line {mark.line + 1} column {mark.column + 1}" if mark is not None else ""
    return f" ({context}{where})"


def _reader_issue(error: Any, text: str) -> Issue:
    """libyaml's reader errors carry a character offset, not a mark."""
    offset = min(max(error.position, 0), len(text))
    before = LINE_BREAK.split(text[:offset])
    character = error.character if isinstance(error.character, int) else ord(str(error.character)[:1] or "?")
    return Issue(
        "CJ001",
        f"control character U+{character:04X} is not allowed in YAML; remove it, or write it as "
        f"an escape such as \\x{character:02x} inside double quotes",
        len(before),
        len(before[-1]) + 1,
    )


def _syntax_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem:
        return "; if the value contains ': ', put it in quotes"
    if "could not find expected ':'" in problem:
        return "; check the indentation and that every key ends with ':'"
    if "found character that cannot start any token" in problem:
        return "; values starting with @ or ` must be quoted"
    return ""
