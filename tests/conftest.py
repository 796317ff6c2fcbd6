"""Shared helpers: run the CLI as users do, and find the project's folders."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
# ../shared beside the clone; CJMAP_SHARED points elsewhere (the tests of an unpacked sdist).
SHARED = Path(os.environ.get("CJMAP_SHARED") or ROOT.parent / "shared").resolve()


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str


def run_cjmap(*args: str, stdin: bytes | None = None, cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """``python -m cjmap ARGS`` in a real process: exit code, stdout and stderr together."""
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS")}
    environment.update(env or {})
    completed = subprocess.run(
        [sys.executable, "-m", "cjmap", *args],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        cwd=cwd or ROOT,
        env=environment,
        timeout=120,
    )
    return Run(completed.returncode, completed.stdout.decode("utf-8"), completed.stderr.decode("utf-8"))


@pytest.fixture
def write(tmp_path: Path):
    """Write a file under tmp_path and return its path: ``write("a.journey.yaml", text)``."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return path

    return _write


MINIMAL = """\
cjmap: 1
journey:
  title: Minimal
personas:
  - id: ana
stages:
  - id: awareness
    touchpoints:
      - id: search
        name: Search
"""
