"""Which files to check, and reading them within the size limit.

Paths on the command line may be files (any name), directories (searched recursively for
``*.journey.yaml`` and ``*.journey.yml``) or ``-`` for standard input.

A path the user typed is theirs: its links are followed, and a named pipe (``/dev/stdin``,
``<(process substitution)``) is read. Files found by searching a folder are held to more, as
the folder may come from someone else (a pull request from a fork): a link is followed only
to a file inside that folder, and only regular files are opened, so a FIFO cannot hang the
run and a link to ``../secret`` cannot put the secret's bytes in an error excerpt. Links to
folders are never followed while searching (no loops, no file seen twice). See issue 12.
"""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from cjmap.loader import Limits

JOURNEY_SUFFIXES = (".journey.yaml", ".journey.yml")
STDIN = "-"
# Folders never searched when walking a directory (as ruff and yamllint skip them).
_SKIPPED_DIRS = frozenset({"node_modules", "__pycache__", "venv", "site-packages"})
# What a file that is not a regular file is, in words, by its stat type.
_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


@dataclass(frozen=True)
class Unreadable:
    """Why a file was not read, in words: ``check`` reports it as CJ012 at the file's 1:1."""

    name: str  # the file as shown in messages
    message: str


@dataclass(frozen=True)
class Source:
    name: str  # as shown in messages: the path as the user gave it, or <stdin>
    path: Path | None = None  # None for standard input
    root: str | None = None  # the real path of the folder it was found in; None: named by the user


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
            root = os.path.realpath(path)
            for found in _journeys_under(path):
                sources.setdefault(str(found), Source(str(found), found, root))
        elif path.exists():
            # Any file named explicitly, including /dev/stdin, pipes and <(process substitution).
            sources.setdefault(str(path), Source(str(path), path))
        else:
            missing.append(argument)
    return Discovery(tuple(sources.values()), tuple(missing))


def typed_source(argument: str, *, stdin_name: str = "<stdin>") -> Source | None:
    """The one file a command takes (``diff``, ``export``, ``import``): ``-`` for standard
    input, or a path the user typed, read as discovery reads a named file (pipes and
    ``<(process substitution)`` included, devices refused). None when there is no such file."""
    if argument == STDIN:
        return Source(stdin_name)
    path = Path(argument)
    return Source(argument, path) if path.exists() else None


def journey_stem(name: str) -> str:
    """A journey file's name without its folder and suffix (``a/trip.journey.yaml`` → ``trip``):
    what output files and preview addresses are named after. May be empty (``.journey.yaml``)."""
    base = Path(name).name
    for suffix in (*JOURNEY_SUFFIXES, ".yaml", ".yml"):
        if base.endswith(suffix):
            return base[: -len(suffix)]
    return base


def _journeys_under(folder: Path) -> list[Path]:
    found: list[Path] = []
    # followlinks=False (the default): a link to a folder is listed in dirs but never entered.
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIPPED_DIRS)
        # ".#NAME" is the lock link Emacs keeps beside a file with unsaved changes: not a journey.
        found.extend(Path(root) / name for name in sorted(files) if name.endswith(JOURNEY_SUFFIXES) and not name.startswith(".#"))
    return found


def read_source(source: Source, *, limits: Limits) -> bytes | Unreadable:
    if source.path is None:
        # One byte over the limit is enough to know it is too large; never read unbounded.
        return sys.stdin.buffer.read(limits.max_bytes + 1)
    if source.root is None:
        return read_limited(source.path, limits=limits, name=source.name)
    real = _real_path_inside(source.path, source.root)
    if real is None:
        return Unreadable(
            source.name,
            "not read: a link to a file outside the folder being checked; cjmap follows links found "
            "in a folder only to files inside it (name the file on the command line to check it)",
        )
    # The resolved path is opened, not the link: a link changed after the check is not followed.
    return read_limited(Path(real), limits=limits, name=source.name, pipes=False)


def read_limited(path: Path, *, limits: Limits, name: str | None = None, pipes: bool = True) -> bytes | Unreadable:
    """The file's bytes, or ``Unreadable`` (why) when it cannot or may not be read. Reads at most
    limit + 1. Only regular files are opened, and named pipes when ``pipes`` (a path the user
    typed); a device or socket is refused before a byte is read."""
    shown = name or str(path)
    try:
        opened = _open_regular(path, pipes=pipes)
        if isinstance(opened, str):
            return Unreadable(shown, opened)
        with os.fdopen(opened, "rb") as handle:
            return handle.read(limits.max_bytes + 1)
    except OSError as error:
        return Unreadable(shown, f"cannot read the file: {error.strerror or error}")


def _open_regular(path: Path, *, pipes: bool) -> int | str:
    """An open descriptor on a regular file (or a pipe when allowed), or why not.

    stat() first, so a device is never opened (opening one can have effects) and a FIFO found
    in a folder never blocks; then fstat() on the descriptor, so a file swapped for something
    else between the two is still caught. O_NONBLOCK keeps that swap from hanging the open.
    """
    mode = os.stat(path).st_mode
    refusal = _refusal(mode, pipes=pipes)
    if refusal:
        return refusal
    flags = os.O_RDONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    # A pipe the user named is opened blocking: its writer may not have opened it yet.
    descriptor = os.open(path, flags if stat.S_ISFIFO(mode) else flags | getattr(os, "O_NONBLOCK", 0))
    refusal = _refusal(os.fstat(descriptor).st_mode, pipes=pipes)
    if refusal:
        os.close(descriptor)
        return refusal
    return descriptor


def _refusal(mode: int, *, pipes: bool) -> str:
    if stat.S_ISREG(mode) or (pipes and stat.S_ISFIFO(mode)):
        return ""
    kind = file_kind(mode)
    if pipes:
        return f"not read: {kind}, not a regular file; cjmap reads regular files and named pipes (use - for standard input)"
    return f"not read: {kind}, not a regular file; cjmap reads only regular files here (found in a folder, or configuration)"


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, in words ("a named pipe (FIFO)")."""
    return next((words for test, words in _KINDS if test(mode)), "a special file")


def _real_path_inside(path: Path, root: str) -> str | None:
    """The file a found path leads to (through any links), if it lies inside the folder."""
    real = os.path.realpath(path)
    return real if real.startswith(root.rstrip(os.sep) + os.sep) else None
