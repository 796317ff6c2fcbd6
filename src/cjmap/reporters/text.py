"""``path:line:col: error CODE message``, the source line with a caret, and a summary."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from pathlib import Path

from cjmap.problems import FileResult, Problem
from cjmap.reporters.summary import summary_line
from cjmap.text.safe import visible

_STYLES = {"bold": "1", "red": "31", "yellow": "33", "blue": "34", "cyan": "36", "dim": "2"}
_SEVERITY_STYLE = {"error": "red", "warning": "yellow", "info": "blue"}


def _paint(text: str, style: str, color: bool) -> str:
    return f"\x1b[{_STYLES[style]}m{text}\x1b[0m" if color else text


def report(results: Sequence[FileResult], *, color: bool = False, command: str = "validate", root: Path | None = None) -> str:
    lines: list[str] = []
    for result in results:
        for problem in result.problems:
            lines.extend(_problem_lines(problem, result, color))
    lines.append(_paint(summary_line(results), "bold", color))
    return "\n".join(lines) + "\n"


def _problem_lines(problem: Problem, result: FileResult, color: bool) -> list[str]:
    # File names come from the folder scanned (a pull request can name a file anything);
    # messages are already made visible by Problem itself.
    location = _paint(f"{visible(problem.file)}:{problem.line}:{problem.column}:", "bold", color)
    severity = _paint(problem.severity, _SEVERITY_STYLE[problem.severity], color)
    lines = [f"{location} {severity} {_paint(problem.code, 'cyan', color)} {problem.message}"]
    source = result.source_line(problem.line)
    if source.strip():
        shown, offset = excerpt(source, problem.column)
        gutter = f"{problem.line:>5} | "
        caret = " " * offset + "^"
        lines.append(_paint(gutter, "dim", color) + shown)
        lines.append(_paint(" " * 6 + "| ", "dim", color) + _paint(caret, _SEVERITY_STYLE[problem.severity], color))
    return lines


_WINDOW = 100  # characters of a long line shown around the column


def excerpt(source: str, column: int) -> tuple[str, int]:
    """The part of ``source`` to show, and the caret's offset in terminal cells.

    Long (minified) lines are clipped around the column; tabs and control characters become
    one visible cell each; wide characters (CJK, emoji) count two cells so the caret lines up.
    """
    start = max(0, column - 1 - _WINDOW // 2)
    end = start + _WINDOW
    shown = "".join(" " if char == "\t" else "\ufffd" if _is_control(char) else char for char in source[start:end])
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(source) else ""
    offset = len(prefix) + sum(_cells(char) for char in shown[: column - 1 - start])
    return prefix + shown + suffix, offset


def _is_control(char: str) -> bool:
    # Controls, and the bidi overrides and isolates that would reorder the excerpt on screen
    # (one cell each here, unlike visible(), so the caret stays under its column).
    code = ord(char)
    return code < 32 or 0x7F <= code < 0xA0 or 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069 or 0xD800 <= code < 0xE000 or code in (0x2028, 0x2029)


def _cells(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
