"""Programs run in a real pseudo-terminal, as a user's shell runs them: for completion (zsh
completes only inside its line editor) and for colour (cjmap colours only on a terminal).

The venv's ``cjmap`` console script comes first on PATH, so a shell finds this checkout's
cjmap, not another installation.
"""

from __future__ import annotations

import os
import pty
import select
import signal
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from conftest import ROOT, clean_environment

VENV_BIN = Path(sys.executable).parent


def terminal_environment(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """A clean environment (no NO_COLOR, FORCE_COLOR, GITHUB_ACTIONS) with the venv's bin first on PATH."""
    environment = clean_environment({"PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}", "COLUMNS": "100", "LINES": "40"})
    environment.pop("TERM", None)
    environment.update(env or {})
    return environment


class Terminal:
    """One program on a pseudo-terminal: write keys to it, read what it prints."""

    def __init__(self, argv: Sequence[str], *, env: Mapping[str, str], cwd: Path = ROOT) -> None:
        self.output = b""
        pid, fd = pty.fork()
        if pid == 0:  # the child: the program, with the terminal as stdin, stdout and stderr
            try:
                os.chdir(cwd)
                os.execvpe(argv[0], list(argv), dict(env))
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self.status: int | None = None

    def write(self, text: str) -> None:
        os.write(self.fd, text.encode())

    def read_until(self, token: bytes, *, seconds: float = 30) -> bool:
        """Read until ``token`` has been printed (True), the program ended or time ran out (False)."""
        deadline = time.monotonic() + seconds
        while token not in self.output and time.monotonic() < deadline:
            ready, _, _ = select.select([self.fd], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:  # EIO: the program ended and the terminal closed
                    return token in self.output
                if not chunk:
                    return token in self.output
                self.output += chunk
        return token in self.output

    def read_to_end(self, *, seconds: float = 60) -> bytes:
        self.read_until(b"\x00never printed\x00", seconds=seconds)
        return self.output

    def signal(self, number: int) -> None:
        os.kill(self.pid, number)

    def close(self) -> int:
        """Wait for the program (killed if it still runs) and return its exit status."""
        if self.status is None:
            for _ in range(50):
                done, status = os.waitpid(self.pid, os.WNOHANG)
                if done:
                    break
                time.sleep(0.1)
            else:
                os.kill(self.pid, signal.SIGKILL)
                _, status = os.waitpid(self.pid, 0)
            self.status = os.waitstatus_to_exitcode(status)
            os.close(self.fd)
        return self.status


def run_in_terminal(argv: Sequence[str], *, env: Mapping[str, str], cwd: Path = ROOT, seconds: float = 120) -> tuple[int, bytes]:
    """Run ``argv`` to its end on a terminal: its exit status and everything it printed (stdout
    and stderr together, as a terminal shows them)."""
    terminal = Terminal(argv, env=env, cwd=cwd)
    output = terminal.read_to_end(seconds=seconds)
    return terminal.close(), output
