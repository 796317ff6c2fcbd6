"""What Mermaid does to a diagram's text before its lexer reads it (mermaid 12.3.0,
``preprocessDiagram`` and ``Diagram.fromText``), each step ported and each step's cuts
recorded, so that a position in the text the lexer reads maps back to the user's line and
column: line breaks made ``\\n``; a ``---`` front matter taken (its ``title:``); ``%%{…}%%``
directives and whole ``%%`` comment lines removed; leading space trimmed; the quirk of
``encodeEntities`` that drops the last ``;`` of a line holding ``style``/``classDef``, ``:``
and ``#``; entity codes ``#58;`` kept with stand-ins for their ``#`` and ``;``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

import yaml

# JavaScript's \s (ECMAScript WhiteSpace and LineTerminator), as a class and as characters:
# Python's \s differs (it takes \x1c-\x1f and \x85, and leaves out \ufeff).
JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
JS_SPACES = "\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff" + "".join(chr(code) for code in range(0x2000, 0x200B))
# Entity codes keep their place: their # and ; become these stand-ins (one character each, so
# positions do not move), which text decoded from UTF-8 cannot hold.
HASH, SEMI = "\udc00", "\udc01"
_ENTITY = re.compile(r"#([A-Za-z0-9_]+);", re.ASCII)
ENCODED = re.compile(f"{HASH}([A-Za-z0-9_]+){SEMI}", re.ASCII)
_LINE_ENDS = "\n\u2028\u2029"  # where JavaScript's "." stops once \r is gone


@dataclass
class Prepared:
    """The text the lexer reads (``\\n`` appended, as Mermaid appends it), the front matter's
    title, problems found on the way (position, message), and the way back to the original."""

    text: str
    front_title: str | None
    problems: list[tuple[int, str]] = field(default_factory=list)
    cuts: list[tuple[list[tuple[int, int]], int]] = field(default_factory=list)  # per step: (new start, old start) of each kept run; old length
    line_starts: list[int] = field(default_factory=lambda: [0])

    def where(self, position: int) -> tuple[int, int]:
        """1-based line and column in the original of a position in the lexed text (-1: the
        front matter, placed at line 1)."""
        if position < 0:
            return 1, 1
        for anchors, old_length in reversed(self.cuts):
            index = bisect.bisect_right(anchors, (position, 1 << 62)) - 1
            position = anchors[index][1] + position - anchors[index][0] if index >= 0 else old_length
        line = bisect.bisect_right(self.line_starts, position)
        return line, position - self.line_starts[line - 1] + 1


def prepare(original: str) -> Prepared:
    prepared = Prepared("", None, line_starts=_line_starts(original))
    # cleanupText: \r\n → \n (the \r dropped), a lone \r → \n; and the attributes of an HTML
    # tag lose their double quotes (<a href="x"> is read as <a href='x'>).
    text = _cut(original, [(i, i + 1) for i in _all(original, "\r\n")], prepared)
    text = _single_quoted_attributes(text.replace("\r", "\n"))
    front = _front_matter(text)
    if front is not None:
        length, body = front
        prepared.front_title, problem = _front_title(body)
        if problem:
            prepared.problems.append((-1, problem))
        text = _cut(text, [(0, length)], prepared)
    text = _cut(text, _directives(text), prepared)
    text = _cut(text, _comment_lines(text), prepared)
    text = _cut(text, [(0, len(text) - len(text.lstrip(JS_SPACES)))], prepared)
    text = _cut(text, _quirk_semicolons(text, "style"), prepared)
    text = _cut(text, _quirk_semicolons(text, "classDef"), prepared)
    prepared.text = _ENTITY.sub(lambda m: HASH + m[1] + SEMI, text) + "\n"
    return prepared


def is_journey(original: str) -> bool:
    """Mermaid's detector, ``/^\\s*journey/``: once front matter, directives and comments are
    gone, the text starts with ``journey`` (lower case: the detector has no i flag, though the
    lexer has; no word boundary is needed)."""
    text = original.replace("\r\n", "\n").replace("\r", "\n")
    front = _front_matter(text)
    text = text[front[0] :] if front else text
    text = _without(text, _directives(text))
    text = _without(text, _comment_lines(text))
    return text.lstrip(JS_SPACES).startswith("journey")


def _all(text: str, needle: str) -> list[int]:
    found, index = [], text.find(needle)
    while index >= 0:
        found.append(index)
        index = text.find(needle, index + len(needle))
    return found


def _line_starts(text: str) -> list[int]:
    lone_returns = [index + 1 for index in _all(text, "\r") if text[index + 1 : index + 2] != "\n"]
    return sorted([0, *(index + 1 for index in _all(text, "\n")), *lone_returns])


def _cut(text: str, ranges: list[tuple[int, int]], prepared: Prepared) -> str:
    """The text without ``ranges`` (sorted, apart); the kept runs are recorded for where()."""
    ranges = [(start, end) for start, end in ranges if end > start]
    if not ranges:
        return text
    anchors, pieces, kept, previous = [], [], 0, 0
    for start, end in [*ranges, (len(text), len(text))]:
        if start > previous:
            anchors.append((kept, previous))
            pieces.append(text[previous:start])
            kept += start - previous
        previous = end
    prepared.cuts.append((anchors, len(text)))
    return "".join(pieces)


def _without(text: str, ranges: list[tuple[int, int]]) -> str:
    return _cut(text, ranges, Prepared("", None))


def _single_quoted_attributes(text: str) -> str:
    """``<(\\w+)([^>]*)>`` with each ``="…"`` inside made ``='…'``, found in one scan (the
    pattern would scan the rest of the text again from every ``<`` that no ``>`` follows)."""
    if '="' not in text:
        return text
    pieces, index = [], 0
    while (opening := text.find("<", index)) >= 0:
        closing = text.find(">", opening + 1)
        if closing < 0:
            break
        name_end = opening + 1
        while name_end < closing and (text[name_end].isascii() and (text[name_end].isalnum() or text[name_end] == "_")):
            name_end += 1
        if name_end == opening + 1:
            pieces.append(text[index : opening + 1])
            index = opening + 1
            continue
        pieces.append(text[index:name_end] + _requote(text[name_end:closing]))
        index = closing
    pieces.append(text[index:])
    return "".join(pieces)


def _requote(attributes: str) -> str:
    pieces, index = [], 0
    while (start := attributes.find('="', index)) >= 0 and (end := attributes.find('"', start + 2)) >= 0:
        pieces.append(attributes[index:start] + "='" + attributes[start + 2 : end] + "'")
        index = end + 1
    return "".join(pieces) + attributes[index:]


def _front_matter(text: str) -> tuple[int, str] | None:
    """matchFrontMatter: the length of a ``---`` … ``---`` block at the start, and its YAML."""
    cursor = 0
    while cursor < len(text) and text[cursor] in JS_SPACES and text[cursor] != "\n":
        cursor += 1
    indent = text[:cursor]
    if not text.startswith("---", cursor):
        return None
    opening_ends = []
    index = cursor + 3
    while index < len(text) and text[index] in JS_SPACES:
        if text[index] == "\n":
            opening_ends.append(index)
        index += 1
    if not opening_ends:
        return None
    fence = indent + "---"
    closings = [i for i in _all(text, "\n" + fence) if i >= opening_ends[0] + 1 and _closing_end(text, i + 1 + len(fence)) >= 0]
    if not closings:
        return None
    body_start = max((end for end in opening_ends if end < closings[-1]), default=opening_ends[0]) + 1
    first = next((i for i in closings if i >= body_start), None)
    if first is None:
        return None
    body = text[body_start:first]
    if indent:
        body = "\n".join(line.removeprefix(indent) for line in body.split("\n"))
    return _closing_end(text, first + 1 + len(fence)) + 1, body


def _closing_end(text: str, index: int) -> int:
    """lastLineBreakInWhitespaceRun: the last line break of the space after a closing fence."""
    last = -1
    while index < len(text) and text[index] in JS_SPACES:
        if text[index] == "\n":
            last = index
        index += 1
    return last


def _front_title(body: str) -> tuple[str | None, str]:
    """The ``title:`` of the front matter as Mermaid takes it (js-yaml's JSON schema, then
    ``if (parsed.title) title = parsed.title.toString()``), or a problem when the YAML is not valid."""
    try:
        node = yaml.compose(body, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError) as problem:
        return None, f"the `---` front matter is not valid YAML, and Mermaid refuses the diagram: {str(problem).splitlines()[0][:120]}"
    if not isinstance(node, yaml.MappingNode):
        return None, ""
    value = next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == "title"), None)
    return (_js_string(value) or None) if value is not None else None, ""


def _js_string(node: yaml.Node) -> str:
    """A YAML value as JavaScript's toString() writes it; "" for what JavaScript finds false."""
    if isinstance(node, yaml.SequenceNode):
        return ",".join(_js_string(item) for item in node.value) or ""
    if isinstance(node, yaml.MappingNode):
        return "[object Object]"
    value = str(node.value)
    if getattr(node, "style", None):  # quoted: a string as written
        return value
    if value in ("", "~", "null", "Null", "NULL", "false", "False", "FALSE"):
        return ""
    if value in ("true", "True", "TRUE"):
        return "true"
    number = js_number(value) if _DECIMAL.fullmatch(value) else None
    if number is None:
        return value
    return "" if number == 0 else str(int(number)) if number.is_integer() and abs(number) < 1e21 else repr(number)


