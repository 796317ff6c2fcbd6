"""Where SARIF says each file is, and the line hashes of its findings.

GitHub resolves a result's URI against the repository's root, wherever cjmap ran: a file in the
repository is named relative to its root, with ``uriBaseId: "%SRCROOT%"`` (the run's
``originalUriBaseIds`` gives the root as a ``file:`` URI); a file outside keeps an absolute
``file:`` URI; a name that is not a path (``<stdin>``) stays as given. Outside any repository,
names stay as the user gave them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from cjmap.files.reading import read_limited
from cjmap.files.repository import repository_path
from cjmap.loader import Limits
from cjmap.reporters.fingerprints import line_hashes

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
    if _is_path(file) and (root is not None or PurePath(file).is_absolute()):
        return Artifact({"uri": Path(os.path.abspath(file)).as_uri()}, file, False)
    return Artifact({"uri": _encoded(PurePath(file).as_posix() if _is_path(file) else file)}, file, False)


def _is_path(file: str) -> bool:
    return not (file.startswith("<") and file.endswith(">"))


def _encoded(name: str) -> str:
    # An undecodable byte in a file name is a lone surrogate here: percent-encode the byte.
    return quote(name, errors="surrogateescape")


def file_line_hashes(file: str, root: Path | None, lines: Iterable[int]) -> dict[int, str]:
    """``primaryLocationLineHash`` of ``lines`` of ``file``, read again from the disk as
    codeql-action would read it; {} for a file that cannot be read (gone, not a regular file,
    over the default size limit) or lies outside the repository, which GitHub cannot read either."""
    if root is None or not _inside(file, root):
        return {}
    raw = read_limited(Path(file), limits=Limits(), pipes=False)
    if not isinstance(raw, bytes) or len(raw) > Limits().max_bytes:
        return {}
    # As Node decodes it: bad bytes as U+FFFD, a byte-order mark kept as a character.
    return line_hashes(raw.decode("utf-8", errors="replace"), lines)


def _inside(file: str, root: Path) -> bool:
    """The file itself, links resolved, is in the repository: a link to a file outside it is
    never read (a hash of its first line would tell something about a file not meant to be read)."""
    real, base = os.path.realpath(file), os.path.realpath(root)
    try:
        return os.path.commonpath([real, base]) == base
    except ValueError:
        return False
