"""Where a configuration message points: one hand-written finder of tables and keys in a TOML
text (toml_shape.key_lines) serves both the errors (a bad setting) and the warnings (a table
cjmap never reads), and starts an error's search at cjmap's own lint table however it is written."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from cjmap.lint.config_tables import ConfigWarning, unread_tables
from cjmap.lint.toml_shape import key_lines, key_position, table_position
from conftest import EXAMPLES, cli

LAPTOP = EXAMPLES / "laptop-purchase.journey.yaml"
NOT_A_LIST = '`select` must be a list of rule codes or names, e.g. ["CJ101"]'


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "j.journey.yaml").write_text(LAPTOP.read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


def bad_configuration(folder: Path, name: str, text: str) -> str:
    (folder / name).write_text(text, encoding="utf-8")
    run = cli("lint", str(folder / "j.journey.yaml"))
    assert (run.code, run.stdout) == (2, "")
    return run.stderr


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        # another tool's `select` above an inline lint table is not the one blamed
        ("pyproject.toml", '[tool.ruff]\nselect = ["E"]\n[tool.cjmap]\nlint = {select = 5}\n', "4:9"),
        ("pyproject.toml", '[tool.ruff]\nselect = ["E"]\n[tool]\ncjmap = {lint = {select = 5}}\n', "4:18"),
        ("pyproject.toml", '[tool.ruff]\nselect = ["E"]\n[tool.cjmap.lint]\nselect = 5\n', "4:1"),
        # `[tool.cjmap.lint-x]` is another table, not the start of cjmap's
        ("pyproject.toml", "[tool.cjmap.lint-x]\nselect = 1\n[tool.cjmap.lint]\nselect = 5\n", "4:1"),
        ('pyproject.toml', '[tool.other]\nselect = 1\n[ "tool" . cjmap . "lint" ]\nselect = 5\n', "4:1"),
        (".cjmap.toml", "# settings\n[lint]\n  select = 5\n", "3:3"),
        (".cjmap.toml", "a.b = 1\nlint.select = 5\n", "2:1"),
    ],
)
def test_an_error_points_at_the_setting_in_cjmaps_own_table(folder, name, text, where):
    assert bad_configuration(folder, name, text) == f"cjmap: error: bad configuration: {folder / name}:{where}: {NOT_A_LIST}\n"


def test_an_unread_table_is_found_however_it_is_spelled(folder):
    config = folder / "pyproject.toml"
    config.write_text('[tool.cjmap.lint]\nselect = ["CJ101"]\n\n[ "tool" . cjmap . rules ]\nx = 1\n[tool]\ncjmap.extra = 1\n', encoding="utf-8")
    run = cli("lint", str(folder / "j.journey.yaml"))
    assert run.stderr.splitlines() == [
        f"cjmap: warning: {config}:4:1: `[tool.cjmap.rules]` configures nothing: cjmap reads `[tool.cjmap.lint]` in pyproject.toml",
        f"cjmap: warning: {config}:7:1: `tool.cjmap.extra` configures nothing: cjmap reads `[tool.cjmap.lint]` in pyproject.toml",
    ]


def test_the_library_finds_tables_keys_and_the_lines_leading_to_them():
    text = '# a comment: [lint]\n[tool.ruff]\nselect = ["E"]\n[tool]\n  cjmap = {lint = {select = 1}}\n[tool.cjmap.rules.CJ101]\nlimit = 2\n'
    assert [(line.number, line.column, line.table, line.key) for line in key_lines(text)] == [
        (2, 1, "tool.ruff", None),
        (3, 1, "tool.ruff", "select"),
        (4, 1, "tool", None),
        (5, 3, "tool", "cjmap"),
        (6, 1, "tool.cjmap.rules.CJ101", None),
        (7, 1, "tool.cjmap.rules.CJ101", "limit"),
    ]
    assert table_position(text, "tool.cjmap.rules") == (6, 1)  # a table inside it opens it
    assert table_position(text, "tool.cjmap") == (5, 3)  # `cjmap = {…}` sets it
    assert table_position(text, "tool.cjmap.lint") == (4, 1)  # inside an inline table: the first line leading to it
    assert table_position(text, "tool.cjmap.rules.CJ101.limit") == (7, 1)
    assert table_position(text, "tool.black") == (4, 1)  # not there: `[tool]` leads to it
    assert table_position(text, "lint") == (None, 1)  # only in a comment
    assert key_position(text, "select") == (3, 1)
    assert key_position(text, "select", start=4) == (5, 20)  # inside the inline table
    assert key_position(text, "CJ101") == (6, 1)  # ends a header
    assert key_position(text, "missing", start=4) == (4, 1)


def test_the_warnings_take_the_text_already_read():
    text = "[lint]\n\n[tool.cjmap.lint]\nselect = []\n"
    document = {"lint": {}, "tool": {"cjmap": {"lint": {"select": []}}}}
    assert unread_tables(Path("ci/.cjmap.toml"), document, text) == [
        ConfigWarning(
            Path("ci/.cjmap.toml"), 3, 1, "`[tool.cjmap.lint]` configures nothing: cjmap reads `[lint]` in .cjmap.toml (`[tool.cjmap.lint]` is for pyproject.toml)"
        )
    ]


def test_finding_a_table_below_a_long_header_takes_linear_time():
    # Every line below a header names a key of that table; joining the two for each line copied a
    # 400 kB name 60,000 times (4.7 s). A megabyte of configuration is the most cjmap reads.
    text = "\n".join(["[lint.x" + "a" * 400_000 + "]", *(f"k{number} = 1" for number in range(60_000)), "[zz]", "q = 1"])
    started = time.monotonic()
    assert table_position(text, "zz") == (60_002, 1)
    assert table_position(text, "lint.x" + "a" * 400_000 + ".zz") == (1, 1)
    assert time.monotonic() - started < 2
