"""Where command output goes, and whether it may be coloured."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal, TextIO

if TYPE_CHECKING:
    from rich.console import Console, RenderableType


def use_color(stream: TextIO) -> bool:
    """Whether to colour what goes to ``stream``, in this order (docs/terminal.md, "Colour"):
    NO_COLOR set and not empty never (https://no-color.org); FORCE_COLOR set and not empty or
    0 always (https://force-color.org, for CI logs that show colour); TERM=dumb never (a
    terminal that shows escape codes as text, such as Emacs' shell); otherwise on a terminal."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "0") not in ("", "0"):
        return True
    if _dumb_terminal():
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


def rich_console(*, stderr: bool = False) -> Console:
    """A rich Console sized to the terminal (or COLUMNS) that colours exactly when
    :func:`use_color` says so: rich alone would still write bold and dim under NO_COLOR, and
    would let TERM=dumb outrank FORCE_COLOR."""
    from rich.console import Console

    colour = use_color(sys.stderr if stderr else sys.stdout)
    # rich picks no colours at all for TERM=dumb; under FORCE_COLOR the basic 16 still work.
    system: Literal["auto", "standard"] | None = ("standard" if _dumb_terminal() else "auto") if colour else None
    return Console(stderr=stderr, highlight=False, emoji=False, color_system=system, no_color=not colour)


def _dumb_terminal() -> bool:
    return os.environ.get("TERM", "") == "dumb"


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
