"""The Graphviz picture's row choice (render/graph_rows.py) is the exhaustive one it replaced:
each width packed and measured column by column, the even rows found by trying every start of
every row. The old code is kept here as the oracle; the new one must choose the same rows for
any stages and label sizes, in a time that grows about as the journey does."""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cjmap.render.graph_layout import size_of
from cjmap.render.graph_rows import (
    ASPECT,
    FEWER_ROWS,
    NODE_GAP,
    PAD,
    Frame,
    Piece,
    Row,
    Size,
    _Columns,
    _even_breaks,
    pack,
    rows,
)
from conftest import cli

# --- the oracle: the row choice as it was before (graph_layout.py at 5f337c3) -------------------


def _old_pack(sizes: Sequence[int], width: int, *, stage_per_row: bool, even: bool = False) -> list[Row]:
    result: list[Row] = []
    run: list[int] = []
    for stage, size in enumerate(sizes):
        if size <= width and not stage_per_row:
            run.append(stage)
            continue
        result += _old_set(run, sizes, width, even=even)
        run = []
        count = math.ceil(size / width)
        bounds = [-(-size * k // count) for k in range(count + 1)]
        result += [(Piece(stage, start, stop),) for start, stop in itertools.pairwise(bounds)]
    return result + _old_set(run, sizes, width, even=even)


def _old_set(run: list[int], sizes: Sequence[int], width: int, *, even: bool) -> list[Row]:
    if not run:
        return []
    breaks = _old_filled([sizes[stage] for stage in run], width)[:-1]
    if even and len(breaks) > 1:
        breaks = _old_even_breaks([sizes[stage] for stage in run], width, len(breaks))
    return [tuple(Piece(stage, 0, sizes[stage]) for stage in run[a:b]) for a, b in itertools.pairwise([*breaks, len(run)])]


def _old_even_breaks(sizes: list[int], width: int, count: int) -> list[int]:
    ends = list(itertools.accumulate(sizes, initial=0))
    most, least = _old_filled(sizes, width), _old_filled(sizes[::-1], width)
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


def _old_filled(sizes: list[int], width: int) -> list[int]:
    held, used = [0], 0
    for index, size in enumerate(sizes):
        if used and used + size > width:
            held.append(index)
            used = 0
        used += size
    return [*held, len(sizes)]


def _old_estimate(stages: Sequence[Sequence[Size]], packed: list[Row], frame: Frame) -> tuple[float, float]:
    wide = high = 0.0
    for row in packed:
        columns = [stages[p.stage][c] for p in row for c in range(p.start, p.stop)]
        wide = max(wide, sum(c.width for c in columns) + NODE_GAP * (len(columns) - 1) + frame.piece * len(row))
        high += max(c.height for c in columns) + frame.row
    return wide + frame.side + 2 * PAD, high + frame.top + 2 * PAD


def _old_largest_on_page(stages: Sequence[Sequence[Size]], frame: Frame, *, stage_per_row: bool) -> int:
    sizes = [len(columns) for columns in stages]
    tried: dict[int, tuple[float, int]] = {}
    for most in range(1, (max(sizes) if stage_per_row else sum(sizes)) + 1):
        packed = _old_pack(sizes, most, stage_per_row=stage_per_row)
        if len(packed) in tried:
            continue
        wide, high = _old_estimate(stages, packed, frame)
        tried[len(packed)] = (min(ASPECT / wide, 1.0 / high), most)
        if wide / high > ASPECT * 2:
            break
    largest = max(scale for scale, _ in tried.values())
    return tried[min(count for count, (scale, _) in tried.items() if scale >= largest * (1 - FEWER_ROWS))][1]


def _old_rows(stages: Sequence[Sequence[Size]], *, direction: str, frame: Frame) -> list[Row]:
    sizes = [len(columns) for columns in stages]
    if direction == "across":
        return _old_pack(sizes, sum(sizes), stage_per_row=False)
    stage_per_row = direction == "down"
    most = _old_largest_on_page(stages, frame, stage_per_row=stage_per_row)
    return _old_pack(sizes, most, stage_per_row=stage_per_row, even=True)


# --- random journeys' shapes -------------------------------------------------------------------

# A label of 1 to 24 columns on 1 to 9 lines (a touchpoint: name, channel, emotions, pains), or a
# blueprint's column: as wide as its widest cell and as high as its cells.
LABEL = st.builds(size_of, st.integers(1, 24), st.integers(1, 9))
BLUEPRINT_COLUMN = st.builds(Size, st.sampled_from([size_of(c, 1).width for c in range(1, 25)]),
                             st.floats(100.0, 900.0, allow_nan=False).map(lambda h: round(h, 1)))
# Most stages are small; a few are wide enough to get rows of their own.
STAGE_SIZE = st.one_of(st.integers(1, 6), st.integers(1, 6), st.integers(7, 60))
FRAMES = st.sampled_from([Frame(), Frame(top=24.0), Frame(top=72.0), Frame(row=283.0, piece=38.0, side=146.4, top=24.0)])


@st.composite
def journeys(draw: st.DrawFn) -> tuple[list[list[Size]], Frame]:
    column = draw(st.sampled_from([LABEL, BLUEPRINT_COLUMN]))
    count = draw(st.integers(1, 60))  # drawn apart: a list's length alone stays short
    sizes = draw(st.lists(STAGE_SIZE, min_size=count, max_size=count))
    # Labels alike (one template, short names) or each drawn apart.
    if draw(st.booleans()):
        same = draw(column)
        return [[same] * size for size in sizes], draw(FRAMES)
    return [draw(st.lists(column, min_size=size, max_size=size)) for size in sizes], draw(FRAMES)


@settings(max_examples=300, deadline=None)
@given(journeys(), st.sampled_from(["rows", "down", "across"]))
def test_the_rows_are_the_ones_the_exhaustive_choice_made(journey, direction):
    stages, frame = journey
    assert rows(stages, direction=direction, frame=frame) == _old_rows(stages, direction=direction, frame=frame)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(1, 12), min_size=2, max_size=80), st.integers(1, 40), st.booleans())
