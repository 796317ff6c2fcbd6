"""Where the stages of the Graphviz picture go: rows like words in a paragraph, near a page;
and the parts every layout is made of (nodes, stage clusters, invisible links).

Graphviz lays a journey out as one rank per step, so left alone a journey of 26 touchpoints is
a strip 40 times wider than tall (issue 15). Here the columns (a touchpoint each, or one for an
empty stage) are cut into rows beforehand: a stage stays whole on one row when it fits, starts
a new row when it does not, and a stage wider than a row gets rows of its own, as even as
possible. Of the packings with the same number of rows only the narrowest is tried (its rows
are then evened out: nine columns on two rows are 5 + 4, never 7 + 2), and the one chosen is
the one whose picture, estimated from the label sizes with the title, the margins and a
blueprint's lane names, prints largest on a landscape page. The DOT then holds each row on one
rank, in this order.
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
PAD = 21.6  # the graph's pad (0.3 in) on each side
TITLE_LINE = 24.0  # a line of the title (18 pt) with its leading
# How much smaller a picture with fewer rows may print and still be chosen (see _largest_on_page).
FEWER_ROWS = 0.1


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


@dataclass(frozen=True)
class Piece:
    """Columns ``start`` to ``stop`` of stage ``stage``, side by side on one row."""

    stage: int
    start: int
    stop: int


Row = tuple[Piece, ...]


@dataclass(frozen=True)
class Frame:
    """What the picture holds besides its columns, in points, for the estimate of its shape:
    ``row`` above and below each row (a stage's name, the gap to the next row), ``piece`` beside
    each stage's part of a row (its box's margins), ``side`` beside each row (a blueprint's lane
    names) and ``top`` once (the title). Left out, a small blueprint came out portrait: the
    estimate thought one band of 9 columns 3 : 1, and two bands of 8 + 1 nearer the page."""

    row: float = ROW_GAP
    piece: float = CLUSTER_MARGIN
    side: float = 0.0
    top: float = 0.0


@dataclass(frozen=True)
class Size:
    """A column's estimated size in points."""

    width: float
    height: float


def size_of(columns: int, lines: int) -> Size:
    """The estimated size of a box whose label is ``lines`` lines of at most ``columns`` columns."""
    return Size(columns * COLUMN_POINTS + NODE_MARGIN[0], lines * LINE_POINTS + NODE_MARGIN[1])


def rows(stages: Sequence[Sequence[Size]], *, direction: str, frame: Frame) -> list[Row]:
    """The rows of the picture, for ``direction`` ``rows`` (stages wrapped like words), ``down``
    (a stage per row) or ``across`` (one row). Each stage has at least one column."""
    sizes = [len(columns) for columns in stages]
    if direction == "across":
        return pack(sizes, sum(sizes), stage_per_row=False)
    stage_per_row = direction == "down"
    most = _largest_on_page(stages, frame, stage_per_row=stage_per_row)
    return pack(sizes, most, stage_per_row=stage_per_row, even=True)


