"""Inline suppression comments.

``# cjmap: disable=CODE[,CODE] [reason]`` at the end of a line silences those findings on that
line; ``# cjmap: disable-file=CODE[,CODE] [reason]`` anywhere silences them in the whole file.
Codes, names, code prefixes (``CJ14``) and ``ALL`` are accepted, as in ``--select``; a
directive that names no rule is reported (CJ100) instead of silently doing nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from cjmap.lint.registry import expand, unknown_rule_message

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
    for number, line in enumerate(lines, start=1):
        if "cjmap:" not in line:
            continue
        match = _DIRECTIVE.search(line)
        if match is None:
            continue
        codes: set[str] = set()
        for selector in (part.strip() for part in match.group(2).split(",")):
            try:
                codes |= expand([selector])
            except KeyError:
                unknown.append((number, match.start(2) + 1, f"suppression comment: {unknown_rule_message(selector)}"))
        if match.group(1) == "disable-file":
            whole |= codes
        else:
            by_line[number] = frozenset(codes)
    return Suppressions(by_line, frozenset(whole), tuple(unknown))