def test_packing_is_the_old_packing(sizes, width, stage_per_row):
    for even in (False, True):
        assert pack(sizes, width, stage_per_row=stage_per_row, even=even) == _old_pack(sizes, width, stage_per_row=stage_per_row, even=even)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(1, 9), min_size=2, max_size=120), st.integers(0, 30))
def test_even_breaks_are_the_old_ones_ties_included(sizes, extra):
    """Sizes of 1 to 9 on rows a little wider than the widest: many ties, which the later start
    wins in both."""
    width = max(sizes) + extra
    count = len(_old_filled(sizes, width)) - 1  # as many rows as filling each in turn gives
    assert _even_breaks(sizes, width, count) == _old_even_breaks(sizes, width, count)


@settings(max_examples=200, deadline=None)
@given(journeys(), st.integers(1, 400), st.booleans())
def test_an_estimate_from_running_sums_is_the_old_estimate(journey, width, stage_per_row):
    stages, frame = journey
    packed = _old_pack([len(stage) for stage in stages], width, stage_per_row=stage_per_row)
    columns = _Columns(stages, frame, stage_per_row=stage_per_row)
    assert columns.count(width) == len(packed)
    new, old = columns.estimate(width), _old_estimate(stages, packed, frame)
    # Summed in another order, the floats may differ in their last bits, never more.
    assert math.isclose(new[0], old[0], rel_tol=1e-12) and math.isclose(new[1], old[1], rel_tol=1e-12)


@pytest.mark.parametrize(("stages", "columns"), [(2_000, 1), (700, 3), (5, 600)])
def test_large_journeys_get_the_old_rows(stages, columns):
    """Larger than the random ones: many small stages, and a few stages wider than any row."""
    label = size_of(len("Touchpoint 1999"), 3)
    journey = [[label] * columns for _ in range(stages)]
    for direction in ("rows", "down"):
        assert rows(journey, direction=direction, frame=Frame(top=24.0)) == _old_rows(journey, direction=direction, frame=Frame(top=24.0))


def test_a_journey_of_many_stages_draws_through_the_cli(tmp_path):
    """The DOT of 2,000 one-touchpoint stages: every stage once, in order, on even rows."""
    stages = "".join(f"  - id: s{n}\n    name: Stage {n}\n    touchpoints:\n      - {{id: t{n}, name: Touchpoint {n}, emotion: 0}}\n"
                     for n in range(2_000))
    path = tmp_path / "many.journey.yaml"
    path.write_text(f"cjmap: 1\njourney: {{title: Many stages}}\npersonas: [{{id: p, name: P}}]\nstages:\n{stages}", encoding="utf-8")
    run = cli("render", str(path), "-f", "dot")
    assert (run.code, run.stderr) == (0, "")
    ranks = [line for line in run.stdout.splitlines() if "rank=same" in line]
    sizes = [len(re.findall(r'"t\d+"', line)) for line in ranks]
    assert sum(sizes) == 2_000 and max(sizes) - min(sizes) <= 1, sizes
    order = [int(n) for line in ranks for n in re.findall(r'"t(\d+)"', line)]
    assert order == list(range(2_000))
