"""The emotion curve drawn with characters: at most ``MAX_ROWS`` rows, one column per touchpoint.

Each series is one character (its initial, or a digit or letter when initials clash); two
series on the same point show ``*``, which the legend then explains. Which series there are is
``model.lines.emotion_lines``, as on the HTML map: personas whose lines coincide are one
series, at most ``MOST_LINES`` are drawn and the personas left out are counted under the
legend. The height is fixed whatever the scale's span: a value goes to its nearest row, and
only the ticks of ``scale_ticks`` are labelled (0..100 used to print 101 rows). Columns narrow
to fit the width, so 40 columns still draw.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich.text import Text

from cjmap.model.facts import scale_ticks
from cjmap.text.labels import labels as labels_in
from cjmap.text.palette import MOST_LINES
from cjmap.text.scores import score

STYLES = ("bold cyan", "bold magenta", "bold green", "bold yellow", "bold blue", "bold red")
# Enough rows for every value of -2..2, 1..7 and 0..10; wider scales share rows.
MAX_ROWS = 11


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[int | None, ...]  # one per column; None where the persona is absent


@dataclass(frozen=True)
class Rows:
    """How a scale from ``low`` to ``high`` is laid on the curve's rows (0 is the bottom row)."""

    low: int
    high: int

    @property
    def count(self) -> int:
        return min(self.high - self.low, MAX_ROWS - 1) + 1

    def row_of(self, value: int) -> int:
        """The row nearest the value, halves rounded up (exact: integers only)."""
        span = self.high - self.low
        return ((value - self.low) * (self.count - 1) * 2 + span) // (2 * span)

    def labels(self) -> dict[int, str]:
        """Row -> label, for the ticks only; the ends are written last so they always show."""
        ticks = scale_ticks(self.low, self.high)
        # More ticks than rows only past the spans validation accepts: label the ends alone.
        inner = ticks[1:-1] if len(ticks) <= self.count else []
        ordered = [*inner, ticks[0], ticks[-1]]
        return {self.row_of(tick): score(tick, self.low) for tick in ordered}

    def neutral(self) -> int | None:
        """The row of 0 where the scale runs from negative to positive: the neutral line."""
        return self.row_of(0) if self.low < 0 < self.high else None


# One character each, so a marker fits a one-character column: 35 of them, more than MOST_LINES.
_MARKS = "123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def markers(names: Sequence[str]) -> list[str]:
    initials = [name[:1].upper() or "?" for name in names]
    if len(set(initials)) == len(initials):
        return initials
    return list(_MARKS[: len(names)])


def draw_curve(
    series: Sequence[Series], *, low: int, high: int, width: int, numbers: Sequence[int] | None = None,
    not_drawn: int = 0, legend: bool | None = None, text: Mapping[str, str] | None = None,
) -> list[Text]:
    """The curve's lines: rows, axis, legend and notes. ``not_drawn`` counts the personas left
    out (``emotion_lines`` cuts); ``legend`` defaults to "more than one series"; ``text`` is
    the journey's labels (English by default)."""
    text = text if text is not None else labels_in("en")
    not_drawn += max(0, len(series) - MOST_LINES)  # a caller that did not cut: one persona a series
    series = series[:MOST_LINES]
    columns = max((len(s.values) for s in series), default=0)
    numbers = list(numbers) if numbers is not None else list(range(1, columns + 1))
    rows = Rows(low, high)
    labels = rows.labels()
    gutter = max(len(label) for label in labels.values()) + 2
    cell = max(1, min(3, (width - gutter) // max(1, columns)))
    shown = min(columns, max(1, (width - gutter) // cell))
    letters = markers([s.name for s in series])
    grid = _Grid(_placed(series, rows, shown), letters, cell, gutter)
    lines = [grid.row(row, labels.get(row, ""), row == rows.neutral()) for row in range(rows.count - 1, -1, -1)]
    lines.append(Text(" " * gutter + "".join(_axis_label(numbers[i], cell) for i in range(shown)), style="dim"))
    if (len(series) > 1) if legend is None else legend:
        lines.append(_legend(series, letters, grid.clashes(), text))
    if not_drawn:
        lines.append(Text(f"({text['lines_not_drawn'].format(count=not_drawn)} {text['see_one_persona']})", style="dim"))
    if shown < columns:
        lines.append(Text(f"({text['first_columns'].format(shown=shown, columns=columns)})", style="dim"))
    return lines


def _legend(series: Sequence[Series], letters: list[str], clashes: bool, text: Mapping[str, str]) -> Text:
    entries = [f"{letter} {s.name}" for letter, s in zip(letters, series, strict=True)]
    if clashes:  # `*` is no persona's marker: say what it means where it appears
        entries.append(f"* {text['same_point']}")
    return Text("  ".join(entries), style="dim")


def _placed(series: Sequence[Series], rows: Rows, shown: int) -> list[dict[int, list[int]]]:
    """For each shown column, row -> the series with a point there: read once per column,
    where asking every series on every row cost rows x columns x personas."""
    columns: list[dict[int, list[int]]] = [{} for _ in range(shown)]
    for index, s in enumerate(series):
        for column, value in enumerate(s.values[:shown]):
            if value is not None:
                columns[column].setdefault(rows.row_of(value), []).append(index)
    return columns


@dataclass(frozen=True)
class _Grid:
    placed: list[dict[int, list[int]]]  # per shown column: row -> the series with a point there
    letters: list[str]
    cell: int
    gutter: int

    def clashes(self) -> bool:
        """Whether some point holds more than one series (drawn ``*``)."""
        return any(len(here) > 1 for column in self.placed for here in column.values())

    def row(self, row: int, label: str, neutral: bool) -> Text:
        line = Text(label.rjust(self.gutter - 2) + " │", style="dim")
        empty = "─" if neutral else " "
        for column in self.placed:
            here = column.get(row, [])
            if not here:
                line.append(empty.center(self.cell), style="dim")
            elif len(here) > 1:
                line.append("*".center(self.cell), style="bold")
            else:
                line.append(self.letters[here[0]].center(self.cell), style=STYLES[here[0] % len(STYLES)])
        return line


def _axis_label(number: int, cell: int) -> str:
    text = str(number)
    if cell == 1:
        return text[-1]
    return text.center(cell) if len(text) <= cell else text[-cell:]
