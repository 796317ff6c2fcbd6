"""Writing outputs safely: never over an input, never half-written.

Each file is written to a temporary file in the target folder and renamed over the target
(atomic on POSIX), so an interrupted or failed render leaves the old file or none.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


class OutputError(Exception):
    """An output cannot be written (it is an input, a folder, or the disk refused)."""


def write_atomically(target: Path, content: bytes, *, inputs: Iterable[Path] = ()) -> None:
    _refuse_inputs(target, inputs)
    if target.is_dir():
        raise OutputError(f"{target}: is a folder; give a file name, or end the path with / to write into it")
    folder = target.parent if str(target.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise OutputError(f"{target}: cannot write here: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"{target}: cannot write: {error.strerror or error}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _refuse_inputs(target: Path, inputs: Iterable[Path]) -> None:
    if not target.exists():
        return
    for source in inputs:
        try:
            if source.exists() and os.path.samefile(source, target):
                raise OutputError(f"{target}: is the input journey {source}; refusing to overwrite it")
        except OSError:
            continue
