"""``load_bytes``: the loader's one entry point."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import yaml

from cjmap.loader.builder import Builder, FatalIssue, Issue
from cjmap.loader.decoding import LINE_BREAK, decode
from cjmap.loader.limits import Limits
from cjmap.loader.nesting import depth_issue
from cjmap.loader.sourcemap import SourceMap

LoadIssue = Issue

# libyaml when PyYAML was built with it; the pure-Python parser gives the same events.
_Parser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class LoadResult:
    """What a file holds: data and positions when it could be read, and every issue found."""

    text: str
    data: dict[str, Any] | None = None
    source_map: SourceMap = field(default_factory=SourceMap)
    issues: list[Issue] = field(default_factory=list)

    @cached_property
    def lines(self) -> list[str]:
        return LINE_BREAK.split(self.text)

    def line(self, number: int) -> str:
        """The text of 1-based line ``number`` (for a caret under the column), "" if none."""
        return self.lines[number - 1] if 0 < number <= len(self.lines) else ""


def load_bytes(raw: bytes, *, limits: Limits | None = None) -> LoadResult:
    limits = limits or Limits()
    decoded = decode(raw, limits=limits)
    if not isinstance(decoded, str):
        return LoadResult(text="", issues=[decoded])
    result = LoadResult(text=decoded)
    builder = Builder(limits=limits)
    progress = _Progress()
    try:
        _run_parser(decoded, builder, progress)
    except FatalIssue as fatal:
        result.issues = [*builder.issues, fatal.issue]
        return result
    except yaml.YAMLError as error:
        too_deep = depth_issue(decoded, error, builder=builder, read_up_to=progress.read_up_to, limits=limits)
        result.issues = too_deep or [*builder.issues, _syntax_issue(error, result)]
        return result
    result.issues = builder.issues
    result.source_map = builder.source_map
    structure_issue = _top_level_issue(builder)
    if structure_issue is not None:
        result.issues.append(structure_issue)
    else:
        result.data = builder.root
    return result


@dataclass
class _Progress:
    """Where the last event handed to the builder ended: a PyYAML mark, None before the first."""

    end_mark: Any = None

    @property
    def read_up_to(self) -> tuple[int, int]:
        """0-based line and column."""
        return (self.end_mark.line, self.end_mark.column) if self.end_mark is not None else (0, 0)


def _run_parser(text: str, builder: Builder, progress: _Progress) -> None:
    parser = _Parser(text)
    try:
        while parser.check_event():
            event = parser.get_event()
            builder.feed(event)
            progress.end_mark = event.end_mark
    finally:
        parser.dispose()


def _top_level_issue(builder: Builder) -> Issue | None:
    if builder.documents == 0:
        return Issue(
            "CJ008",
            "the file holds no YAML document; a journey starts with `cjmap: 1`, then "
            "`journey:`, `personas:` and `stages:`",
            1,
            1,
        )
    if not isinstance(builder.root, dict):
        found = {list: "a list", type(None): "nothing"}.get(type(builder.root), "a single value")
        line, column = builder.root_position or (1, 1)
        return Issue(
            "CJ010",
            f"the top level must be a mapping with `cjmap:`, `journey:`, `personas:` and "
            f"`stages:`, found {found}",
            line,
            column,
        )
    return None


def _syntax_issue(error: yaml.YAMLError, result: LoadResult) -> Issue:
    if isinstance(error, yaml.reader.ReaderError):
        return _reader_issue(error, result.text)
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    while line > 1 and (line > len(result.lines) or not result.line(line).strip()):
        # An error "at the end of the stream": point at the end of the last line with text.
        line -= 1
        column = len(result.line(line)) + 1
    tab_column = _tab_in_indentation(result.line(line))
    if tab_column is not None:
        return Issue(
            "CJ011",
            "a tab is used for indentation; YAML indents with spaces only: replace the tab with spaces",
            line,
            tab_column,
        )
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    message = f"YAML syntax error: {problem}" + _context(error) + _syntax_hint(problem)
    return Issue("CJ001", message, line, column)


def _context(error: yaml.YAMLError) -> str:
    """Where the unfinished thing started: the quote, bracket or mapping that never closed."""
    context, mark = getattr(error, "context", None), getattr(error, "context_mark", None)
    if not context:
        return ""
    where = f" at line {mark.line + 1} column {mark.column + 1}" if mark is not None else ""
    return f" ({context}{where})"


def _reader_issue(error: Any, text: str) -> Issue:
    """libyaml's reader errors carry a character offset, not a mark."""
    offset = min(max(error.position, 0), len(text))
    before = LINE_BREAK.split(text[:offset])
    character = error.character if isinstance(error.character, int) else ord(str(error.character)[:1] or "?")
    return Issue(
        "CJ001",
        f"control character U+{character:04X} is not allowed in YAML; remove it, or write it as "
        f"an escape such as \\x{character:02x} inside double quotes",
        len(before),
        len(before[-1]) + 1,
    )


def _tab_in_indentation(source: str) -> int | None:
    indentation = source[: len(source) - len(source.lstrip(" \t"))]
    position = indentation.find("\t")
    return position + 1 if position >= 0 else None


def _syntax_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem:
        return "; if the value contains ': ', put it in quotes"
    if "could not find expected ':'" in problem:
        return "; check the indentation and that every key ends with ':'"
    if "found character that cannot start any token" in problem:
        return "; values starting with @ or ` must be quoted"
    return ""
