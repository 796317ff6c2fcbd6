"""Mermaid's own reading of a ``journey`` diagram, ported rule for rule from mermaid 12.3.0:
the preprocessing (``preprocessDiagram``: ``cleanupText``, ``extractFrontMatter``,
``removeDirectives``, ``cleanupComments``, then ``encodeEntities``), the lexer of
``diagrams/user-journey/parser/journey.jison`` (rules tried in order, the first that matches
wins, case-insensitive, JavaScript's ``\\s`` and ASCII ``\\b``) and its grammar.

Every token keeps where it was in the user's text: each preprocessing step that removes text
records what it kept (:mod:`cjmap.interchange.mermaid_source`), so a position in the text the
lexer reads maps back to a line and column of the original. Everything here is linear in the
text's length and free of recursion.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from cjmap.interchange.mermaid_source import ENCODED, Prepared, is_journey, prepare
from cjmap.text.mermaid_escape import JS_SPACE, JS_SPACE_CHARS

_FLAGS = re.IGNORECASE | re.ASCII  # JS /i without the u flag folds ASCII letters only (the long s is not "s")

# The lexer's rules of the INITIAL state, in journey.jison's order, each matched at a position.
_COMMENT = re.compile(r"%(?!\{)[^\n]*", _FLAGS)
_COMMENT_AFTER = re.compile(r"[^}]%%[^\n]*", _FLAGS)
_NEWLINES = re.compile(r"\n+", _FLAGS)
_SPACES = re.compile(f"[{JS_SPACE}]+", _FLAGS)
_HASH_COMMENT = re.compile(r"#[^\n]*", _FLAGS)
_JOURNEY = re.compile(r"journey(?![A-Za-z0-9_])", _FLAGS)
_TITLE = re.compile(f"title[{JS_SPACE}][^#\\n;]+", _FLAGS)
_ACC_TITLE = re.compile(f"accTitle[{JS_SPACE}]*:[{JS_SPACE}]*", _FLAGS)
_ACC_DESCR = re.compile(f"accDescr[{JS_SPACE}]*:[{JS_SPACE}]*", _FLAGS)
_ACC_DESCR_BLOCK = re.compile(f"accDescr[{JS_SPACE}]*\\{{[{JS_SPACE}]*", _FLAGS)
_SECTION = re.compile(f"section[{JS_SPACE}][^#:\\n;]+", _FLAGS)
_TASK_NAME = re.compile(r"[^#:\n;]+", _FLAGS)
_TASK_DATA = re.compile(r":[^#\n;]+", _FLAGS)
_RULES = (
    (_COMMENT, ""), (_COMMENT_AFTER, ""), (_NEWLINES, "NEWLINE"), (_SPACES, ""), (_HASH_COMMENT, ""), (_JOURNEY, "journey"),
    (_TITLE, "title"), (_ACC_TITLE, "acc_title"), (_ACC_DESCR, "acc_descr"), (_ACC_DESCR_BLOCK, "{"), (_SECTION, "section"),
    (_TASK_NAME, "taskName"), (_TASK_DATA, "taskData"),
)
_SEMICOLONS = re.compile(r";+")
_INDENTED_LINE = re.compile(f"\n[{JS_SPACE}]+")  # setAccDescription: /\n\s+/g → "\n"
# A title statement that reads like a task (a colon, then a whole number as the score): the
# user most likely meant a task whose name starts with the word "title".
_LIKE_A_TASK = re.compile(r":[ \t]*[-+]?[0-9]+[ \t]*(?::|$)", re.ASCII)
_HTML_ENTITY_START = re.compile(r"&(#?[A-Za-z0-9_]+)$", re.ASCII)


@dataclass(frozen=True)
class Token:
    kind: str  # journey title acc_title acc_descr value section taskName taskData : ; NEWLINE EOF
    text: str
    start: int  # in the lexed text


@dataclass(frozen=True)
class Task:
    section: int  # index into Diagram.sections, -1 before any section
    name: str  # as Mermaid stores it (not trimmed), entity codes still encoded
    data: str  # the task data without its first ":" (score, actors, and what Mermaid drops)
    start: int  # of the name, in the lexed text
    data_start: int  # of the data (after the ":")


@dataclass
class Diagram:
    """What Mermaid's journey database holds after parsing, positions kept."""

    source: Prepared
    title: str | None = None  # the last `title` statement; the front matter's title otherwise
    title_start: int = 0
    acc_title: str = ""
    acc_descr: str = ""
    sections: list[tuple[str, int]] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (position in the lexed text, message)
    warnings: list[tuple[int, str]] = field(default_factory=list)  # what Mermaid reads otherwise than the user likely meant


