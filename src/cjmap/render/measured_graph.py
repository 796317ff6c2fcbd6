"""The real paths against the planned ones, laid out for an inline SVG: the measured touchpoints
in journey order on one line, the planned edges solid (a straight line to the next touchpoint,
an arc above the line otherwise) and the unplanned ones dashed, in arcs below it; each edge as
wide as its share of the busiest edge and labelled with its count.

Geometry only (numbers and short labels); the template writes the elements, autoescaped. The
layout is computed, not searched, so its cost is linear in nodes and edges.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cjmap.render.graph_labels import width
from cjmap.text.escape import CONTROL

NODE_WIDTH, NODE_HEIGHT, GAP = 136, 48, 56
PITCH = NODE_WIDTH + GAP
MARGIN = 16
NAME_COLUMNS = 18  # about what fits in a box at the map's 12px; the full name is in <title>
# An arc over k touchpoints rises ARC_BASE + ARC_STEP * (k - 1); a backward planned arc a bit
# higher, so it does not lie on the forward arc between the same two touchpoints.
ARC_BASE, ARC_STEP, ARC_BACK = 30, 22, 14
ARC_MOST = 220
THINNEST, WIDEST = 1.5, 8.0
ARROW = 12  # the arrowhead's length, drawn past the end of its line (markers in measured.html.j2)


@dataclass(frozen=True)
class Node:
    id: str
    x: int  # left edge
    y: int  # top edge
    centre: int  # where the texts are anchored
    name_y: int
    reach_y: int
    label: str  # the name cut to fit, without bidi or control characters (each is its own <text>)
    name: str  # the full name, for <title>
    reach: str  # already formatted


@dataclass(frozen=True)
class Edge:
    path: str  # SVG path data
    stroke: str  # stroke width, formatted
    planned: bool
    unseen: bool  # a planned edge nobody took
    label_x: int
    label_y: int
    label: str  # the count, formatted
    title: str  # the edge in words


@dataclass(frozen=True)
class PathGraph:
    width: int
    height: int
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    node_width: int = NODE_WIDTH
    node_height: int = NODE_HEIGHT


@dataclass(frozen=True)
class GraphEdge:
    """One edge to draw, as the view hands it over (ids, counts, words already made)."""

    source: str
    target: str
    planned: bool
    count: int
    label: str
    title: str


def build_path_graph(nodes: Sequence[tuple[str, str, str]], edges: Sequence[GraphEdge]) -> PathGraph:
    """``nodes``: (id, name, reach text) in journey order; edges between them (others are left out)."""
    place = {node_id: index for index, (node_id, _, _) in enumerate(nodes)}
    drawn = [edge for edge in edges if edge.source in place and edge.target in place and edge.source != edge.target]
    above = max([_rise(edge, place) for edge in drawn if _side(edge, place) < 0] or [0])
    below = max([_rise(edge, place) for edge in drawn if _side(edge, place) > 0] or [0])
    top = MARGIN + above + 12
    busiest = max([edge.count for edge in drawn] or [1]) or 1
    shown_nodes = tuple(
        Node(node_id, MARGIN + index * PITCH, top, _centre(index), top + 20, top + 38, _cut(name), name, reach) for index, (node_id, name, reach) in enumerate(nodes)
    )
    shown_edges = tuple(_edge(edge, place, top, busiest) for edge in drawn)
    graph_width = MARGIN * 2 + max(len(nodes) * PITCH - GAP, 0)
    return PathGraph(graph_width, top + NODE_HEIGHT + below + 12 + MARGIN, shown_nodes, shown_edges)


def _side(edge: GraphEdge, place: dict[str, int]) -> int:
    """-1: an arc above the line; 0: the straight line to the next touchpoint; +1: an arc below."""
    if not edge.planned:
        return 1
    return 0 if place[edge.target] == place[edge.source] + 1 else -1


def _rise(edge: GraphEdge, place: dict[str, int]) -> int:
    span = abs(place[edge.target] - place[edge.source])
    back = ARC_BACK if place[edge.target] < place[edge.source] else 0
    return min(ARC_BASE + ARC_STEP * (span - 1) + back, ARC_MOST)


def _edge(edge: GraphEdge, place: dict[str, int], top: int, busiest: int) -> Edge:
    start, end = place[edge.source], place[edge.target]
    stroke = f"{THINNEST + (WIDEST - THINNEST) * edge.count / busiest:.1f}"
    side = _side(edge, place)
    if side == 0:
        y = top + NODE_HEIGHT // 2
        x1, x2 = MARGIN + start * PITCH + NODE_WIDTH, MARGIN + end * PITCH
        return Edge(f"M{x1} {y} L{x2 - ARROW} {y}", stroke, edge.planned, edge.count == 0, (x1 + x2) // 2, y - 6, edge.label, edge.title)
    # Leave and arrive a little off the centre, on the side the edge goes to, so an edge and
    # its reverse do not meet at one point.
    direction = 1 if end > start else -1
    x1, x2 = _centre(start) + 14 * direction, _centre(end) - 14 * direction
    y = top if side < 0 else top + NODE_HEIGHT
    rise = _rise(edge, place) * side  # negative: upwards
    # A quadratic curve peaks at half its control point's height: the label sits at the peak.
    end = y - ARROW if side < 0 else y + ARROW
    path = f"M{x1} {y} Q{(x1 + x2) // 2} {y + 2 * rise} {x2} {end}"
    label_y = y + rise + (-4 if side < 0 else 14)
    return Edge(path, stroke, edge.planned, edge.planned and edge.count == 0, (x1 + x2) // 2, label_y, edge.label, edge.title)


def _centre(index: int) -> int:
    return MARGIN + index * PITCH + NODE_WIDTH // 2


def _cut(name: str) -> str:
    """The name as one line of a box: no bidi override can reorder the rest of the picture, and
    a long name ends in an ellipsis (the <title> has it whole)."""
    clean = " ".join(CONTROL.sub("", name).split())
    if width(clean) <= NAME_COLUMNS:
        return clean
    kept, used = [], 0
    for character in clean:  # counted as it goes: a name of a million combining marks stays linear
        used += width(character)
        if used > NAME_COLUMNS - 1:
            break
        kept.append(character)
    return "".join(kept).rstrip() + "…"
