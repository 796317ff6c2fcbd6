"""The parts every layout of the Graphviz picture is made of (nodes, stage clusters, invisible
links) and their estimated sizes; where the stages go, rows like words in a paragraph near a
page, is :mod:`cjmap.render.graph_rows` (re-exported here). The DOT holds each row on one rank,
in order.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass

from cjmap.render.graph_labels import STAGE, TOOLTIP_CHARS, shortened, touchpoint_label, width, wrapped
from cjmap.render.graph_rows import NODE_GAP, Frame, Piece, Row, Size, rows
from cjmap.render.view import TouchpointView

# graph.py and graph_blueprint.py read the row choice from here, with the parts.
__all__ = ["NODE_GAP", "Cluster", "Frame", "Layout", "Link", "Node", "Piece", "Row", "Size", "chain", "ordered", "rows", "size",
           "size_of", "stage_label", "title_frame", "touchpoint_node"]

# Points of a label's column and line at the fonts the template sets (Helvetica 11 pt): wide
# enough for capitals, so estimates err on the wide side.
COLUMN_POINTS = 6.6
LINE_POINTS = 13.5
NODE_MARGIN = (18.0, 14.0)  # Graphviz's default margins around a box's label, both sides
TITLE_LINE = 24.0  # a line of the title (18 pt) with its leading


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    kind: str = "touchpoint"  # touchpoint | cell (a blueprint lane's items) | stage (a blueprint's stage name) | gap (keeps a place) | lane | line (names) | point
    color: str = ""
    tooltip: str = ""
    has_pains: bool = False
    group: str = ""  # a blueprint column: Graphviz keeps a group's nodes one above the other


@dataclass(frozen=True)
class Cluster:
    name: tuple[str, ...]  # the stage's name, as lines
    nodes: tuple[Node, ...]


@dataclass(frozen=True)
class Link:
    """An edge that is no step: ``order`` (invisible, holds a row's boxes left to right and the
    rows one below the other), a blueprint line (``interaction``, ``visibility``, ``internal``) or a
    blueprint's stage band (``stage``, ``stage_high`` when a stage name takes two lines)."""

    source: str
    target: str
    kind: str


@dataclass(frozen=True)
class Layout:
    clusters: tuple[Cluster, ...]
    # Nodes in no stage, written before the stages: Graphviz keeps what it reads first at the
    # left (invisible edges order nodes within a cluster, not across one).
    left: tuple[Node, ...]  # a blueprint's nodes
    ranks: tuple[tuple[str, ...], ...]  # each drawn side by side, left to right, in this order
    links: tuple[Link, ...]


def size_of(columns: int, lines: int) -> Size:
    """The estimated size of a box whose label is ``lines`` lines of at most ``columns`` columns."""
    return Size(columns * COLUMN_POINTS + NODE_MARGIN[0], lines * LINE_POINTS + NODE_MARGIN[1])


def stage_label(name: str) -> tuple[str, ...]:
    """A stage's name as lines: the template ends each with Graphviz's ``\\l`` (left-justified)."""
    return tuple(wrapped(name, STAGE))


def title_frame(title_lines: int, frame: Frame) -> Frame:
    """``frame`` with the title's lines on top."""
    return Frame(frame.row, frame.piece, frame.side, frame.top + title_lines * TITLE_LINE)


def touchpoint_node(tp: TouchpointView, text: Mapping[str, str], *, group: str = "") -> Node:
    tooltip = shortened(tp.description or tp.name, TOOLTIP_CHARS)
    return Node(tp.id, touchpoint_label(tp, text), "touchpoint", tp.color, tooltip, bool(tp.pains), group)


def size(node: Node) -> Size:
    """A node's estimated size: a gap and a point take little room."""
    if node.kind in ("gap", "point"):
        return size_of(1, 1) if node.kind == "gap" else Size(1.0, 1.0)
    lines = node.label.split("\n")
    return size_of(max(width(line) for line in lines), len(lines))


def ordered(packed: list[Row], columns: list[list[Node]]) -> list[list[Node]]:
    """The nodes of each row, left to right."""
    return [[node for piece in row for node in columns[piece.stage][piece.start : piece.stop]] for row in packed]


def chain(ids: list[str], kind: str = "order") -> list[Link]:
    return [Link(a, b, kind) for a, b in itertools.pairwise(ids)]
