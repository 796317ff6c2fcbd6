"""The GitHub job summary of ``validate`` and ``lint``: every finding in one Markdown table.

Annotations stop at 10 of each level per step; the summary holds them all, errors first, in
the order of the annotations. GitHub refuses a step's summary over 1 MiB (and shows none of
it), so the table stops early with a note when it would not fit. Journey text is escaped for
GitHub's Markdown (:mod:`cjmap.text.markdown_safe`): no table breaks, HTML, mentions or issue
links. A pure function: ``commands/findings.py`` decides whether and where to write it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cjmap.problems import FileResult, Problem
from cjmap.reporters.github import ordered
from cjmap.reporters.summary import summary_line
from cjmap.text.markdown_safe import inline
from cjmap.text.safe import visible

# GitHub's limit on one step's summary (docs: "Adding a job summary", "Step isolation and limits").
LIMIT = 1024 * 1024
_HEADER = ("| Where | Severity | Rule | Message |", "|---|---|---|---|")
_SEVERITY = {"error": "❌ error", "warning": "⚠️ warning", "info": "ℹ️ info"}  # noqa: RUF001 - the info emoji is meant
# Room kept for the note a cut table ends with; the note itself is well under it.
_NOTE_ROOM = 512


def _row(path: str, problem: Problem) -> str:
    rule = f"{problem.code} {problem.name}".strip()
    # The path as the annotation names it, each control character spelled out: a line break in a
    # table cell would be a space, and "a\nb.yaml" would read as another file, "a b.yaml".
    where = f"{visible(path)}:{problem.line}:{problem.column}"
    return f"| {inline(where)} | {_SEVERITY[problem.severity]} | {inline(rule)} | {inline(problem.message)} |"


def _size(lines: Sequence[str]) -> int:
    return sum(len(line.encode("utf-8", "surrogatepass")) + 1 for line in lines)


def job_summary(results: Sequence[FileResult], *, command: str, root: Path | None, budget: int = LIMIT) -> str:
    """The Markdown for the summary, at most ``budget`` bytes (UTF-8); ``""`` when not even its
    heading fits (what the step's other writers left is too much)."""
    findings = ordered(results, root)
    head = [f"### cjmap {inline(command)}", "", inline(summary_line(results)), ""]
    if not findings:
        return "\n".join(head[:-1]) + "\n" if _size(head) <= budget else ""
    lines = [*head, *_HEADER]
    room = budget - _NOTE_ROOM
    if _size(lines) > room:
        return ""
    used = _size(lines)
    for path, problem in findings:
        row = _row(path, problem)
        used += _size([row])
        if used > room:
            break
        lines.append(row)
    shown = len(lines) - len(head) - len(_HEADER)
    if shown < len(findings):
        note = f"> The first {shown} of {len(findings)} findings: GitHub takes at most 1 MiB of summary per step. The log lists every finding."
        lines += ["", "> [!WARNING]", note]
    return "\n".join(lines) + "\n"
