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
