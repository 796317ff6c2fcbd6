"""One file through parse -> schema -> references; the result is data, never an exception."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path as FilePath
from typing import TYPE_CHECKING

from cjmap.codes import name_of
from cjmap.loader import Limits, LoadResult, format_path, load_bytes
from cjmap.problems import Problem

if TYPE_CHECKING:
    from cjmap.model import Journey


@dataclass(frozen=True)
class FileResult:
    """Everything known about one file: its problems, and the journey when it is valid."""

    file: str
    problems: tuple[Problem, ...] = ()
    journey: Journey | None = None
    load: LoadResult | None = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return not any(problem.severity == "error" for problem in self.problems)

    def source_line(self, number: int) -> str:
        return self.load.line(number) if self.load is not None else ""


def validate_bytes(raw: bytes, *, file: str, limits: Limits | None = None) -> FileResult:
    loaded = load_bytes(raw, limits=limits)
    problems = [
        _problem(file, issue.code, issue.message, issue.line, issue.column, issue.path)
        for issue in loaded.issues
    ]
    journey = None
    if loaded.data is not None:
        journey, more = _check_data(loaded, file)
        problems.extend(more)
    valid = journey is not None and not problems
    return FileResult(file, tuple(sorted(problems)), journey if valid else None, loaded)


def validate_text(text: str, *, file: str = "<string>", limits: Limits | None = None) -> FileResult:
    return validate_bytes(text.encode("utf-8"), file=file, limits=limits)


def validate_file(path: str | FilePath, *, limits: Limits | None = None) -> FileResult:
    """Validate a journey file on disk (the file must exist; see cjmap.sources for the CLI)."""
    from cjmap.sources import read_limited

    file = str(path)
    raw = read_limited(FilePath(path), limits=limits or Limits())
    if isinstance(raw, Problem):
        return FileResult(file, (raw,))
    return validate_bytes(raw, file=file, limits=limits)


def _check_data(loaded: LoadResult, file: str) -> tuple[Journey | None, list[Problem]]:
    from pydantic import ValidationError

    from cjmap.model import Journey
    from cjmap.validation.references import reference_issues
    from cjmap.validation.schema_errors import schema_issues

    try:
        journey = Journey.model_validate(loaded.data)
    except ValidationError as error:
        issues = schema_issues(error, root=Journey, source_map=loaded.source_map)
        return None, [
            _problem(file, issue.code, issue.message, *loaded.source_map.locate(issue.path, prefer_key=issue.at_key), issue.path)
            for issue in issues
        ]
    return journey, [
        _problem(file, issue.code, issue.message, *loaded.source_map.locate(issue.path, prefer_key=issue.at_key), issue.path)
        for issue in reference_issues(journey)
    ]


def _problem(file: str, code: str, message: str, line: int, column: int, path: tuple) -> Problem:
    return Problem(file, line, column, code, "error", message, format_path(path), name_of(code))