def pack(sizes: Sequence[int], width: int, *, stage_per_row: bool, even: bool = False) -> list[Row]:
    """Stages of ``sizes`` columns on rows of at most ``width`` columns, in order: as few rows
    as filling each row in turn gives; with ``even``, those rows as even as the stages allow."""
    result: list[Row] = []
    run: list[int] = []  # consecutive stages that fit a row, set on rows together
    for stage, size in enumerate(sizes):
        if size <= width and not stage_per_row:
            run.append(stage)
            continue
        result += _set(run, sizes, width, even=even)
        run = []
        # A stage wider than a row gets rows of its own, as even as possible, the longer first.
        count = math.ceil(size / width)
        bounds = [-(-size * k // count) for k in range(count + 1)]
        result += [(Piece(stage, start, stop),) for start, stop in itertools.pairwise(bounds)]
    return result + _set(run, sizes, width, even=even)


def _set(run: list[int], sizes: Sequence[int], width: int, *, even: bool) -> list[Row]:
    """The whole stages of ``run`` on rows of at most ``width`` columns: filled in turn, or with
    ``even`` on as many rows, broken where the sum of the squared row widths is least."""
    if not run:
        return []
    breaks = _filled([sizes[stage] for stage in run], width)[:-1]
    if even and len(breaks) > 1:
        breaks = _even_breaks([sizes[stage] for stage in run], width, len(breaks))
    return [tuple(Piece(stage, 0, sizes[stage]) for stage in run[a:b]) for a, b in itertools.pairwise([*breaks, len(run)])]


def _even_breaks(sizes: list[int], width: int, count: int) -> list[int]:
    """Where ``count`` rows of at most ``width`` start: a dynamic programme over the break
    points, only between the most the first rows can hold and the least they must (rows filled
    from the start and from the end), so 1,000 stages take milliseconds. Of equal choices the
    later start wins (the earlier rows are the longer), so the same input gives the same rows."""
    ends = list(itertools.accumulate(sizes, initial=0))
    most, least = _filled(sizes, width), _filled(sizes[::-1], width)
    # cost[j][i]: the least cost of the first i stages on j rows; start[j][i]: where row j starts.
    cost = [dict[int, float]() for _ in range(count + 1)]
    start = [dict[int, int]() for _ in range(count + 1)]
    cost[0][0] = 0.0
    for j in range(1, count + 1):
        for i in range(len(sizes) - least[count - j], most[j] + 1):
            k = i - 1
            while k >= 0 and ends[i] - ends[k] <= width:
                candidate = cost[j - 1].get(k, math.inf) + (ends[i] - ends[k]) ** 2
                if candidate < cost[j].get(i, math.inf):
                    cost[j][i], start[j][i] = candidate, k
                k -= 1
    breaks, i = [], len(sizes)
    for j in range(count, 0, -1):
        i = start[j][i]
        breaks.append(i)
    return breaks[::-1]


def _filled(sizes: list[int], width: int) -> list[int]:
    """How many of ``sizes`` the first 0, 1, 2… rows hold, each filled up to ``width``."""
    held, used = [0], 0
    for index, size in enumerate(sizes):
        if used and used + size > width:
            held.append(index)
            used = 0
        used += size
    return [*held, len(sizes)]


def _largest_on_page(stages: Sequence[Sequence[Size]], frame: Frame, *, stage_per_row: bool) -> int:
    """The row width (in columns) whose estimated picture prints largest on a page of
    ``ASPECT``: near the page's shape, without a row left mostly empty. Of the widths that give
    the same number of rows only the narrowest is tried (it gives the most even rows). Fewer
    rows win within ``FEWER_ROWS`` of the largest: each row break sends the steps back across
    the picture (and repeats a blueprint's lane names). A wider row makes the picture wider and
    shorter, so widths are tried upwards until the picture is wider than aimed at."""
    sizes = [len(columns) for columns in stages]
    tried: dict[int, tuple[float, int]] = {}  # number of rows: (scale, width)
    # With a stage per row, rows wider than the widest stage change nothing.
    for most in range(1, (max(sizes) if stage_per_row else sum(sizes)) + 1):
        packed = pack(sizes, most, stage_per_row=stage_per_row)
        if len(packed) in tried:
            continue
        wide, high = estimate(stages, packed, frame)
        tried[len(packed)] = (min(ASPECT / wide, 1.0 / high), most)
        if wide / high > ASPECT * 2:
            break
    largest = max(scale for scale, _ in tried.values())
    return tried[min(count for count, (scale, _) in tried.items() if scale >= largest * (1 - FEWER_ROWS))][1]


def estimate(stages: Sequence[Sequence[Size]], packed: list[Row], frame: Frame) -> tuple[float, float]:
    """The estimated width and height of the picture, in points."""
    wide = high = 0.0
    for row in packed:
        columns = [stages[p.stage][c] for p in row for c in range(p.start, p.stop)]
        wide = max(wide, sum(c.width for c in columns) + NODE_GAP * (len(columns) - 1) + frame.piece * len(row))
        high += max(c.height for c in columns) + frame.row
    return wide + frame.side + 2 * PAD, high + frame.top + 2 * PAD


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
