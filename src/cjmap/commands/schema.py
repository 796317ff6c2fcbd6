"""``cjmap schema``: the JSON Schema of journey files, printed, or written beside the journeys.

``--write [FOLDER]`` writes ``FOLDER/journey.schema.json`` (the file the modeline of ``init`` and
the importers names), atomically. A file of that name is replaced only when it is a schema cjmap
wrote (its ``$id`` lies under cjmap's schema address: an older version is refreshed); anything
else there is the user's, and is left alone (exit 2).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from cjmap.commands.inputs import EXIT_OK, EXIT_USAGE
from cjmap.commands.output import error
from cjmap.text.safe import visible


def run_schema(folder: str | None = None, *, write: bool = False) -> int:
    from cjmap.model.schema import schema_json

    if not write:
        if folder is not None:
            error(f"{folder}: a FOLDER is for --write (cjmap schema --write FOLDER); without it the schema is printed")
            return EXIT_USAGE
        sys.stdout.write(schema_json())
        return EXIT_OK
    return write_schema(Path(folder or "."))


def write_schema(folder: Path) -> int:
    """``folder/journey.schema.json`` written, refreshed or found up to date; EXIT_USAGE after
    saying why not."""
    from cjmap.files.schema_location import SCHEMA_FILE

    if not os.path.isdir(folder):
        error(f"{folder}: {'not a folder' if os.path.lexists(folder) else 'no such folder'}; cjmap schema --write FOLDER writes {SCHEMA_FILE} in a folder")
        return EXIT_USAGE
    target = folder / SCHEMA_FILE
    current = _current(target)
    if isinstance(current, int):
        return current
    return _write(target, current)


def _current(target: Path) -> bytes | int | None:
    """The bytes of the cjmap schema at ``target``, None when there is no file, or EXIT_USAGE
    after saying why it may not be replaced."""
    from cjmap.files.schema_location import is_cjmap_schema, read_schema_file

    if not os.path.lexists(target):
        return None
    raw = read_schema_file(target)
    if isinstance(raw, str):
        error(f"{target} is {raw}; cjmap schema --write replaces only a schema cjmap wrote")
        return EXIT_USAGE
    if not is_cjmap_schema(raw):
        error(f"{target} exists and is not a schema cjmap wrote (its $id is not cjmap's); move it away, or write the schema in another folder")
        return EXIT_USAGE
    return raw


def _write(target: Path, current: bytes | None) -> int:
    from cjmap.commands.writes import write_file
    from cjmap.model.schema import schema_json

    content = schema_json().encode("utf-8")
    if current == content:
        sys.stderr.write(f"cjmap: {visible(str(target))} is up to date\n")
        return EXIT_OK
    # A new file takes its name only if the name is still free: a file that appeared since it
    # was looked at is not replaced unseen.
    appeared = f"{target} appeared while the schema was being written; run the command again to check it"
    if write_file(target, content, replace=current is not None, exists=appeared) != EXIT_OK:
        return EXIT_USAGE
    refreshed = " (it held an older cjmap schema)" if current is not None else ""
    sys.stderr.write(f"cjmap: wrote {visible(str(target))}{refreshed}\n")
    return EXIT_OK
