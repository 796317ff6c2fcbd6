"""`MeasureError`: why a journey cannot be measured on this data, where, and how to fix it.

Every failure of `cjmap measure` that is the user's to fix (a missing column, an unreadable time,
a glob matching nothing, an engine that will not start) is one of these: the command prints
``cjmap measure: error: WHERE: WHAT`` and a ``hint:`` line, and exits with :attr:`exit_code`.
Messages are built from untrusted text (file names, cell values), so every such part goes
through :func:`cjmap.text.safe.visible` where it is written into the message.
"""

from __future__ import annotations

# The exit codes of `cjmap measure` (spec): 1 the journey or the data cannot be measured,
# 2 the command line is wrong (or the engine cannot start).
EXIT_DATA = 1
EXIT_USAGE = 2


class MeasureError(Exception):
    """A located reason `measure` stops: ``where`` (a file, row, column or a journey position), ``hint``."""

    def __init__(self, message: str, *, where: str | None = None, hint: str = "", exit_code: int = EXIT_DATA) -> None:
        super().__init__(message)
        self.message = message
        self.where = where
        self.hint = hint
        self.exit_code = exit_code

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message
