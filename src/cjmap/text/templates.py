"""The Jinja environment: shipped templates, user overrides, filters, strict and deterministic.

Templates live in the repository's top-level ``templates/`` folder, which the wheel ships as
``cjmap/templates/``. ``--templates DIR`` puts DIR first, so any template can be overridden by
name.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from cjmap.text.escape import dot_quote, plain_text
from cjmap.text.markdown_safe import inline
from cjmap.text.mermaid_escape import mermaid_filter

# In the head of every HTML page cjmap writes: `render` replaces an index.html in the output
# folder only when it carries this tag (the user's own page is never overwritten unasked).
GENERATOR_TAG = '<meta name="generator" content="cjmap">'


def shipped_templates() -> Path:
    package = Path(__file__).resolve().parent.parent
    installed = package / "templates"  # inside the wheel
    if installed.is_dir():
        return installed
    return package.parent.parent / "templates"  # a source checkout (editable install)


def _autoescape(name: str | None) -> bool:
    # select_autoescape looks at the last extension only, so "map.html.j2" needs this.
    return name is not None and name.endswith((".html.j2", ".svg.j2", ".html", ".svg"))


def _printable(value: Any) -> Any:
    """Every value a template prints, without control characters (``finalize`` runs before
    autoescape): journey text is untrusted, and the HTML may be printed to a terminal."""
    if isinstance(value, Markup):
        return Markup(plain_text(str(value)))
    return plain_text(value) if isinstance(value, str) else value


def environment(override: Path | None = None) -> jinja2.Environment:
    folders = [str(override)] if override is not None else []
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*folders, str(shipped_templates())]),
        autoescape=_autoescape,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_printable,
    )
    # |md is journey text in the Markdown render, escaped as every Markdown writer escapes it
    # (diff, stats, the job summary): controls shown, no formatting, no mention or issue link.
    env.filters.update(dot=dot_quote, mermaid=mermaid_filter, md=lambda value: inline(str(value)))
    env.globals["generator_tag"] = Markup(GENERATOR_TAG)
    # `cjmap serve` sets the address of its live-reload script; "" everywhere else, so a
    # rendered page has no script at all and its Content-Security-Policy forbids any.
    env.globals["live_script"] = ""
    env.globals["live_index"] = ""  # serve's index address: its maps link back to it
    return env
