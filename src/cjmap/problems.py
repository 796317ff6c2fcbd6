"""What every stage of the check hands on: ``Problem`` (one finding), ``FileResult`` (one
file's findings, and its journey when valid) and ``fails()`` (whether a finding fails the run).

The loader, validation, the linter, ``check`` and every reporter meet here, so this module
depends on nothing but the text escapes (and, for type hints only, the loader's result and
the journey model).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from cjmap.text.safe import visible

if TYPE_CHECKING:
    from cjmap.loader import LoadResult
    from cjmap.model import Journey

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
    # Where the key, value or token pointed at ends: the position just AFTER its last character
    # (exclusive, as SARIF's endColumn and LSP ranges). Left out (0), or not after the start, it
    # is the one character at the start. Not part of the order: problems sort as before.
    end_line: int = field(default=0, compare=False)
    end_column: int = field(default=0, compare=False)

    def __post_init__(self) -> None:
        # Positions are 1-based everywhere (STYLE.md habit 4); 0 means a bug upstream.
        if self.line < 1 or self.column < 1:
            raise ValueError(f"positions are 1-based, got {self.line}:{self.column}")
        self._check_end()
        # One problem, one line, in every format: a key or value quoted in a message may hold
        # line breaks or other control characters (found by scripts/fuzz.py).
        object.__setattr__(self, "message", _one_line(self.message))
        object.__setattr__(self, "path", _one_line(self.path))

    def _check_end(self) -> None:
        # No end, or one not after the start: the one character at the start. Never an error:
        # a span is a courtesy to editors and code scanning; the start is what a problem needs.
        if (self.end_line, self.end_column) <= (self.line, self.column) or self.end_column < 1:
            object.__setattr__(self, "end_line", self.line)
            object.__setattr__(self, "end_column", self.column + 1)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _one_line(text: str) -> str:
    # The same visible escapes as every terminal view (cjmap.text.safe): controls, C1, DEL,
    # bidi overrides and lone surrogates, so no format carries one raw.
    return visible(text)


def fails(problem: Problem, *, strict: bool) -> bool:
    """Whether a problem makes the run fail: errors always, warnings under ``--strict``."""
    return problem.severity == "error" or (strict and problem.severity == "warning")


@dataclass(frozen=True)
class FileResult:
    """Everything known about one file: its problems, and the journey when it is valid."""

    file: str
    problems: tuple[Problem, ...] = ()
    journey: Journey | None = None
    load: LoadResult | None = field(default=None, repr=False, compare=False)
    # The source lines that problems point at, kept when the rest is let go (see slim()).
    lines: Mapping[int, str] = field(default_factory=dict, repr=False, compare=False)
    # Wall-clock seconds spent checking the file (JUnit's ``time``); 0.0 when not measured.
    seconds: float = field(default=0.0, compare=False)
    # codeql-action's primaryLocationLineHash of the problems' lines, from the text checked
    # (cjmap.text.line_hashes): only when the check was asked for them (SARIF).
    line_hashes: Mapping[int, str] = field(default_factory=dict, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return not any(problem.severity == "error" for problem in self.problems)

    def source_line(self, number: int) -> str:
        if self.load is not None:
            return self.load.line(number)
        return self.lines.get(number, "")

    def slim(self) -> FileResult:
        """The problems and their source lines only: what reporters need, a few hundred bytes.

        Many-file runs keep these, so memory does not grow with the size of the files, and
        they travel cheaply back from worker processes.
        """
        lines = {p.line: self.source_line(p.line) for p in self.problems}
        return FileResult(self.file, self.problems, None, None, lines, self.seconds, self.line_hashes)
