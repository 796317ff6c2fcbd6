"""`cjmap stats`: a portfolio of journeys summarised.

``portfolio.py`` is the core (journeys in, a ``Portfolio`` of counts and rows out);
``formats.py`` writes it as JSON or Markdown, ``terminal.py`` as rich tables. ``FORMATS`` is
the registry the CLI's ``--format`` choices come from: every entry is ``(portfolio) -> str``,
or rich renderables for the terminal.
"""

from __future__ import annotations

FORMATS: dict[str, str] = {
    "text": "cjmap.stats.terminal:portfolio_view",
    "json": "cjmap.stats.formats:as_json",
    "markdown": "cjmap.stats.formats:as_markdown",
}
