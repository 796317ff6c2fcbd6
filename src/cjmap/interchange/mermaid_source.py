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
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import yaml

# JavaScript's \s (ECMAScript WhiteSpace and LineTerminator): Python's \s differs (it takes
# \x1c-\x1f and \x85, and leaves out \ufeff).
from cjmap.text.mermaid_escape import JS_SPACE_CHARS

# Entity codes keep their place: their # and ; become these stand-ins (one character each, so
# positions do not move), which text decoded from UTF-8 cannot hold.
HASH, SEMI = "\udc00", "\udc01"
_ENTITY = re.compile(r"#([A-Za-z0-9_]+);", re.ASCII)
ENCODED = re.compile(f"{HASH}([A-Za-z0-9_]+){SEMI}", re.ASCII)
# Where JavaScript's "." stops once \r is gone. Searched with a compiled class: str.find of
# U+2028 is a slow scan once the text holds any character above U+00FF, and a scan to the end
# from every line made 5 MB of sections take minutes.
_LINE_END = re.compile("[\n\u2028\u2029]")
_SEPARATOR = re.compile("[\u2028\u2029]")
_CLOSING = re.compile(re.escape("}%%"))


@dataclass
class Prepared:
    """The text the lexer reads (``\\n`` appended, as Mermaid appends it), the front matter's
    title and its problems, and the way back to the original."""

    text: str
    front_title: str | None
    front_problems: list[tuple[int, int, str]] = field(default_factory=list)  # line, column (0: unknown) in the original, message
    cuts: list[tuple[list[tuple[int, int]], int]] = field(default_factory=list)  # per step: (new start, old start) of each kept run; old length
    line_starts: list[int] = field(default_factory=lambda: [0])

    def where(self, position: int) -> tuple[int, int]:
        """1-based line and column in the original of a position in the lexed text."""
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
        length, body, lines_before, indent = front
        try:
            prepared.front_title = _front_title(body)
        except FrontMatterError as problem:
            # Lines are counted as in the original: only the \r of each \r\n is gone so far.
            prepared.front_problems.append((lines_before + problem.line, problem.column + (indent if problem.column else 0), problem.message))
        text = _cut(text, [(0, length)], prepared)
    text = _cut(text, _directives(text), prepared)
    text = _cut(text, _comment_lines(text), prepared)
    text = _cut(text, [(0, len(text) - len(text.lstrip(JS_SPACE_CHARS)))], prepared)
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
    return text.lstrip(JS_SPACE_CHARS).startswith("journey")


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


def _front_matter(text: str) -> tuple[int, str, int, int] | None:
    """matchFrontMatter: the length of a ``---`` … ``---`` block at the start, its YAML, the
    lines before the YAML and the indentation taken from each of its lines."""
    cursor = 0
    while cursor < len(text) and text[cursor] in JS_SPACE_CHARS and text[cursor] != "\n":
        cursor += 1
    indent = text[:cursor]
    if not text.startswith("---", cursor):
        return None
    opening_ends = []
    index = cursor + 3
    while index < len(text) and text[index] in JS_SPACE_CHARS:
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
    return _closing_end(text, first + 1 + len(fence)) + 1, body, text.count("\n", 0, body_start), len(indent)


def _closing_end(text: str, index: int) -> int:
    """lastLineBreakInWhitespaceRun: the last line break of the space after a closing fence."""
    last = -1
    while index < len(text) and text[index] in JS_SPACE_CHARS:
        if text[index] == "\n":
            last = index
        index += 1
    return last


