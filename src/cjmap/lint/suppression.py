"""Inline suppression comments.

``# cjmap: disable=CODE[,CODE]`` at the end of a line silences those findings on that line;
``# cjmap: disable-file=CODE[,CODE]`` anywhere silences them in the whole file. Codes or rule
names are accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_DIRECTIVE = re.compile(r"#\s*cjmap:\s*(disable|disable-file)\s*=\s*([A-Za-z0-9_,\s-]+?)\s*$")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Suppressions:
    by_line: dict[int, frozenset[str]] = field(default_factory=dict)
    whole_file: frozenset[str] = frozenset()

    def silences(self, line: int, code: str, name: str) -> bool:
        keys = {code, name}
        return bool(keys & self.whole_file or keys & self.by_line.get(line, frozenset()))


def find_suppressions(text: str) -> Suppressions:
    by_line: dict[int, frozenset[str]] = {}
    whole: set[str] = set()
    if "cjmap:" not in text:
        return Suppressions()
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        match = _DIRECTIVE.search(line)
        if match is None:
            continue
        codes = frozenset(part.strip().upper() if part.strip().upper().startswith("CJ") else part.strip().lower()
                          for part in match.group(2).split(",") if part.strip())
        if match.group(1) == "disable-file":
            whole |= codes
        else:
            by_line[number] = codes
    return Suppressions(by_line, frozenset(whole))
