"""Paths as a repository names them: relative to its root, with forward slashes.

GitHub reads annotation ``file=`` values and SARIF URIs relative to the checkout's root, not
to the folder cjmap ran in: run from ``journeys/``, a finding in ``journeys/a.journey.yaml``
named ``a.journey.yaml`` pointed at a file that does not exist. The root is
``$GITHUB_WORKSPACE`` under GitHub Actions (the checkout), else the nearest folder at or above
the current one that holds ``.git`` (a folder, or a file in a worktree or a submodule).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path, PurePosixPath


def repository_root() -> Path | None:
    """The repository the current folder is in, or ``None`` outside any (or when the current
    folder was deleted: there is nothing to search from, and no report should fail for it)."""
    workspace = os.environ.get("GITHUB_WORKSPACE", "")
    cwd = current_folder()
    if cwd is None:
        return Path(os.path.abspath(workspace)) if workspace and os.path.isabs(workspace) else None
    return _root_for(str(cwd), workspace)


def current_folder() -> Path | None:
    """The current folder, or ``None`` when it was removed while cjmap ran in it."""
    try:
        return Path(os.getcwd())
    except OSError:
        return None


def enclosing_repository(folder: Path) -> Path | None:
    """The nearest folder at or above ``folder`` (absolute) that holds ``.git``: a folder, or the
    file of a worktree or submodule. os.path.exists answers False on any error, never raises."""
    for candidate in (folder, *folder.parents):
        if os.path.exists(candidate / ".git"):
            return candidate
    return None


# Cached per (folder, workspace): one command asks once per report. A .git made later in the
# same process is not seen (no command makes one; a long-lived caller would clear the cache).
@lru_cache(maxsize=8)
def _root_for(cwd: str, workspace: str) -> Path | None:
    if workspace:
        return Path(os.path.abspath(workspace))
    return enclosing_repository(Path(cwd))


def repository_path(file: str, root: Path | None) -> str | None:
    """``file`` (as the user named it: relative to the current folder, or absolute) relative
    to ``root``, with ``/`` separators; ``None`` when it lies outside ``root`` (or there is no
    root, or the name is not a path, such as ``<stdin>``)."""
    if root is None or not is_path(file):
        return None
    absolute = os.path.abspath(file)
    for base, target in ((str(root), absolute), (os.path.realpath(root), os.path.realpath(absolute))):
        if _within(target, base):
            return PurePosixPath(*Path(os.path.relpath(target, base)).parts).as_posix()
    return None


def is_path(name: str) -> bool:
    """Whether a file's name is a path: not ``<stdin>`` or another ``<name>``, and no NUL (which
    no real path holds, and os.path.realpath refuses)."""
    return not (name.startswith("<") and name.endswith(">")) and "\0" not in name


def inside(file: str, root: Path, *, real: bool = False) -> bool:
    """Whether ``file`` lies in ``root``; with ``real``, once every link is resolved (a link in the
    repository to a file outside is outside)."""
    if real:
        return _within(os.path.realpath(file), os.path.realpath(root))
    return _within(os.path.abspath(file), str(root))


def _within(target: str, base: str) -> bool:
    try:
        return os.path.commonpath([target, base]) == base
    except ValueError:  # another drive on Windows
        return False
