"""``cjmap diff OLD NEW`` and ``cjmap diff FILE --rev REV``: what changed, keyed by ids.

Exit 0 when there is no change, 1 when there are changes (as ``diff`` does), 2 on errors
(an invalid side, a file or revision that cannot be read).
"""

from __future__ import annotations

import sys
from pathlib import Path

from cjmap.commands.inputs import EXIT_ERRORS, EXIT_OK, EXIT_USAGE, one_file
from cjmap.commands.output import error, use_color
from cjmap.commands.revisions import GitError, read_at_revision
from cjmap.files.reading import STDIN
from cjmap.loader import Limits
from cjmap.problems import FileResult
from cjmap.reporters import render as report
from cjmap.text.sizes import size_option
from cjmap.validation import validate_bytes


def run_diff(old: str, new: str | None, *, rev: str | None, output_format: str, max_file_size: str = "5M") -> int:
    if (new is None) == (rev is None):
        error("give two files (cjmap diff OLD NEW), or one file and --rev REV")
        return EXIT_USAGE
    if old == new == STDIN or (rev is not None and old == STDIN):
        error("standard input (-) can be only one side of a diff, and --rev needs a file in a git repository")
        return EXIT_USAGE
    max_bytes = size_option(max_file_size)
    if isinstance(max_bytes, str):
        error(max_bytes)
        return EXIT_USAGE
    limits = Limits(max_bytes=max_bytes)
    before: FileResult | None
    if rev is not None:
        try:
            raw_old = read_at_revision(Path(old), rev, max_bytes=max_bytes)
        except GitError as problem:
            error(str(problem))
            return EXIT_USAGE
        # A journey added since REV (or deleted since) is diffed against an empty one.
        if raw_old is None and not Path(old).exists():
            error(f"{old}: no such file, neither in the working tree nor at {rev}; check the path")  # error() escapes
            return EXIT_USAGE
        before = validate_bytes(raw_old, file=f"{old}@{rev}", limits=limits) if raw_old is not None else _empty(f"{old}@{rev}")
        after = one_file(old, limits=limits) if Path(old).exists() else _empty(old)
    else:
        assert new is not None
        before, after = one_file(old, limits=limits), one_file(new, limits=limits)
    if before is None or after is None:
        return EXIT_USAGE
    invalid = [result for result in (before, after) if result.journey is None]
    if invalid:
        sys.stderr.write(report("text", invalid, color=use_color(sys.stderr)))
        return EXIT_USAGE
    from cjmap.diff import FORMATS
    from cjmap.diff.changes import diff_journeys
    from cjmap.registry import load

    assert before.journey is not None and after.journey is not None
    changes = diff_journeys(before.journey, after.journey)
    write_changes = load(FORMATS[output_format])
    sys.stdout.write(write_changes(changes, old=before.file, new=after.file, color=use_color(sys.stdout)))
    return EXIT_ERRORS if changes else EXIT_OK


def _empty(name: str) -> FileResult:
    """No journey at all: everything in the other side is added (or removed)."""
    from cjmap.model import Journey, JourneyMeta

    blank = Journey.model_construct(cjmap=1, journey=JourneyMeta.model_construct(title=""), personas=[], channels=[], stages=[])
    return FileResult(name, (), blank)
