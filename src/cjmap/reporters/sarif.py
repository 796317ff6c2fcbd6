"""SARIF 2.1.0, for GitHub code scanning and other static-analysis dashboards.

https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html, with what GitHub reads
(https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning):
every rule documented (reporters/sarif_rules.py), regions with their ends, URIs relative to the
repository's root (reporters/sarif_artifacts.py), fingerprints (reporters/fingerprints.py), a
category per command, and at most GitHub's 25,000 results per run. Deterministic: no
timestamps, no GUIDs; rules in code order, results in the report's order.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cjmap import __version__
from cjmap.problems import FileResult, Problem
from cjmap.reporters.catalogue import all_codes
from cjmap.reporters.fingerprints import cjmap_fingerprint
from cjmap.reporters.sarif_artifacts import SRCROOT, Artifact, artifact, file_line_hashes, root_uri
from cjmap.reporters.sarif_rules import LEVELS, rule_descriptor
from cjmap.text.safe import json_text

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
# GitHub rejects a run with more results ("Upload limits" in the page above).
MAX_RESULTS = 25_000
_RANK = {"error": 0, "warning": 1, "info": 2}


def report(results: Sequence[FileResult], *, color: bool = False, strict: bool = False, command: str = "validate", root: Path | None = None) -> str:
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
        "invocations": [_invocation(kept, dropped)],
        **({"originalUriBaseIds": {SRCROOT: {"uri": root_uri(root)}}} if root is not None else {}),
        "columnKind": "unicodeCodePoints",
        "results": _results(results, kept, index, root),
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


def _invocation(kept: set[int], dropped: dict[str, int]) -> dict[str, Any]:
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if dropped:
        left_out = ", ".join(f"{dropped[severity]:,} {LEVELS[severity]}s" for severity in _RANK if severity in dropped)
        invocation["toolExecutionNotifications"] = [{
            "level": "warning",
            "message": {"text": (
                f"cjmap found {len(kept) + sum(dropped.values()):,} results; GitHub code scanning takes at most {MAX_RESULTS:,} "
                f"per run, so the {len(kept):,} most severe are listed and {left_out} are left out. "
                "Run cjmap with another format (text, json) to see them all."
            )},
        }]
    return invocation


def _results(results: Sequence[FileResult], kept: set[int], index: dict[str, int], root: Path | None) -> list[dict[str, Any]]:
    listed: list[dict[str, Any]] = []
    repeats: dict[str, int] = {}
    number = 0
    for result in results:
        place = artifact(result.file, root)
        wanted = [p.line for position, p in enumerate(result.problems, start=number) if position in kept]
        hashes = file_line_hashes(result.file, root, wanted) if place.inside and wanted else {}
        for problem in result.problems:
            if number in kept:
                listed.append(_result(problem, index[problem.code], place, hashes.get(problem.line), repeats))
            number += 1
    return listed


def _result(problem: Problem, rule_index: int, place: Artifact, line_hash: str | None, repeats: dict[str, int]) -> dict[str, Any]:
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
        "partialFingerprints": _fingerprints(problem, place, line_hash, repeats),
    }


def _fingerprints(problem: Problem, place: Artifact, line_hash: str | None, repeats: dict[str, int]) -> dict[str, str]:
    """``cjmap/v1`` always (``:N`` tells identical findings apart, in order); the line hash when
    the file could be read."""
    identity = cjmap_fingerprint(problem.code, place.repository_path, problem.path, problem.message)
    repeats[identity] = repeats.get(identity, 0) + 1
    found = {"cjmap/v1": f"{identity}:{repeats[identity]}"}
    if line_hash is not None:
        found["primaryLocationLineHash"] = line_hash
    return found
