"""``cjmap validate``: discover files, validate each, report, choose the exit code."""

from __future__ import annotations

import sys

from cjmap.commands.output import error, use_color
from cjmap.commands.sizes import parse_size
from cjmap.loader import Limits
from cjmap.reporters import auto_format, render
from cjmap.sources import discover, read_source
from cjmap.validation import FileResult, validate_bytes

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def run_validate(paths: list[str], *, output_format: str, max_file_size: str, stdin_name: str) -> int:
    max_bytes = parse_size(max_file_size)
    if max_bytes is None or max_bytes <= 0:
        error(f"--max-file-size: {max_file_size!r} is not a size; write e.g. 5M, 512K or 1048576")
        return EXIT_USAGE
    limits = Limits(max_bytes=max_bytes)
    found = discover(paths, stdin_name=stdin_name)
    for missing in found.missing:
        error(f"{missing}: no such file or directory")
    if not found.sources and not found.missing:
        error(f"no journey files (*.journey.yaml, *.journey.yml) found in {', '.join(paths or ['.'])}")
        return EXIT_USAGE
    results = [check_source(source, limits=limits) for source in found.sources]
    fmt = auto_format() if output_format == "auto" else output_format
    sys.stdout.write(render(fmt, results, color=use_color(sys.stdout)))
    if found.missing:
        return EXIT_USAGE
    return EXIT_OK if all(result.ok for result in results) else EXIT_ERRORS


def check_source(source, *, limits: Limits) -> FileResult:  # type: ignore[no-untyped-def]
    raw = read_source(source, limits=limits)
    if not isinstance(raw, bytes):
        return FileResult(source.name, (raw,))
    return validate_bytes(raw, file=source.name, limits=limits)
