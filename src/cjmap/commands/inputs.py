"""What the commands share: finding the files they are given, the size limit, exit codes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cjmap.check import check_read, check_source
from cjmap.commands.output import error
from cjmap.files.reading import Source, discover, read_source, typed_source
from cjmap.loader import Limits
from cjmap.problems import FileResult
from cjmap.text.sizes import size_option

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


@dataclass(frozen=True)
class Inputs:
    sources: tuple[Source, ...]
    limits: Limits
    usage_error: bool  # a path did not exist, or nothing to check: exit 2 after reporting


def gather(paths: list[str], *, max_file_size: str, stdin_name: str) -> Inputs | int:
    """The files to check, or an exit code when there is nothing that can be checked."""
    max_bytes = size_option(max_file_size)
    if isinstance(max_bytes, str):
        error(max_bytes)
        return EXIT_USAGE
    found = discover(paths, stdin_name=stdin_name)
    for missing in found.missing:
        error(f"{missing}: no such file or directory")
    if not found.sources and not found.missing:
        error(f"no journey files (*.journey.yaml, *.journey.yml) found in {', '.join(paths or ['.'])}")
    return Inputs(found.sources, Limits(max_bytes=max_bytes), bool(found.missing) or not found.sources)


def templates_folder(option: str | None) -> Path | int | None:
    """``--templates DIR`` as a folder (None when not given), or EXIT_USAGE after saying it
    is not one: a typo must not quietly render with the shipped templates."""
    if not option:  # "" as not given, as before this helper
        return None
    if not Path(option).is_dir():
        error(f"--templates: {option} is not a folder")
        return EXIT_USAGE
    return Path(option)


def one_file(name: str, *, limits: Limits) -> FileResult | None:
    """The one file a command takes (``diff``, ``export``, ``import --base``), checked as
    validate checks a file it is given (a path, pipes included, or - for stdin); None after
    saying it does not exist."""
    source = typed_source(name)
    if source is None:
        error(f"{name}: no such file")
        return None
    return check_source(source, limits=limits)


def one_file_read(name: str, *, limits: Limits) -> tuple[FileResult, bytes] | None:
    """As :func:`one_file`, with the bytes that were validated (standard input can be read
    once only); the bytes are empty when the file could not be read."""
    source = typed_source(name)
    if source is None:
        error(f"{name}: no such file")
        return None
    raw = read_source(source, limits=limits)
    return check_read(raw, name=source.name, limits=limits), raw if isinstance(raw, bytes) else b""
