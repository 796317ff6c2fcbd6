"""How the stages of the Graphviz picture wrap into rows, like words in a paragraph, near a page.

The columns (a touchpoint each, or one for an empty stage) are cut into rows: a stage stays whole
on one row when it fits, starts a new row when it does not, and a stage wider than a row gets
rows of its own, as even as possible. Of the packings with the same number of rows only the
narrowest is tried (its rows are then evened out: nine columns on two rows are 5 + 4, never
7 + 2), and the one chosen is the one whose picture, estimated from the label sizes with the
title, the margins and a blueprint's lane names, prints largest on a landscape page.

Each width is tried in time proportional to its number of rows, not to the journey's size: the
columns' widths are summed once (a row's width is a difference of two sums), their heights are
put in a table of range maxima, and rows are found by bisection. Trying every width up to where
the picture gets too wide then costs about N log N for N columns (50,000 one-touchpoint stages
took 17 s when each try packed and measured every column, now 0.5 s), and the choice is the
same: every width is still tried, none is skipped on the guess that the shape grows with it.
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from cjmap.render.columns import even_bounds

# Width over height of the picture aimed at: between A4 landscape (1.41) and a 16:9 screen.
ASPECT = 1.5
NODE_GAP = 18.0  # nodesep
CLUSTER_MARGIN = 16.0  # both sides of a stage's box
ROW_GAP = 65.0  # ranksep, a stage name and the boxes' margins between two rows
PAD = 21.6  # the graph's pad (0.3 in) on each side
# How much smaller a picture with fewer rows may print and still be chosen (see _largest_on_page).
FEWER_ROWS = 0.1


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


def rows(stages: Sequence[Sequence[Size]], *, direction: str, frame: Frame) -> list[Row]:
    """The rows of the picture, for ``direction`` ``rows`` (stages wrapped like words), ``down``
    (a stage per row) or ``across`` (one row). Each stage has at least one column."""
    sizes = [len(columns) for columns in stages]
    if direction == "across":
        return pack(sizes, sum(sizes), stage_per_row=False)
    stage_per_row = direction == "down"
    most = _largest_on_page(_Columns(stages, frame, stage_per_row=stage_per_row))
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
        result += [(Piece(stage, start, stop),) for start, stop in itertools.pairwise(even_bounds(size, width))]
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
    from the start and from the end). Of equal choices the later start wins (the earlier rows
    are the longer), so the same input gives the same rows."""
    ends = list(itertools.accumulate(sizes, initial=0))
    most, least = _filled(sizes, width), _filled(sizes[::-1], width)
    # Layer j: the least cost of the first i stages on j rows, for i from `first` on, each
    # with where its j-th row starts. Every i of a layer has a cost: the ends j rows can reach
    # form an interval, and so do the starts of row j + 1 that fit.
    first, cost = 0, [0]
    starts: list[tuple[int, list[int]]] = []
    for j in range(1, count + 1):
        low, high = first, first + len(cost) - 1  # where row j may start
        first = max(len(sizes) - least[count - j], low + 1)
        last = most[j]
        while ends[last] - ends[high] > width:  # row j must fit after the last end of layer j - 1
            last -= 1
        layer = _Layer(ends, width, cost, low, first, last)
        layer.solve(first, last, low, high)
        cost = layer.cost
        starts.append((first, layer.start))
    breaks, i = [], len(sizes)
    for start, layer_start in reversed(starts):
        i = layer_start[i - start]
        breaks.append(i)
    return breaks[::-1]


