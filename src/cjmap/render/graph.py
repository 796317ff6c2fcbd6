"""The graph view for DOT: stages as clusters in journey order, touchpoints as nodes laid out in
rows near a landscape page (or as ``--direction`` asks), and as edges every step some persona
takes (`next` read per persona): never an edge from one persona's touchpoint to another's.

The layout is decided here, not left to Graphviz: each row of the picture is one rank, its
boxes chained left to right by invisible links, and the rows chained one below the other. The
journey's steps are drawn with ``constraint=false``, so a `next` jump can never move a stage
(Graphviz ranks by edges: a jump back put the last stage first). Within a cluster the chain
fixes the order; across clusters Graphviz keeps the order the DOT lists them in, which the
tests hold with jumps and random steps (tests/render/test_graphviz_shape.py). A service
blueprint is a grid (:mod:`cjmap.render.graph_blueprint`).
"""

from __future__ import annotations

from dataclasses import dataclass

from cjmap.model import Journey
from cjmap.model.lanes import walks
from cjmap.render import DIRECTIONS
from cjmap.render.graph_blueprint import blueprint_layout
from cjmap.render.graph_labels import TITLE, shortened, wrapped
from cjmap.render.graph_layout import Cluster, Frame, Layout, Link, Node, chain, ordered, rows, size, stage_label, title_frame, touchpoint_node
from cjmap.render.view import JourneyView

__all__ = ["Cluster", "Edge", "GraphView", "Link", "Node", "build_graph", "shortened"]


@dataclass(frozen=True)
class Edge:
    """A step some persona takes."""

    source: str
    target: str
    backwards: bool  # drawn dashed: a step back in journey order, or to itself


@dataclass(frozen=True)
class GraphView:
    title: tuple[str, ...]  # lines: the template ends each with Graphviz's \l (left-justified)
    clusters: tuple[Cluster, ...]
    edges: tuple[Edge, ...]
    left: tuple[Node, ...] = ()  # nodes in no stage, written before the stages: a blueprint's grid
    ranks: tuple[tuple[str, ...], ...] = ()  # each drawn side by side, left to right, in this order
    links: tuple[Link, ...] = ()


def build_graph(journey: Journey, view: JourneyView, *, direction: str = "rows") -> GraphView:
    """The graph of ``journey``; ``direction`` is one of ``cjmap.render.DIRECTIONS``."""
    if direction not in DIRECTIONS:
        raise ValueError(f"unknown direction {direction!r}: choose one of {', '.join(DIRECTIONS)}")
    title = tuple(wrapped(view.title, TITLE))
    layout = (blueprint_layout if view.is_blueprint else _journey_layout)(view, direction, len(title))
    return GraphView(title, layout.clusters, _edges(journey), layout.left, layout.ranks, layout.links)


def _journey_layout(view: JourneyView, direction: str, title_lines: int) -> Layout:
    """Rows of touchpoints: each row one rank, its boxes chained left to right, and the first
    box of each row chained to the first of the next, so rows start at the left edge."""
    columns = [
        [touchpoint_node(tp, view.label) for tp in stage.touchpoints] or [Node(f"_empty:{stage.id}", "", "gap")]
        for stage in view.stages
    ]
    frame = title_frame(title_lines, Frame())
    lines = ordered(rows([[size(node) for node in stage] for stage in columns], direction=direction, frame=frame), columns)
    links = [link for line in lines for link in chain([node.id for node in line])]
    links += chain([line[0].id for line in lines])
    clusters = tuple(Cluster(stage_label(stage.name), tuple(nodes)) for stage, nodes in zip(view.stages, columns, strict=True))
    return Layout(clusters, (), tuple(tuple(node.id for node in line) for line in lines), tuple(links))


def _edges(journey: Journey) -> tuple[Edge, ...]:
    """The steps customers take, each from the start of their own path (lanes.walks): no edge
    that no persona takes. A step back in journey order (or to itself) is drawn dashed."""
    ordered_touchpoints = [tp for _, tp in journey.touchpoints()]
    position = {tp.id: index for index, tp in enumerate(ordered_touchpoints)}
    following = walks(journey).steps
    edges: list[Edge] = []
    for index, tp in enumerate(ordered_touchpoints):
        edges.extend(Edge(tp.id, target, position[target] <= index) for target in following[tp.id])
    return tuple(edges)
