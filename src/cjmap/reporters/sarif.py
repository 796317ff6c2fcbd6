"""SARIF 2.1.0, for GitHub code scanning and other static-analysis dashboards.

https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html. Deterministic: no
timestamps; rules listed in code order.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from cjmap import __version__
from cjmap.problems import FileResult
from cjmap.reporters.catalogue import all_codes
from cjmap.text.safe import json_text

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def report(results: Sequence[FileResult], *, color: bool = False, strict: bool = False, command: str = "validate") -> str:
    catalogue = all_codes()
    index = {entry["code"]: position for position, entry in enumerate(catalogue)}
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "cjmap",
                "version": __version__,
                "informationUri": "https://github.com/cjmap/cjmap",
                "rules": [_rule(entry) for entry in catalogue],
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": [_result(problem, index) for result in results for problem in result.problems],
    }
    document = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json_text(document)


def _uri(file: str) -> str:
    """A relative path stays relative (a URI reference); an absolute one becomes file://."""
    path = PurePath(file)
    if path.is_absolute():
        return Path(file).as_uri()
    # An undecodable byte in a file name is a lone surrogate here: percent-encode the byte.
    return quote(path.as_posix(), errors="surrogateescape")


def _rule(entry: dict[str, str]) -> dict[str, Any]:
    return {
        "id": entry["code"],
        "name": entry["name"],
        "shortDescription": {"text": entry["summary"]},
        "defaultConfiguration": {"level": _LEVEL[entry["severity"]]},
        "helpUri": entry["help"],
    }


def _result(problem: Any, index: dict[str, int]) -> dict[str, Any]:
    return {
        "ruleId": problem.code,
        "ruleIndex": index[problem.code],
        "level": _LEVEL[problem.severity],
        "message": {"text": problem.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(problem.file)},
                    "region": {"startLine": problem.line, "startColumn": problem.column},
                },
                **({"logicalLocations": [{"fullyQualifiedName": problem.path}]} if problem.path else {}),
            }
        ],
    }