class FrontMatterError(ValueError):
    """What Mermaid refuses in the front matter (or cjmap, for aliases), at a 1-based line of the
    YAML and column (0 when unknown)."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line, self.column, self.message = line, column, message


# js-yaml's JSON schema (Mermaid's): explicit tags it knows; any other is an error there.
_KNOWN_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("str", "seq", "map", "null", "bool", "int", "float"))
_QUOTE_IT = 'quote the title if it holds a colon, a # or starts with [ { & * ! | > \' " % @ or `, e.g. title: "Sales: Q3"'


def _front_title(body: str) -> str | None:
    """The ``title:`` of the front matter as Mermaid takes it (js-yaml's JSON schema, then
    ``if (parsed.title) title = parsed.title.toString()``); raises FrontMatterError where
    Mermaid refuses the YAML, and for an alias (``*a``): js-yaml expands aliases, so a few lines
    of them make a title of billions of characters, or one that holds itself."""
    stack: list[list[Any]] = []  # the collections being read, innermost last: ["seq", items] or ["map", {}, pending key]
    root: Any = None
    for event in _events(body):
        _check(event)
        if isinstance(event, yaml.ScalarEvent):
            value: Any = _scalar(event)
        elif isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
            stack.append(["seq", []] if isinstance(event, yaml.SequenceStartEvent) else ["map", {}, None])
            continue
        elif isinstance(event, yaml.CollectionEndEvent):
            value = stack.pop()
        else:
            continue
        if stack:
            _add(stack[-1], value, event)
        else:
            root = value
    if not isinstance(root, list) or root[0] != "map" or "title" not in root[1]:
        return None
    return _js_string(root[1]["title"]) or None


def _check(event: yaml.Event) -> None:
    if isinstance(event, yaml.AliasEvent):
        raise FrontMatterError(*_mark(event), "the front matter uses an alias (`*name`): cjmap does not expand YAML aliases; write the value out")
    tag = getattr(event, "tag", None)
    if tag not in (None, "!") and tag not in _KNOWN_TAGS:
        raise FrontMatterError(*_mark(event), f"the front matter's tag {tag!r} is unknown to Mermaid (it reads YAML's JSON schema), and Mermaid refuses the diagram")


def _add(collection: list[Any], value: Any, event: yaml.Event) -> None:
    """A value into the sequence or mapping being read: a mapping's values alternate key, value."""
    if collection[0] == "seq":
        collection[1].append(value)
    elif collection[2] is None:
        key = _js_string(value, falsy=False)
        if key in collection[1]:
            raise FrontMatterError(*_mark(event), f"the front matter has the key {key!r} twice: Mermaid refuses the diagram (duplicated mapping key)")
        collection[2] = key
    else:
        collection[1][collection[2]] = value
        collection[2] = None


# libyaml's parser when PyYAML has it: linear, and it stops at 1,000 levels of nesting (the
# pure-Python scanner is quadratic in the depth: 5,000 `[` took 4 s).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _events(body: str) -> list[yaml.Event]:
    """The YAML's events (a parser is a state machine: no recursion however deep the nesting);
    the first document only, as js-yaml's load() refuses a second."""
    events: list[yaml.Event] = []
    try:
        for event in yaml.parse(body, Loader=_YAML_LOADER):
            if isinstance(event, yaml.DocumentStartEvent) and any(isinstance(e, yaml.DocumentEndEvent) for e in events[-1:]):
                raise FrontMatterError(*_mark(event), "the front matter holds two YAML documents, and Mermaid refuses the diagram")
            events.append(event)
    except yaml.MarkedYAMLError as problem:
        mark = problem.problem_mark or problem.context_mark
        reason = problem.problem or problem.context or "not valid YAML"
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 0)
        raise FrontMatterError(line, column, f"the `---` front matter is not valid YAML ({reason}), and Mermaid refuses the diagram; {_QUOTE_IT}") from None
    except yaml.YAMLError as problem:
        raise FrontMatterError(1, 0, f"the `---` front matter is not valid YAML, and Mermaid refuses the diagram: {str(problem).splitlines()[0][:120]}") from None
    return events


def _mark(event: yaml.Event) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark else (1, 0)


