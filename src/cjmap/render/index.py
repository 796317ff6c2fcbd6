"""The index page that links the journeys of a many-file render."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

import jinja2

from cjmap.model import Journey
from cjmap.text.labels import base_language, labels


@dataclass(frozen=True)
class IndexEntry:
    href: str
    title: str
    type_label: str
    owner: str
    reviewed: str
    stages: int
    touchpoints: int
    pain_points: int
    language: str
    # A file that does not validate or could not be drawn, listed by its name so it can be
    # opened to see why (cjmap serve); its language says nothing about the portfolio's.
    broken: bool = False


def relative_url(file_name: str) -> str:
    """A link to a file beside the index, from its name: every segment percent-encoded, so a
    ``#`` or ``?`` stays part of the name, and ``./`` in front, so a name like ``javascript:x``
    can never be read as a scheme (RFC 3986, section 4.2)."""
    return "./" + "/".join(quote(segment, safe="") for segment in file_name.split("/"))


def index_entry(journey: Journey, file_name: str) -> IndexEntry:
    meta = journey.journey
    href = relative_url(file_name)
    touchpoints = [tp for _, tp in journey.touchpoints()]
    return IndexEntry(
        href, meta.title, labels(meta.language)[meta.type], meta.owner or "", meta.reviewed.isoformat() if meta.reviewed else "",
        len(journey.stages), len(touchpoints), sum(len(tp.pain_points) for tp in touchpoints), base_language(meta.language),
    )


def index_language(entries: list[IndexEntry]) -> str:
    """The journeys' language when they share one, else English; broken entries do not count,
    so a Spanish portfolio's index stays Spanish while one file is being fixed."""
    languages = {entry.language for entry in entries if not entry.broken}
    return languages.pop() if len(languages) == 1 else "en"


def render_index(entries: list[IndexEntry], env: jinja2.Environment) -> str:
    """The index in the journeys' language when they share one, else in English."""
    language = index_language(entries)
    return env.get_template("index.html.j2").render(
        entries=sorted(entries, key=lambda e: (e.title, e.href)), label=labels(language), lang=language
    )