class _Layer:
    """One row more of :func:`_even_breaks`: for each end i in [first, last], the least cost of
    the rows before it, and where the last row starts.

    A row's cost, its width squared, makes the costs a Monge array: the best start of the row
    ending at i never moves left as i moves right (the latest of equal starts too). So the ends
    are solved by halving: the middle end tries every start that fits, and the ends left and
    right of it only the starts left and right of its best. Each end then tries about log n
    starts instead of every start that fits (50,000 one-column stages on 190 rows of 264 took
    1.0 s, now 0.04 s). Costs are integers, so no rounding turns a tie."""

    def __init__(self, ends: list[int], width: int, previous: list[int], low: int, first: int, last: int) -> None:
        self.ends, self.width, self.previous, self.low, self.first = ends, width, previous, low, first
        self.cost = [0] * (last - first + 1)
        self.start = [0] * (last - first + 1)

    def solve(self, i_low: int, i_high: int, k_low: int, k_high: int) -> None:
        """The ends from ``i_low`` to ``i_high``, whose rows start from ``k_low`` to ``k_high``."""
        ends, previous, low = self.ends, self.previous, self.low
        while i_low <= i_high:  # the right half in this loop, the left half one call deeper
            i = (i_low + i_high) // 2
            # Of the starts that fit, the latest first: of equal costs the later start wins.
            fits = bisect_right(ends, ends[i] - self.width - 1, k_low, i)
            best, best_k = -1, -1
            for k in range(min(k_high, i - 1), max(k_low, fits) - 1, -1):
                candidate = previous[k - low] + (ends[i] - ends[k]) ** 2
                if best < 0 or candidate < best:
                    best, best_k = candidate, k
            self.cost[i - self.first], self.start[i - self.first] = best, best_k
            self.solve(i_low, i - 1, k_low, best_k)
            i_low, k_low = i + 1, best_k


def _filled(sizes: list[int], width: int) -> list[int]:
    """How many of ``sizes`` the first 0, 1, 2… rows hold, each filled up to ``width``."""
    held, used = [0], 0
    for index, size in enumerate(sizes):
        if used and used + size > width:
            held.append(index)
            used = 0
        used += size
    return [*held, len(sizes)]