def _scalar(event: yaml.ScalarEvent) -> Any:
    """A scalar as js-yaml's JSON schema reads it: quoted or tagged !!str is a string; else
    null, a boolean, an integer (0b, 0x, 0o, decimal) or a float (.inf, .nan); else a string."""
    value = event.value
    tag = event.tag if event.tag not in (None, "!") else None
    if event.style or tag == "tag:yaml.org,2002:str" or event.tag == "!":
        return value
    if value in ("", "~", "null", "Null", "NULL") and tag in (None, "tag:yaml.org,2002:null"):
        return None
    if value in ("true", "True", "TRUE", "false", "False", "FALSE") and tag in (None, "tag:yaml.org,2002:bool"):
        return value.lower() == "true"
    if tag in (None, "tag:yaml.org,2002:int") and (number := _yaml_integer(value)) is not None:
        return number
    if tag in (None, "tag:yaml.org,2002:float") and _YAML_FLOAT.fullmatch(value):
        lowered = value.lower()
        sign = -1.0 if lowered.startswith("-") else 1.0
        lowered = lowered.lstrip("+-")
        return sign * float("inf") if lowered == ".inf" else float("nan") if lowered == ".nan" else sign * float(lowered)
    if tag is not None:
        raise FrontMatterError(*_mark(event), f"the front matter's {value[:40]!r} cannot be read as {tag.rsplit(':', 1)[-1]}, and Mermaid refuses the diagram")
    return value


_YAML_INTEGER = re.compile(r"([-+]?)(?:0b([01]+)|0x([0-9a-fA-F]+)|0o([0-7]+)|([0-9]+))", re.ASCII)
_YAML_FLOAT = re.compile(r"[-+]?[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9]+(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)", re.ASCII)


def _yaml_integer(value: str) -> float | None:
    """js-yaml's resolveYamlInteger and parseYamlInteger (lower-case prefixes only, no
    underscores), as a JavaScript number."""
    match = _YAML_INTEGER.fullmatch(value)
    if match is None:
        return None
    sign = -1 if match[1] == "-" else 1
    binary, hexadecimal, octal, decimal = match.groups()[1:]
    try:
        number = float(int(binary, 2) if binary else int(hexadecimal, 16) if hexadecimal else int(octal, 8) if octal else int(decimal))
    except (OverflowError, ValueError):  # beyond a double (or Python's digit limit): js-yaml's isFinite fails, so a float
        return None
    return sign * number


def _js_string(value: Any, *, falsy: bool = True) -> str:
    """A value as JavaScript's toString() writes it; with ``falsy``, "" for what JavaScript
    finds false (Mermaid keeps a title only ``if (parsed.title)``). Walked without recursion:
    an array's items are written in place of the array."""
    if falsy and (value is None or value is False or (isinstance(value, float) and (value == 0 or math.isnan(value))) or value == ""):
        return ""
    pieces: list[str] = []
    pending: list[Any] = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, list) and item[0] == "seq":
            # Array.prototype.join: items split by ",", null as "".
            joined: list[Any] = []
            for index, element in enumerate(item[1]):
                joined.extend([_COMMA] if index else [])
                joined.append("" if element is None else element)
            pending.extend(reversed(joined))
        elif isinstance(item, list):
            pieces.append("[object Object]")
        elif item is _COMMA:
            pieces.append(",")
        elif item is None:
            pieces.append("null")
        elif isinstance(item, bool):
            pieces.append("true" if item else "false")
        elif isinstance(item, float):
            pieces.append(js_number_text(item))
        else:
            pieces.append(str(item))
    return "".join(pieces)


_COMMA = object()


def js_number_text(number: float) -> str:
    """JavaScript's Number.prototype.toString(): the shortest digits that read back (as Python's
    repr), written in JavaScript's form (1e21 and up, and below 1e-6, with an exponent)."""
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    if number == 0:
        return "0"
    _, digits, exponent = Decimal(repr(abs(number))).normalize().as_tuple()
    written = "".join(map(str, digits))
    point = int(exponent) + len(written)  # where the decimal point falls in the digits
    prefix = "-" if number < 0 else ""
    if len(written) <= point <= 21:
        return prefix + written + "0" * (point - len(written))
    if 0 < point <= 21:
        return prefix + written[:point] + "." + written[point:]
    if -6 < point <= 0:
        return prefix + "0." + "0" * -point + written
    mantissa = written[0] + ("." + written[1:] if len(written) > 1 else "")
    return f"{prefix}{mantissa}e{'+' if point - 1 >= 0 else '-'}{abs(point - 1)}"


