"""One file a command writes (init, import, schema --write): atomically, or exit 2 after saying why not."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from cjmap.commands.inputs import EXIT_OK, EXIT_USAGE
from cjmap.commands.output import error


def write_file(target: Path, content: bytes, *, replace: bool, exists: str, inputs: Iterable[Path] = ()) -> int:
    """``content`` written to ``target`` whole (files/writing.write_atomically): EXIT_OK, or
    EXIT_USAGE after saying why not. ``exists`` is what to say when ``target`` is there and may
    not be replaced (``replace=False``); any other failure (a parent that is a file, no
    permission, an input as the output) says itself."""
    from cjmap.files.writing import OutputError, OutputExists, write_atomically

    try:
        write_atomically(target, content, inputs=inputs, replace=replace)
    except OutputExists:
        error(exists)
        return EXIT_USAGE
    except OutputError as problem:
        error(str(problem))
        return EXIT_USAGE
    return EXIT_OK