def js_number(text: str) -> float:
    r"""JavaScript's Number(text): spaces around it ignored, "" is 0, 0x/0o/0b, Infinity, NaN
    for anything else (Mermaid's score)."""
    text = text.strip(JS_SPACES)
    if not text:
        return 0.0
    if _DECIMAL.fullmatch(text):
        return float(text)
    if text in ("Infinity", "+Infinity", "-Infinity"):
        return float(text)
    based = _BASED.fullmatch(text)
    if based:
        return float(int(based[2], {"x": 16, "o": 8, "b": 2}[based[1].lower()]))
    return float("nan")


# Linear: digits, an optional point and digits, an optional exponent, each part once.
_DECIMAL = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?", re.ASCII)
_BASED = re.compile(r"0([xXoObB])([0-9a-fA-F]+)", re.ASCII)


def _directives(text: str) -> list[tuple[int, int]]:
    r"""directiveRegex, ``%{2}{\s*(?:(\w+)\s*:|(\w+))\s*(?:(\w+)|((?:(?!}%{2}).|\r?\n)*))?\s*(?:}%{2})?``,
    walked by hand: every part after the first word is optional, so the greedy reading is the match."""
    found, index = [], 0
    while (start := text.find("%%{", index)) >= 0:
        cursor = _skip(text, start + 3, JS_SPACES)
        word_end = _skip(text, cursor, _WORD)
        if word_end == cursor:
            index = start + 1
            continue
        cursor = _skip(text, word_end, JS_SPACES)
        cursor = _skip(text, cursor + 1 if text[cursor : cursor + 1] == ":" else word_end, JS_SPACES)
        if cursor < len(text) and text[cursor] in _WORD_SET:
            cursor = _skip(text, _skip(text, cursor, _WORD), JS_SPACES)
        else:
            closing = text.find("}%%", cursor)
            stop = min([p for p in (text.find("\u2028", cursor), text.find("\u2029", cursor), closing) if p >= 0], default=len(text))
            cursor = _skip(text, stop, JS_SPACES)
        if text.startswith("}%%", cursor):
            cursor += 3
        found.append((start, cursor))
        index = cursor
    return found


