"""`cjmap show`: one journey in the terminal, or as normalised JSON.

``terminal.py`` draws the journey as rich tables and an emotion curve (``curve.py``);
``normalised.py`` is the journey with every default filled in, for scripts. ``FORMATS`` is the
registry the CLI's ``--format`` choices come from: every entry is
``(journey, *, focus, today, width) -> str``, or rich renderables for the terminal.
"""

from __future__ import annotations

from typing import NamedTuple

FORMATS: dict[str, str] = {
    "text": "cjmap.show.terminal:journey_view",
    "json": "cjmap.show.normalised:as_json",
}


class Focus(NamedTuple):
    """What to show: every persona and stage, or one of each. (A NamedTuple, not a dataclass:
    this module is imported at every start-up for ``FORMATS``, and a dataclass costs more.)"""

    persona: str | None = None
    stage: str | None = None
