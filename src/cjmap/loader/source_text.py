"""Reading YAML source text without a parser: where a quote ends, whether a bracket closes,
where a block mapping key starts and where its colon is.

These are the few questions the syntax messages ask of the text around PyYAML's marks. Each
answer comes from one linear pass over the text it is given.
"""

from __future__ import annotations

import re

from cjmap.loader.decoding import LINE_BREAK, offset_at

# A key's colon: followed by a space, a tab or the end of the line.
_KEY_COLON = re.compile(r":(?:[ \t]|\Z)")
_QUOTED_KEY_COLON = re.compile(r"[ \t]*(:)(?:[ \t]|\Z)")
# Characters that cannot start a plain key (indicators, and the start of a comment).
_NOT_A_KEY_START = set("#[]{},:>|&*!%@`-")
_CONTENT_START = re.compile(r"(?:[ \t]*-(?=[ \t]))*[ \t]*")
# Where a value written on one line ends: the end of the line, a comment, or a key's colon;
# in a flow collection also the `,`, `]` or `}` after it.
_BLOCK_VALUE_END = re.compile(r"\Z|[ \t]#|:(?:[ \t]|\Z)")
_FLOW_VALUE_END = re.compile(r"\Z|[ \t]#|:(?:[ \t]|\Z)|[,\]}]")


def closes(text: str, opening: int) -> bool:
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
        elif char in "'\"" and starts_token(text, position):
            position = quote_end(text, position)
        elif char == "#" and starts_token(text, position):
            newline = LINE_BREAK.search(text, position)
            position = newline.start() if newline else end
        position += 1
    return False


def starts_token(text: str, position: int) -> bool:
    """A quote or `#` means something only at the start of a token (not in ``it's`` or ``a#b``)."""
    return position == 0 or text[position - 1] in " \t\r\n[{,:"


def quote_end(text: str, opening: int) -> int:
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


def key_at(source: str, start: int) -> tuple[str, int] | None:
    """The block mapping key that starts at ``start`` and the offset of its colon, if there is one."""
    first = source[start : start + 1]
    if first in ("'", '"'):
        after = quote_end(source, start) + 1
        colon = _QUOTED_KEY_COLON.match(source, after) if after <= len(source) else None
        return (source[start:after], colon.start(1)) if colon is not None else None
    if not first or first.isspace() or first in _NOT_A_KEY_START:
        return None
    colon = _KEY_COLON.search(source, start)
    if colon is None:
        return None
    key = source[start : colon.start()].rstrip(" \t")
    return None if " #" in key or "\t#" in key else (key, colon.start())


def key_column(source: str) -> int:
    """0-based column where a line's content starts, past indentation and `- ` indicators."""
    return _CONTENT_START.match(source).end()  # type: ignore[union-attr]  # the pattern matches any text


def tab_in_indentation(source: str) -> int | None:
    """1-based column of the first tab in a line's indentation, if there is one."""
    indentation = source[: len(source) - len(source.lstrip(" \t"))]
    position = indentation.find("\t")
    return position + 1 if position >= 0 else None


def char_at(text: str, line: int, column: int) -> str:
    """The character at a 0-based mark ("" past the end)."""
    return text[offset_at(text, line, column) : offset_at(text, line, column) + 1]


def opening_quote(source: str, close: int) -> int | None:
    """Where the quoted value that ends at the quote at ``close`` opens on the line ``source``,
    if it opens there: one pass over the line's tokens, skipping the quoted ones whole."""
    position = 0
    while position < close:
        char = source[position]
        if char in "'\"" and starts_token(source, position):
            end = quote_end(source, position)
            if end >= close:
                return position if end == close else None
            position = end
        elif char == "#" and starts_token(source, position):
            return None  # a comment: the quote at ``close`` is inside it
        position += 1
    return None


def meant_text(source: str, opening: int, close: int, in_flow: bool) -> str:
    """What the writer of a quoted value followed by more text most likely meant as the value.

    ``'Ana's map'``: the text between the first quote and the one that ends the value (before the
    end of the line, a comment, or in a flow collection a `,`, `]` or `}`). ``"Quick" checkout``:
    no later quote ends it, so the quotes are part of the text: all of it up to that end.
    """
    ends = _FLOW_VALUE_END if in_flow else _BLOCK_VALUE_END
    quote = re.compile(re.escape(source[close]) + f"(?=[ \t]*(?:{ends.pattern}))")
    found = quote.search(source, close + 1)
    if found is not None:
        return source[opening + 1 : found.start()]
    end = ends.search(source, close + 1)
    return source[opening : end.start() if end is not None else len(source)].rstrip(" \t")