def read(original: str) -> Diagram:
    """The diagram as Mermaid reads it, with every parse error (the first of each line) located."""
    source = prepare(original)
    diagram = Diagram(source, title=source.front_title, title_start=-1)
    tokens = _tokens(source.text, diagram.problems)
    if not is_journey(original):  # Mermaid's detector has no i flag, its lexer has
        found = tokens[0].text[:40]
        hint = ": Mermaid recognises a journey by `journey` in lower case" if found.lower() == "journey" else ""
        diagram.problems[:] = [(tokens[0].start, f"expected a Mermaid `journey` diagram, found {found!r}{hint}")]
        return diagram
    _parse(tokens, diagram)
    return diagram


def shown(text: str) -> str:
    """A text as a reader sees it: entity codes (``#58;`` ``#amp;``) and the character
    references HTML reads in what remains, as Mermaid's SVG shows them."""
    if "&" not in text and ENCODED.search(text) is None:
        return text
    return html.unescape(ENCODED.sub(lambda m: ("&#" if m[1].isdigit() else "&") + m[1] + ";", text))


def trim(text: str) -> str:
    """JavaScript's String.prototype.trim."""
    return text.strip(JS_SPACE_CHARS)


# -- the lexer ------------------------------------------------------------------------------


def _tokens(text: str, problems: list[tuple[int, str]]) -> list[Token]:
    tokens: list[Token] = []
    position, end = 0, len(text)
    while position < end:
        for rule, kind in _RULES:  # noqa: B007 - the rule that matched names the token below
            match = rule.match(text, position)
            if match is not None:
                break
        else:  # only ";" and a lone ":" are left: no rule of a statement takes them
            if text[position] == ":":
                tokens.append(Token(":", ":", position))
                position += 1
                continue
            # One token for a run of ";": each is the same parse error (5 MB of them took 18 s one by one).
            run = _SEMICOLONS.match(text, position)
            run_end = run.end() if run else position + 1
            tokens.append(Token(";", text[position:run_end], position))
            position = run_end
            continue
        if kind in ("acc_title", "acc_descr"):
            tokens.append(Token(kind, match[0], position))
            value_end = text.find("\n", match.end())
            value_end = end if value_end < 0 else value_end
            tokens.append(Token("value", text[match.end() : value_end], match.end()))
            position = value_end
        elif kind == "{":
            closing = text.find("}", match.end())
            if closing < 0:
                # Mermaid reads the rest as the description, then fails at the end of the text.
                problems.append((position, "the `accDescr {` block is never closed: Mermaid refuses the diagram; end the description with `}`"))
                closing = end
            if closing > match.end():  # "accDescr {}" gives Mermaid no value at all
                tokens.append(Token("value", text[match.end() : closing], position))
            position = closing + 1
        else:
            if kind:
                tokens.append(Token(kind, match[0], position))
            position = match.end()
    tokens.append(Token("EOF", "", end))
    return tokens


# -- the grammar: journey, then statements ---------------------------------------------------


