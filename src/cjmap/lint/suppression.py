"""Inline suppression comments.

``# cjmap: disable=CODE[,CODE] [reason]`` at the end of a line silences those findings on that
line; ``# cjmap: disable-file=CODE[,CODE] [reason]`` anywhere silences them in the whole file.
Codes, names, code prefixes (``CJ14``) and ``ALL`` are accepted, as in ``--select``; a
directive that names no rule is reported (CJ100) instead of silently doing nothing.

Only a real YAML comment counts: ``name: "x # cjmap: disable=CJ101"`` is a value that happens to
hold the words, and a journey from a pull request must not be able to silence rules that way.
The YAML scanner knows where every scalar starts and ends; a ``#`` inside one is text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from cjmap.lint.registry import expand, unknown_rule_message

# The scanner only, never the composer: libyaml's when PyYAML has it, else the pure-Python one.
_Scanner: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_DIRECTIVE = re.compile(r"#\s*cjmap:\s*(disable-file|disable)\s*=\s*([A-Za-z0-9-]+(?:\s*,\s*[A-Za-z0-9-]+)*)")


@dataclass(frozen=True)
class Suppressions:
    by_line: dict[int, frozenset[str]] = field(default_factory=dict)
    whole_file: frozenset[str] = frozenset()
    unknown: tuple[tuple[int, int, str], ...] = ()  # (line, column, message) of bad directives

    def silences(self, line: int, code: str) -> bool:
        return code in self.whole_file or code in self.by_line.get(line, frozenset())


def find_suppressions(lines: Sequence[str]) -> Suppressions:
    by_line: dict[int, frozenset[str]] = {}
    whole: set[str] = set()
    unknown: list[tuple[int, int, str]] = []
    for number, match in _directives(lines):
        codes: set[str] = set()
        for selector in (part.strip() for part in match.group(2).split(",")):
            named = _named(selector)
            if named is None:
                unknown.append((number, match.start(2) + 1, f"suppression comment: {unknown_rule_message(selector)}"))
            else:
                codes |= named
        if match.group(1) == "disable-file":
            whole |= codes
        else:
            by_line[number] = frozenset(codes)
    return Suppressions(by_line, frozenset(whole), tuple(unknown))


def _named(selector: str) -> set[str] | None:
    """The codes ``selector`` names; None when it names no rule."""
    try:
        return expand([selector])
    except KeyError:
        return None


def _directives(lines: Sequence[str]) -> list[tuple[int, re.Match[str]]]:
    """The first directive of each line that lies in a comment, with its 1-based line number."""
    candidates = [
        (number, match)
        for number, line in enumerate(lines, start=1)
        if "cjmap:" in line  # cheap test first: most lines hold no directive
        for match in _DIRECTIVE.finditer(line)
    ]
    if not candidates:
        return []
    inside = _inside_scalars(lines, [(number - 1, match.start()) for number, match in candidates])
    found: dict[int, re.Match[str]] = {}
    for (number, match), in_value in zip(candidates, inside, strict=True):
        if not in_value and number not in found:
            found[number] = match
    return list(found.items())


def _inside_scalars(lines: Sequence[str], points: list[tuple[int, int]]) -> list[bool]:
    """For each 0-based (line, column) in ``points`` (in text order), whether a scalar holds it."""
    inside = [False] * len(points)
    spans = _scalar_spans("\n".join(lines), last_line=points[-1][0])
    index = 0
    for start, end in spans:
        while index < len(points) and points[index] < start:
            index += 1  # before this scalar (and after the previous one): in a comment
        probe = index
        while probe < len(points) and points[probe] < end:
            inside[probe] = True
            probe += 1
        index = probe
        if index == len(points):
            break
    return inside


def _scalar_spans(text: str, *, last_line: int) -> Iterable[tuple[tuple[int, int], tuple[int, int]]]:
    """(start, end) of every scalar token up to ``last_line``, as 0-based (line, column).

    Lines are joined with ``\\n`` (they were split on every line break libyaml counts), so the
    scanner's lines and columns are the same as the file's. Lint runs on valid files only; if
    the scanner stops anyway, directives after that point are taken as comments, as before.
    """
    scanner = _Scanner(text)
    try:
        while scanner.check_token():
            token = scanner.get_token()
            start = (token.start_mark.line, token.start_mark.column)
            if start[0] > last_line:
                return
            if isinstance(token, yaml.ScalarToken):
                yield start, (token.end_mark.line, token.end_mark.column)
    except yaml.YAMLError:
        return
    finally:
        scanner.dispose()
