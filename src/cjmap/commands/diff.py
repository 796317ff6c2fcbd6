"""``cjmap diff OLD NEW`` and ``cjmap diff FILE --rev REV``: what changed, keyed by ids.

Exit 0 when there is no change, 1 when there are changes (as ``diff`` does), 2 on errors
(an invalid side, a file or revision that cannot be read).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from cjmap.commands.files import EXIT_ERRORS, EXIT_OK, EXIT_USAGE
from cjmap.commands.output import error, use_color
from cjmap.loader import Limits
from cjmap.reporters import render as report
from cjmap.sources import read_limited
from cjmap.validation import FileResult, validate_bytes


def run_diff(old: str, new: str | None, *, rev: str | None, output_format: str) -> int:
    if (new is None) == (rev is None):
        error("give two files (cjmap diff OLD NEW), or one file and --rev REV")
        return EXIT_USAGE
    limits = Limits()
    if rev is not None:
        raw_old = _from_git(Path(old), rev)
        if isinstance(raw_old, str):
            error(raw_old)
            return EXIT_USAGE
        # A journey added since REV (or deleted since) is diffed against an empty one.
        before = validate_bytes(raw_old, file=f"{old}@{rev}", limits=limits) if raw_old else _empty(f"{old}@{rev}")
        after = _read(old, limits) if Path(old).exists() else _empty(old)
    else:
        assert new is not None
        before, after = _read(old, limits), _read(new, limits)
    if before is None or after is None:
        return EXIT_USAGE
    invalid = [result for result in (before, after) if result.journey is None]
    if invalid:
        sys.stderr.write(report("text", invalid, color=use_color(sys.stderr)))
        return EXIT_USAGE
    from cjmap import diff_formats
    from cjmap.diff import diff_journeys

    assert before.journey is not None and after.journey is not None
    changes = diff_journeys(before.journey, after.journey)
    if output_format == "markdown":
        sys.stdout.write(diff_formats.as_markdown(changes, old=before.file, new=after.file))
    elif output_format == "json":
        sys.stdout.write(diff_formats.as_json(changes, old=before.file, new=after.file))
    else:
        sys.stdout.write(diff_formats.as_text(changes, old=before.file, new=after.file, color=use_color(sys.stdout)))
    return EXIT_ERRORS if changes else EXIT_OK


def _read(name: str, limits: Limits) -> FileResult | None:
    path = Path(name)
    if not path.is_file():
        error(f"{name}: no such file")
        return None
    raw = read_limited(path, limits=limits)
    if not isinstance(raw, bytes):
        return FileResult(name, (raw,))
    return validate_bytes(raw, file=name, limits=limits)


def _empty(name: str) -> FileResult:
    """No journey at all: everything in the other side is added (or removed)."""
    from cjmap.model import Journey, JourneyMeta

    blank = Journey.model_construct(cjmap=1, journey=JourneyMeta.model_construct(title=""), personas=[], channels=[], stages=[])
    return FileResult(name, (), blank)


def _from_git(path: Path, rev: str) -> bytes | str:
    """The file as it was at ``rev`` (b"" when it did not exist then), or why it cannot be read.

    Whether the file existed at ``rev`` is asked of git by exit code (``cat-file -e``), never read
    from its messages: git translates them into the user's language.
    """
    folder = path.parent if str(path.parent) else Path(".")
    try:
        if _git(["rev-parse", "--git-dir"], folder).returncode != 0:
            return f"cannot read {path} at {rev}: {folder} is not in a git repository"
        if _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], folder).returncode != 0:
            return f"cannot read {path} at {rev}: git knows no commit called {rev!r}"
        if _git(["cat-file", "-e", f"{rev}:./{path.name}"], folder).returncode != 0:
            return b""
        completed = _git(["show", f"{rev}:./{path.name}"], folder)
    except FileNotFoundError:
        return "--rev needs git, which is not installed"
    except subprocess.TimeoutExpired:
        return f"git show {rev}:{path} took too long"
    if completed.returncode != 0:
        reason = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        return f"cannot read {path} at {rev}: {reason[-1] if reason else 'git failed'}"
    return completed.stdout


def _git(arguments: list[str], folder: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *arguments], cwd=folder, capture_output=True, timeout=60, check=False)
