"""The text of the Graphviz picture: labels wrapped at a readable width, with a cap on lines.

Graphviz never wraps a label, so a touchpoint named in one long sentence made a box as wide as
the sentence (issue 15). Lines are filled word by word up to a width counted in columns (an
East Asian wide character counts as two, as it takes two in print; a combining accent or an
invisible format character such as a zero-width joiner none); a word longer than a line is
broken, never between a letter and the marks on it; past the last allowed line the text ends
with an ellipsis.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from cjmap.render.view_types import TouchpointView

# Graphviz refuses any quoted string over 16,384 bytes ("Invalid Input"), and a valid journey
# may hold values of 10,000 characters (4 bytes each in UTF-8, doubled by escaping). A picture
# cannot show such text anyway: each text is shortened with an ellipsis before it is wrapped, so
# that every valid journey draws; the HTML map shows the full text.
LINE_CHARS = 300
TOOLTIP_CHARS = 1_000
ELLIPSIS = "…"
NO_BREAK = "\u00a0"  # joins words that must stay on one line; Graphviz draws it as a space


@dataclass(frozen=True)
class Measure:
    """How wide (columns) and how many lines a text is wrapped: a line of 24 columns at 11 pt
    is about 150 pt, the width of a box that still reads at a glance."""

    columns: int
    lines: int


NAME = Measure(24, 4)
CHANNEL = Measure(24, 1)
EMOTIONS = Measure(24, 3)
CELL = Measure(24, 6)  # a blueprint cell: its items together
STAGE = Measure(28, 2)
SIDE = Measure(16, 3)  # a blueprint lane or line name, in the column at the left
TITLE = Measure(60, 3)


def shortened(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, the last one an ellipsis, when it is
    longer; a letter whose marks would be cut off goes with them."""
    if len(text) <= limit:
        return text
    stop = limit - 1
    while stop > 0 and _joins(text, stop):
        stop -= 1
    return text[:stop] + ELLIPSIS


def width(text: str) -> int:
    """Columns ``text`` takes: two for an East Asian wide or full-width character, none for a
    combining mark or an invisible format character ("e" + U+0301 is one column, as printed)."""
    if text.isascii():  # most labels: a column a character, counted without a look-up each
        return len(text)
    return sum(_width(c) for c in text)


def _width(character: str) -> int:
    if unicodedata.combining(character) or unicodedata.category(character) in _INVISIBLE:
        return 0
    return 2 if unicodedata.east_asian_width(character) in "WF" else 1


# Nonspacing and enclosing marks (some have no combining class: U+20DD, the enclosing circle)
# and format characters (zero-width joiner and space, soft hyphen, direction marks).
_INVISIBLE = ("Mn", "Me", "Cf")
ZERO_WIDTH_JOINER = "\u200d"
SKIN_TONES = range(0x1F3FB, 0x1F400)  # emoji modifiers, drawn on the emoji before them


def _joins(text: str, index: int) -> bool:
    """Whether character ``index`` belongs to the one before it, so that no line or cut starts
    with it: a mark (spacing marks too: the vowel signs of Indic scripts), a zero-width joiner
    and what it joins, an emoji's skin tone."""
    character = text[index]
    return (unicodedata.category(character)[0] == "M" or character == ZERO_WIDTH_JOINER or ord(character) in SKIN_TONES
            or (index > 0 and text[index - 1] == ZERO_WIDTH_JOINER))


def _clusters(text: str) -> list[str]:
    """``text`` as letters with their marks: the pieces no cut goes through."""
    starts = [index for index in range(len(text)) if index == 0 or not _joins(text, index)]
    return [text[a:b] for a, b in itertools.pairwise([*starts, len(text)])]


def wrapped(text: str, measure: Measure) -> list[str]:
    """``text`` as lines of at most ``measure.columns`` columns and at most ``measure.lines``
    lines, the last one ending with an ellipsis when text was left out. Line breaks in the text
    are kept; runs of spaces fold into one."""
    lines: list[str] = []
    for line in _filled(shortened(text, LINE_CHARS), measure.columns):
        if len(lines) == measure.lines:
            lines[-1] = _with_ellipsis(lines[-1], measure.columns)
            break
        lines.append(line)
    return lines


def wrapped_lines(texts: list[str], measure: Measure) -> list[str]:
    """Several texts (a cell's items) wrapped each on lines of their own, ``measure.lines`` in
    all; an ellipsis says that some were left out."""
    lines: list[str] = []
    for text in texts:
        room = measure.lines - len(lines)
        if room <= 0:
            lines[-1] = _with_ellipsis(lines[-1], measure.columns)
            break
        lines += wrapped(text, Measure(measure.columns, room))
    return lines


def touchpoint_label(tp: TouchpointView, text: Mapping[str, str]) -> str:
    """Name, channel, each persona's emotion (named), and the number of pain points."""
    lines = wrapped(tp.name, NAME)
    if tp.channel:
        lines += wrapped(tp.channel, CHANNEL)
    if tp.emotions:
        # A no-break space keeps each persona with their value ("Daniel +1") on one line.
        felt = ", ".join(f"{e.who + NO_BREAK if e.who else ''}{e.shown}" for e in tp.emotions)
        lines += wrapped(f"{text['emotion']}: {felt}", EMOTIONS)
    if tp.pains:
        lines += wrapped(f"⚠ {text['pain_points']}: {len(tp.pains)}", CHANNEL)
    return "\n".join(lines)


def _filled(text: str, columns: int) -> Iterator[str]:
    """Lines filled greedily, word by word; a word wider than a line is cut into pieces."""
    for paragraph in text.split("\n"):
        line, used = "", 0
        # Split at plain spaces only: str.split() would also split at NO_BREAK.
        for word in (piece for piece in paragraph.replace("\t", " ").split(" ") if piece):
            # A word too long for any line starts on the room left on this one.
            room = columns - used - 1 if line and width(word) > columns else columns
            for piece in _pieces(word, columns, first=room):
                size = width(piece)
                if line and used + 1 + size <= columns:
                    line, used = f"{line} {piece}", used + 1 + size
                    continue
                if line:
                    yield line
                line, used = piece, size
        if line:
            yield line


def _pieces(word: str, columns: int, *, first: int) -> Iterator[str]:
    """``word`` cut into pieces of ``columns`` columns, the first of ``first`` columns (none
    when no letter fits there); a letter and its marks stay together."""
    if width(word) <= first:  # most words fit whole
        yield word
        return
    piece, used, room = "", 0, first
    for letter in _clusters(word):
        size = width(letter)
        if used + size > room:
            if piece:
                yield piece
            piece, used, room = "", 0, columns
        piece, used = piece + letter, used + size
    yield piece


def _with_ellipsis(line: str, columns: int) -> str:
    letters = _clusters(line)
    used = width(line)
    while letters and used + 1 > columns:
        used -= width(letters.pop())
    return "".join(letters).rstrip() + ELLIPSIS
