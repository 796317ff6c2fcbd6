"""GitHub Actions workflow commands: ``::error file=…,line=…,col=…::message``.

Escaping follows the runner's rules (actions/toolkit, ``command.ts``): data escapes ``%``,
CR and LF; property values also escape ``:`` and ``,``. Other control characters are shown as
escapes (``\\x1b``), as in every format: the runner prints messages in the log, whose viewer
acts on them. In ``file=`` a CR or LF is written as ``%0D``/``%0A``, which the runner decodes, so
a name holding a line break still names its file. A name holding another control character is
shown escaped, a path that names no file in the repository (its annotations reach the checks
page but not the file's lines): the documented trade-off for a log nothing can write to.

GitHub shows only 10 annotations of each level per step (50 per job), in the order they are
written, so errors come first, then warnings, then notices; the rest are in the log and, as
far as GitHub's 1 MiB allows, in the job summary (:mod:`cjmap.reporters.step_summary`). ``file=`` is relative to the
repository root, which is where GitHub looks for it, wherever cjmap ran.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cjmap.files.repository import repository_path
from cjmap.problems import SEVERITIES, FileResult, Problem
from cjmap.reporters.summary import summary_line
from cjmap.text.safe import visible

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}
_RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}
# GitHub's cap on the annotations it shows, per level and step (docs: "Setting an error message").
SHOWN_PER_LEVEL = 10

Finding = tuple[str, Problem]


def github_path(file: str, root: Path | None) -> str:
    """The file as GitHub names it: relative to the repository root, else as the user named it."""
    return repository_path(file, root) or file


def ordered(results: Sequence[FileResult], root: Path | None) -> list[Finding]:
    """Every finding with its repository path: errors, then warnings, then infos; within a
    severity by path, line, column and code, so the same input always gives the same order."""
    findings: list[Finding] = []
    for result in results:
        path = github_path(result.file, root)  # once per file: it resolves symbolic links
        findings.extend((path, problem) for problem in result.problems)
    return sorted(findings, key=lambda f: (_RANK[f[1].severity], f[0], f[1].line, f[1].column, f[1].code, f[1].message))


def _data(text: str) -> str:
    # Visible first: the runner prints these lines in the log, which interprets ANSI codes.
    return visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _file(path: str) -> str:
    """``file=``: CR and LF as the runner's own escapes (it decodes them: the path is the file's),
    every other control character made visible (the name no longer matches a file, but nothing
    raw reaches the log)."""
    return "%0A".join("%0D".join(_property(piece) for piece in line.split("\r")) for line in path.split("\n"))


def _end(problem: Problem) -> str:
    """``endLine`` and ``endColumn`` when the problem spans more than its first character on one line.

    cjmap's end column is exclusive (as SARIF's); GitHub's is the last column. A span over
    several lines gets no end at all: the runner drops ``col`` and ``endColumn`` whenever
    ``line`` and ``endLine`` differ (actions/runner ``ActionCommandManager.cs``,
    ``ValidateLinesAndColumns``), and the column where the finding starts matters more than the
    line where it ends.
    """
    if problem.end_line == problem.line and problem.end_column - 1 > problem.column:
        return f",endLine={problem.end_line},endColumn={problem.end_column - 1}"
    return ""


def _command(path: str, problem: Problem) -> str:
    title = f"{problem.code} {problem.name}".strip()
    where = f"file={_file(path)},line={problem.line},col={problem.column}{_end(problem)}"
    return f"::{_LEVEL[problem.severity]} {where},title={_property(title)}::{_data(problem.message)}"


def _cap_note(findings: Sequence[Finding]) -> str:
    """What the reader of the checks page misses: said when some level has more than GitHub shows."""
    if all(sum(1 for _, p in findings if p.severity == s) <= SHOWN_PER_LEVEL for s in SEVERITIES):
        return ""
    # Only the log is sure to hold them all: the job summary is written after, and may be cut.
    return f" GitHub shows the first {SHOWN_PER_LEVEL} annotations of each kind; all {len(findings)} are in this log."


def report(results: Sequence[FileResult], *, color: bool = False, command: str = "validate", root: Path | None = None) -> str:
    findings = ordered(results, root)
    lines = [_command(path, problem) for path, problem in findings]
    lines.append(summary_line(results) + _cap_note(findings))
    return "\n".join(lines) + "\n"
