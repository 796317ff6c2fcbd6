"""Syntax errors from PyYAML (libyaml or pure Python) as located, actionable issues.

libyaml says what it found where it stopped, which is not always where the mistake is: an
unclosed quote or bracket stops it at the end of the file, and a key indented too far stops it
at the key's colon with "mapping values are not allowed". Those cases are recognised from the
text around the marks (not from the wording, which differs between libyaml and PyYAML's own
parser) and reported where the mistake is, saying what it is.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from cjmap.loader.builder import Issue
from cjmap.loader.decoding import LINE_BREAK, line_at

# What may stand before a tab that YAML refuses: indentation and the indicators of block
# sequences and explicit keys ("-\tfoo", "  - \tfoo", "- -\tfoo").
_INDICATORS_ONLY = re.compile(r"[ \t]*(?:[-?:][ \t]*)+\Z")
# A key's colon: followed by a space, a tab or the end of the line.
_KEY_COLON = re.compile(r":(?:[ \t]|\Z)")
_QUOTED_KEY_COLON = re.compile(r"[ \t]*(:)(?:[ \t]|\Z)")
# Characters that cannot start a plain key (indicators, and the start of a comment).
_NOT_A_KEY_START = set("#[]{},:>|&*!%@`-")
_CONTENT_START = re.compile(r"(?:[ \t]*-(?=[ \t]))*[ \t]*")
_CLOSER = {"[": "]", "{": "}"}
_FLOW_CONTEXTS = {"while parsing a flow sequence": "[", "while parsing a flow mapping": "{"}


def syntax_issue(error: yaml.YAMLError, text: str) -> Issue:
    """A located CJ001 (or CJ011 for a tab in indentation) for a PyYAML error in ``text``."""
    if isinstance(error, yaml.reader.ReaderError):
        return _reader_issue(error, text)
    lines = LINE_BREAK.split(text)
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    pointed = _tab_issue(lines, line, column) or _unclosed_issue(error, text) or _over_indented_issue(error, lines, line, column)
    if pointed is not None:
        return pointed
    while line > 1 and (line > len(lines) or not line_at(lines, line).strip()):
        # An error "at the end of the stream": point at the end of the last line with text.
        line -= 1
        column = len(line_at(lines, line)) + 1
    tab_column = _tab_in_indentation(line_at(lines, line))
    if tab_column is not None:
        return _tab_in_indentation_issue(line, tab_column)
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    message = f"YAML syntax error: {problem}" + _context(error) + _syntax_hint(problem)
    return Issue("CJ001", message, line, column)


def _tab_in_indentation_issue(line: int, column: int) -> Issue:
    return Issue("CJ011", "a tab is used for indentation; YAML indents with spaces only: replace the tab with spaces", line, column)


def _tab_issue(lines: list[str], line: int, column: int) -> Issue | None:
    """A tab where YAML stopped, after nothing but indentation and `-` (or `?`, `:`)."""
    source = line_at(lines, line)
    if source[column - 1 : column] != "\t":
        return None
    before = source[: column - 1]
    if not before.strip(" \t"):
        return _tab_in_indentation_issue(line, column)
    if not _INDICATORS_ONLY.match(before):
        return None
    indicator = before.rstrip(" \t")[-1]
    return Issue(
        "CJ011",
        f"a tab after `{indicator}` is not allowed: what follows `{indicator}` is indentation, and YAML indents with spaces only; replace the tab with a space",
        line,
        column,
    )


def _unclosed_issue(error: yaml.YAMLError, text: str) -> Issue | None:
    """A quote or bracket that is never closed, reported where it opens (libyaml stops at the
    end of the file, or wherever the unclosed text stops making sense)."""
    context, start = getattr(error, "context", None), getattr(error, "context_mark", None)
    if start is None or not context:
        return None
    opening = _char_at(text, start.line, start.column)
    problem = str(getattr(error, "problem", "") or "")
    if context == "while scanning a quoted scalar" and "end of stream" in problem and opening in ("'", '"'):
        return Issue(
            "CJ001",
            f"YAML syntax error: this `{opening}` opens a quoted value that is never closed; add the closing `{opening}` where the value ends",
            start.line + 1,
            start.column + 1,
        )
    bracket = _FLOW_CONTEXTS.get(context)
    stop = getattr(error, "problem_mark", None)
    # Stopped on the line it opens: something there is wrong ("[a b]"), whatever comes after.
    if bracket is None or opening != bracket or stop is None or stop.line == start.line:
        return None
    if _closes(text, _offset(text, start.line, start.column)):
        return None
    kind = "list" if bracket == "[" else "mapping"
    return Issue(
        "CJ001",
        f"YAML syntax error: this `{bracket}` is never closed; add `{_CLOSER[bracket]}` where the {kind} ends",
        start.line + 1,
        start.column + 1,
    )


def _closes(text: str, opening: int) -> bool:
    """Whether the bracket or brace at ``opening`` is matched later in ``text``: one linear pass
    that skips quoted text and comments, as a flow collection would be read."""
    depth, position, end = 0, opening, len(text)
    while position < end:
        char = text[position]
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                return True
        elif char in "'\"" and _starts_token(text, position):
            position = _quote_end(text, position)
        elif char == "#" and _starts_token(text, position):
            newline = LINE_BREAK.search(text, position)
            position = newline.start() if newline else end
        position += 1
    return False


def _starts_token(text: str, position: int) -> bool:
    """A quote or `#` means something only at the start of a token (not in ``it's`` or ``a#b``)."""
    return position == 0 or text[position - 1] in " \t\r\n[{,:"


def _quote_end(text: str, opening: int) -> int:
    """Offset of the quote that closes the one at ``opening`` (the end of the text if none)."""
    quote, position = text[opening], opening + 1
    while position < len(text):
        char = text[position]
        if quote == '"' and char == "\\":
            position += 2
            continue
        if char == quote:
            if quote == "'" and text.startswith("''", position):
                position += 2  # '' is an escaped quote inside single quotes
                continue
            return position
        position += 1
    return len(text)


def _over_indented_issue(error: yaml.YAMLError, lines: list[str], line: int, column: int) -> Issue | None:
    """A key indented more than the key above it, which YAML reads as more of that key's value."""
    source = line_at(lines, line)
    start = _key_column(source)
    found = _key_at(source, start)
    if found is None:
        return None
    key, colon = found
    if str(getattr(error, "problem", "") or "").startswith("mapping values are not allowed"):
        stopped_at_the_key = column - 1 == colon  # at this key's own colon
    else:  # "did not find expected key" (libyaml), "expected <block end>" (PyYAML): at the key
        stopped_at_the_key = getattr(error, "context", None) == "while parsing a block mapping" and column - 1 == start
    above = _key_above(lines, line, start) if stopped_at_the_key else None
    if above is None:
        return None
    above_line, above_key = above
    return Issue(
        "CJ001",
        f"YAML syntax error: the key `{key}` is indented more than the key `{above_key}` above it (line {above_line}), "
        f"so YAML reads it as more of `{above_key}`'s value; align `{key}` with `{above_key}`",
        line,
        start + 1,
    )


def _key_above(lines: list[str], line: int, column: int) -> tuple[int, str] | None:
    """The nearest key left of ``column`` above ``line``, when it has a value on its own line
    (a key with nothing after its colon would be a parent, and a deeper key its child)."""
    for number in range(line - 1, 0, -1):
        source = line_at(lines, number)
        if not source.strip() or source.lstrip().startswith("#"):
            continue
        start = _key_column(source)
        if start >= column:
            continue  # deeper, or the lines of a value that continues
        found = _key_at(source, start)
        if found is None:
            return None
        key, colon = found
        value = source[colon + 1 :].strip()
        return (number, key) if value and not value.startswith("#") else None
    return None


def _key_at(source: str, start: int) -> tuple[str, int] | None:
    """The block mapping key that starts at ``start`` and the offset of its colon, if there is one."""
    first = source[start : start + 1]
    if first in ("'", '"'):
        after = _quote_end(source, start) + 1
        colon = _QUOTED_KEY_COLON.match(source, after) if after <= len(source) else None
        return (source[start:after], colon.start(1)) if colon is not None else None
    if not first or first.isspace() or first in _NOT_A_KEY_START:
        return None
    colon = _KEY_COLON.search(source, start)
    if colon is None:
        return None
    key = source[start : colon.start()].rstrip(" \t")
    return None if " #" in key or "\t#" in key else (key, colon.start())


def _key_column(source: str) -> int:
    """0-based column where a line's content starts, past indentation and `- ` indicators."""
    return _CONTENT_START.match(source).end()  # type: ignore[union-attr]  # the pattern matches any text


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


def _tab_in_indentation(source: str) -> int | None:
    indentation = source[: len(source) - len(source.lstrip(" \t"))]
    position = indentation.find("\t")
    return position + 1 if position >= 0 else None


def _char_at(text: str, line: int, column: int) -> str:
    """The character at a 0-based mark ("" past the end)."""
    return text[_offset(text, line, column) : _offset(text, line, column) + 1]


def _offset(text: str, line: int, column: int) -> int:
    """Character offset of a 0-based line and column, counting the breaks libyaml counts."""
    line_start = 0
    if line > 0:
        for number, found in enumerate(LINE_BREAK.finditer(text), start=1):
            line_start = found.end()
            if number == line:
                break
    return min(line_start + column, len(text))


def _syntax_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem:
        return "; if the value contains ': ', put it in quotes"
    if "could not find expected ':'" in problem:
        return "; check the indentation and that every key ends with ':'"
    if "found character that cannot start any token" in problem:
        return "; values starting with @ or ` must be quoted"
    return ""
