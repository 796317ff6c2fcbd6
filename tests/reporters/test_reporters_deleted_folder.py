"""A current folder deleted before cjmap starts (a CI step's temporary folder, removed by an
earlier step) is no repository root, not an internal error: ``-f sarif``, ``-f github`` and
``-f junit`` report as usual, in a real process (the folder cannot be deleted under pytest's
own process), with the exit code a live folder gives."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

from conftest import TODAY, Run, clean_environment, run_cjmap

VALID = """cjmap: 1
journey: {title: Checkout, owner: cx-team, reviewed: 2026-11-01}
personas: [{id: ana, goals: [Buy], pain_points: [Slow]}]
stages:
  - id: purchase
    touchpoints:
      - {id: cart, name: Cart, channel: web, emotion: 1, actions: [Pay]}
"""
INVALID = VALID.replace("channel: web", "chanel: web")


def _from_a_deleted_folder(tmp_path: Path, *args: str, env: dict[str, str]) -> Run:
    gone = tmp_path / "gone"
    gone.mkdir()
    # The shell enters the folder, removes it, then becomes cjmap: its current folder no longer exists.
    script = 'cd "$1" && rmdir "$1" && shift && exec "$@"'
    completed = subprocess.run(["sh", "-c", script, "sh", str(gone), sys.executable, "-m", "cjmap", *args],
                               capture_output=True, env=clean_environment(env), timeout=120, check=False)
    assert not gone.exists()
    return Run(completed.returncode, completed.stdout.decode("utf-8"), completed.stderr.decode("utf-8"))


def _files(tmp_path: Path) -> tuple[str, str]:
    (tmp_path / "journeys").mkdir()
    (tmp_path / "journeys" / "valid.journey.yaml").write_text(VALID, encoding="utf-8")
    (tmp_path / "journeys" / "invalid.journey.yaml").write_text(INVALID, encoding="utf-8")
    return str(tmp_path / "journeys" / "valid.journey.yaml"), str(tmp_path / "journeys" / "invalid.journey.yaml")


def _check(fmt: str, stdout: str, files: tuple[str, ...], workspace: Path | None) -> None:
    """The output is the format's, whole, and names every file given: as given outside any
    repository, relative to the workspace under GitHub Actions (the folder is not needed for it)."""
    named = {file: Path(file).relative_to(workspace).as_posix() if workspace else file for file in files}
    if fmt == "sarif":
        [run] = json.loads(stdout)["runs"]
        locations = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
        if workspace is None:
            assert "originalUriBaseIds" not in run  # no repository root: nothing to name files from
            assert {location["uri"] for location in locations} <= {Path(file).as_uri() for file in files}
        else:
            assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": workspace.as_uri() + "/"}}
            assert all(location["uriBaseId"] == "%SRCROOT%" for location in locations)
            assert {location["uri"] for location in locations} <= set(named.values())
    elif fmt == "junit":
        suites = ElementTree.fromstring(stdout)
        assert {suite.get("file") for suite in suites.iter("testsuite")} == set(named.values())
    else:
        annotations = [line for line in stdout.splitlines() if line.startswith("::")]
        assert all(re.match(r"::(error|warning|notice) file=([^,]+),line=\d+,", line)[2] in named.values() for line in annotations)
        assert workspace is None or all(line.split("file=", 1)[1].startswith("journeys/") for line in annotations)


@pytest.mark.parametrize("workspace", [False, True], ids=["no-repository", "GITHUB_WORKSPACE"])
@pytest.mark.parametrize("fmt", ["sarif", "github", "junit"])
@pytest.mark.parametrize("command", ["validate", "lint"])
def test_a_deleted_current_folder_reports_as_usual(tmp_path: Path, fmt: str, command: str, workspace: bool) -> None:
    valid, invalid = _files(tmp_path)
    # Under GitHub Actions the workspace (here the folder holding journeys/) is the root, and it
    # needs no current folder to be found: paths are named from it as from a live folder.
    env = {**TODAY, "GITHUB_WORKSPACE": str(tmp_path)} if workspace else TODAY
    for files, code in (((valid,), 0), ((valid, invalid), 1)):
        run = _from_a_deleted_folder(tmp_path, command, "-f", fmt, *files, env=env)
        assert run.code == code, run.stderr
        assert "internal error" not in run.stderr.lower() and "Traceback" not in run.stderr
        _check(fmt, run.stdout, files, tmp_path if workspace else None)
        assert not workspace or code == 0 or "journeys/invalid.journey.yaml" in run.stdout  # the finding, named from the root
        # The same exit code and output from a folder that exists (outside any repository, or in the workspace).
        alive = run_cjmap(command, "-f", fmt, *files, cwd=tmp_path, env=env)
        assert (alive.code, _untimed(alive.stdout)) == (run.code, _untimed(run.stdout))
        assert fmt != "github" or ("::error file=" in run.stdout) == (code == 1)


def _untimed(text: str) -> str:
    """JUnit's measured seconds left out: the one thing two runs may differ in."""
    return re.sub(r' time="[0-9.]+"', "", text)