_WORD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_"
_WORD_SET = frozenset(_WORD)


def _skip(text: str, index: int, characters: str) -> int:
    while index < len(text) and text[index] in characters:
        index += 1
    return index


def _comment_lines(text: str) -> list[tuple[int, int]]:
    r"""cleanupComments: ``^\s*%%(?!{)[^\n]+\n?`` with the m flag; ``\s*`` may take blank lines before."""
    found, start = [], 0
    while start <= len(text):
        first = _skip(text, start, JS_SPACES)
        if text.startswith("%%", first) and first + 2 < len(text) and text[first + 2] not in "{\n":
            end = text.find("\n", first)
            end = len(text) if end < 0 else end + 1
            found.append((start, end))
            start = end
            if end == len(text):
                break
            continue
        start = _next_line_start(text, first)
        if start < 0:
            break
    return found


def _next_line_start(text: str, index: int) -> int:
    """The first position after ``index`` where JavaScript's multiline ``^`` holds, or -1."""
    found = [p for p in (text.find("\n", index), text.find("\u2028", index), text.find("\u2029", index)) if p >= 0]
    return min(found) + 1 if found else -1


def _quirk_semicolons(text: str, word: str) -> list[tuple[int, int]]:
    r"""``txt.replace(/style.*:\S*#.*;/g, s => s.substring(0, s.length - 1))`` (and classDef):
    on a line holding the word, then a colon followed by non-space up to a ``#``, and a ``;``
    after that ``#``, Mermaid drops the line's last ``;``."""
    found, line_start = [], 0
    while line_start <= len(text) and (at := text.find(word, line_start)) >= 0:
        line_end = min([p for p in (text.find(c, at) for c in _LINE_ENDS) if p >= 0], default=len(text))
        hash_at = _first_reachable_hash(text, at + len(word), line_end)
        semicolon = text.rfind(";", at, line_end)
        if hash_at >= 0 and semicolon > hash_at:
            found.append((semicolon, semicolon + 1))
        line_start = line_end + 1
    return found


def _first_reachable_hash(text: str, start: int, end: int) -> int:
    """The first ``#`` after a ``:`` (at or after ``start``) with no space between them."""
    colon = text.find(":", start, end)
    while colon >= 0:
        cursor = colon + 1
        while cursor < end and text[cursor] not in JS_SPACES and text[cursor] != "#":
            cursor += 1
        if cursor < end and text[cursor] == "#":
            return cursor
        colon = text.find(":", cursor, end)
    return -1
