"""A service blueprint drawn by Graphviz as a grid: a column per touchpoint, a row per lane.

Top to bottom: the stages, evidence, the customer's actions (the touchpoints), the line of
interaction, front stage, the line of visibility, back stage, the line of internal interaction,
support processes; the lane and line names in a column at the left. Lanes empty across the
whole journey are left out, as in the HTML map (:mod:`cjmap.render.map_lanes`); the three
lines are always drawn. Many touchpoints wrap into bands of the whole grid, as a journey wraps
into rows (:mod:`cjmap.render.graph_rows`).

Each row of a band is one rank, its nodes chained left to right; a column's nodes share a
Graphviz ``group`` and are chained downwards, so they stay one above the other; a line is a
chain of invisible points across its rank, drawn as edges without arrowheads. Stages are header
cells, not clusters: Graphviz may swap clusters that span several ranks to spare a crossing of
the journey's steps (the bank example drew its fourth stage second), while the order of plain
nodes chained on a rank is kept.

Each stage (its part of a band) is framed by two columns of invisible points, one before its
first column and one after its last, in every rank: Graphviz keeps them ``nodesep`` clear of
every cell of that column, and a group keeps each column straight. The lines run from the first
stage's left frame to the last stage's right frame, so they start right of the lane names and
end past the widest cell of the last column (drawn from the centre of a name they ran through
it, and stopped short of wide cells); on the stage's rank, a broad band in the stage colour runs
between its frames, under the name, to show where the stage ends.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cjmap.render.graph_labels import CELL, SIDE, TOOLTIP_CHARS, shortened, wrapped, wrapped_lines
from cjmap.render.graph_layout import NODE_GAP, Frame, Layout, Link, Node, Piece, Size, chain, rows, size, stage_label, title_frame, touchpoint_node
from cjmap.render.view import JourneyView, TouchpointView

# Lanes that may be empty across the journey (and are then left out) and the line below each
# lane: (lane or line, kind of node at its left, the line's Link kind).
_GRID = (
    ("evidence", "lane", ""),
    ("actions", "lane", ""),
    ("line_interaction", "line", "interaction"),
    ("frontstage", "lane", ""),
    ("line_visibility", "line", "visibility"),
    ("backstage", "lane", ""),
    ("line_internal", "line", "internal"),
    ("support", "lane", ""),
)
_OPTIONAL = ("evidence", "frontstage", "backstage", "support")
RANK_GAP = 40.0  # points between two rows of a band (ranksep and margins), for the estimate of its height
HEADER = 40.0  # the stage's row: its name (14 pt) in a box


@dataclass(frozen=True)
class _Row:
    key: str  # a lane (a TouchpointView attribute, or "actions") or a line (a label key)
    side: str  # the kind of the name at the left: lane | line
    line: str  # the Link kind of a line, "" for a lane


_HEADER = _Row("stage", "lane", "")


def blueprint_layout(view: JourneyView, direction: str, title_lines: int) -> Layout:
    touchpoints = [tp for stage in view.stages for tp in stage.touchpoints]
    empty = {lane for lane in _OPTIONAL if not any(getattr(tp, lane) for tp in touchpoints)}
    grid = (_HEADER, *(_Row(*row) for row in _GRID if row[0] not in empty))
    stages = [
        [_column(grid[1:], tp, f"tp:{tp.id}", view.label) for tp in stage.touchpoints] or [_column(grid[1:], None, f"stage:{stage.id}", view.label)]
        for stage in view.stages
    ]
    sides = [Node(f"_{row.key}|band:", "\n".join(wrapped(view.label[row.key], SIDE)), row.side, group="side") for row in grid]
    frame = Frame(row=HEADER + 2 * RANK_GAP, piece=2 * (NODE_GAP + 1.0), side=max(size(side).width for side in sides) + NODE_GAP)
    packed = rows([[_size(column) for column in columns] for columns in stages], direction=direction, frame=title_frame(title_lines, frame))
    nodes: list[Node] = []
    ranks: list[tuple[str, ...]] = []
    links: list[Link] = []
    for number, band in enumerate(packed):
        # The ranks of the band, top to bottom, each a list of node ids left to right.
        band_ranks: list[list[str]] = [[] for _ in grid]
        band_sides = [Node(f"{side.id}{number}", side.label, side.kind, group="side") for side in sides]
        if ranks:
            links.append(Link(ranks[-1][0], band_sides[0].id, "order"))  # the next band below
        columns = [band_sides]
        for index, piece in enumerate(band):
            columns += _piece(view, piece, stages[piece.stage], grid, f"{number}.{index}")
        for column in columns:
            nodes += column
            links += chain([node.id for node in column])
            for ids, node in zip(band_ranks, column, strict=True):
                ids.append(node.id)
        for row, ids in zip(grid, band_ranks, strict=True):
            ranks.append(tuple(ids))
            links += _across(row, ids, band, _band_kind(view, band))
    return Layout((), tuple(nodes), tuple(ranks), tuple(links))


def _piece(view: JourneyView, piece: Piece, columns: list[list[Node]], grid: tuple[_Row, ...], key: str) -> list[list[Node]]:
    """A stage's columns in a band between its two frames; the stage's name heads the first."""
    name = view.stages[piece.stage].name
    framed = [_frame(grid, f"before:{key}")]
    for index, column in enumerate(columns[piece.start : piece.stop]):
        framed.append([_header(name if index == 0 else "", column[0].group), *column])
    return [*framed, _frame(grid, f"after:{key}")]


def _frame(grid: tuple[_Row, ...], key: str) -> list[Node]:
    return [Node(f"_{row.key}|{key}", "", "point", group=key) for row in grid]


def _band_kind(view: JourneyView, band: tuple[Piece, ...]) -> str:
    """``stage_high`` when a stage name in the band takes two lines: the band is then as high as
    its box, so no name box stands out of it."""
    return "stage_high" if any(len(stage_label(view.stages[piece.stage].name)) > 1 for piece in band) else "stage"


def _across(row: _Row, ids: list[str], band: tuple[Piece, ...], kind: str) -> list[Link]:
    """The links of one rank: the name at the left held before the rest; a line drawn from the
    first frame to the last; the stage's band drawn from each stage's frame to its other."""
    side, rest = ids[0], ids[1:]
    links = [Link(side, rest[0], "order")]
    if row.line:
        return links + chain(rest, row.line)
    if row is not _HEADER:
        return links + chain(rest)
    stop = 0
    for piece in band:
        start, stop = stop, stop + piece.stop - piece.start + 2
        links += chain(rest[start:stop], kind)
        if stop < len(rest):
            links.append(Link(rest[stop - 1], rest[stop], "order"))
    return links


def _header(name: str, group: str) -> Node:
    """The head of a column: the stage's name on its first column, a point on the others."""
    return Node(f"_stage|{group}", "\n".join(stage_label(name)), "stage", group=group) if name else Node(f"_stage|{group}", "", "point", group=group)


def _column(grid: tuple[_Row, ...], tp: TouchpointView | None, key: str, text: Mapping[str, str]) -> list[Node]:
    """One column's nodes, top to bottom; an empty stage keeps a column of gaps."""
    return [_cell(row, tp, key, text) for row in grid]


def _cell(row: _Row, tp: TouchpointView | None, key: str, text: Mapping[str, str]) -> Node:
    name = f"_{row.key}|{key}"
    if row.line:
        return Node(name, "", "point", group=key)
    if row.key == "actions":
        return touchpoint_node(tp, text, group=key) if tp else Node(name, "", "gap", group=key)
    items: tuple[str, ...] = getattr(tp, row.key) if tp else ()
    if not items:
        return Node(name, "", "gap", group=key)
    label = "\n".join(wrapped_lines([f"• {item}" for item in items], CELL))
    return Node(name, label, "cell", tooltip=shortened("\n".join(items), TOOLTIP_CHARS), group=key)


def _size(column: list[Node]) -> Size:
    sizes = [size(node) for node in column]
    return Size(max(s.width for s in sizes), sum(s.height for s in sizes) + RANK_GAP * (len(sizes) - 1))
