"""The graph view for DOT: stages as clusters in order, touchpoints as nodes, and as edges every
step some persona takes (`next` read per persona): never an edge from one persona's touchpoint
to another's."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cjmap.model import Journey
from cjmap.model.lanes import walks
from cjmap.render.view import JourneyView, TouchpointView

# Graphviz refuses any quoted string over 16,384 bytes ("Invalid Input"), and a valid journey
# may hold values of 10,000 characters (4 bytes each in UTF-8, doubled by escaping). A picture
# cannot show such text anyway: each line of a label, and each title or tooltip, is shortened
# with an ellipsis so that every valid journey draws; the HTML map shows the full text.
LINE_CHARS = 300
TOOLTIP_CHARS = 1_000


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    color: str
    tooltip: str
    has_pains: bool


@dataclass(frozen=True)
class Cluster:
    name: str
    nodes: tuple[Node, ...]
    placeholder: str  # an invisible node keeps an empty stage in its place


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    backwards: bool  # drawn dashed, and not allowed to pull the layout out of stage order


@dataclass(frozen=True)
class GraphView:
    title: str
    clusters: tuple[Cluster, ...]
    edges: tuple[Edge, ...]


def build_graph(journey: Journey, view: JourneyView, *, direction: str = "rows") -> GraphView:
    text = view.label
    clusters = []
    for stage in view.stages:
        nodes = tuple(
            Node(tp.id, _label(tp, text), tp.color, shortened(tp.description or tp.name, TOOLTIP_CHARS), bool(tp.pains))
            for tp in stage.touchpoints
        )
        clusters.append(Cluster(shortened(stage.name, LINE_CHARS), nodes, "" if nodes else f"stage-{stage.id}"))
    return GraphView(shortened(view.title, LINE_CHARS), tuple(clusters), _edges(journey))


def shortened(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, the last one an ellipsis, when it is longer."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _label(tp: TouchpointView, text: Mapping[str, str]) -> str:
    lines = [tp.name]
    if tp.channel:
        lines.append(tp.channel)
    if tp.emotions:
        lines.append(f"{text['emotion']}: " + ", ".join(f"{e.who + ' ' if e.who else ''}{e.shown}" for e in tp.emotions))
    if tp.pains:
        lines.append(f"⚠ {text['pain_points']}: {len(tp.pains)}")
    return "\n".join(shortened(line, LINE_CHARS) for line in lines)


def _edges(journey: Journey) -> tuple[Edge, ...]:
    """The steps customers take, each from the start of their own path (lanes.walks): no edge
    that no persona takes. A step back in journey order (or to itself) is drawn dashed."""
    ordered = [tp for _, tp in journey.touchpoints()]
    position = {tp.id: index for index, tp in enumerate(ordered)}
    following = walks(journey).steps
    edges: list[Edge] = []
    for index, tp in enumerate(ordered):
        edges.extend(Edge(tp.id, target, position[target] <= index) for target in following[tp.id])
    return tuple(edges)
