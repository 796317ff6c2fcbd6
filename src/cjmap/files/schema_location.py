"""Where the editor finds the schema: the nearest ``journey.schema.json`` and the modeline naming it.

The YAML language server (VS Code's YAML extension) reads ``# yaml-language-server:
$schema=PATH`` among the comments at the top of a file, PATH relative to that file. cjmap's
schema has no web host, so ``init`` and the importers name a copy on disk: the nearest
``journey.schema.json`` at or above the new journey's folder. The search stops at the
repository root (the nearest folder holding ``.git``), so a stray copy higher up is never
named; outside a repository it stops at the current folder when the journey lies under it, and
otherwise looks only in the journey's own folder. The path found is always ``../`` repeated and
the file's name: nothing from a folder's name reaches the modeline.

Finding it only looks at names (no pydantic, no JSON): it costs a few ``stat`` calls a level.
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

from cjmap.files.repository import current_folder, enclosing_repository
from cjmap.model.vocabulary import SCHEMA_URL

SCHEMA_FILE = "journey.schema.json"
MODELINE_PREFIX = "# yaml-language-server: $schema="
# What the language server takes for a modeline (its modelineUtil.isModeline, 1.25.0).
_MODELINE = re.compile(r"#\s+(?:yaml-language-server\s*:|\$schema:)")
# The schema a modeline names: the first word after `$schema=` or `$schema:` (modelineUtil.getSchemaFromModeline, 1.25.0).
_SCHEMA_REF = re.compile(r"\$schema(?:=|:[^\S\r\n]*)(\S+)")
# Characters that would end the comment line, hide text (bidi) or cut the path short (the
# server reads the path up to the first white space).
_UNFIT = re.compile(r"[\x00-\x20\x7f-\x9f\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f\u2066-\u2069\u3000\ufeff]")
# cjmap writes its schemas with an $id under this address (journey-1.json for format 1).
_CJMAP_IDS = SCHEMA_URL.rsplit("/", 1)[0] + "/"
# Enough for any modeline: the header comments of a journey are a few lines.
_HEADER_BYTES = 64 * 1024
# A schema cjmap wrote is about 100 KB; a larger file is someone else's.
_SCHEMA_BYTES = 8 * 1024 * 1024


def nearest_schema(folder: Path, *, cwd: Path | None = None) -> Path | None:
    """The ``journey.schema.json`` nearest at or above ``folder`` (which may not exist yet),
    within the bounds the module describes; ``None`` when there is none."""
    # os.path's tests answer False on any error (a folder that may not be searched), never raise.
    for candidate in search_folders(folder, cwd=cwd):
        if os.path.isfile(candidate / SCHEMA_FILE):
            return candidate / SCHEMA_FILE
    return None


def search_folders(folder: Path, *, cwd: Path | None = None) -> list[Path]:
    """``folder`` and the folders above it that the search looks in, nearest first."""
    here = cwd or current_folder()
    start = Path(os.path.normpath(folder if folder.is_absolute() or here is None else here / folder))
    chain = [start, *start.parents]
    root = enclosing_repository(start)
    if root is not None:
        return chain[: chain.index(root) + 1]
    return chain[: chain.index(here) + 1] if here in chain else [start]


def reference(schema: Path, folder: Path) -> str:
    """``schema`` relative to ``folder``, with forward slashes, as a modeline names it."""
    relative = os.path.relpath(os.path.abspath(schema), os.path.abspath(folder))
    return "/".join(Path(relative).parts)


def modeline(schema: str) -> str:
    """The modeline naming ``schema`` (a path or URL); ValueError when it holds a character
    that would break the line or that the language server would stop at."""
    unfit = _UNFIT.search(schema)
    if not schema or unfit:
        found = f"U+{ord(unfit.group()):04X}" if unfit else "nothing"
        raise ValueError(f"the schema path or URL {schema!r} holds {found}: a modeline needs one word without spaces or control characters")
    return MODELINE_PREFIX + schema


def existing_modeline(path: Path) -> str | None:
    """The modeline line among the comments that open the journey at ``path`` (as the user
    wrote it), or ``None``: no such line, no readable regular file, or a line that is not
    plain text."""
    from cjmap.files.reading import read_limited
    from cjmap.loader import Limits

    raw = read_limited(path, limits=Limits(max_bytes=_HEADER_BYTES), pipes=False) if os.path.isfile(path) else None
    return modeline_in(raw.decode("utf-8", errors="replace")) if isinstance(raw, bytes) else None


def modeline_in(text: str) -> str | None:
    """The modeline line among the comments that open ``text`` (without its line break), or
    ``None``: no such line, or one that is not plain text."""
    span = _modeline_span(text)
    return None if span is None else text[span[0] : span[1]]


def _modeline_span(text: str) -> tuple[int, int] | None:
    """Where :func:`modeline_in`'s line is in ``text``: its first and past-last offsets."""
    start = 1 if text.startswith("\ufeff") else 0
    while True:
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end].removesuffix("\r")
        if line.strip() and not line.startswith("#"):
            return None  # the header comments end where the document begins
        if _MODELINE.match(line):
            return (start, start + len(line)) if _UNFIT.search(line.replace(" ", "").replace("\t", "")) is None else None
        if end == len(text):
            return None
        start = end + 1


