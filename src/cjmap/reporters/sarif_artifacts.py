"""Where SARIF says each file is, and whether its findings' line hashes may be listed.

GitHub resolves a result's URI against the repository's root, wherever cjmap ran: a file in the
repository is named relative to its root, with ``uriBaseId: "%SRCROOT%"`` (the run's
``originalUriBaseIds`` gives the root as a ``file:`` URI); a file outside keeps an absolute
``file:`` URI; a name that is not a path (``<stdin>``) stays as given. Outside any repository,
names stay as the user gave them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from cjmap.files.repository import inside, is_path, repository_path

SRCROOT = "%SRCROOT%"


@dataclass(frozen=True)
class Artifact:
    location: dict[str, Any]  # SARIF's artifactLocation
    repository_path: str  # the name the cjmap/v1 fingerprint holds: relative to the root, or as given
    inside: bool  # in the repository, so GitHub (and codeql-action) can read it there


def root_uri(root: Path) -> str:
    """The repository root as ``originalUriBaseIds`` wants it: a ``file:`` URI ending in ``/``."""
    return root.as_uri().rstrip("/") + "/"


def artifact(file: str, root: Path | None) -> Artifact:
    relative = repository_path(file, root)
    if relative is not None:
        return Artifact({"uri": _encoded(relative), "uriBaseId": SRCROOT}, relative, True)
    if is_path(file) and (root is not None or PurePath(file).is_absolute()):
        return Artifact({"uri": Path(os.path.abspath(file)).as_uri()}, file, False)
    return Artifact({"uri": _encoded(PurePath(file).as_posix() if is_path(file) else file)}, file, False)


def _encoded(name: str) -> str:
    # An undecodable byte in a file name is a lone surrogate here: percent-encode the byte.
    return quote(name, errors="surrogateescape")


def hashable(file: str, root: Path | None) -> bool:
    """Whether a file's line hashes may go into the log: it is in the repository with links
    resolved, as GitHub reads it there. A link to a file outside says nothing of that file."""
    return root is not None and is_path(file) and inside(file, root, real=True)
