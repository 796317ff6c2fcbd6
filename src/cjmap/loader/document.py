"""``load_bytes``: the loader's one entry point."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import yaml

from cjmap.loader.builder import Builder, FatalIssue, Issue
from cjmap.loader.decoding import LINE_BREAK, decode, line_at
from cjmap.loader.limits import Limits
from cjmap.loader.nesting import depth_issue
from cjmap.loader.sourcemap import SourceMap
from cjmap.loader.syntax import syntax_issue

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
        return line_at(self.lines, number)


def load_bytes(raw: bytes, *, limits: Limits | None = None) -> LoadResult:
    limits = limits or Limits()
    decoded = decode(raw, limits=limits)
    if not isinstance(decoded, str):
        return LoadResult(text="", issues=[decoded])
    result = LoadResult(text=decoded)
    long_line = _long_line_issue(result.lines, limits)
    builder = Builder(limits=limits)
    if long_line is not None:  # reported with the rest: one long line does not hide other problems
        builder.issues.append(long_line)
    progress = _Progress()
    try:
        _run_parser(decoded, builder, progress)
    except FatalIssue as fatal:
        result.issues = [*builder.issues, fatal.issue]
        return result
    except yaml.YAMLError as error:
        depth, earlier = len(builder.stack), builder.issues
        del builder  # the re-read below builds its own; do not hold two partial documents
        rereading = depth_issue(decoded, error, depth=depth, read_up_to=progress.read_up_to, limits=limits)
        result.issues = rereading or [*earlier, syntax_issue(error, decoded)]
        return result
    result.issues = builder.issues
    result.source_map = builder.source_map
    structure_issue = _top_level_issue(builder)
    if structure_issue is not None:
        result.issues.append(structure_issue)
    else:
        result.data = builder.root
    return result


def _long_line_issue(lines: list[str], limits: Limits) -> Issue | None:
    """CJ013 at the first line longer than the budget, where it crosses it."""
    budget = limits.max_line_chars
    for number, line in enumerate(lines, start=1):
        if len(line) > budget:
            return Issue(
                "CJ013",
                f"this line is {len(line):,} characters long, over the budget of {budget:,} "
                "for one line; break it: a long text as a block (`|` or `>`) on several lines, "
                "a long list one item per line",
                number,
                budget + 1,
            )
    return None


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