def with_modeline(text: str, line: str) -> str:
    """``text`` with ``line`` in place of its modeline, or first when it has none."""
    span = _modeline_span(text)
    if span is None:
        at = 1 if text.startswith("\ufeff") else 0
        return f"{text[:at]}{line}\n{text[at:]}"
    return text[: span[0]] + line + text[span[1] :]


def relative_schema(line: str) -> str | None:
    """The path the modeline ``line`` names when the language server reads it relative to the
    journey's folder; ``None`` for a URL (``http…``, ``file:``), an absolute path, ``none``
    (no schema) or no ``$schema`` at all, which mean the same from any folder. A ``#fragment``
    is not part of the path (yamlSchemaService.resolveSchemaRef, 1.25.0)."""
    found = _SCHEMA_REF.search(line)
    if found is None or found.group(1).lower() == "none":
        return None
    path = found.group(1)[: _fragment_at(found.group(1))]
    return None if path.startswith(("file:", "http")) or os.path.isabs(path) else path


def with_schema(line: str, path: str) -> str:
    """The modeline ``line`` naming ``path`` instead (its ``#fragment`` and the rest of the line
    kept); ValueError when ``path`` cannot stand in a modeline."""
    modeline(path)  # the same test as a new modeline's
    found = _SCHEMA_REF.search(line)
    if found is None:
        raise ValueError(f"{line!r} names no schema")
    return line[: found.start(1)] + path + found.group(1)[_fragment_at(found.group(1)) :] + line[found.end(1) :]


def _fragment_at(reference: str) -> int:
    """Where the ``#fragment`` of a schema reference starts (its length when it has none); a
    ``#`` in first place is part of the path, as the language server reads it."""
    at = reference.find("#")
    return at if at > 0 else len(reference)


def is_cjmap_schema(raw: bytes) -> bool:
    """Whether ``raw`` is a schema cjmap wrote (of any version): a JSON object whose ``$id``
    lies under cjmap's schema address."""
    if len(raw) > _SCHEMA_BYTES:
        return False
    try:
        document = json.loads(raw)
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested past Python's stack
        return False
    return isinstance(document, dict) and isinstance(document.get("$id"), str) and document["$id"].startswith(_CJMAP_IDS)


def read_schema_file(path: Path) -> bytes | str:
    """The bytes of the schema file at ``path`` (a regular file, never followed through a link),
    or why it cannot be read or replaced, in words."""
    from cjmap.files.reading import file_kind, read_limited
    from cjmap.loader import Limits

    mode = os.lstat(path).st_mode
    if os.path.islink(path):
        return "a link, not a regular file"
    raw = read_limited(path, limits=Limits(max_bytes=_SCHEMA_BYTES), pipes=False)
    if isinstance(raw, bytes):
        return raw
    return raw.message if stat.S_ISREG(mode) else file_kind(mode)