def js_number(text: str) -> float:
    r"""JavaScript's Number(text): spaces around it ignored, "" is 0, 0x/0o/0b, Infinity, NaN
    for anything else (Mermaid's score)."""
    text = text.strip(JS_SPACE_CHARS)
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
    separators, closings = _Next(text, _SEPARATOR), _Next(text, _CLOSING)
    while (start := text.find("%%{", index)) >= 0:
        cursor = _skip(text, start + 3, JS_SPACE_CHARS)
        word_end = _skip(text, cursor, _WORD)
        if word_end == cursor:
            index = start + 1
            continue
        cursor = _skip(text, word_end, JS_SPACE_CHARS)
        cursor = _skip(text, cursor + 1 if text[cursor : cursor + 1] == ":" else word_end, JS_SPACE_CHARS)
        if cursor < len(text) and text[cursor] in _WORD_SET:
            cursor = _skip(text, _skip(text, cursor, _WORD), JS_SPACE_CHARS)
        else:
            cursor = _skip(text, min(separators.at(cursor), closings.at(cursor)), JS_SPACE_CHARS)
        if text.startswith("}%%", cursor):
            cursor += 3
        found.append((start, cursor))
        index = cursor
    return found


class _Next:
    """The first match of ``pattern`` at or after a position, for positions that only grow: the
    last match is kept, so the text is scanned once in all (searching from every position
    again would scan to the end each time the pattern is absent)."""

    def __init__(self, text: str, pattern: re.Pattern[str]) -> None:
        self.text, self.pattern, self.found = text, pattern, -1

    def at(self, index: int) -> int:
        """The match's position, or the text's length when there is none."""
        if self.found < index:
            match = self.pattern.search(self.text, index)
            self.found = match.start() if match else len(self.text)
        return self.found


_WORD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_"
_WORD_SET = frozenset(_WORD)


def _skip(text: str, index: int, characters: str) -> int:
    while index < len(text) and text[index] in characters:
        index += 1
    return index


def _comment_lines(text: str) -> list[tuple[int, int]]:
    r"""cleanupComments: ``^\s*%%(?!{)[^\n]+\n?`` with the m flag; ``\s*`` may take blank lines before."""
    found, start = [], 0
    line_ends = _Next(text, _LINE_END)
    while start <= len(text):
        first = _skip(text, start, JS_SPACE_CHARS)
        if text.startswith("%%", first) and first + 2 < len(text) and text[first + 2] not in "{\n":
            end = text.find("\n", first)
            end = len(text) if end < 0 else end + 1
            found.append((start, end))
            start = end
            if end == len(text):
                break
            continue
        # The first position after ``first`` where JavaScript's multiline ``^`` holds.
        start = line_ends.at(first) + 1
        if start > len(text):
            break
    return found


def _quirk_semicolons(text: str, word: str) -> list[tuple[int, int]]:
    r"""``txt.replace(/style.*:\S*#.*;/g, s => s.substring(0, s.length - 1))`` (and classDef):
    on a line holding the word, then a colon followed by non-space up to a ``#``, and a ``;``
    after that ``#``, Mermaid drops the line's last ``;``."""
    found, line_start = [], 0
    line_ends = _Next(text, _LINE_END)
    while line_start <= len(text) and (at := text.find(word, line_start)) >= 0:
        line_end = line_ends.at(at)
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
        while cursor < end and text[cursor] not in JS_SPACE_CHARS and text[cursor] != "#":
            cursor += 1
        if cursor < end and text[cursor] == "#":
            return cursor
        colon = text.find(":", cursor, end)
    return -1
