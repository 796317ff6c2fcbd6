"""Which files to check, and reading them within the size limit.

Paths on the command line may be files (any name), directories (searched recursively for
``*.journey.yaml`` and ``*.journey.yml``) or ``-`` for standard input.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from cjmap.loader import Limits
from cjmap.problems import Problem

JOURNEY_SUFFIXES = (".journey.yaml", ".journey.yml")
STDIN = "-"
# Folders never searched when walking a directory (as ruff and yamllint skip them).
_SKIPPED_DIRS = frozenset({"node_modules", "__pycache__", "venv", "site-packages"})


@dataclass(frozen=True)
class Source:
    name: str  # as shown in messages: the path as the user gave it, or <stdin>
    path: Path | None = None  # None for standard input


@dataclass(frozen=True)
class Discovery:
    sources: tuple[Source, ...]
    missing: tuple[str, ...]  # paths that do not exist: a usage error (exit 2)


def discover(arguments: list[str], *, stdin_name: str = "<stdin>") -> Discovery:
    sources: dict[str, Source] = {}
    missing: list[str] = []
    for argument in arguments or ["."]:
        if argument == STDIN:
            sources.setdefault(STDIN, Source(stdin_name))
            continue
        path = Path(argument)
        if path.is_dir():
            for found in _journeys_under(path):
                sources.setdefault(str(found), Source(str(found), found))
        elif path.exists():
            # Any file named explicitly, including /dev/stdin, pipes and <(process substitution).
            sources.setdefault(str(path), Source(str(path), path))
        else:
            missing.append(argument)
    return Discovery(tuple(sources.values()), tuple(missing))


def _journeys_under(folder: Path) -> list[Path]:
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIPPED_DIRS)
        found.extend(Path(root) / name for name in sorted(files) if name.endswith(JOURNEY_SUFFIXES))
    return found


def read_source(source: Source, *, limits: Limits) -> bytes | Problem:
    if source.path is None:
        # One byte over the limit is enough to know it is too large; never read unbounded.
        return sys.stdin.buffer.read(limits.max_bytes + 1)
    return read_limited(source.path, limits=limits, name=source.name)


def read_limited(path: Path, *, limits: Limits, name: str | None = None) -> bytes | Problem:
    """The file's bytes, or a located problem when it cannot be read. Reads at most limit + 1."""
    shown = name or str(path)
    try:
        with path.open("rb") as handle:
            return handle.read(limits.max_bytes + 1)
    except OSError as error:
        from cjmap.validation.pipeline import validation_problem

        return validation_problem(shown, "CJ012", f"cannot read the file: {error.strerror or error}")
