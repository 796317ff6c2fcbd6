"""The emotion curve drawn with characters: one row per scale value, one column per touchpoint.

Each persona is a letter (its initial, or a digit when initials clash); two personas on the
same point show ``*``. Columns narrow to fit the width, so 40 columns still draw.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text

STYLES = ("bold cyan", "bold magenta", "bold green", "bold yellow", "bold blue", "bold red")


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[int | None, ...]  # one per column; None where the persona is absent


def markers(names: Sequence[str]) -> list[str]:
    initials = [name[:1].upper() or "?" for name in names]
    if len(set(initials)) == len(initials):
        return initials
    return [str(index + 1) for index in range(len(names))]


def level_label(level: int, low: int) -> str:
    """``+1`` on scales with negatives (where the sign means something), ``7`` otherwise."""
    return (f"{level:+d}" if level else "0") if low < 0 else str(level)


def draw_curve(series: Sequence[Series], *, low: int, high: int, width: int, numbers: Sequence[int] | None = None) -> list[Text]:
    columns = max((len(s.values) for s in series), default=0)
    numbers = list(numbers) if numbers is not None else list(range(1, columns + 1))
    gutter = max(len(level_label(v, low)) for v in range(low, high + 1)) + 2
    cell = max(1, min(3, (width - gutter) // max(1, columns)))
    shown = min(columns, max(1, (width - gutter) // cell))
    letters = markers([s.name for s in series])
    lines = [_row(level, series, letters, shown, cell, gutter, low, high) for level in range(high, low - 1, -1)]
    lines.append(Text(" " * gutter + "".join(_axis_label(numbers[i], cell) for i in range(shown)), style="dim"))
    legend = Text("  ".join(f"{letter} {s.name}" for letter, s in zip(letters, series, strict=True)), style="dim")
    if len(series) > 1:
        lines.append(legend)
    if shown < columns:
        lines.append(Text(f"(first {shown} of {columns}; widen to see all)", style="dim"))
    return lines


def _row(level: int, series: Sequence[Series], letters: list[str], shown: int, cell: int, gutter: int, low: int, high: int) -> Text:
    row = Text(level_label(level, low).rjust(gutter - 2) + " │", style="dim")
    # The neutral line, where the scale has one (it runs from negative to positive).
    empty = "─" if level == 0 and low < 0 < high else " "
    for column in range(shown):
        here = [index for index, s in enumerate(series) if column < len(s.values) and s.values[column] == level]
        if not here:
            row.append(empty.center(cell), style="dim")
        elif len(here) > 1:
            row.append("*".center(cell), style="bold")
        else:
            row.append(letters[here[0]].center(cell), style=STYLES[here[0] % len(STYLES)])
    return row


def _axis_label(number: int, cell: int) -> str:
    text = str(number)
    if cell == 1:
        return text[-1]
    return text.center(cell) if len(text) <= cell else text[-cell:]
