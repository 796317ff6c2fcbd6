"""How ``validate`` and ``lint`` hand their findings to the user: the chosen reporter on stdout
and, under GitHub Actions, a Markdown job summary of every finding ($GITHUB_STEP_SUMMARY).

The summary comes with the GitHub annotations (``--format github``, or ``auto`` under Actions),
the format whose readers GitHub cuts off at 10 of each kind; SARIF and JUnit have their own
viewers that show everything, and a job that runs cjmap once per format gets one summary.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Sequence
from pathlib import Path

from cjmap.commands.output import use_color, warning
from cjmap.files.repository import repository_root
from cjmap.problems import FileResult
from cjmap.reporters import auto_format, render


def chosen_format(output_format: str) -> str:
    """The reporter ``--format`` names: ``auto`` is github under GitHub Actions, else text."""
    return auto_format() if output_format == "auto" else output_format


def wants_line_hashes(output_format: str) -> bool:
    """Whether the check should hash the problems' lines: SARIF's fingerprints need them."""
    return chosen_format(output_format) == "sarif"


def report_findings(results: Sequence[FileResult], *, output_format: str, command: str) -> None:
    fmt = chosen_format(output_format)
    root = repository_root()  # once: GitHub, SARIF and JUnit name files from it
    sys.stdout.write(render(fmt, results, color=use_color(sys.stdout), command=command, root=root))
    if fmt != "github":
        return
    summary = os.environ.get("GITHUB_STEP_SUMMARY")  # the step's summary file; empty turns it off
    if summary:
        write_job_summary(summary, results, command=command, root=root)


def write_job_summary(path: str, results: Sequence[FileResult], *, command: str, root: Path | None) -> None:
    """Append the summary to ``path`` (each step has its own file, but other commands of the same
    step may have written to it); a file that cannot be written is a warning, not a failed check."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NONBLOCK, 0o644)
    except OSError as problem:
        warning(f"the job summary was not written to {path}: {problem.strerror}")
        return
    try:
        _append(descriptor, path, results, command=command, root=root)
    except OSError as problem:
        warning(f"the job summary was not written to {path}: {problem.strerror}")
    finally:
        os.close(descriptor)


def _separator(path: str, size: int) -> str:
    """What puts a blank line between what is in the file and the summary; without it Markdown
    would run the heading on from an unfinished line. The last byte is read through a second,
    read-only descriptor: the file may be writable only (then two line breaks, always enough)."""
    if not size:
        return ""
    try:
        reader = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return "\n\n"
    try:
        return "\n" if os.pread(reader, 1, size - 1) == b"\n" else "\n\n"
    except OSError:
        return "\n\n"
    finally:
        os.close(reader)


def _append(descriptor: int, path: str, results: Sequence[FileResult], *, command: str, root: Path | None) -> None:
    from cjmap.reporters.step_summary import LIMIT, job_summary

    status = os.fstat(descriptor)
    if not stat.S_ISREG(status.st_mode):  # a FIFO or a device would block or swallow it
        warning(f"the job summary was not written: {path} is not a regular file")
        return
    separator = _separator(path, status.st_size)
    markdown = job_summary(results, command=command, root=root, budget=LIMIT - status.st_size - len(separator))
    if not markdown:
        warning(f"the job summary was not written: {path} already holds close to GitHub's 1 MiB limit")
        return
    data = (separator + markdown).encode("utf-8", "replace")
    while data:
        data = data[os.write(descriptor, data) :]
