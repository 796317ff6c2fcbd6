"""How ``validate`` and ``lint`` hand their findings to the user: the chosen reporter on stdout
and, under GitHub Actions, a Markdown job summary of every finding ($GITHUB_STEP_SUMMARY)."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from cjmap.commands.output import use_color
from cjmap.problems import FileResult
from cjmap.reporters import auto_format, render


def report_findings(results: Sequence[FileResult], *, output_format: str, strict: bool, command: str) -> None:
    fmt = auto_format() if output_format == "auto" else output_format
    sys.stdout.write(render(fmt, results, color=use_color(sys.stdout), strict=strict, command=command))
