"""Microsoft's SARIF multitool (npm @microsoft/sarif-multitool, installed by scripts/setup in
tests/sarif_multitool/) as a test oracle: ``validate --rule-kind Gh;Sarif`` checks a log against
the SARIF spec's rules and GitHub code scanning's ingestion rules (GH1001…, GH2012 for a rule
without help…), and lists what it found as SARIF results of its own.

The binary is called directly, with no shell. .NET needs ICU for cultures unless told to run
without them, and the test machines have none: DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from conftest import TESTS

MULTITOOL = TESTS / "sarif_multitool" / "node_modules" / "@microsoft" / "sarif-multitool-linux" / "Sarif.Multitool"


@dataclass(frozen=True)
class Finding:
    rule: str  # GH2012, SARIF1001…
    level: str  # error, warning, note
    text: str  # what it says, with its arguments


def multitool_findings(log: Path, work: Path) -> list[Finding]:
    """What the multitool finds wrong in the SARIF file ``log`` (its output goes in ``work``)."""
    output = work / f"{log.stem}.multitool.sarif"
    completed = subprocess.run(
        [str(MULTITOOL), "validate", str(log), "--rule-kind", "Gh;Sarif", "--output", str(output), "--log", "ForceOverwrite", "--level", "Error;Warning;Note"],
        capture_output=True,
        cwd=work,
        env={**os.environ, "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1", "DOTNET_CLI_TELEMETRY_OPTOUT": "1"},
        timeout=300,
        check=False,
    )
    if not output.exists():  # the tool itself failed: say why, with its own words
        raise RuntimeError(f"the SARIF multitool wrote no log (exit {completed.returncode}): {completed.stdout[-2000:]!r} {completed.stderr[-2000:]!r}")
    document = json.loads(output.read_text(encoding="utf-8-sig"))
    rules = {rule["id"]: rule for run in document["runs"] for rule in run["tool"]["driver"].get("rules", [])}
    return [_finding(result, rules) for run in document["runs"] for result in run.get("results", [])]


def _finding(result: dict, rules: dict[str, dict]) -> Finding:
    message = result.get("message", {})
    arguments = message.get("arguments", [])
    template = rules.get(result["ruleId"], {}).get("messageStrings", {}).get(message.get("id", ""), {}).get("text", "")
    for number, argument in enumerate(arguments):
        template = template.replace(f"{{{number}}}", str(argument))
    return Finding(result["ruleId"], result.get("level", "warning"), message.get("text") or template or " ".join(map(str, arguments)))


def blocking(findings: list[Finding]) -> list[Finding]:
    """What would stop GitHub taking the log, or break SARIF: every GH rule, and SARIF errors."""
    return [f for f in findings if f.rule.startswith("GH") or f.level == "error"]
