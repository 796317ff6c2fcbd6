"""The text renderers of ``cjmap render``: a registry from format name to renderer.

Text formats come from Jinja templates; SVG, PNG and PDF are laid out by Graphviz from the DOT
(``render/graphviz.py``). The list of formats is ``cjmap.render.FORMATS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import jinja2

from cjmap.model import Journey
from cjmap.render import DEFAULT_DIRECTION
from cjmap.render.graph import build_graph
from cjmap.render.mermaid import build_mermaid
from cjmap.render.view import build_view


@dataclass(frozen=True)
class RenderOptions:
    """What the user chose beyond the format: how the Graphviz picture is laid out."""

    direction: str = DEFAULT_DIRECTION  # one of cjmap.render.DIRECTIONS


DEFAULTS = RenderOptions()


def render_html(journey: Journey, env: jinja2.Environment, source: str, options: RenderOptions = DEFAULTS) -> str:
    return env.get_template("journey.html.j2").render(view=build_view(journey, source=source))


def render_dot(journey: Journey, env: jinja2.Environment, source: str, options: RenderOptions = DEFAULTS) -> str:
    graph = build_graph(journey, build_view(journey, source=source), direction=options.direction)
    return env.get_template("journey.dot.j2").render(graph=graph)


def render_mermaid(journey: Journey, env: jinja2.Environment, source: str, options: RenderOptions = DEFAULTS) -> str:
    return env.get_template("journey.mmd.j2").render(mermaid=build_mermaid(journey))


def render_markdown(journey: Journey, env: jinja2.Environment, source: str, options: RenderOptions = DEFAULTS) -> str:
    mermaid_source = render_mermaid(journey, env, source, options)
    return env.get_template("journey.md.j2").render(view=build_view(journey, source=source), mermaid_source=mermaid_source)


TEXT_RENDERERS: dict[str, Callable[[Journey, jinja2.Environment, str, RenderOptions], str]] = {
    "html": render_html,
    "dot": render_dot,
    "mermaid": render_mermaid,
    "markdown": render_markdown,
}
