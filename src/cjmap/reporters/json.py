"""One JSON object with a ``problems`` array (FORMAT.md, "Machine-readable findings")."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cjmap.problems import FileResult
from cjmap.reporters.summary import counts
from cjmap.text.safe import json_text


def report(results: Sequence[FileResult], *, color: bool = False, command: str = "validate", root: Path | None = None) -> str:
    document = {
        "version": 1,
        "files": [{"file": result.file, "valid": result.ok} for result in results],
        "problems": [problem.to_dict() for result in results for problem in result.problems],
        "summary": counts(results),
    }
    return json_text(document)
