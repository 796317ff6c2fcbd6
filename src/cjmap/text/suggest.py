""""Did you mean …?" for misspelt keys, ids and channels.

difflib compares the word with every candidate, so a file with thousands of broken references
and thousands of ids would take minutes; a budget per file keeps hostile input cheap.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

MAX_CANDIDATES = 2_000


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean `touchpoints`?)`` or "" when nothing is close."""
    candidates = sorted(set(choices))
    if len(candidates) > MAX_CANDIDATES:
        return ""
    matches = difflib.get_close_matches(str(word), candidates, n=1, cutoff=0.6)
    return f" (did you mean `{matches[0]}`?)" if matches else ""


class Suggester:
    """``did_you_mean`` with a budget: after ``limit`` look-ups in one file, no more hints."""

    def __init__(self, limit: int = 50) -> None:
        self.remaining = limit

    def __call__(self, word: str, choices: Iterable[str]) -> str:
        if self.remaining <= 0:
            return ""
        self.remaining -= 1
        return did_you_mean(word, choices)
