"""``show --persona/--stage``: which part of a journey the show formats draw."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Focus:
    """What to show: every persona and stage, or one of each."""

    persona: str | None = None
    stage: str | None = None
