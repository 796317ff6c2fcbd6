"""The one-line summary every human-facing reporter ends with."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cjmap.validation import FileResult


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def counts(results: Sequence[FileResult]) -> dict[str, int]:
    return {
        "files": len(results),
        "files_with_errors": sum(1 for result in results if not result.ok),
        "errors": sum(1 for r in results for p in r.problems if p.severity == "error"),
        "warnings": sum(1 for r in results for p in r.problems if p.severity == "warning"),
        "infos": sum(1 for r in results for p in r.problems if p.severity == "info"),
    }


def summary_line(results: Sequence[FileResult]) -> str:
    total = counts(results)
    checked = _plural(total["files"], "file")
    if not total["errors"]:
        return f"{checked} checked: no errors."
    return (
        f"{checked} checked: {_plural(total['errors'], 'error')} "
        f"in {_plural(total['files_with_errors'], 'file')}."
    )
