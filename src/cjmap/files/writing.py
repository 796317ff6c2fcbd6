"""Writing outputs safely: only regular files, never over an input, never half-written.

Each file is written to a temporary file in the target folder and renamed over the target
(atomic on POSIX), so an interrupted or failed write leaves the old file or none. Only regular
files are written: a link, a device, a pipe or a socket at the output path is refused, never
replaced or written through; a link in a folder that came with a pull request could otherwise
point a render at any file the user can write (issue 12). New files get the mode the umask
gives; a file that is replaced keeps its permission bits.

A temporary file is registered before it is created and removed at exit, so a signal that
lands anywhere (even between creating it and the ``try`` that would clean it up) leaves none.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import secrets
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path

from cjmap.files.reading import file_kind

# Temporary files created (or about to be) and not yet renamed or removed.
_PENDING: set[str] = set()
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


class OutputError(Exception):
    """An output cannot be written (it is an input, a folder, a link or a device, or the disk refused).

    ``named``: for several files written together, how many had been given their names when it
    failed (the message says so); ``None`` when none had, so nothing was written."""

    def __init__(self, message: str, *, named: int | None = None) -> None:
        super().__init__(message)
        self.named = named


class OutputExists(OutputError):
    """The output exists and the caller asked not to replace it."""


def write_atomically(target: Path, content: bytes, *, inputs: Iterable[Path] = (), replace: bool = True) -> None:
    """Write ``content`` to ``target`` whole or not at all; with ``replace=False`` an existing
    target is never touched (OutputExists), decided atomically by a hard link."""
    temporary = _staged(target, content, inputs=inputs, replace=replace)
    try:
        _named(temporary, target, replace=replace)
    except OSError as error:
        raise OutputError(f"{target}: cannot write: {error.strerror or error}") from None
    finally:
        _remove(temporary)


def write_all_atomically(files: Sequence[tuple[Path, bytes]], *, inputs: Iterable[Path] = (), replace: bool = True) -> None:
    """Write every file, or none: each is first written whole to a temporary file next to its
    target (registered, so a signal leaves none), and only when all are on disk are they given
    their names. With ``replace=False`` a target that exists, or appears meanwhile, stops it
    (OutputExists) and the files this call already named are removed again; an error after some
    were named says how many (OutputError)."""
    inputs = list(inputs)
    staged: list[tuple[str, Path]] = []
    named: list[Path] = []
    try:
        for target, content in files:
            staged.append((_staged(target, content, inputs=inputs, replace=replace), target))
        for temporary, target in staged:
            try:
                _named(temporary, target, replace=replace)
            except OSError as error:
                raise OutputError(f"{target}: cannot write: {error.strerror or error}; {len(named)} of {len(files)} files were written", named=len(named)) from None
            named.append(target)
    except OutputExists:
        for target in named:  # only files this call created (without replace nothing was there)
            with contextlib.suppress(OSError):
                target.unlink()
        raise
    finally:
        for temporary, _ in staged:
            _remove(temporary)


def _staged(target: Path, content: bytes, *, inputs: Iterable[Path], replace: bool) -> str:
    """``content`` written whole to a registered temporary file beside ``target``, after the checks
    (not an input, not a link or device, not there when it may not be replaced): its path. The
    target itself is untouched; a failure leaves no temporary file."""
    _refuse_inputs(target, inputs)
    if not replace and os.path.lexists(target):
        raise OutputExists(f"{target} already exists")  # early; the hard link in _named decides races
    kept_mode = _existing_mode(target)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = _create_temporary(folder, target.name)
    except OSError as error:
        raise OutputError(f"{target}: cannot write here: {error.strerror or error}") from None
    try:
        _fill(handle, content, kept_mode)
    except OSError as error:
        _remove(temporary)
        raise OutputError(f"{target}: cannot write: {error.strerror or error}") from None
    return temporary


def _named(temporary: str, target: Path, *, replace: bool) -> None:
    """Give the complete temporary file the target's name: over the old file, or only if the name is free."""
    if replace:
        os.replace(temporary, target)
    else:
        _link_new(temporary, target)


def remove_pending() -> None:
    """Remove every temporary file still registered (called at exit and on a signal)."""
    for path in list(_PENDING):
        _remove(path)


atexit.register(remove_pending)


def _create_temporary(folder: Path, name: str) -> tuple[int, str]:
    while True:
        path = os.path.join(folder, f".{name}.{secrets.token_hex(4)}.tmp")
        _PENDING.add(path)  # before the file exists: a signal right after open() still finds it
        try:
            # 0o666: the umask alone decides a new file's mode, as for any file a tool creates.
            return os.open(path, _CREATE, 0o666), path
        except FileExistsError:
            _PENDING.discard(path)  # someone else's file: not ours to remove
        except OSError:
            _PENDING.discard(path)
            raise


def _fill(handle: int, content: bytes, mode: int | None) -> None:
    with os.fdopen(handle, "wb") as stream:
        stream.write(content)
        stream.flush()
        if mode is not None:
            os.fchmod(stream.fileno(), mode)
        os.fsync(stream.fileno())


def _link_new(temporary: str, target: Path) -> None:
    """Give the complete file its name only if that name is free (no check-then-write race)."""
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise OutputExists(f"{target} already exists") from None
    except OSError:
        # A file system without hard links: check, then rename (a narrow race, no worse than before).
        if os.path.lexists(target):
            raise OutputExists(f"{target} already exists") from None
        os.replace(temporary, target)


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):  # already renamed into place, or already gone
        os.unlink(path)
    _PENDING.discard(path)


def _existing_mode(target: Path) -> int | None:
    """The permission bits of the regular file to be replaced, None when there is none yet;
    anything else at that path is refused."""
    try:
        found = os.lstat(target)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise OutputError(f"{target}: cannot write here: {error.strerror or error}") from None
    if stat.S_ISREG(found.st_mode):
        return stat.S_IMODE(found.st_mode) & 0o777  # set-id bits are not carried over
    if stat.S_ISDIR(found.st_mode):
        raise OutputError(f"{target}: is a folder; give a file name, or end the path with / to write into it")
    if stat.S_ISLNK(found.st_mode):
        raise OutputError(
            f"{target}: is a symbolic link; cjmap writes only regular files and neither follows nor replaces "
            "a link: write to the file it points to, or remove the link (to print to standard output, leave out -o)"
        )
    raise OutputError(
        f"{target}: is {file_kind(found.st_mode)}, not a regular file; cjmap writes only regular files and never "
        "replaces a device or a pipe (to print to standard output, leave out -o)"
    )


def _refuse_inputs(target: Path, inputs: Iterable[Path]) -> None:
    if not target.exists():
        return
    for source in inputs:
        if _same_file(source, target):
            raise OutputError(f"{target}: is the input {source}; refusing to overwrite it")


def _same_file(source: Path, target: Path) -> bool:
    """Whether ``source`` exists and is ``target``; False when either cannot be looked at."""
    try:
        return source.exists() and os.path.samefile(source, target)
    except OSError:
        return False
