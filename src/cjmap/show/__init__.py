"""`cjmap show`: one journey in the terminal, or as normalised JSON.

``terminal.py`` draws the journey as rich tables and an emotion curve (``curve.py``);
``normalised.py`` is the journey with every default filled in, for scripts. ``FORMATS`` is the
registry the CLI's ``--format`` choices come from: every entry's function is
``(journey, *, focus, today, width) -> str``, or rich renderables for the terminal, where
``focus`` (``focus.py``) says which persona and stage to show and ``width`` is the terminal's
(None for a format that does not draw in the terminal).
"""

from __future__ import annotations

from typing import NamedTuple


class ShowFormat(NamedTuple):
    function: str  # "module:function"
    terminal: bool  # drawn with rich at the terminal's width; else plain text


FORMATS: dict[str, ShowFormat] = {
    "text": ShowFormat("cjmap.show.terminal:journey_view", terminal=True),
    "json": ShowFormat("cjmap.show.normalised:as_json", terminal=False),
}
