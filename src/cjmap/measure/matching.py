"""Journey rules as SQL boolean expressions over the normalised table `events`.

A pattern is a name (equal), a glob (`*`, `?`, `[…]`, as fnmatch) or `re:` and a regular
expression (a partial match, as RE2 in DuckDB and Java in Spark both do it). Globs become
anchored regular expressions written with the syntax both engines share, so that one SQL text
means the same on both: `(?s)` (Java's `.` would not match a carriage return or other line
terminators) and an anchor at the very end (Java's `$` also matches before a final line break);
a user's `re:` gets `(?s)` too. A value is compared as text, except a number the journey writes
as a number (`score: 100`), which a number-shaped text equal to it matches (`100`, `100.0`,
`1e2`). A NULL column matches no pattern.

:func:`code_expression` puts each row at its FIRST matching touchpoint in journey order:
``i`` for a touchpoint event of touchpoint ``i``, ``-i - 1`` for one that matches only its
`fails`, NULL for an unmatched row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from cjmap.measure.definition import Definition, Match, Pattern, Segment, TouchpointDef
from cjmap.model.types import REGEX_PREFIX

GLOB_CHARACTERS = frozenset("*?[")
# Outside a class, these mean something to RE2 or Java; a backslash before punctuation makes
# it literal in both.
_REGEX_SPECIAL = frozenset("\\.^$|?*+()[]{}")
# Inside a class: Java reads `&&` as intersection and `[` as a nested class; RE2 takes the escapes.
_CLASS_SPECIAL = frozenset("\\[]^&")
TRUE, FALSE = "TRUE", "FALSE"
# Both engines: `.` matches every character (Java's would not match `\r`, `\u2028`…); `\z` is
# the very end (Java's `$` also matches before a final line break; RE2's does not).
DOT_ALL, TEXT_END = "(?s)", "\\z"
# An expression's own multi-line flag (`(?m)`, `(?im)`, `(?m:…)`): its `$` is an end of line.
_MULTILINE = re.compile(r"\(\?[a-zA-Z-]*m")
# A text both engines read as the same number: digits, one point, an exponent; no spaces,
# underscores, hex or Java's `d`/`f` suffixes, which one engine reads and the other does not.
NUMBER_TEXT = "^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?\\z"
# Integers up to 2**53 compare exactly as doubles; larger ones are compared as text.
EXACT_INTEGER = 2**53


def sql_text(value: str) -> str:
    """A SQL string literal: quotes doubled (DuckDB's dialect; sqlglot writes Spark's escapes)."""
    return "'" + value.replace("'", "''") + "'"


def is_glob(pattern: str) -> bool:
    return any(character in GLOB_CHARACTERS for character in pattern)


def glob_regex(pattern: str) -> str:
    """An fnmatch glob as an anchored regular expression both RE2 and Java read alike."""
    out: list[str] = [DOT_ALL, "^"]
    i = 0
    while i < len(pattern):
        character = pattern[i]
        i += 1
        if character == "*":
            out.append(".*")
        elif character == "?":
            out.append(".")
        elif character == "[" and (end := _class_end(pattern, i)) is not None:
            out.append(_class(pattern[i:end]))
            i = end + 1
        else:
            out.append("\\" + character if character in _REGEX_SPECIAL else character)
    out.append(TEXT_END)
    return "".join(out)


def _class_end(pattern: str, start: int) -> int | None:
    """Where the class opened before ``start`` closes (fnmatch: a `]` right after `[` or `[!` is literal)."""
    i = start
    if i < len(pattern) and pattern[i] == "!":
        i += 1
    if i < len(pattern) and pattern[i] == "]":
        i += 1
    end = pattern.find("]", i)
    return end if end >= 0 else None


def _class(body: str) -> str:
    negated = body.startswith("!")
    body = body[1:] if negated else body
    escaped = "".join("\\" + c if c in _CLASS_SPECIAL else c for c in body)
    return ("[^" if negated else "[") + escaped + "]"


def user_regex(pattern: str) -> str:
    """A journey's `re:` expression as both engines read it alike: `.` matches line breaks too,
    and `$` (outside a class, unescaped) is the very end, as RE2 reads it; Java's `$` would also
    match before a final line break. Under the expression's own `(?m)`, `$` is left as written."""
    if _MULTILINE.search(pattern):
        return DOT_ALL + pattern
    out: list[str] = []
    index, in_class = 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            out.append(pattern[index : index + 2])
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            # A `]` first in the class (`[]a]`, `[^]a]`) is a character, not the class's end.
            lead = next((lead for lead in ("^]", "]", "^") if pattern.startswith(lead, index + 1)), "")
            out.append(char + lead)
            index += 1 + len(lead)
            in_class = True
            continue
        out.append(TEXT_END if char == "$" and not in_class else char)
        index += 1
    return DOT_ALL + "".join(out)


