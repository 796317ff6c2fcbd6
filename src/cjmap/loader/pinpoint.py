"""Syntax mistakes that PyYAML reports somewhere else, or in its own terms, found where they are.

libyaml says what it found where it stopped, which is not always where the mistake is: an
unclosed quote or bracket stops it at the end of the file, a key indented too far stops it at
the key's colon with "mapping values are not allowed", and an apostrophe inside single quotes
(`'Ana's map'`) stops it at the text after the quote that closed the value. A key indented less
than the keys of its mapping (but more than what holds the mapping) stops it at the right place
with words about parser tokens ("did not find expected '-' indicator"). Those cases are
recognised mainly from the text around the marks (the wording differs between libyaml and
PyYAML's own parser; where a case checks it, it knows both) and reported where the mistake is,
saying what it is. Each function answers None when the text does not show its case.
"""

from __future__ import annotations

import re

import yaml

from cjmap.loader.builder import Issue
from cjmap.loader.decoding import line_at, offset_at
from cjmap.loader.source_text import char_at, closes, key_at, key_column, meant_text, opening_quote

# What may stand before a tab that YAML refuses: indentation and the indicators of block
# sequences and explicit keys ("-\tfoo", "  - \tfoo", "- -\tfoo").
_INDICATORS_ONLY = re.compile(r"[ \t]*(?:[-?:][ \t]*)+\Z")
_CLOSER = {"[": "]", "{": "}"}
_FLOW_CONTEXTS = {"while parsing a flow sequence": "[", "while parsing a flow mapping": "{"}
# The longest text from the file a message repeats; longer text is cut, so messages stay short.
_SHOWN_CHARS = 60


def tab_in_indentation_issue(line: int, column: int) -> Issue:
    return Issue("CJ011", "a tab is used for indentation; YAML indents with spaces only: replace the tab with spaces", line, column)


def tab_issue(lines: list[str], line: int, column: int) -> Issue | None:
    """A tab where YAML stopped, after nothing but indentation and `-` (or `?`, `:`)."""
    source = line_at(lines, line)
    if source[column - 1 : column] != "\t":
        return None
    before = source[: column - 1]
    if not before.strip(" \t"):
        return tab_in_indentation_issue(line, column)
    if not _INDICATORS_ONLY.match(before):
        return None
    indicator = before.rstrip(" \t")[-1]
    return Issue(
        "CJ011",
        f"a tab after `{indicator}` is not allowed: what follows `{indicator}` is indentation, and YAML indents with spaces only; replace the tab with a space",
        line,
        column,
    )


def unclosed_issue(error: yaml.YAMLError, text: str) -> Issue | None:
    """A quote or bracket that is never closed, reported where it opens (libyaml stops at the
    end of the file, or wherever the unclosed text stops making sense)."""
    context, start = getattr(error, "context", None), getattr(error, "context_mark", None)
    if start is None or not context:
        return None
    opening = char_at(text, start.line, start.column)
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
    if closes(text, offset_at(text, start.line, start.column)):
        return None
    kind = "list" if bracket == "[" else "mapping"
    return Issue(
        "CJ001",
        f"YAML syntax error: this `{bracket}` is never closed; add `{_CLOSER[bracket]}` where the {kind} ends",
        start.line + 1,
        start.column + 1,
    )


def over_indented_issue(error: yaml.YAMLError, lines: list[str], line: int, column: int) -> Issue | None:
    """A key indented more than the key above it, which YAML reads as more of that key's value."""
    source = line_at(lines, line)
    start = key_column(source)
    found = key_at(source, start)
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
        start = key_column(source)
        if start >= column:
            continue  # deeper, or the lines of a value that continues
        found = key_at(source, start)
        if found is None:
            return None
        key, colon = found
        value = source[colon + 1 :].strip()
        return (number, key) if value and not value.startswith("#") else None
    return None


# Where PyYAML stops at a key that is indented less than the keys of its mapping but more than
# what holds that mapping: libyaml's words (by the context it names), then PyYAML's own.
_UNDER_INDENTED_PROBLEMS = {
    "while parsing a block mapping": ("did not find expected key", "expected <block end>, but found '<block mapping start>'"),
    "while parsing a block collection": ("did not find expected '-' indicator", "expected <block end>, but found '<block mapping start>'"),
}


