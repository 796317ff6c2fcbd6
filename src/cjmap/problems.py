"""A problem found in a journey file: a frozen, orderable value shared by validate and lint."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from cjmap.terminal.safe import visible

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True, order=True)
class Problem:
    """One finding at ``file:line:column`` (1-based).

    Field order is the sort order: problems sort by file, then position, then code,
    so every reporter prints them in the same stable order.
    """

    file: str
    line: int
    column: int
    code: str
    severity: Severity
    message: str
    # Document path such as ``stages[2].touchpoints[0].emotion``; "" for the whole file.
    path: str = ""
    # Short rule name (slug) for the code, e.g. ``duplicate-key``.
    name: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        # Positions are 1-based everywhere (STYLE.md habit 4); 0 means a bug upstream.
        if self.line < 1 or self.column < 1:
            raise ValueError(f"positions are 1-based, got {self.line}:{self.column}")
        # One problem, one line, in every format: a key or value quoted in a message may hold
        # line breaks or other control characters (found by scripts/fuzz.py).
        object.__setattr__(self, "message", _one_line(self.message))
        object.__setattr__(self, "path", _one_line(self.path))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _one_line(text: str) -> str:
    # The same visible escapes as every terminal view (cjmap.terminal.safe): controls, C1, DEL,
    # bidi overrides and lone surrogates, so no format carries one raw.
    return visible(text)
