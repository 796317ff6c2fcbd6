"""A configuration table that configures nothing is a located warning naming the table cjmap
reads (issue 14): `[tool.cjmap.lint]` in .cjmap.toml, `[lint]` in pyproject.toml, and any other
table where cjmap looks. The run goes on with what the file does configure."""

from __future__ import annotations

from pathlib import Path

import pytest

from cjmap.lint.config import config_warnings
from cjmap.lint.config_tables import ConfigWarning
from conftest import EXAMPLES, cli

LAPTOP = EXAMPLES / "laptop-purchase.journey.yaml"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "j.journey.yaml").write_text(LAPTOP.read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


def lint(folder: Path, *arguments: str):
    return cli("lint", *arguments, str(folder / "j.journey.yaml"))


def test_the_pyproject_spelling_in_cjmap_toml_is_named(folder):
    config = folder / ".cjmap.toml"
    config.write_text('# settings\n\n[tool.cjmap.lint]\nselect = ["CJ101"]\n', encoding="utf-8")
    run = lint(folder)
    assert run.stderr == (
        f"cjmap: warning: {config}:3:1: `[tool.cjmap.lint]` configures nothing: cjmap reads `[lint]` in .cjmap.toml "
        "(`[tool.cjmap.lint]` is for pyproject.toml)\n"
    )
    # Nothing was configured: every rule ran, as without the file (select would have kept one).
    config.unlink()
    without = lint(folder)
    assert (run.code, run.stdout) == (without.code, without.stdout) and without.stderr == ""
    assert "no problems" not in run.stdout


def test_the_cjmap_toml_spelling_in_pyproject_is_named(folder):
    config = folder / "pyproject.toml"
    config.write_text('[project]\nname = "x"\n\n  [lint]\nignore = ["CJ101"]\n', encoding="utf-8")
    run = lint(folder)
    assert run.stderr == (
        f"cjmap: warning: {config}:4:3: `[lint]` configures nothing: cjmap reads `[tool.cjmap.lint]` in pyproject.toml "
        "(`[lint]` is for .cjmap.toml)\n"
    )


def test_other_tables_under_tool_cjmap_are_named(folder):
    config = folder / "pyproject.toml"
    config.write_text('[tool.cjmap]\nselect = ["CJ101"]\n\n[tool.cjmap.lint]\nignore = []\n\n[tool.cjmap.rules]\nx = 1\n', encoding="utf-8")
    run = lint(folder)
    assert run.stderr.splitlines() == [
        f"cjmap: warning: {config}:2:1: `tool.cjmap.select` configures nothing: cjmap reads `[tool.cjmap.lint]` in pyproject.toml",
        f"cjmap: warning: {config}:7:1: `[tool.cjmap.rules]` configures nothing: cjmap reads `[tool.cjmap.lint]` in pyproject.toml",
    ]


def test_other_tools_tables_in_pyproject_are_not_ours(folder):
    (folder / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.ruff.lint]\nselect = ["E"]\n', encoding="utf-8")
    assert lint(folder).stderr == ""


def test_a_correct_configuration_warns_of_nothing(folder):
    (folder / ".cjmap.toml").write_text('[lint]\nselect = ["CJ101"]\n', encoding="utf-8")
    (folder / "pyproject.toml").write_text('[tool.cjmap.lint]\nselect = ["CJ101"]\n', encoding="utf-8")
    assert lint(folder).stderr == ""


def test_each_file_warns_once_however_many_journeys_it_configures(folder):
    for number in range(3):
        (folder / f"j{number}.journey.yaml").write_text(LAPTOP.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / ".cjmap.toml").write_text("[tool.cjmap.lint]\n", encoding="utf-8")
    run = cli("lint", str(folder))
    assert run.stderr.count("cjmap: warning:") == 1


def test_an_explicit_configuration_that_configures_nothing(folder):
    config = folder / "ci.toml"
    config.write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert lint(folder, "--config", str(config)).stderr == (
        f"cjmap: warning: {config}:1:1: `[project]` configures nothing: cjmap reads `[lint]` in ci.toml\n"
    )
    empty = folder / "pyproject.toml"
    empty.write_text('[tool.ruff]\nline-length = 100\n', encoding="utf-8")
    assert lint(folder, "--config", str(empty)).stderr == (
        f"cjmap: warning: {empty}: configures nothing: cjmap reads `[tool.cjmap.lint]` in pyproject.toml\n"
    )


def test_a_broken_configuration_is_still_an_error_not_a_warning(folder):
    (folder / ".cjmap.toml").write_text("[tool.cjmap.lint\n", encoding="utf-8")
    run = lint(folder)
    assert run.code == 2 and "cjmap: error: bad configuration:" in run.stderr and "warning" not in run.stderr


def test_the_library_answers_the_same_warnings(folder):
    config = folder / ".cjmap.toml"
    config.write_text('tool = {cjmap = {lint = {select = ["CJ101"]}}}\n', encoding="utf-8")
    [found] = config_warnings(None, [folder / "j.journey.yaml"])
    assert found == ConfigWarning(
        config.resolve(), 1, 1, "`[tool.cjmap.lint]` configures nothing: cjmap reads `[lint]` in .cjmap.toml (`[tool.cjmap.lint]` is for pyproject.toml)"
    )


@pytest.mark.parametrize(
    ("name", "text"),
    [(".cjmap.toml", '[lint]\nignore = []\n\n[measure]\nevents = "events/*.csv"\n'), ("pyproject.toml", '[tool.cjmap.measure]\nevents = "events/*.csv"\n')],
)
def test_the_measure_table_is_read_by_measure_not_a_stray(folder, name, text):
    # `cjmap measure` reads [measure] (issue 18): lint must not call it a table that configures nothing.
    (folder / name).write_text(text, encoding="utf-8")
    run = lint(folder)
    assert run.stderr == ""


def test_measure_at_the_top_of_pyproject_is_named(folder):
    config = folder / "pyproject.toml"
    config.write_text('[measure]\nevents = "e.csv"\n', encoding="utf-8")
    run = lint(folder)
    assert run.stderr.startswith(f"cjmap: warning: {config}:1:1: `[measure]` configures nothing")
