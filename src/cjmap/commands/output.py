"""Where command output goes, and whether it may be coloured."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.console import Console, RenderableType


def use_color(stream: TextIO) -> bool:
    """Colour only on a terminal, never with NO_COLOR set (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "0") not in ("", "0"):
        return True
    return bool(getattr(stream, "isatty", lambda: False)())


def rich_console(*, stderr: bool = False) -> Console:
    """A rich Console sized to the terminal (or COLUMNS) that writes no ANSI codes to pipes,
    and none at all with NO_COLOR (rich alone would still write bold and dim)."""
    from rich.console import Console

    plain = bool(os.environ.get("NO_COLOR"))
    return Console(stderr=stderr, highlight=False, emoji=False, color_system=None if plain else "auto", no_color=plain)


def write_out(output: str | Iterable[RenderableType], *, console: Console | None = None) -> None:
    """A format's output on stdout: text as it is, rich renderables through a console."""
    if isinstance(output, str):
        sys.stdout.write(output)
        return
    console = console or rich_console()
    for renderable in output:
        console.print(renderable)


def error(message: str) -> None:
    # Messages quote file names and values from the input: nothing in them may reach the
    # terminal raw (cjmap.text.safe).
    sys.stderr.write(f"cjmap: error: {_visible(message)}\n")


def warning(message: str) -> None:
    """Something the command did that the user may not expect (a configuration table that
    configures nothing); the run goes on."""
    sys.stderr.write(f"cjmap: warning: {_visible(message)}\n")


def _visible(message: str) -> str:
    from cjmap.text.safe import visible

    return visible(message)
