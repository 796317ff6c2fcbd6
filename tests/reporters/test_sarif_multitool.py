"""cjmap's SARIF as Microsoft's SARIF multitool judges it (the SARIF spec's rules and GitHub code
scanning's ingestion rules, ``--rule-kind Gh;Sarif``): no GH finding and no SARIF error, for
validate and lint of the examples and tests/data, and for results full of hostile text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from samples import HOSTILE, mixed, problem, result

from cjmap.reporters.sarif import report
from conftest import TODAY, cli
from sarif_multitool import blocking, multitool_findings


@pytest.mark.parametrize("command", ["validate", "lint"])
def test_the_examples_and_test_data_pass_the_multitool(command: str, tmp_path: Path) -> None:
    # tests/cli/data holds the invalid journeys: validate's findings.
    run = cli(command, "-f", "sarif", "examples", "tests/data", "tests/cli/data", env=TODAY)
    assert run.stderr == "" and run.stdout.count('"ruleId"') >= 5  # findings to judge, not an empty log
    log = tmp_path / f"{command}.sarif"
    log.write_text(run.stdout, encoding="utf-8")
    findings = multitool_findings(log, tmp_path)
    assert blocking(findings) == []


def test_hostile_text_passes_the_multitool(tmp_path: Path) -> None:
    hostile_name = f"journeys/{HOSTILE}.journey.yaml"
    results = [*mixed(), result(hostile_name, problem(2, 3, file=hostile_name, message=HOSTILE, path=HOSTILE))]
    log = tmp_path / "hostile.sarif"
    log.write_text(report(results, command="lint"), encoding="utf-8")
    assert blocking(multitool_findings(log, tmp_path)) == []


def test_the_multitool_does_catch_what_github_rejects(tmp_path: Path) -> None:
    # The oracle is awake: a rule without fullDescription and help is GH2012, as issue 17 found.
    document = json.loads(report(mixed()))
    del document["runs"][0]["tool"]["driver"]["rules"][0]["fullDescription"]
    log = tmp_path / "broken.sarif"
    log.write_text(json.dumps(document), encoding="utf-8")
    assert [f.rule for f in blocking(multitool_findings(log, tmp_path))] == ["GH2012"]
