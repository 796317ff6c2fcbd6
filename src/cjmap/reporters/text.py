"""``path:line:col: error CODE message``, the source line with a caret, and a summary."""

from __future__ import annotations

from collections.abc import Sequence

from cjmap.problems import Problem
from cjmap.reporters.summary import summary_line
from cjmap.validation import FileResult

_STYLES = {"bold": "1", "red": "31", "yellow": "33", "blue": "34", "cyan": "36", "dim": "2"}
_SEVERITY_STYLE = {"error": "red", "warning": "yellow", "info": "blue"}


def _paint(text: str, style: str, color: bool) -> str:
    return f"\x1b[{_STYLES[style]}m{text}\x1b[0m" if color else text


def report(results: Sequence[FileResult], *, color: bool = False) -> str:
    lines: list[str] = []
    for result in results:
        for problem in result.problems:
            lines.extend(_problem_lines(problem, result, color))
    lines.append(_paint(summary_line(results), "bold", color))
    return "\n".join(lines) + "\n"


def _problem_lines(problem: Problem, result: FileResult, color: bool) -> list[str]:
    location = _paint(f"{problem.file}:{problem.line}:{problem.column}:", "bold", color)
    severity = _paint(problem.severity, _SEVERITY_STYLE[problem.severity], color)
    lines = [f"{location} {severity} {_paint(problem.code, 'cyan', color)} {problem.message}"]
    source = result.source_line(problem.line)
    if source.strip():
        # Tabs would misalign the caret: show each as one space.
        shown = source.replace("\t", " ")
        gutter = f"{problem.line:>5} | "
        caret = " " * (problem.column - 1) + "^"
        lines.append(_paint(gutter, "dim", color) + shown)
        lines.append(_paint(" " * 6 + "| ", "dim", color) + _paint(caret, _SEVERITY_STYLE[problem.severity], color))
    return lines
