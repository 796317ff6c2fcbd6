"""TERM=dumb and NO_COLOR respected by every command, on a real terminal (issue 17, Deliver 4).

Each command runs as users run it: the venv's console script on a pseudo-terminal (stdout and
stderr both a terminal, as in a shell). With TERM=dumb, and with NO_COLOR=1 on an xterm, not
one escape byte may be printed; on an xterm without NO_COLOR the commands that colour must
colour (so these tests can fail). The order of the variables (docs/terminal.md, "Colour") is
checked through the library: NO_COLOR, then FORCE_COLOR, then TERM=dumb, then a terminal.
"""

from __future__ import annotations

import io
import re
import shutil
import signal
from pathlib import Path

import pytest

from cjmap.commands.output import rich_console, use_color
from conftest import EXAMPLES, TODAY
from terminal_pty import Terminal, run_in_terminal, terminal_environment

ESCAPE = b"\x1b"
SGR = re.compile(rb"\x1b\[[0-9;]*m")  # select graphic rendition: colour, bold, dim
BAD = "cjmap: 1\njourney:\n  title: Bad\n  chanel: web\npersonas: []\nstages: []\n"
MERMAID = "journey\n  title My day\n  section Go to work\n    Make tea: 5: Me\n"
# Every command, and whether it colours on a colour terminal (for the files below).
COMMANDS: dict[str, tuple[list[str], bool]] = {
    "validate": (["validate", "bad.journey.yaml"], True),
    "lint": (["lint", "retail.journey.yaml"], True),
    "rules": (["rules"], False),
    "rules CODE": (["rules", "CJ101"], False),
    "show": (["show", "retail.journey.yaml"], True),
    "stats": (["stats", "."], True),
    "diff": (["diff", "retail.journey.yaml", "laptop.journey.yaml"], True),
    "render": (["render", "bad.journey.yaml", "--format", "mermaid"], True),
    "init": (["init", "new.journey.yaml"], False),
    "import mermaid": (["import", "mermaid", "day.mmd"], False),
    "import csv": (["import", "csv", "retail.csv", "--base", "retail.journey.yaml"], False),
    "export csv": (["export", "csv", "bad.journey.yaml"], True),
    "schema": (["schema"], False),
    "completion": (["completion", "zsh"], False),
    "usage error": (["lint", "--format", "nope"], False),
}
PLAIN = {"dumb terminal": {"TERM": "dumb"}, "NO_COLOR": {"TERM": "xterm-256color", "NO_COLOR": "1"}}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    here = tmp_path_factory.mktemp("colour")
    shutil.copy(EXAMPLES / "retail-store.journey.yaml", here / "retail.journey.yaml")
    shutil.copy(EXAMPLES / "laptop-purchase.journey.yaml", here / "laptop.journey.yaml")
    (here / "bad.journey.yaml").write_text(BAD)
    (here / "day.mmd").write_text(MERMAID)
    code, output = run_in_terminal(["cjmap", "export", "csv", "retail.journey.yaml", "-o", "retail.csv"], env=terminal_environment(), cwd=here)
    assert code == 0, output
    return here


def _run(folder: Path, arguments: list[str], env: dict[str, str]) -> tuple[int, bytes]:
    (folder / "new.journey.yaml").unlink(missing_ok=True)
    return run_in_terminal(["cjmap", *arguments], env=terminal_environment({**TODAY, **env}), cwd=folder)


@pytest.mark.parametrize("setting", PLAIN, ids=list(PLAIN))
@pytest.mark.parametrize("command", COMMANDS, ids=list(COMMANDS))
def test_no_escape_byte_without_colour(folder: Path, command: str, setting: str) -> None:
    arguments, _ = COMMANDS[command]
    code, output = _run(folder, arguments, PLAIN[setting])
    assert code in (0, 1, 2) and output.strip(), output
    assert ESCAPE not in output, output


@pytest.mark.parametrize("command", [name for name, (_, colours) in COMMANDS.items() if colours])
def test_a_colour_terminal_gets_colour(folder: Path, command: str) -> None:
    arguments, _ = COMMANDS[command]
    _, output = _run(folder, arguments, {"TERM": "xterm-256color"})
    assert SGR.search(output), output


@pytest.mark.parametrize("setting", [*PLAIN, "colour"])
def test_serve_start_up_lines(folder: Path, setting: str) -> None:
    env = PLAIN.get(setting, {"TERM": "xterm-256color"})
    server = Terminal(["cjmap", "serve", ".", "--port", "0"], env=terminal_environment(env), cwd=folder)
    try:
        assert server.read_until(b"Ctrl-C to stop", seconds=60), server.output
        server.signal(signal.SIGINT)
        server.read_to_end(seconds=30)
    finally:
        status = server.close()
    assert status == 0 and b"Serving" in server.output, server.output
    assert ESCAPE not in server.output, server.output  # serve writes plain lines even in colour


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough journeys for stats to draw its progress bar on a terminal (20 or more)."""
    here = tmp_path_factory.mktemp("portfolio")
    for number in range(25):
        shutil.copy(EXAMPLES / "retail-store.journey.yaml", here / f"r{number}.journey.yaml")
    return here


def test_stats_progress_bar_follows_the_terminal(portfolio: Path) -> None:
    """On a dumb terminal no bar (it would need cursor movement); under NO_COLOR the bar still
    moves the cursor but writes no colour; on a colour terminal it is coloured."""
    _, dumb = _run(portfolio, ["stats", "."], {"TERM": "dumb"})
    assert ESCAPE not in dumb and b"25" in dumb, dumb
    _, plain = _run(portfolio, ["stats", "."], PLAIN["NO_COLOR"])
    assert b"\x1b[2K" in plain and not SGR.search(plain), plain
    _, coloured = _run(portfolio, ["stats", "."], {"TERM": "xterm-256color"})
    assert SGR.search(coloured)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("env", "on_terminal", "in_pipe"),
    [
        ({}, True, False),
        ({"TERM": "dumb"}, False, False),
        ({"NO_COLOR": "1"}, False, False),
        ({"NO_COLOR": ""}, True, False),  # set but empty: not set (no-color.org)
        ({"FORCE_COLOR": "1"}, True, True),
        ({"FORCE_COLOR": "0"}, True, False),
        ({"FORCE_COLOR": "1", "TERM": "dumb"}, True, True),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False, False),
        ({"NO_COLOR": "1", "TERM": "dumb", "FORCE_COLOR": "1"}, False, False),
    ],
)
def test_the_order_of_the_variables(monkeypatch: pytest.MonkeyPatch, env: dict[str, str], on_terminal: bool, in_pipe: bool) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert (use_color(_Terminal()), use_color(io.StringIO())) == (on_terminal, in_pipe)
    monkeypatch.setattr("sys.stdout", _Terminal() if on_terminal else io.StringIO())
    console = rich_console()
    console.print("[red]x[/red]")
    written = console.file.getvalue()  # type: ignore[attr-defined]
    assert ("\x1b[" in written) == (on_terminal and use_color(console.file)), written