def text_condition(column: str, patterns: Sequence[str]) -> str:
    """``column`` matches any of ``patterns`` (names, globs, `re:` regexes)."""
    names = [p for p in patterns if not p.startswith(REGEX_PREFIX) and not is_glob(p)]
    parts: list[str] = []
    if len(names) == 1:
        parts.append(f"{column} = {sql_text(names[0])}")
    elif names:
        parts.append(f"{column} IN ({', '.join(sql_text(name) for name in names)})")
    for pattern in patterns:
        if pattern.startswith(REGEX_PREFIX):
            parts.append(f"regexp_matches({column}, {sql_text(user_regex(pattern[len(REGEX_PREFIX):]))})")
        elif is_glob(pattern):
            parts.append(f"regexp_matches({column}, {sql_text(glob_regex(pattern))})")
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


def value_condition(column: str, patterns: Sequence[Pattern]) -> str:
    """``column`` (a property, as text) matches any of ``patterns``: texts as :func:`text_condition`,
    numbers by value (``100`` matches `100`, `100.0` and `1e2`)."""
    texts = [p for p in patterns if isinstance(p, str)]
    numbers = [p for p in patterns if not isinstance(p, str)]
    texts += [str(n) for n in numbers if isinstance(n, int) and abs(n) >= EXACT_INTEGER]
    parts = [text_condition(column, texts)] if texts else []
    exact = [n for n in numbers if not (isinstance(n, int) and abs(n) >= EXACT_INTEGER)]
    if exact:
        value = f"TRY_CAST({column} AS DOUBLE)"
        wanted = " OR ".join(f"{value} = CAST({sql_text(repr(float(n)))} AS DOUBLE)" for n in exact)
        parts.append(f"(regexp_matches({column}, {sql_text(NUMBER_TEXT)}) AND ({wanted}))")
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


def property_column(index: int) -> str:
    return f"p{index}"


def rule_condition(rule: Match) -> str:
    """Every key of the rule holds (AND)."""
    parts = [text_condition("event", rule.events)] if rule.events else []
    if rule.page is not None:
        parts.append(text_condition("page", (rule.page,)))
    parts.extend(value_condition(property_column(index), patterns) for index, patterns in rule.where)
    if not parts:
        return TRUE
    return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"


def rules_condition(rules: Sequence[Match]) -> str:
    """Any rule holds (OR); no rules: FALSE."""
    if not rules:
        return FALSE
    conditions = [rule_condition(rule) for rule in rules]
    return conditions[0] if len(conditions) == 1 else "(" + " OR ".join(conditions) + ")"


def touchpoint_condition(touchpoint: TouchpointDef) -> str:
    """The row is this touchpoint's: one of its `events` or `fails` rules holds."""
    return rules_condition((*touchpoint.events, *touchpoint.fails))


def code_expression(definition: Definition) -> str:
    """The row's touchpoint code: ``i`` (event of touchpoint i), ``-i - 1`` (its failure) or NULL."""
    branches: list[str] = []
    for tp in definition.touchpoints:
        if tp.events:
            branches.append(f"WHEN {rules_condition(tp.events)} THEN {tp.index}")
        if tp.fails:
            branches.append(f"WHEN {rules_condition(tp.fails)} THEN {-tp.index - 1}")
    return "CASE " + " ".join(branches) + " END"


def plain_names(touchpoint: TouchpointDef) -> frozenset[str] | None:
    """The event names that are all of the touchpoint's rules (events and fails), when every
    rule is only names (no glob, page or where); else None."""
    rules = (*touchpoint.events, *touchpoint.fails)
    if any(rule.page is not None or rule.where or not rule.events or any(is_glob(name) or name.startswith(REGEX_PREFIX) for name in rule.events) for rule in rules):
        return None
    return frozenset(name for rule in rules for name in rule.events)


def prefilter(definition: Definition) -> str | None:
    """When every touchpoint is plain names: the one condition a row must meet to match at all,
    simple enough for the engine to apply while it scans; else None."""
    names = [plain_names(tp) for tp in definition.touchpoints]
    if any(found is None for found in names):
        return None
    return text_condition("event", sorted(set().union(*(found for found in names if found is not None))))


def ambiguous_expression(definition: Definition) -> str:
    """1 when the row matches two touchpoints or more, else 0. Plain names are decided here:
    a row is ambiguous when its name belongs to two touchpoints."""
    if len(definition.touchpoints) < 2:
        return "0"
    names = [plain_names(tp) for tp in definition.touchpoints]
    if all(found is not None for found in names):
        seen: dict[str, int] = {}
        for found in names:
            for name in found or ():
                seen[name] = seen.get(name, 0) + 1
        shared = sorted(name for name, count in seen.items() if count > 1)
        return f"(CASE WHEN {text_condition('event', shared)} THEN 1 ELSE 0 END)" if shared else "0"
    count = " + ".join(f"(CASE WHEN {touchpoint_condition(tp)} THEN 1 ELSE 0 END)" for tp in definition.touchpoints)
    return f"(CASE WHEN {count} >= 2 THEN 1 ELSE 0 END)"


def segment_condition(segment: Segment) -> str:
    parts = [value_condition(property_column(index), patterns) for index, patterns in segment.conditions]
    return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"


def persona_expression(definition: Definition) -> str:
    """The index of the first persona (journey order) whose segment the row matches, else NULL."""
    branches = " ".join(f"WHEN {segment_condition(segment)} THEN {i}" for i, segment in enumerate(definition.segments))
    return f"CASE {branches} END"
