"""The ways in: ``cjmap --version`` and ``--help``, the console script, and what start-up imports."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, cli

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
    probe = (
        f"import sys\nfrom cjmap.cli import main\nsys.argv=['cjmap', *{args!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'jinja2','graphviz','rich','pygraphviz'}))"
    )
    completed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert completed.stdout.splitlines()[-1] == "[]"


def test_version_does_not_import_pydantic():
    probe = (
        "import sys\nfrom cjmap.cli import main\nsys.argv=['cjmap','--version']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('pydantic.main' in sys.modules, 'yaml' in sys.modules)"
    )
    completed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert completed.stdout.splitlines()[-1] == "False False"


@pytest.mark.parametrize(("output_format", "loaded"), [("text", []), ("github", ["cjmap.reporters.github", "cjmap.reporters.step_summary", "cjmap.text.markdown_safe"])])
def test_only_the_github_format_loads_the_annotations_and_the_job_summary(tmp_path, output_format, loaded):
    probe = (
        f"import sys\nfrom cjmap.cli import main\nsys.argv=['cjmap', 'validate', '-f', {output_format!r}, 'examples/laptop-purchase.journey.yaml']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m in {'cjmap.reporters.github','cjmap.reporters.step_summary','cjmap.text.markdown_safe'}))"
    )
    summary = tmp_path / "summary.md"
    environment = {**os.environ, "GITHUB_STEP_SUMMARY": str(summary)}
    completed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, env=environment)
    assert completed.stdout.splitlines()[-1] == repr(loaded)
    assert summary.exists() == (output_format == "github")  # the github format wrote the summary it loaded
