"""Run the enabled rules on a valid journey; stamp code and severity; apply suppressions.

Rules only say where (a document path) and what. Here the path becomes ``line:column`` (and
the end of the key or value it names) through the loader's source map, and the code's severity comes from configuration.
"""

from __future__ import annotations

import datetime
import fnmatch
from dataclasses import dataclass, replace
from pathlib import Path, PurePath
from typing import Any

from cjmap.lint.config import LintConfig
from cjmap.lint.registry import RULES
from cjmap.lint.rule import Context
from cjmap.lint.suppression import find_suppressions
from cjmap.loader import format_path
from cjmap.loader.sourcemap import line_end
from cjmap.problems import FileResult, Problem
from cjmap.validation.codes import CODES, name_of


@dataclass(frozen=True)
class Selection:
    """What the command line asked for; it takes precedence over configuration files."""

    select: frozenset[str] | None = None  # replaces the configuration's select
    ignore: frozenset[str] = frozenset()  # added to the configuration's ignore


def enabled_codes(config: LintConfig, selection: Selection) -> list[str]:
    chosen = selection.select if selection.select is not None else config.select
    codes = set(RULES) if chosen is None else set(chosen)
    return sorted(codes - config.ignore - selection.ignore)


def lint_result(
    result: FileResult, *, config: LintConfig, selection: Selection, today: datetime.date, path: Path | None
) -> FileResult:
    """``result`` with the lint findings added; a file with validation errors is left as is."""
    if result.journey is None or result.load is None:
        return result
    skipped = _per_file_ignored(config, path)
    suppressions = find_suppressions(result.load.lines)
    source_map = result.load.source_map
    found: list[Problem] = [
        # To the end of the line: the comment's list of rules, where the unknown one is.
        Problem(result.file, line, column, "CJ100", CODES["CJ100"].severity, message, "", name_of("CJ100"), *line_end(result.load.lines, line, column))
        for line, column, message in suppressions.unknown
    ]
    shared: dict[str, Any] = {}  # facts several rules need, computed once for this journey
    for code in enabled_codes(config, selection):
        if code in skipped:
            continue
        rule = RULES[code]
        context = Context(today=today, options={**rule.options, **config.options.get(code, {})}, shared=shared)
        severity = config.severity.get(code, rule.severity)
        for finding in rule.findings(result.journey, context):
            line, column, end_line, end_column = source_map.span(finding.path, prefer_key=finding.at_key, lines=result.load.lines)
            if suppressions.silences(line, code):
                continue
            found.append(Problem(
                result.file, line, column, code, severity, finding.message, format_path(finding.path), rule.name, end_line, end_column
            ))
    return replace(result, problems=tuple(sorted((*result.problems, *found))))


def _per_file_ignored(config: LintConfig, path: Path | None) -> frozenset[str]:
    if path is None or not config.per_file_ignores:
        return frozenset()
    try:
        relative = PurePath(path.resolve().relative_to(config.root.resolve())).as_posix()
    except ValueError:
        relative = path.as_posix()
    codes: set[str] = set()
    for pattern, ignored in config.per_file_ignores:
        if fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(path.name, pattern):
            codes |= ignored
    return frozenset(codes)
