"""Ids for things that arrive without one (Mermaid tasks, spreadsheet rows): slugs, unique."""

from __future__ import annotations

from cjmap.model.vocabulary import normalise_word


class IdMaker:
    def __init__(self) -> None:
        self.taken: set[str] = set()
        # The next suffix to try for each base: counting up from 2 on every call made 20,000
        # tasks of the same name quadratic (53 s). Suffixes below it are all taken already.
        self.next_suffix: dict[str, int] = {}

    def make(self, text: str, fallback: str) -> str:
        base = normalise_word(text)[:50].strip("-") or fallback
        candidate, counter = base, self.next_suffix.get(base, 2)
        while candidate in self.taken:
            candidate = f"{base}-{counter}"
            counter += 1
        self.next_suffix[base] = counter
        self.taken.add(candidate)
        return candidate
