"""Both pre-commit hooks, run by the real pre-commit (the dev lock's), report each problem once
(issue 17, Deliver 4).

A temporary git repository gets a ``.pre-commit-config.yaml`` whose local hooks are this
repository's ``.pre-commit-hooks.yaml`` entries as they are (id, name, entry, files, types…),
with two changes only: ``cjmap`` in the entry is the venv's console script, and the language
is ``unsupported`` (pre-commit 4's name for ``system``: run the command as it is), since a
``language: python`` hook would install cjmap from a git URL into its own environment.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT, TODAY, clean_environment

CJMAP = Path(sys.executable).parent / "cjmap"
PRE_COMMIT = Path(sys.executable).parent / "pre-commit"
# Valid, with one lint warning: no owner (CJ102).
UNOWNED = """\
cjmap: 1
journey:
  title: Unowned
  reviewed: 2026-11-01
personas:
  - id: ana
    goals: [Buy]
stages:
  - id: awareness
    goal: Find
    touchpoints:
      - id: search
        name: Search
        channel: web
        emotion: 1
        actions: [Searches]
        pain_points: [{id: slow, text: Slow}]
        opportunities: [{text: Faster, addresses: [slow]}]
"""
LINT_WARNING = "CJ102"
# The same journey with an owner and one validation error (a misspelt field).
INVALID = UNOWNED.replace("  reviewed:", "  owner: team\n  chanel: web\n  reviewed:")
VALIDATION_ERROR = "unknown field `chanel`"


def _hooks(entry_lint: str | None = None) -> list[dict[str, Any]]:
    hooks: list[dict[str, Any]] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    local = []
    for declared in hooks:
        hook = dict(declared)
        if entry_lint is not None and hook["id"] == "cjmap-lint":
            hook["entry"] = entry_lint
        assert hook["entry"].startswith("cjmap "), hook
        hook["entry"] = f"{CJMAP}{hook['entry'][len('cjmap'):]}"
        hook["language"] = "unsupported"
        local.append(hook)
    return local


def _repository(tmp_path: Path, hooks: list[dict[str, Any]]) -> Path:
    repository = tmp_path / "journeys"
    (repository / "maps").mkdir(parents=True)
    (repository / "maps" / "broken.journey.yaml").write_text(INVALID)
    (repository / "maps" / "unowned.journey.yaml").write_text(UNOWNED)
    (repository / "notes.yaml").write_text("not: a journey\n")  # files: keeps it out
    (repository / ".pre-commit-config.yaml").write_text(yaml.safe_dump({"repos": [{"repo": "local", "hooks": hooks}]}, sort_keys=False))
    for command in (["init", "-q"], ["add", "."]):
        subprocess.run(["git", *command], cwd=repository, check=True, env=_environment(tmp_path))
    return repository


def _environment(tmp_path: Path) -> dict[str, str]:
    return clean_environment({
        **TODAY,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
        "NO_COLOR": "1", "TERM": "dumb",
    })


def _run(tmp_path: Path, hooks: list[dict[str, Any]]) -> subprocess.CompletedProcess[str]:
    repository = _repository(tmp_path, hooks)
    return subprocess.run([str(PRE_COMMIT), "run", "--all-files", "--color", "never"], cwd=repository, capture_output=True, text=True,
                          env=_environment(tmp_path), timeout=300, check=False)


def test_both_hooks_report_each_problem_once(tmp_path: Path) -> None:
    done = _run(tmp_path, _hooks())
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert output.count(VALIDATION_ERROR) == 1, output
    assert output.count(LINT_WARNING) == 1, output
    # lint stands for the invalid file with one finding, at its validation error, on stdout.
    not_linted = [line for line in done.stdout.splitlines() if " CJ099 " in line]
    assert not_linted == ["maps/broken.journey.yaml:5:3: error CJ099 not linted: 1 validation error (`cjmap validate` reports it)"], output
    results = [line for line in output.splitlines() if line.startswith("cjmap ")]
    assert len(results) == 2 and all(line.endswith("Failed") for line in results), output
    assert "notes.yaml" not in output
    problems = [line for line in output.splitlines() if re.match(r"^maps/\S+:\d+:\d+: (error|warning|info) CJ\d{3} ", line)]
    assert len(problems) >= 5 and len(problems) == len(set(problems)), output
    # The invalid file: its validation error from validate, and lint's one finding for it.
    assert sorted(line.split()[2] for line in problems if line.startswith("maps/broken.")) == ["CJ021", "CJ099"], output


def test_without_skip_invalid_the_errors_were_reported_twice(tmp_path: Path) -> None:
    """The control: the hooks as they were before issue 17 print each validation error twice."""
    done = _run(tmp_path, _hooks(entry_lint="cjmap lint"))
    assert (done.stdout + done.stderr).count(VALIDATION_ERROR) == 2


def test_the_hooks_settings() -> None:
    """What pre-commit's documentation says a hook needs, and cjmap's choices (docs/ci.md)."""
    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"cjmap-validate", "cjmap-lint"}
    for hook in hooks.values():
        assert hook["language"] == "python"  # pre-commit installs cjmap from this repository
        assert hook["files"] == r"\.journey\.ya?ml$" and hook["types"] == ["file"]
        assert "require_serial" not in hook and "pass_filenames" not in hook  # files in parallel batches
    assert hooks["cjmap-lint"]["entry"] == "cjmap lint --skip-invalid"


@pytest.mark.parametrize("config", [".pre-commit-hooks.yaml"])
def test_pre_commit_accepts_the_manifest(config: str) -> None:
    done = subprocess.run([str(PRE_COMMIT), "validate-manifest", str(ROOT / config)], capture_output=True, text=True, check=False)
    assert (done.returncode, done.stderr) == (0, ""), done.stdout
