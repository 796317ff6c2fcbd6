"""Where the stages of the Graphviz picture go: rows like words in a paragraph, near a page;
and the parts every layout is made of (nodes, stage clusters, invisible links).

Graphviz lays a journey out as one rank per step, so left alone a journey of 26 touchpoints is
a strip 40 times wider than tall (issue 15). Here the columns (a touchpoint each, or one for an
empty stage) are cut into rows beforehand: a stage stays whole on one row when it fits, starts
a new row when it does not, and a stage wider than a row gets rows of its own, as even as
possible. The row width is the one whose picture, estimated from the label sizes, comes
nearest a landscape page. The DOT then holds each row on one rank, in this order.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cjmap.render.graph_labels import STAGE, TOOLTIP_CHARS, shortened, touchpoint_label, width, wrapped
from cjmap.render.view import TouchpointView

# Width over height of the picture aimed at: between A4 landscape (1.41) and a 16:9 screen.
ASPECT = 1.5
# Points of a label's column and line at the fonts the template sets (Helvetica 11 pt): wide
# enough for capitals, so estimates err on the wide side.
COLUMN_POINTS = 6.6
LINE_POINTS = 13.5
NODE_MARGIN = (18.0, 14.0)  # Graphviz's default margins around a box's label, both sides
NODE_GAP = 18.0  # nodesep
CLUSTER_MARGIN = 16.0  # both sides of a stage's box
ROW_GAP = 65.0  # ranksep, a stage name and the boxes' margins between two rows


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    kind: str = "touchpoint"  # touchpoint | cell (a blueprint lane's items) | gap (keeps a place) | lane | line (names) | point
    color: str = ""
    tooltip: str = ""
    has_pains: bool = False
    group: str = ""  # a blueprint column: Graphviz keeps a group's nodes one above the other


@dataclass(frozen=True)
class Cluster:
    name: str
    nodes: tuple[Node, ...]


@dataclass(frozen=True)
class Link:
    """An edge that is no step: ``order`` (invisible, holds a row's boxes left to right and the
    rows one below the other) or a blueprint line (``interaction``, ``visibility``, ``internal``)."""

    source: str
    target: str
    kind: str


@dataclass(frozen=True)
class Layout:
    clusters: tuple[Cluster, ...]
    # Nodes in no stage, written before and after the stages: Graphviz keeps what it reads
    # first at the left (invisible edges order nodes within a cluster, not across one).
    left: tuple[Node, ...]  # a blueprint's lane and line names
    right: tuple[Node, ...]  # where a blueprint's lines end
    ranks: tuple[tuple[str, ...], ...]  # each drawn side by side, left to right, in this order
    links: tuple[Link, ...]


@dataclass(frozen=True)
class Piece:
    """Columns ``start`` to ``stop`` of stage ``stage``, side by side on one row."""

    stage: int
    start: int
    stop: int


Row = tuple[Piece, ...]


@dataclass(frozen=True)
class Size:
    """A column's estimated size in points."""

    width: float
    height: float


def size_of(columns: int, lines: int) -> Size:
    """The estimated size of a box whose label is ``lines`` lines of at most ``columns`` columns."""
    return Size(columns * COLUMN_POINTS + NODE_MARGIN[0], lines * LINE_POINTS + NODE_MARGIN[1])


def rows(stages: Sequence[Sequence[Size]], *, direction: str) -> list[Row]:
    """The rows of the picture, for ``direction`` ``rows`` (stages wrapped like words), ``down``
    (a stage per row) or ``across`` (one row). Each stage has at least one column."""
    total = sum(len(columns) for columns in stages)
    if direction == "across":
        return pack([len(columns) for columns in stages], total, stage_per_row=False)
    return _nearest_page(stages, stage_per_row=direction == "down")


def pack(sizes: Sequence[int], width: int, *, stage_per_row: bool) -> list[Row]:
    """Stages of ``sizes`` columns on rows of at most ``width`` columns, in order."""
    result: list[Row] = []
    current: list[Piece] = []
    used = 0
    for stage, size in enumerate(sizes):
        if current and (stage_per_row or size > width or used + size > width):
            result.append(tuple(current))
            current, used = [], 0
        if size > width:
            count = math.ceil(size / width)
            bounds = [size * k // count for k in range(count + 1)]
            result += [(Piece(stage, start, stop),) for start, stop in itertools.pairwise(bounds)]
            continue
        current.append(Piece(stage, 0, size))
        used += size
    if current:
        result.append(tuple(current))
    return result


def _nearest_page(stages: Sequence[Sequence[Size]], *, stage_per_row: bool) -> list[Row]:
    """The packing whose estimated picture is nearest ``ASPECT``. A wider row makes the picture
    wider and shorter, so widths are tried upwards until the picture is wider than aimed at."""
    sizes = [len(columns) for columns in stages]
    best: tuple[float, list[Row]] | None = None
    # With a stage per row, rows wider than the widest stage change nothing.
    for most in range(1, (max(sizes) if stage_per_row else sum(sizes)) + 1):
        packed = pack(sizes, most, stage_per_row=stage_per_row)
        aspect = _aspect(stages, packed)
        distance = abs(math.log(aspect / ASPECT))
        if best is None or distance < best[0]:
            best = (distance, packed)
        if aspect > ASPECT * 2:
            break
    assert best is not None  # every stage has a column
    return best[1]


def _aspect(stages: Sequence[Sequence[Size]], packed: list[Row]) -> float:
    wide = high = 0.0
    for row in packed:
        columns = [stages[p.stage][c] for p in row for c in range(p.start, p.stop)]
        wide = max(wide, sum(c.width for c in columns) + NODE_GAP * (len(columns) - 1) + CLUSTER_MARGIN * len(row))
        high += max(c.height for c in columns) + ROW_GAP
    return wide / high


def stage_label(name: str) -> str:
    return "\n".join(wrapped(name, STAGE))


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
