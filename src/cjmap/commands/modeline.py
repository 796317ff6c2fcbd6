"""The modeline a new journey gets (``init``, ``import``), and the schema file it names when none exists yet.

A journey written to a file names the nearest ``journey.schema.json`` at or above its folder
(files/schema_location.py); when there is none, the schema is written beside the journey, after
it, so that the editor completes and checks the file at once. A journey that replaces one
(``--force``) keeps that file's own modeline; one imported onto a base (``import csv --base``)
keeps the base's, a relative path made relative to the new journey's folder. A journey written
to standard output names the schema relative to the current folder, where a redirection puts
the file; when there is none it still names ``journey.schema.json`` there and says how to write
it (cjmap does not write files it was not asked for when its output is a pipe).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from cjmap.commands.output import warning
from cjmap.files.reading import STDIN
from cjmap.files.repository import current_folder
from cjmap.files.schema_location import SCHEMA_FILE, existing_modeline, modeline, modeline_in, nearest_schema, reference, relative_schema, with_schema
from cjmap.text.safe import visible


@dataclass(frozen=True)
class Modeline:
    """The modeline line (without its line break), and the schema file to write for it."""

    line: str
    writes: Path | None = None  # journey.schema.json beside the journey: none was found
    missing: bool = False  # standard output: the file it names does not exist yet


def for_file(target: Path, *, given: str | None = None, keep: bool = False) -> Modeline:
    """The modeline of a journey written to ``target``: ``given`` (--schema) as written; with
    ``keep``, the one of the file it replaces; else the nearest schema's. ValueError when
    ``given`` cannot be a modeline."""
    if given is not None:
        return Modeline(modeline(given))
    folder = target.parent
    found = nearest_schema(folder)
    plan = Modeline(modeline(reference(found, folder))) if found else Modeline(modeline(SCHEMA_FILE), writes=folder / SCHEMA_FILE)
    own = existing_modeline(target) if keep else None
    # The line cjmap would write anyway is not kept as the user's: the schema it names is written.
    return Modeline(own) if own is not None and own != plan.line else plan


def for_base(text: str, *, base: str, output: str | None, keep: bool = False) -> Modeline | None:
    """The modeline of a journey imported onto ``base`` (``text``: the base with the import's
    changes) and written to ``output``, or None when the base's own line stays as it is.

    With ``keep`` (--force), the file replaced keeps its own modeline. Else a path the language
    server reads relative to the journey's folder (not a URL, not an absolute path) is written
    relative to the output's folder when that is another one; when the schema it names is not
    there (or the base came from standard input, whose folder is unknown, and the path does not
    work from the output's folder), the schema is looked for as for a new journey. On standard
    output, whose destination is unknown, the base's line stays as written."""
    if output is None:
        return None
    if keep and existing_modeline(Path(output)) is not None:
        return for_file(Path(output), keep=True)
    line = modeline_in(text)
    path = relative_schema(line) if line is not None else None
    if line is None or path is None:
        return None  # none at all, a URL, an absolute path: the same from any folder
    folder = _absolute(Path(output).parent)
    origin = None if base == STDIN else _absolute(Path(base).parent)
    if folder is None or origin == folder or (origin is None and os.path.isfile(folder / path)):
        return None  # the same folder, or (from standard input) a path that works from the output's
    if origin is not None and os.path.isfile(origin / path):
        try:
            return Modeline(with_schema(line, reference(origin / path, folder)))
        except ValueError:  # another drive (Windows), or a folder name a modeline cannot hold
            pass
    return for_file(Path(output))


def _absolute(folder: Path) -> Path | None:
    """``folder`` from the root, normalised; None when the current folder was removed."""
    try:
        return Path(os.path.abspath(folder))
    except OSError:
        return None


def for_stdout() -> Modeline:
    """The modeline of a journey printed: relative to the current folder."""
    here = current_folder()
    if here is None:  # the folder was removed: nothing to find, nothing a redirection could write
        return Modeline(modeline(SCHEMA_FILE), missing=True)
    found = nearest_schema(here, cwd=here)
    if found is not None:
        return Modeline(modeline(reference(found, here)))
    return Modeline(modeline(SCHEMA_FILE), missing=True)


def complete(plan: Modeline) -> None:
    """After the journey is written: the schema file its modeline names, when there was none,
    or the hint to write it; a failure to write it is a warning (the journey is written)."""
    if plan.missing:
        sys.stderr.write(f"cjmap: the modeline names {SCHEMA_FILE}, not in the current folder yet: `cjmap schema --write` writes it (docs/editors.md)\n")
    if plan.writes is None:
        return
    from cjmap.files.writing import OutputError, OutputExists, write_atomically
    from cjmap.model.schema import schema_json

    try:
        write_atomically(plan.writes, schema_json().encode("utf-8"), replace=False)
    except OutputExists:  # written meanwhile: another journey of the same import, or another run
        return
    except OutputError as problem:
        warning(f"{problem}; `cjmap schema --write {plan.writes.parent}` writes the schema the modeline names")
        return
    sys.stderr.write(f"cjmap: wrote {visible(str(plan.writes))}, the schema the modeline names (editor completion and checks: docs/editors.md)\n")
