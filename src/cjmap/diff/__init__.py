"""`cjmap diff`: what changed between two journeys, keyed by ids.

``changes.py`` is the core (two journeys in, a list of ``Change`` out); ``formats.py`` writes
them out. ``FORMATS`` is the registry the CLI's ``--format`` choices come from: every entry is
``(changes, *, old, new, color) -> str``.
"""

from __future__ import annotations

FORMATS: dict[str, str] = {
    "text": "cjmap.diff.formats:as_text",
    "markdown": "cjmap.diff.formats:as_markdown",
    "json": "cjmap.diff.formats:as_json",
}
