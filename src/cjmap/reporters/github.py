"""GitHub Actions workflow commands: ``::error file=…,line=…,col=…::message``.

Escaping follows the runner's rules (actions/toolkit, ``command.ts``): data escapes ``%``,
CR and LF; property values also escape ``:`` and ``,``.
"""

from __future__ import annotations

from collections.abc import Sequence

from cjmap.problems import FileResult
from cjmap.reporters.summary import summary_line
from cjmap.text.safe import visible

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    # Visible first: the runner prints these lines in the log, which interprets ANSI codes.
    return visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def report(results: Sequence[FileResult], *, color: bool = False, strict: bool = False, command: str = "validate") -> str:
    lines = []
    for result in results:
        for p in result.problems:
            title = f"{p.code} {p.name}".strip()
            lines.append(
                f"::{_LEVEL[p.severity]} file={_property(p.file)},line={p.line},col={p.column},"
                f"title={_property(title)}::{_data(p.message)}"
            )
    lines.append(summary_line(results))
    return "\n".join(lines) + "\n"
