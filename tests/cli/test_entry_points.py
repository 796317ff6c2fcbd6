"""The ways in: ``cjmap --version`` and ``--help``, the console script, and what start-up imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import cli, modules_loaded, top_level

# Real processes (run_cjmap, python -c) for the console script and the start-up import checks:
# what a fresh interpreter has imported is the subject. --version and --help run in process.


def test_version():
    for args in (["--version"], ["-V"]):
        run = cli(*args)
        assert (run.code, run.stdout, run.stderr) == (0, "cjmap 0.1.0\n", "")


def test_console_script_is_installed():
    script = Path(sys.executable).parent / "cjmap"
    completed = subprocess.run([str(script), "--version"], capture_output=True, text=True)
    assert (completed.returncode, completed.stdout) == (0, "cjmap 0.1.0\n")


def test_help_lists_the_commands():
    run = cli("--help")
    assert run.code == 0 and "validate" in run.stdout and "schema" in run.stdout and run.stderr == ""


@pytest.mark.parametrize("args", [["validate", "examples/"], ["--help"], ["validate", "--help"]])
def test_start_up_does_not_import_what_later_commands_need(args):
    assert top_level(modules_loaded(*args)) & {"jinja2", "graphviz", "rich", "pygraphviz"} == set()


def test_version_does_not_import_pydantic():
    loaded = modules_loaded("--version")
    assert "pydantic.main" not in loaded and "yaml" not in loaded
    assert "cjmap.cli" in loaded  # the probe did run cjmap


@pytest.mark.parametrize(("output_format", "loaded"), [("text", []), ("github", ["cjmap.reporters.github", "cjmap.reporters.step_summary", "cjmap.text.markdown_safe"])])
def test_only_the_github_format_loads_the_annotations_and_the_job_summary(tmp_path, output_format, loaded):
    summary = tmp_path / "summary.md"
    found = modules_loaded("validate", "-f", output_format, "examples/laptop-purchase.journey.yaml", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert sorted(found & {"cjmap.reporters.github", "cjmap.reporters.step_summary", "cjmap.text.markdown_safe"}) == loaded
    assert summary.exists() == (output_format == "github")  # the github format wrote the summary it loaded
