"""What Mermaid's ``journey`` reader would misread, and how cjmap writes text so that it does not.

One place for the rules (mermaid 12.3.0: ``packages/mermaid/src/diagrams/user-journey/parser/journey.jison``
and the preprocessing of ``mermaid.core``): the exporter (render/mermaid.py) writes with them, and
the importer may read them. Mermaid has one escape of its own, the entity code: ``#58;`` is turned
into a placeholder before lexing and shown as ``:`` in the drawing. So a character the lexer or the
preprocessing would act on is written as its entity code, never replaced by another character:

- ``#`` starts a comment, ``;`` is a parse error, ``%`` starts a comment (``%%{…}%%`` a directive,
  removed wherever it stands), ``:`` ends a task or section name and splits a task's data.
- ``<`` ``>`` ``&``: the title goes through DOMPurify and every ``<tag …>`` has its attribute
  quotes rewritten; as entity codes the reader sees the characters and no markup ever exists.
- Mermaid's own placeholders for entity codes (``ﬂ°``, ``¶ß``) in the text would be decoded as
  ``&`` and ``;``: their first character is written as an entity code.
- A line with ``style`` or ``classDef`` before a ``:`` and a ``#`` loses its last ``;`` (a rewrite
  meant for flowcharts, run on every diagram): there, the title's colons are entity codes too.
- A task name that starts like a keyword (``journey``, ``title ``, ``section `` …) is read as
  that keyword: its first character is written as an entity code (``#84;itle deed check``).

Control characters and bidi overrides are removed (hostile text stays inert, as in every format);
a line break in a one-line name becomes a space, since Mermaid has no line break there.
"""

from __future__ import annotations

import re

from cjmap.text.escape import CONTROL

# JavaScript's \s, which Mermaid's lexer uses: not Python's (no U+001C–U+001F or U+0085, but U+FEFF).
JS_SPACE_CHARS = "\t\n\v\f\r \u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000\ufeff"
JS_SPACE = "".join(map(re.escape, JS_SPACE_CHARS))
# The keywords the lexer tries before a task name (case-insensitive, JavaScript's ASCII \b).
KEYWORD_START = re.compile(
    rf"journey(?![A-Za-z0-9_])|title[{JS_SPACE}]|section[{JS_SPACE}]|acctitle[{JS_SPACE}]*:|accdescr[{JS_SPACE}]*[:{{]", re.IGNORECASE
)
_LINE_BREAKS = re.compile("\r\n|[\n\r\v\f\x85\u2028\u2029]")
# Characters written as entity codes in every text; `:` and `,` are added where they split.
_ALWAYS = frozenset("#;%<>&\ufb02")
_NAME = _ALWAYS | {":"}
_ACTOR = _NAME | {","}
# An accDescr line is taken whole by the lexer: a ";" there is text (a raw one is safe from the
# style/classDef rewrite too: _rewritten sees it and writes the colons as entity codes).
_DESCRIPTION = (_ALWAYS - {";"}) | {"}"}
# Mermaid's placeholder for an entity code ends in "¶ß" (encodeEntities); a "¶" before "ß" in the
# text would be shown as ";".
_PLACEHOLDER_END = "\u00b6\u00df"
EMPTY_NAME = "-"


class Written(str):
    """Text already written for Mermaid (what its reader would misread is an entity code): the
    ``|mermaid`` filter passes it through, so a template that filters a view's field, as
    templates written for cjmap 0.1 did, does not encode the entity codes a second time."""

    __slots__ = ()


def mermaid_filter(value: object) -> str:
    """The templates' ``|mermaid`` filter: a task or section name written for Mermaid, once."""
    return value if isinstance(value, Written) else mermaid_name(value)


def entity(char: str) -> str:
    """Mermaid's entity code for one character: ``#58;`` is shown as ``:``."""
    return f"#{ord(char)};"


def one_line(value: object) -> str:
    """The text a reader sees of a one-line name: no control or bidi characters, line breaks
    as spaces, no spaces at either end (the lexer skips them before a name; Mermaid trims actors)."""
    return _LINE_BREAKS.sub(" ", CONTROL.sub("", str(value))).strip(JS_SPACE_CHARS)


def has_line_break(value: object) -> bool:
    return _LINE_BREAKS.search(CONTROL.sub("", str(value)).strip(JS_SPACE_CHARS)) is not None


def mermaid_name(value: object) -> str:
    """A task or section name: ``:`` ``#`` ``;`` ``%`` ``<`` ``>`` ``&`` as entity codes, and the
    first character too when the name starts like a keyword."""
    text = _encoded(one_line(value), _NAME)
    if KEYWORD_START.match(text):
        text = entity(text[0]) + text[1:]
    return Written(text or EMPTY_NAME)


def mermaid_actor(value: object) -> str:
    """An actor of a task: a name as :func:`mermaid_name`, with ``,`` (which separates actors)
    as an entity code; no keyword can start there. "" when nothing visible is left."""
    return Written(_encoded(one_line(value), _ACTOR))


def mermaid_title(value: object) -> str:
    """The diagram title: colons kept (the title statement allows them), except on a line that
    Mermaid's ``style``/``classDef`` rewrite would cut. "" when nothing visible is left."""
    text = one_line(value)
    return Written(_encoded(text, _NAME if _rewritten(text) else _ALWAYS))


def mermaid_description(value: object) -> tuple[str, ...]:
    """The lines of an ``accDescr``: one line is written ``accDescr: …``, more as a ``{ … }``
    block, where ``}`` would end it (an entity code). Mermaid removes the spaces that start a
    line of the block (its first one is written as an entity code here) and blank lines."""
    text = CONTROL.sub("", str(value))
    lines = [line.rstrip(JS_SPACE_CHARS) for line in _LINE_BREAKS.split(text.strip(JS_SPACE_CHARS))]
    return tuple(Written(_description_line(line)) for line in lines if line)


def _description_line(line: str) -> str:
    written = _encoded(line, _DESCRIPTION | {":"} if _rewritten(line) else _DESCRIPTION)
    return entity(written[0]) + written[1:] if written[0] in JS_SPACE_CHARS else written


def _encoded(text: str, special: frozenset[str]) -> str:
    if not any(char in special for char in text) and _PLACEHOLDER_END not in text:
        return text  # the common case: nothing to write differently
    written = "".join(entity(char) if char in special else char for char in text)
    return written.replace(_PLACEHOLDER_END, entity("\u00b6") + "\u00df")


def _rewritten(text: str) -> bool:
    """Whether Mermaid's ``/style.*:\\S*#.*;/`` (or ``classDef``) rewrite could touch the line
    once written: every ``#`` and ``;`` written comes from an entity code, so the word, then a
    colon, then a character written as an entity code is enough to write the colons as entity
    codes too (a linear check, no backtracking; it may also catch a harmless line)."""
    for word in ("style", "classDef"):
        start = text.find(word)
        colon = text.find(":", start) if start >= 0 else -1
        if colon >= 0 and any(char in _ALWAYS or char == "\u00b6" for char in text[colon:]):
            return True
    return False

