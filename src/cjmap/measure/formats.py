"""The results of `cjmap measure` as text, JSON or Markdown: the registry, and JSON.

A format is a function ``(results, shown) -> str | Iterable[RenderableType]`` named in
:data:`RENDERERS` as ``"module:function"`` (cjmap.registry): the text view's rich code is imported
only when text is asked for. ``results`` is the JSON dict of MEASURE.md as the core returns it;
``shown`` (:class:`~cjmap.measure.words.Shown`) says what the dict does not hold (the engine, the
journey's language and title), so the JSON stays byte-identical on both engines. The views' words
and number forms are in :mod:`cjmap.measure.words`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cjmap.measure.words import Shown
from cjmap.text.safe import json_text

__all__ = ["RENDERERS", "Shown", "as_json"]

# Format name -> "module:function" (measure.FORMATS lists the same names for the CLI's choices).
RENDERERS: Mapping[str, str] = {
    "text": "cjmap.measure.text_view:text_view",
    "json": "cjmap.measure.formats:as_json",
    "markdown": "cjmap.measure.markdown_view:as_markdown",
}


def as_json(results: Mapping[str, Any], shown: Shown) -> str:
    """MEASURE.md's JSON: keys in the core's order, UTF-8, deterministic (``shown`` is not in it)."""
    return json_text(results)
