"""SARIF 2.1.0, for GitHub code scanning and other static-analysis dashboards.

https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html, with what GitHub reads
(https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning):
every rule documented (reporters/sarif_rules.py), regions with their ends, URIs relative to the
repository's root (reporters/sarif_artifacts.py), fingerprints (reporters/fingerprints.py), a
category per command, at most GitHub's 25,000 results per run, and past the 5,000 it keeps,
the most severe first. Deterministic: no timestamps, no GUIDs; rules in code order, results in
the report's order (past 5,000: by severity, then in the report's order).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cjmap import __version__
from cjmap.problems import SEVERITIES, FileResult, Problem
from cjmap.reporters.catalogue import all_codes
from cjmap.reporters.fingerprints import cjmap_fingerprint
from cjmap.reporters.sarif_artifacts import SRCROOT, Artifact, artifact, hashable, root_uri
from cjmap.reporters.sarif_rules import LEVELS, rule_descriptor
from cjmap.text.safe import json_text

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
# GitHub rejects a run with more results ("Upload limits" in the page above).
MAX_RESULTS = 25_000
# ... and keeps only this many of a run. Its docs say "the top 5,000 results ..., prioritized by
# severity", but what it stores has been seen to ignore severity ("Only 5000 were stored",
# github/docs#38085): past this many, the log lists the most severe first, so the first 5,000
# are the most severe whichever way GitHub cuts.
GITHUB_SHOWS = 5_000
_RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}  # errors first
_LEVEL_RANK = {LEVELS[severity]: rank for severity, rank in _RANK.items()}


def report(results: Sequence[FileResult], *, color: bool = False, command: str = "validate", root: Path | None = None) -> str:
    catalogue = all_codes()
    index = {entry["code"]: position for position, entry in enumerate(catalogue)}
    kept, dropped = capped(results)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "cjmap",
                "version": __version__,
                "informationUri": "https://github.com/cjmap/cjmap",
                "rules": [rule_descriptor(entry) for entry in catalogue],
            }
        },
        # GitHub's category: one per command, so validate and lint uploaded together are two
        # analyses (two runs of one tool and category in one upload are rejected).
        "automationDetails": {"id": f"cjmap/{command}/"},
        "invocations": [_invocation(len(kept), dropped)],
        **({"originalUriBaseIds": {SRCROOT: {"uri": root_uri(root)}}} if root is not None else {}),
        "columnKind": "unicodeCodePoints",
        "results": most_severe_first(_results(results, kept, index, root)),
    }
    document = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json_text(document)


def capped(results: Sequence[FileResult]) -> tuple[set[int], dict[str, int]]:
    """Which problems (numbered in report order) fit in one run, most severe first, and how
    many of each severity were left out."""
    problems = [problem for result in results for problem in result.problems]
    if len(problems) <= MAX_RESULTS:
        return set(range(len(problems))), {}
    order = sorted(range(len(problems)), key=lambda number: (_RANK[problems[number].severity], number))
    dropped: dict[str, int] = {}
    for number in order[MAX_RESULTS:]:
        dropped[problems[number].severity] = dropped.get(problems[number].severity, 0) + 1
    return set(order[:MAX_RESULTS]), dropped


def most_severe_first(listed: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The results as listed, or past the 5,000 GitHub keeps, errors then warnings then notes,
    each in the report's order (a stable sort)."""
    if len(listed) <= GITHUB_SHOWS:
        return listed
    return sorted(listed, key=lambda entry: _LEVEL_RANK[entry["level"]])


def _invocation(kept: int, dropped: dict[str, int]) -> dict[str, Any]:
    invocation: dict[str, Any] = {"executionSuccessful": True}
    notes = []
    if dropped:
        left_out = ", ".join(f"{dropped[severity]:,} {LEVELS[severity]}s" for severity in _RANK if severity in dropped)
        notes.append({
            "level": "warning",
            "message": {"text": (
                f"cjmap found {kept + sum(dropped.values()):,} results; GitHub code scanning takes at most {MAX_RESULTS:,} "
                f"per run, so the {kept:,} most severe are listed and {left_out} are left out. "
                "Run cjmap with another format (text, json) to see them all."
            )},
        })
    if kept > GITHUB_SHOWS:
        notes.append({
            "level": "note",
            "message": {"text": (
                f"This run lists {kept:,} results; GitHub code scanning keeps only {GITHUB_SHOWS:,} of a run, so they are "
                "listed most severe first (errors, then warnings, then notes). Run cjmap with another format (text, json) to see them all."
            )},
        })
    if notes:
        invocation["toolExecutionNotifications"] = notes
    return invocation


def _results(results: Sequence[FileResult], kept: set[int], index: dict[str, int], root: Path | None) -> list[dict[str, Any]]:
    listed: list[dict[str, Any]] = []
    repeats: dict[str, int] = {}
    number = 0
    for result in results:
        place = artifact(result.file, root)
        # The check hashed the lines it read (check_files(..., line_hashes=True)); none from outside.
        hashes = result.line_hashes if place.inside and hashable(result.file, root) else {}
        for problem in result.problems:
            # Every finding is counted, listed or not, so the cap never renumbers the ones listed.
            identity = _identity(problem, place, result, repeats)
            if number in kept:
                listed.append(_result(problem, index[problem.code], place, identity, hashes.get(problem.line)))
            number += 1
    return listed


def _identity(problem: Problem, place: Artifact, result: FileResult, repeats: dict[str, int]) -> str:
    """``cjmap/v1``: what the finding is about, then ``:N`` telling equal ones apart in the report's order."""
    line = "" if problem.path else result.source_line(problem.line)
    identity = cjmap_fingerprint(problem.code, place.repository_path, problem.path, line)
    repeats[identity] = repeats.get(identity, 0) + 1
    return f"{identity}:{repeats[identity]}"


def _result(problem: Problem, rule_index: int, place: Artifact, identity: str, line_hash: str | None) -> dict[str, Any]:
    return {
        "ruleId": problem.code,
        "ruleIndex": rule_index,
        "level": LEVELS[problem.severity],
        "message": {"text": problem.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": place.location,
                    "region": {
                        "startLine": problem.line,
                        "startColumn": problem.column,
                        "endLine": problem.end_line,
                        "endColumn": problem.end_column,
                    },
                },
                **({"logicalLocations": [{"fullyQualifiedName": problem.path}]} if problem.path else {}),
            }
        ],
        # The line hash only when the check made one and the file is in the repository.
        "partialFingerprints": {"cjmap/v1": identity, **({"primaryLocationLineHash": line_hash} if line_hash is not None else {})},
    }
