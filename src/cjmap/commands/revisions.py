"""A journey as it was at a git revision, for ``cjmap diff FILE --rev REV``.

The revision comes from the command line, and in CI often from a pull request (a branch name
chosen by whoever opened it), so nothing typed may reach git as an option (issue 12:
``--rev=--output=PATH`` made git write a file). Three layers, each enough alone:

- a revision that starts with ``-`` (or holds a control character) is refused before git runs;
- ``--end-of-options`` goes before every revision and object name (git >= 2.24);
- the revision is resolved to a commit id once (``rev-parse --verify REV^{commit}``), and only
  that id, joined to ``:./NAME``, is passed on: the later commands see hexadecimal digits first.

What git returns is bounded too: the blob's size is asked first and a blob over the size limit
is refused without being read; the read itself stops one byte past the limit.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import threading
from pathlib import Path

from cjmap.text.safe import has_unsafe
from cjmap.text.sizes import size_to_allow

_TIMEOUT = 60  # seconds for one git command; local object reads take milliseconds
_COMMIT_ID = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")  # SHA-1 or SHA-256
_VERSION = re.compile(r"(?<![0-9])([0-9]+)\.([0-9]+)")  # starts only at a digit run's start: linear search


def _environment() -> dict[str, str]:
    """git never asks for credentials (there is no one to answer in CI) and never fetches a
    missing object of a partial clone from the network: either would stall a read for good."""
    return {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_NO_LAZY_FETCH": "1"}


class GitError(Exception):
    """The file cannot be read at that revision; the message says why and what to do."""


def read_at_revision(path: Path, rev: str, *, max_bytes: int) -> bytes | None:
    """The file as it was at ``rev``, or None when it did not exist then (an empty file is b"").

    Whether the file existed is asked of git by exit code, never read from its messages: git
    translates them into the user's language.
    """
    from cjmap.text.safe import visible

    shown = f"cannot read {visible(str(path))} at {visible(rev)}"
    _check_revision(rev, shown)
    # git runs in the nearest folder that exists: the file's folder may have been deleted
    # since REV, and the file is still there to compare with.
    folder = path.parent if str(path.parent) else Path(".")
    while not folder.is_dir() and folder != folder.parent:
        folder = folder.parent
    inside = path.relative_to(folder).as_posix()
    try:
        if _git(["rev-parse", "--git-dir"], folder).returncode != 0:
            raise GitError(f"{shown}: {visible(str(folder))} is not in a git repository")
        blob = f"{_commit(rev, folder, shown)}:./{inside}"
        kind = _git(["cat-file", "-t", *_end_of_options(), blob], folder)
        if kind.returncode != 0:
            return None
        if kind.stdout.strip() != b"blob":
            raise GitError(f"{shown}: it is not a file there (git says: a {visible(kind.stdout.decode('ascii', 'replace').strip())})")
        _check_size(blob, folder, max_bytes, shown)
        return _read_blob(blob, folder, max_bytes, shown)
    except FileNotFoundError:
        raise GitError("--rev needs git, which is not installed (or not on PATH)") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"{shown}: git took longer than {_TIMEOUT} s") from None


def _check_revision(rev: str, shown: str) -> None:
    if not rev.strip():
        raise GitError(f"{shown}: the revision is empty; name a branch, tag or commit, e.g. --rev main")
    if rev.startswith("-"):
        raise GitError(f"{shown}: a revision cannot start with '-' (git would read it as an option); name a branch, tag or commit, e.g. --rev main")
    if has_unsafe(rev):
        raise GitError(f"{shown}: a revision cannot hold control characters, line breaks or bidi characters")


def _commit(rev: str, folder: Path, shown: str) -> str:
    """The full commit id ``rev`` names; a tree, a blob (``HEAD:path``) or a range is refused."""
    from cjmap.text.safe import visible

    resolved = _git(["rev-parse", "--verify", "--quiet", *_end_of_options(), f"{rev}^{{commit}}"], folder)
    commit = resolved.stdout.decode("ascii", "replace").strip()
    if resolved.returncode != 0 or not _COMMIT_ID.match(commit):
        raise GitError(f"{shown}: git knows no commit called {visible(repr(rev))}; name a branch, tag or commit, e.g. --rev main or --rev HEAD~1")
    return commit


def _check_size(blob: str, folder: Path, max_bytes: int, shown: str) -> None:
    asked = _git(["cat-file", "-s", *_end_of_options(), blob], folder)
    size = asked.stdout.strip()
    if asked.returncode != 0 or not size.isdigit() or len(size) > 20:
        raise GitError(f"{shown}: git could not tell the file's size")
    if int(size) > max_bytes:
        raise GitError(f"{shown}: the file is {int(size):,} bytes there, over the {max_bytes:,}-byte limit; nothing was read. {_raise_limit(int(size))}")


def _read_blob(blob: str, folder: Path, max_bytes: int, shown: str) -> bytes:
    """The blob's bytes, reading at most ``max_bytes + 1`` (the object may have changed since
    its size was asked, or git may be lying)."""
    command = ["git", "cat-file", "blob", *_end_of_options(), blob]
    with subprocess.Popen(command, cwd=folder, env=_environment(), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL) as process:
        assert process.stdout is not None
        # The read itself is bounded in time too: a git that stalls is killed, which ends it.
        stalled = threading.Event()

        def stop() -> None:
            stalled.set()
            process.kill()

        watchdog = threading.Timer(_TIMEOUT, stop)
        watchdog.start()
        try:
            data = process.stdout.read(max_bytes + 1)
        finally:
            watchdog.cancel()
        if stalled.is_set():
            raise subprocess.TimeoutExpired(command, _TIMEOUT)  # said as "git took longer than…"
        if len(data) > max_bytes:
            process.kill()
            raise GitError(f"{shown}: the file is over the {max_bytes:,}-byte limit; nothing was read. {_raise_limit(len(data))}")
        try:
            returncode = process.wait(timeout=_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    if returncode != 0:
        raise GitError(f"{shown}: git could not read the file (exit {returncode})")
    return data


def _raise_limit(size: int) -> str:
    return f"Raise the limit with {size_to_allow(size)} if the file is really that large"


@functools.lru_cache(maxsize=1)
def _end_of_options() -> tuple[str, ...]:
    """``--end-of-options`` when git knows it (2.24, November 2019); older gits would take it
    for a revision. Revisions starting with '-' are refused before this matters."""
    try:
        completed = subprocess.run(["git", "--version"], capture_output=True, timeout=_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ()
    match = _VERSION.search(completed.stdout.decode("ascii", "replace"))
    return ("--end-of-options",) if match and (int(match.group(1)), int(match.group(2))) >= (2, 24) else ()


def _git(arguments: list[str], folder: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *arguments], cwd=folder, env=_environment(), stdin=subprocess.DEVNULL, capture_output=True,
                          timeout=_TIMEOUT, check=False)