def under_indented_issue(error: yaml.YAMLError, lines: list[str], line: int, column: int) -> Issue | None:
    """A key indented less than the key above it and more than the key or `-` that holds them:
    YAML closes the mapping above and finds a key that belongs to no open collection."""
    problems = _UNDER_INDENTED_PROBLEMS.get(str(getattr(error, "context", None)), ())
    if str(getattr(error, "problem", "") or "") not in problems:
        return None
    source = line_at(lines, line)
    start = key_column(source)
    found = key_at(source, start) if column - 1 == start else None
    levels = _levels_around(lines, line, start) if found is not None else None
    if found is None or levels is None:
        return None
    key = found[0]
    (sibling_line, sibling), (holder_line, holder) = levels
    return Issue(
        "CJ001",
        f"YAML syntax error: the key `{key}` is indented less than the key `{sibling}` above it (line {sibling_line}) "
        f"and more than {holder} (line {holder_line}), so YAML cannot tell where it belongs; align `{key}` with `{sibling}`",
        line,
        start + 1,
    )


def _levels_around(lines: list[str], line: int, column: int) -> tuple[tuple[int, str], tuple[int, str]] | None:
    """The key above ``line`` least indented past ``column`` (the mapping the key was meant for),
    and the key or `-` that holds it: the nearest line above indented less than ``column``.
    One pass up to that line; None when a line above starts at ``column`` (then the key is not
    between two levels) or the holder is neither a key nor a `-`."""
    sibling: tuple[int, str] | None = None
    sibling_column = 0
    for number in range(line - 1, 0, -1):
        source = line_at(lines, number)
        stripped = source.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        indent, start = len(source) - len(stripped), key_column(source)
        if start > column and (sibling is None or start < sibling_column):  # the nearest of the least indented
            found = key_at(source, start)
            if found is not None:
                sibling, sibling_column = (number, found[0]), start
        if indent == column:
            return None
        if indent < column:
            holder = _holder(source, indent)
            return (sibling, (number, holder)) if sibling is not None and holder is not None else None
    return None


def _holder(source: str, indent: int) -> str | None:
    """How a message names what holds a mapping: its list item's `-`, or its parent key."""
    if source[indent] == "-":
        return "the `-` of its list item"
    found = key_at(source, indent)
    return f"the key `{found[0]}`" if found is not None else None


def text_after_quote_issue(error: yaml.YAMLError, lines: list[str]) -> Issue | None:
    """Text on the same line right after a quoted value that has closed: an apostrophe inside
    single quotes (``'Ana's map'``) or words after the quotes (``"x" y``). YAML stops at the text
    with "did not find expected key"; the mistake is the quote before it."""
    stop = getattr(error, "problem_mark", None)
    if stop is None:
        return None
    source = line_at(lines, stop.line + 1)
    following = source[stop.column : stop.column + 1]
    if not following or following.isspace() or following in ":#":
        return None  # nothing follows, or a colon (a key: YAML's own message says it) or a comment
    close = len(source[: stop.column].rstrip(" \t")) - 1
    opening = opening_quote(source, close) if close > 0 and source[close] in "'\"" else None
    if opening is None:
        return None  # the value did not open on this line: PyYAML's words are as good a guess
    in_flow = getattr(error, "context", None) in _FLOW_CONTEXTS
    return Issue("CJ001", _text_after_quote_message(source, opening, close, in_flow), stop.line + 1, close + 1)


def _text_after_quote_message(source: str, opening: int, close: int, in_flow: bool) -> str:
    quote = source[close]
    written = source[opening : close + 1]
    shown = written if len(written) <= _SHOWN_CHARS else written[: _SHOWN_CHARS - 3] + "…"
    meant = meant_text(source, opening, close, in_flow)
    single = "'" + meant.replace("'", "''") + "'"
    double = '"' + meant.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if len(meant) > _SHOWN_CHARS:  # too long to spell out again: show the quote in context only
        single = "'…" + ("''" if quote == "'" else '"') + "…'"
        double = '"…' + ('\\"' if quote == '"' else "'") + '…"'
    said = f"YAML syntax error: the quoted value `{shown}` ends at this `{quote}`, and text follows it on the same line; "
    if quote == "'":
        return said + f"to write `'` inside single quotes double it (`{single}`), or quote with double quotes (`{double}`)"
    return said + f'to write `"` inside double quotes write `\\"` (`{double}`), or quote with single quotes (`{single}`)'
