"""`cjmap show`: one journey in the terminal, or as normalised JSON.

``terminal.py`` draws the journey as rich tables and an emotion curve (``curve.py``);
``normalised.py`` is the journey with every default filled in, for scripts. ``FORMATS`` is the
registry the CLI's ``--format`` choices come from: every entry is
``(journey, *, focus, today, width) -> str``, or rich renderables for the terminal, where
``focus`` (``focus.py``) says which persona and stage to show.
"""

from __future__ import annotations

FORMATS: dict[str, str] = {
    "text": "cjmap.show.terminal:journey_view",
    "json": "cjmap.show.normalised:as_json",
}
