"""The one-line summary every human-facing reporter ends with."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cjmap.problems import FileResult


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def counts(results: Sequence[FileResult]) -> dict[str, int]:
    severities = [problem.severity for result in results for problem in result.problems]
    return {
        "files": len(results),
        "files_with_problems": sum(1 for result in results if result.problems),
        "errors": severities.count("error"),
        "warnings": severities.count("warning"),
        "infos": severities.count("info"),
    }


def summary_line(results: Sequence[FileResult]) -> str:
    total = counts(results)
    checked = _plural(total["files"], "file")
    parts = [_plural(total[key + "s"], key) for key in ("error", "warning", "info") if total[key + "s"]]
    if not parts:
        return f"{checked} checked: no problems."
    return f"{checked} checked: {', '.join(parts)} in {_plural(total['files_with_problems'], 'file')}."