class _Columns:
    """The columns' sizes, summed once so that the picture a row width gives is estimated in a
    step per row: a row's width is the difference of two running sums, its height the tallest
    of its columns from a table of range maxima (sparse table: level l holds the tallest of
    2**l columns from each column on)."""

    def __init__(self, stages: Sequence[Sequence[Size]], frame: Frame, *, stage_per_row: bool) -> None:
        self.frame, self.stage_per_row = frame, stage_per_row
        self.sizes = [len(columns) for columns in stages]
        self.ends = list(itertools.accumulate(self.sizes, initial=0))  # where each stage's columns start
        self.widths = list(itertools.accumulate((column.width for columns in stages for column in columns), initial=0.0))
        self.tallest_of = [[column.height for columns in stages for column in columns]]
        # With a stage per row: the stages by size, and what those no wider than a row add up to.
        self.by_size = sorted(range(len(self.sizes)), key=self.sizes.__getitem__) if stage_per_row else []
        self.sorted_sizes = [self.sizes[stage] for stage in self.by_size]
        # Each stage's tallest column read directly: the table would grow levels as wide as the
        # widest stage, where the rows tried ask for levels only as wide as a row.
        heights = self.tallest_of[0]
        whole = [(self.widths[b] - self.widths[a] + NODE_GAP * (b - a - 1) + frame.piece, max(heights[a:b]) + frame.row)
                 for a, b in ((self.ends[stage], self.ends[stage + 1]) for stage in self.by_size)]
        self.whole_wide = list(itertools.accumulate((wide for wide, _ in whole), max, initial=0.0))
        self.whole_high = list(itertools.accumulate((high for _, high in whole), initial=0.0))

    def tallest(self, start: int, stop: int) -> float:
        """The tallest of columns ``start`` to ``stop`` (``stop`` > ``start``)."""
        level = (stop - start).bit_length() - 1
        while level >= len(self.tallest_of):
            below, half = self.tallest_of[-1], 1 << (len(self.tallest_of) - 1)
            self.tallest_of.append(list(map(max, below, below[half:])))
        return max(self.tallest_of[level][start], self.tallest_of[level][stop - (1 << level)])

    def row(self, start: int, stop: int, pieces: int) -> tuple[float, float]:
        """The width and the height (with the room between rows) of a row of columns ``start``
        to ``stop`` in ``pieces`` stages."""
        wide = self.widths[stop] - self.widths[start] + NODE_GAP * (stop - start - 1) + self.frame.piece * pieces
        return wide, self.tallest(start, stop) + self.frame.row

    def wrapped(self, width: int) -> Iterator[tuple[int, int, int]]:
        """Each row when stages wrap like words on rows of ``width``: first column, end, pieces."""
        ends, sizes, stage = self.ends, self.sizes, 0
        while stage < len(sizes):
            # The most whole stages from `stage` on that fit; none when it is wider than a row.
            stop = bisect_right(ends, ends[stage] + width, stage + 1, min(len(sizes), stage + width) + 1) - 1
            if stop > stage:
                yield ends[stage], ends[stop], stop - stage
                stage = stop
                continue
            yield from ((ends[stage] + a, ends[stage] + b, 1) for a, b in itertools.pairwise(even_bounds(sizes[stage], width)))
            stage += 1

    def count(self, width: int) -> int:
        """How many rows ``pack`` makes on rows of ``width`` (its result's length)."""
        if self.stage_per_row:
            narrow = bisect_right(self.sorted_sizes, width)
            return narrow + sum(-(-size // width) for size in self.sorted_sizes[narrow:])
        ends, sizes, stage, count = self.ends, self.sizes, 0, 0
        while stage < len(sizes):
            stop = bisect_right(ends, ends[stage] + width, stage + 1, min(len(sizes), stage + width) + 1) - 1
            count += 1 if stop > stage else -(-sizes[stage] // width)
            stage = max(stop, stage + 1)
        return count

    def estimate(self, width: int) -> tuple[float, float]:
        """The estimated width and height of the picture, in points, on rows of ``width``
        (packed as ``pack`` packs them, before they are evened out)."""
        wide = high = 0.0
        shown: Iterator[tuple[int, int, int]]
        if self.stage_per_row:  # the stages no wider than a row are a row each: summed once, above
            narrow = bisect_right(self.sorted_sizes, width)
            wide, high = self.whole_wide[narrow], self.whole_high[narrow]
            shown = ((self.ends[stage] + a, self.ends[stage] + b, 1) for stage in self.by_size[narrow:]
                     for a, b in itertools.pairwise(even_bounds(self.sizes[stage], width)))
        else:
            shown = self.wrapped(width)
        for start, stop, pieces in shown:
            row_wide, row_high = self.row(start, stop, pieces)
            wide, high = max(wide, row_wide), high + row_high
        return wide + self.frame.side + 2 * PAD, high + self.frame.top + 2 * PAD


def _largest_on_page(columns: _Columns) -> int:
    """The row width (in columns) whose estimated picture prints largest on a page of
    ``ASPECT``: near the page's shape, without a row left mostly empty. Of the widths that give
    the same number of rows only the narrowest is tried (it gives the most even rows). Fewer
    rows win within ``FEWER_ROWS`` of the largest: each row break sends the steps back across
    the picture (and repeats a blueprint's lane names). A wider row makes the picture wider and
    shorter, so widths are tried upwards until the picture is wider than aimed at."""
    tried: dict[int, tuple[float, int]] = {}  # number of rows: (scale, width)
    # With a stage per row, rows wider than the widest stage change nothing.
    for most in range(1, (max(columns.sizes) if columns.stage_per_row else columns.ends[-1]) + 1):
        count = columns.count(most)
        if count in tried:
            continue
        wide, high = columns.estimate(most)
        tried[count] = (min(ASPECT / wide, 1.0 / high), most)
        if wide / high > ASPECT * 2:
            break
    largest = max(scale for scale, _ in tried.values())
    return tried[min(count for count, (scale, _) in tried.items() if scale >= largest * (1 - FEWER_ROWS))][1]
