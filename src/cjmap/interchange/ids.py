"""Ids for things that arrive without one (Mermaid tasks, spreadsheet rows): slugs, unique."""

from __future__ import annotations

from cjmap.model.vocabulary import normalise_word


class IdMaker:
    def __init__(self) -> None:
        self.taken: set[str] = set()

    def make(self, text: str, fallback: str) -> str:
        base = normalise_word(text)[:50].strip("-") or fallback
        candidate, counter = base, 2
        while candidate in self.taken:
            candidate = f"{base}-{counter}"
            counter += 1
        self.taken.add(candidate)
        return candidate
