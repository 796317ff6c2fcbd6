"""One file through parse -> budgets -> schema and references; the result is data, never an exception."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

from cjmap.loader import (
    DocPath,
    Limits,
    LoadIssue,
    LoadResult,
    SourceMap,
    format_path,
    load_bytes,
)
from cjmap.loader.sourcemap import line_end
from cjmap.problems import FileResult, Problem
from cjmap.validation.codes import name_of
from cjmap.validation.issues import PathIssue

if TYPE_CHECKING:
    from cjmap.model import Journey


def validation_problem(
    file: str, code: str, message: str, line: int = 1, column: int = 1, path: DocPath = (), end: tuple[int, int] = (0, 0)
) -> Problem:
    """A validation error (``CJ0xx``): always severity ``error``; ``end`` (exclusive) is where
    the key, value or token it points at ends, (0, 0) when unknown (the one character at the start)."""
    return Problem(file, line, column, code, "error", message, format_path(path), name_of(code), *end)


def internal_error_result(file: str, error: Exception) -> FileResult:
    """``file`` as failed by a bug in cjmap (CJ019 at 1:1), so a many-file run goes on.

    With CJMAP_DEBUG set the exception is raised again instead, for its traceback.
    """
    if os.environ.get("CJMAP_DEBUG"):
        raise error
    detail = str(error)
    detail = detail if len(detail) <= 200 else detail[:199] + "…"
    message = (
        f"cjmap failed on this file: internal error {type(error).__name__}: {detail}. This is a bug "
        "in cjmap, not in the file: please report it with the file (CJMAP_DEBUG=1 shows the "
        "traceback); the other files were checked"
    )
    return FileResult(file, (validation_problem(file, "CJ019", message),))


def validate_bytes(raw: bytes, *, file: str, limits: Limits | None = None) -> FileResult:
    """The problems of one file, and its journey when it is valid; never raises for any input."""
    try:
        return _validate(raw, file=file, limits=limits)
    except Exception as error:  # noqa: BLE001 - one file's bug must not hide the other files
        return internal_error_result(file, error)


def _validate(raw: bytes, *, file: str, limits: Limits | None) -> FileResult:
    loaded = load_bytes(raw, limits=limits)
    problems = [validation_problem(file, i.code, i.message, i.line, i.column, i.path, _issue_end(i, loaded)) for i in loaded.issues]
    journey = None
    if loaded.data is not None:
        journey, issues = _check_data(loaded, limits or Limits())
        problems.extend(_locate(file, _unexplained(issues, loaded.issues), loaded))
    problems = _without_cascades(problems)
    valid = journey is not None and not problems
    return FileResult(file, tuple(sorted(problems)), journey if valid else None, loaded)


def validate_text(text: str, *, file: str = "<string>", limits: Limits | None = None) -> FileResult:
    return validate_bytes(text.encode("utf-8"), file=file, limits=limits)


def _check_data(loaded: LoadResult, limits: Limits) -> tuple[Journey | None, list[PathIssue]]:
    from pydantic import ValidationError

    from cjmap.model import Journey
    from cjmap.validation.budget import budget_issues
    from cjmap.validation.references import reference_issues
    from cjmap.validation.schema_errors import schema_issues

    data = loaded.data or {}
    over_budget = budget_issues(data, limits)
    if over_budget:  # the models and references would cost what the budget is there to prevent
        return None, over_budget
    journey: Journey | None = None
    schema: list[PathIssue] = []
    try:
        journey = Journey.model_validate(data)
    except ValidationError as error:
        schema = schema_issues(error, root=Journey, source_map=loaded.source_map)
    # One round: references are checked in every part the schema could read, not only once
    # the whole file passes it. A value the loader refused is not read either.
    refused = (issue.path for issue in loaded.issues if issue.code in _EXPLAINS_VALUE and issue.path)
    return journey, [*schema, *reference_issues(data, failed=[*refused, *(issue.path for issue in schema)])]


def _issue_end(issue: LoadIssue, loaded: LoadResult) -> tuple[int, int]:
    """Where the loader's offending token ends; unknown (a syntax error), the end of its line."""
    if issue.end_line:
        return (issue.end_line, issue.end_column)
    return line_end(loaded.lines, issue.line, issue.column)


def _locate(file: str, issues: Iterable[PathIssue], loaded: LoadResult) -> list[Problem]:
    source_map: SourceMap = loaded.source_map
    problems = []
    for issue in issues:
        line, column, *end = source_map.span(issue.path, prefer_key=issue.at_key, lines=loaded.lines)
        problems.append(validation_problem(file, issue.code, issue.message, line, column, issue.path, (end[0], end[1])))
    return problems


# Loader problems that leave a value as its raw text: a refused tag, a value or a number over
# its budget. Each explains any type error the models then find on the same value.
_EXPLAINS_VALUE = frozenset({"CJ003", "CJ014", "CJ015"})


def _unexplained(issues: list[PathIssue], loader_issues: Iterable[LoadIssue]) -> list[PathIssue]:
    """Without the type errors on a value the loader refused, or on the mapping holding it.

    A refused value is left as its raw text, so ``emotion: {ana: 9999…}`` also fails the
    emotion type, reported on the whole mapping: one problem says it all.
    """
    refused = {issue.path for issue in loader_issues if issue.code in _EXPLAINS_VALUE and issue.path}
    if not refused:
        return issues
    explained = refused | {path[:-1] for path in refused}
    return [issue for issue in issues if issue.code not in _TYPE_CODES or issue.path not in explained]


_TYPE_CODES = frozenset({"CJ022", "CJ023", "CJ024"})


def _without_cascades(problems: list[Problem]) -> list[Problem]:
    """A value the loader refused is reported once, by the loader's problem alone."""
    refused = {(p.line, p.column) for p in problems if p.code in _EXPLAINS_VALUE}
    return [p for p in problems if p.code in _EXPLAINS_VALUE or (p.line, p.column) not in refused]
