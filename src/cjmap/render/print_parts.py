"""The HTML map on paper: its columns cut into print-only tables a landscape page wide.

A printed table cannot be cut between columns by CSS, and a page without script cannot measure
itself (the map's CSP forbids script), so the cutting is decided here: a map wider than
``PRINT_COLUMNS`` touchpoint columns gets a copy in parts, shown only in print. A part holds
whole stages where they fit (several small stages share a part); a stage wider than a part is
cut into pieces of even width, each after the first named "Purchase (continued)". Each part has
its own stage and touchpoint header rows, which Chromium repeats when a part runs over a page.

``PRINT_COLUMNS`` was chosen by printing the sized journeys of tests/sized_journeys.py with
Chromium (tests/render/test_print.py): on Letter landscape, the narrower of A4 and Letter, six
columns beside the lane headers are about 38 mm (143 CSS px) each at the print font size, where the longest
words of realistic touchpoint names still fit a line and no cell overflows (docs/render.md).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from cjmap.render.columns import even_bounds
from cjmap.render.curve import COLUMN, HEIGHT
from cjmap.render.view_types import PartStage, PrintPart, StageView

PRINT_COLUMNS = 6
# Names longer than these (in columns: a CJK character takes two) may not fit the lines a
# printed header row gives them (six for a touchpoint, three for a stage, about 15 columns a
# line in the narrowest column): the print shows them in full under the header rows, which must
# stay within a quarter of the page for Chromium to repeat them.
PRINT_NAME_COLUMNS = 80
PRINT_STAGE_COLUMNS = 40


def print_parts(stages: Sequence[StageView], *, continued: str, most: int = PRINT_COLUMNS) -> tuple[PrintPart, ...]:
    """The parts of a map wider than ``most`` columns, in journey order; none for a narrower map.

    ``continued`` names the pieces of a cut stage after the first ("{stage} (continued)").
    """
    if sum(stage.span for stage in stages) <= most:
        return ()
    parts: list[PrintPart] = []
    current: list[PartStage] = []
    start = 0
    for piece in (piece for stage in stages for piece in _pieces(stage, most, continued)):
        if current and sum(p.span for p in current) + piece.span > most:
            parts.append(_part(current, start))
            start += parts[-1].columns
            current = []
        current.append(piece)
    parts.append(_part(current, start))
    return tuple(parts)


def _pieces(stage: StageView, most: int, continued: str) -> list[PartStage]:
    """The stage whole, or cut into even pieces of at most ``most`` columns (``even_bounds``)."""
    return [
        PartStage(
            continued.format(stage=stage.name) if index else stage.name, stage.kind, stage.goal, stage.description,
            stage.touchpoints[begin:end], stage.kpis if index == 0 else (), end - begin, bool(index), stage.long_name,
        )
        for index, (begin, end) in enumerate(itertools.pairwise(even_bounds(stage.span, most)))
    ]


def _part(pieces: list[PartStage], start: int) -> PrintPart:
    columns = sum(piece.span for piece in pieces)
    return PrintPart(tuple(pieces), columns, f"{start * COLUMN} 0 {columns * COLUMN} {HEIGHT}")
