"""Problems found while importing, located in the file the user gave (CSV row and column,
Mermaid line), never in the YAML that the import builds from it."""

from __future__ import annotations

from dataclasses import dataclass

# Control characters from the input are shown, never sent to the terminal as they are: the
# one spelling every command uses.
from cjmap.text.safe import visible


@dataclass(frozen=True, order=True)
class Located:
    """One problem at ``line:column`` (1-based; column 0 when only the line is known, line 0
    for the whole file). For a CSV file the line is the spreadsheet's row (the header is row 1)
    and the column its number (A is 1), as :mod:`cjmap.interchange.csv_parse` counts them."""

    line: int
    column: int
    message: str
    severity: str = "error"
    code: str = ""  # a CJ code when the problem comes from validating the imported journey

    def text(self, file: str) -> str:
        """``FILE:LINE:COL: error [CODE] message``, as validate prints its problems."""
        where = visible(file) + (f":{self.line}" if self.line else "") + (f":{self.column}" if self.line and self.column else "")
        code = f" {self.code}" if self.code else ":"
        return f"{where}: {self.severity}{code} {visible(self.message)}"


class LocatedError(ValueError):
    """All the problems that stop an import (each located)."""

    def __init__(self, problems: list[Located]) -> None:
        super().__init__("; ".join(f"line {p.line}: {p.message}" for p in problems))
        self.problems = sorted(problems)