def _parse(tokens: list[Token], diagram: Diagram) -> None:
    if tokens[0].kind != "journey":
        diagram.problems.append((tokens[0].start, f"expected a Mermaid `journey` diagram, found {tokens[0].text[:40]!r}"))
        return
    index = 1
    while tokens[index].kind != "EOF":
        token = tokens[index]
        index += 1
        if token.kind == "NEWLINE":
            continue
        if token.kind == "taskName" and tokens[index].kind == "taskData":
            diagram.tasks.append(Task(len(diagram.sections) - 1, token.text, tokens[index].text[1:], token.start, tokens[index].start + 1))
            index += 1
        elif token.kind in ("acc_title", "acc_descr"):
            value = trim(tokens[index].text)
            if token.kind == "acc_title":
                diagram.acc_title = value
            else:
                diagram.acc_descr = _INDENTED_LINE.sub("\n", value)
            index += 1
        elif not _statement(token, diagram):
            previous = tokens[index - 2] if index >= 2 else token
            # A colon after a section: the problem is the section's line, read from its start.
            at = previous.start if token.kind == "taskData" and previous.kind == "section" else token.start
            if token.kind == "taskName" and tokens[index].kind in (":", ";"):
                at = tokens[index].start  # at the character Mermaid could not read
            diagram.problems.append((at, _unexpected(token, tokens[index], previous)))
            index = _next_line(tokens, index, diagram.source.text)


def _statement(token: Token, diagram: Diagram) -> bool:
    if token.kind == "title":
        diagram.title, diagram.title_start = token.text[6:], token.start + 6
        if _LIKE_A_TASK.search(token.text):
            said = trim(shown(token.text))[:60]
            diagram.warnings.append((token.start, (
                f"Mermaid reads {said!r} as the diagram's title, not as a task: a task name cannot start with the word `title` in Mermaid; "
                f"if it is a task, write `#{ord(token.text[0])};{token.text[1:5]}` for that word"
            )))
    elif token.kind == "value":  # an accDescr { … } block
        diagram.acc_descr = _INDENTED_LINE.sub("\n", trim(token.text))
    elif token.kind == "section":
        diagram.sections.append((token.text[8:], token.start + 8))
    else:
        return False
    return True


def _next_line(tokens: list[Token], index: int, text: str) -> int:
    """After a parse error, go on at the first token of a later line: every line's first error
    is reported, where Mermaid stops at the first."""
    line_end = text.find("\n", tokens[index - 1].start)
    while tokens[index].kind != "EOF" and tokens[index].start <= line_end:
        index += 1
    return index


def _unexpected(token: Token, following: Token, previous: Token) -> str:
    """What Mermaid could not read, and how to write it so that it can."""
    said = shown(token.text.strip())[:60]
    if token.kind == "taskName":
        if following.kind == ":":
            return f"the task {said!r} has no score after its colon: Mermaid expects `name: score: actors`, e.g. `{said}: 3: Ana`"
        if following.kind == ";":
            return f"not a task (`name: score: actors`): Mermaid cannot read `;` in a task name; {_semicolon_way_out(token.text)}"
        return f"not a task (`name: score: actors`): Mermaid expects a colon and a score after {said!r}, e.g. `{said}: 3`"
    if token.kind == "taskData" and previous.kind == "section":
        name = trim(shown(previous.text[8:]))[:60]
        return (
            f"Mermaid reads {('section ' + name)!r} as a section, then cannot read {trim(shown(token.text))[:40]!r}: a section name cannot hold a colon "
            f"(write `#58;` for it); if the line is a task, its name cannot start with the word `section` in Mermaid: "
            f"write `#{ord(previous.text[0])};{previous.text[1:7]}` for that word"
        )
    if token.kind == "journey":
        return (
            f"Mermaid reads {token.text!r} here as the diagram's keyword again: a task name cannot start with the word `journey`; "
            f"write `#{ord(token.text[0])};{token.text[1:]}` instead"
        )
    if token.kind == ";":
        return f"Mermaid cannot read `;` here (it ends no statement in a journey); {_semicolon_way_out(previous.text)}, or remove it"
    if token.kind in {"taskData", ":"}:
        return f"Mermaid cannot read {token.text[:40]!r} here: a line starting with a colon is not a task; give the task a name before the colon"
    return f"Mermaid cannot read {said!r} here"


def _semicolon_way_out(before: str) -> str:
    """``#59;`` for a semicolon; for HTML's ``&amp;`` (the ``;`` ends an entity), Mermaid's own
    entity code, which starts with ``#``."""
    entity = _HTML_ENTITY_START.search(before)
    if entity:
        return f"`&{entity[1]};` is HTML's spelling: write Mermaid's entity code `#{entity[1].removeprefix('#')};` instead"
    return "write `#59;` for a semicolon in a name"
