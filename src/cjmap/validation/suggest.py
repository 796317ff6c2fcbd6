""""Did you mean …?" for misspelt keys, ids and channels."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean `touchpoints`?)`` or "" when nothing is close."""
    matches = difflib.get_close_matches(str(word), sorted(set(choices)), n=1, cutoff=0.6)
    return f" (did you mean `{matches[0]}`?)" if matches else ""
