"""Ids for things that arrive without one (Mermaid tasks, spreadsheet rows, personas named in a
cell): slugs from any script (:func:`cjmap.text.slugs.slug`), unique within the journey."""

from __future__ import annotations

import re
from collections.abc import Iterable

from cjmap.model.vocabulary import SLUG_PATTERN
from cjmap.text.slugs import slug

# A cell that holds an id rather than a name, by the format's own id pattern: a name typed
# where an id belongs is made into one.
_ID = re.compile(SLUG_PATTERN.removeprefix("^").removesuffix("$"), re.ASCII)

# The readable part of a made id; a suffix such as -12 is added after it, far below the
# format's 200 characters.
BASE_LENGTH = 50


def is_id(text: str) -> bool:
    """Whether ``text`` is written as an id (``ana-lopez``), not as a name (``Ana López``)."""
    return _ID.fullmatch(text) is not None


class IdMaker:
    """Makes ids one by one: the same texts in the same order give the same ids in every run;
    a second text with the same slug gets ``-2``, a third ``-3``, and so on."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        # Ids already in use (written in the file): a made id never takes one of them.
        self.taken: set[str] = set(taken)
        # The next suffix to try for each base: counting up from 2 on every call made 20,000
        # tasks of the same name quadratic (53 s). Suffixes below it are all taken already.
        self.next_suffix: dict[str, int] = {}

    def make(self, text: str, fallback: str) -> str:
        base = slug(text, fallback=fallback, limit=BASE_LENGTH)
        candidate, counter = base, self.next_suffix.get(base, 2)
        while candidate in self.taken:
            candidate = f"{base}-{counter}"
            counter += 1
        self.next_suffix[base] = counter
        self.taken.add(candidate)
        return candidate
