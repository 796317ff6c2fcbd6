"""Output formats: a registry of reporters that turn results into text (STYLE.md habit 7).

A reporter is a function ``(results, *, color, command, root) -> str``: ``color`` whether the
text may hold ANSI colour, ``command`` which command found the problems (``validate`` or
``lint``: SARIF's run category), ``root`` the repository the files are in (``None``: none),
which the command finds once (cjmap.files.repository): GitHub, SARIF and JUnit name files
from it. Whether a warning fails the run (``--strict``) is the command's to decide, not a
format's. The CLI's ``--format`` choices come from this registry; modules are imported only
when their format is used.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from cjmap.registry import load

if TYPE_CHECKING:
    from pathlib import Path

    from cjmap.problems import FileResult

Reporter = Callable[..., str]

# format name -> "module:function"
REPORTERS: dict[str, str] = {
    "text": "cjmap.reporters.text:report",
    "json": "cjmap.reporters.json:report",
    "github": "cjmap.reporters.github:report",
    "sarif": "cjmap.reporters.sarif:report",
    "junit": "cjmap.reporters.junit:report",
}


def get_reporter(name: str) -> Reporter:
    return load(REPORTERS[name])


def auto_format() -> str:
    """``text``, or GitHub annotations when running under GitHub Actions."""
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def render(
    name: str, results: Sequence[FileResult], *, color: bool = False, command: str = "validate", root: Path | None = None
) -> str:
    return get_reporter(name)(results, color=color, command=command, root=root)
