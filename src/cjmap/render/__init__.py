"""`cjmap render`: journey -> view model -> Jinja template -> HTML, DOT, Mermaid, Markdown,
and Graphviz's SVG, PNG and PDF from the DOT.

``FORMATS`` is the registry of output formats the CLI's ``--format`` choices come from; it is
cheap to import (the renderers are in ``formats.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from pathlib import Path


class Format(NamedTuple):
    """One output format (a NamedTuple: this module is imported at start-up for the CLI's choices)."""

    name: str
    extension: str
    binary: bool
    laid_out: bool  # produced by Graphviz from the DOT text


FORMATS: dict[str, Format] = {
    "html": Format("html", ".html", False, False),
    "svg": Format("svg", ".svg", False, True),
    "png": Format("png", ".png", True, True),
    "pdf": Format("pdf", ".pdf", True, True),
    "dot": Format("dot", ".dot", False, False),
    "mermaid": Format("mermaid", ".mmd", False, False),
    "markdown": Format("markdown", ".md", False, False),
}
# How the Graphviz picture (DOT, SVG, PNG, PDF) is laid out: stages left to right wrapped into
# rows near a landscape page (the default), one stage per row top to bottom, or one strip.
DIRECTIONS: tuple[str, ...] = ("rows", "down", "across")
DEFAULT_DIRECTION = "rows"
EXTENSIONS: dict[str, str] = {
    ".html": "html", ".htm": "html", ".svg": "svg", ".png": "png", ".pdf": "pdf", ".dot": "dot", ".gv": "dot",
    ".mmd": "mermaid", ".mermaid": "mermaid", ".md": "markdown", ".markdown": "markdown",
}


def format_for(path: Path) -> str | None:
    """The format an output file's extension asks for, if any."""
    return EXTENSIONS.get(path.suffix.lower())
