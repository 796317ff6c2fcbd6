"""A service blueprint drawn by Graphviz as a grid: a column per touchpoint, a row per lane.

Top to bottom: the stages (each stage's name heads its first column), evidence, the customer's
actions (the touchpoints), the line of interaction, front stage, the line of visibility, back
stage, the line of internal interaction, support processes; the lane and line names in a column
at the left. Lanes empty across the whole journey are left out, as in the HTML map
(``view._lanes``); the three lines are always drawn. Many touchpoints wrap into bands of the
whole grid, as a journey wraps into rows (:mod:`cjmap.render.graph_layout`).

Each row of a band is one rank, its nodes chained left to right; a column's nodes share a
Graphviz ``group`` and are chained downwards, so they stay one above the other; a line is a
chain of invisible points across its rank, drawn as edges without arrowheads. Stages are header
cells, not clusters: Graphviz may swap clusters that span several ranks to spare a crossing of
the journey's steps (the bank example drew its fourth stage second), while the order of plain
nodes chained on a rank is kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cjmap.render.graph_labels import CELL, SIDE, TOOLTIP_CHARS, shortened, wrapped, wrapped_lines
from cjmap.render.graph_layout import Layout, Link, Node, Size, chain, rows, size, stage_label, touchpoint_node
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


@dataclass(frozen=True)
class _Row:
    key: str  # a lane (a TouchpointView attribute, or "actions") or a line (a label key)
    side: str  # the kind of the name at the left: lane | line
    line: str  # the Link kind of a line, "" for a lane


_HEADER = _Row("stage", "lane", "")


def blueprint_layout(view: JourneyView, direction: str) -> Layout:
    touchpoints = [tp for stage in view.stages for tp in stage.touchpoints]
    empty = {lane for lane in _OPTIONAL if not any(getattr(tp, lane) for tp in touchpoints)}
    grid = [_Row(*row) for row in _GRID if row[0] not in empty]
    stages = [
        [_column(grid, tp, f"tp:{tp.id}", view.label) for tp in stage.touchpoints] or [_column(grid, None, f"stage:{stage.id}", view.label)]
        for stage in view.stages
    ]
    packed = rows([[_size(column) for column in columns] for columns in stages], direction=direction)
    left: list[Node] = []
    right: list[Node] = []
    ranks: list[tuple[str, ...]] = []
    links: list[Link] = []
    for number, band in enumerate(packed):
        # The stage's name heads the first of its columns in each band it takes part in.
        columns = [
            [_header(view.stages[piece.stage].name if index == piece.start else "", column[0].group), *column]
            for piece in band
            for index, column in enumerate(stages[piece.stage][piece.start : piece.stop], start=piece.start)
        ]
        sides = [Node(f"_{row.key}|band:{number}", "\n".join(wrapped(view.label[row.key], SIDE)), row.side, group="side") for row in (_HEADER, *grid)]
        if ranks:
            links.append(Link(ranks[-1][0], sides[0].id, "order"))  # the next band below
        left += sides + [node for column in columns for node in column]
        links += chain([side.id for side in sides])
        for column in columns:
            links += chain([node.id for node in column])
        for index, row in enumerate((_HEADER, *grid)):
            ids = [sides[index].id, *(column[index].id for column in columns)]
            if row.line:
                end = Node(f"_{row.key}|end:{number}", "", "point", group="end")
                right.append(end)
                ids.append(end.id)
            ranks.append(tuple(ids))
            links += chain(ids, row.line or "order")
    return Layout((), tuple(left), tuple(right), tuple(ranks), tuple(links))


def _header(name: str, group: str) -> Node:
    """The head of a column: the stage's name on its first column, a gap on the others."""
    return Node(f"_stage|{group}", stage_label(name), "stage", group=group) if name else Node(f"_stage|{group}", "", "gap", group=group)


def _column(grid: list[_Row], tp: TouchpointView | None, key: str, text: Mapping[str, str]) -> list[Node]:
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
