"""Hostile configuration and options (issue 12): TOML nested 100,000 deep (a RecursionError),
dotted keys of 100,000 parts (the process was killed), configurations of any size, and a
--max-file-size too large for a read() (an internal OverflowError)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from cjmap.lint.config import ConfigError, read_config
from cjmap.lint.toml_shape import MAX_KEY_DOTS, MAX_NESTING, shape_problem
from cjmap.text.sizes import MAX_FILE_SIZE_CEILING, size_option
from conftest import EXAMPLES, cli

LAPTOP = EXAMPLES / "laptop-purchase.journey.yaml"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "j.journey.yaml").write_text(LAPTOP.read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


def _lint(folder: Path, *arguments: str):
    started = time.monotonic()
    run = cli("lint", *arguments, str(folder / "j.journey.yaml"))
    assert time.monotonic() - started < 60  # a dotted key of 100,000 parts ran out of memory
    assert "internal error" not in run.stderr and "Error:" not in run.stderr
    return run


HOSTILE = {
    "arrays": ("[lint]\nselect = " + "[" * 100_000 + "\n", 2, 10 + MAX_NESTING, f"nested too deep (more than {MAX_NESTING} levels)"),
    "inline tables": ("[lint]\nrules = " + "{a = " * 100_000 + "\n", 2, 9 + 5 * MAX_NESTING, "nested too deep"),
    "a few hundred levels": ("[lint]\nselect = " + "[" * 400 + "]" * 400 + "\n", 2, 10 + MAX_NESTING, "nested too deep"),
    "a dotted key": ("[lint]\nx." + "a." * 100_000 + "b = 1\n", 2, 2 + 2 * 64, "a dotted key has more than 64 parts"),
    "a dotted header": ("[lint." + "a." * 100_000 + "b]\n", 1, 6 + 2 * 64, "a dotted key has more than 64 parts"),
    "digit parts": ("[lint]\n" + "0." * 100_000 + "0 = 1\n", 2, 2 * 65, "a dotted key has more than 64 parts"),
    "quoted parts": ('[lint]\nx' + '."a"' * 100_000 + " = 1\n", 2, 2 + 4 * 64, "a dotted key has more than 64 parts"),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
@pytest.mark.parametrize("name", [".cjmap.toml", "pyproject.toml"])
def test_a_configuration_too_deep_is_a_located_error(folder, case, name):
    text, line, column, said = HOSTILE[case]
    if name == "pyproject.toml":  # the same shape in another tool's table, under cjmap's
        text = "[tool.cjmap.lint]\nselect = [\"ALL\"]\n[tool.other]\n" + text.replace("[lint", "[more", 1)
        line += 3
    (folder / name).write_text(text, encoding="utf-8")
    run = _lint(folder)
    assert (run.code, run.stdout) == (2, "")
    assert f"{folder / name}:{line}:{column}: " in run.stderr
    assert said in run.stderr


def test_the_explicit_configuration_is_checked_too(folder):
    (folder / "mine.toml").write_text("[lint]\nselect = " + "[" * 100_000 + "\n", encoding="utf-8")
    run = _lint(folder, "--config", str(folder / "mine.toml"))
    assert run.code == 2 and f"{folder / 'mine.toml'}:2:{10 + MAX_NESTING}: arrays or inline tables nested too deep" in run.stderr


ALLOWED = {
    "100 levels in another tool's table": "[tool.other]\nx = " + "[" * MAX_NESTING + "]" * MAX_NESTING + "\n",
    "brackets and dots in strings and comments": (
        '[tool.other]\na = "' + "[{." * 5000 + '"\nb = \'' + "[{." * 5000 + "'\n"
        'c = """\n' + "[{.\\\"" * 5000 + '\n"""\n' + "# " + "[{." * 5000 + "\n"
        "d = '''" + "[{." * 5000 + "'''\n"
    ),
    "many floats on one line": "[tool.other]\nx = [" + ", ".join(["1.5"] * 5000) + "]\n",
    "many dates on one line": "[tool.other]\nx = [" + ", ".join(["1979-05-27T07:32:00.999"] * 1000) + "]\n",
    "a key of 64 dots": "[tool.other]\n" + "a." * MAX_KEY_DOTS + "b = 1\n",
}


@pytest.mark.parametrize("case", ALLOWED, ids=list(ALLOWED))
def test_ordinary_configurations_still_parse(folder, case):
    # CJ130 fires seven times on this journey: its absence shows the configuration was read.
    (folder / "pyproject.toml").write_text('[tool.cjmap.lint]\nignore = ["CJ130"]\n' + ALLOWED[case], encoding="utf-8")
    run = _lint(folder)
    assert (run.code, run.stderr) == (0, "") and "CJ130" not in run.stdout


def test_a_configuration_over_the_size_limit_is_refused(folder):
    (folder / ".cjmap.toml").write_text("[lint]\n" + "# padding\n" * 120_000, encoding="utf-8")
    run = _lint(folder)
    assert (run.code, run.stdout) == (2, "")
    assert f"{folder / '.cjmap.toml'}: the configuration is larger than 1 MiB" in run.stderr


def test_a_device_or_pipe_is_never_read_as_configuration(tmp_path):
    # /dev/zero was read (1 MiB + 1 bytes) and --config said "no such configuration file".
    with pytest.raises(ConfigError, match="a character device, not a regular file"):
        read_config(Path("/dev/zero"))
    pipe = tmp_path / "cjmap.toml"
    os.mkfifo(pipe)
    run = cli("lint", str(LAPTOP), "--config", str(pipe))  # no writer: reading would hang
    assert run.code == 2 and "a named pipe (FIFO), not a regular file" in run.stderr


def test_shape_problem_positions():
    assert shape_problem("a = 1\nb = [[1], [2]]\n") is None
    problem = shape_problem("a = 1\nb = " + "[" * (MAX_NESTING + 8))
    assert problem is not None and (problem.line, problem.column) == (2, 5 + MAX_NESTING)
    assert shape_problem('a = "\\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["') is None  # an escaped quote
    unclosed = shape_problem('a = "unclosed\nb = ' + "[" * (MAX_NESTING + 8))  # a one-line string ends at its line
    assert unclosed is not None and (unclosed.line, unclosed.column) == (2, 5 + MAX_NESTING)


# --- --max-file-size -----------------------------------------------------------------------

TOO_LARGE = ["99999999999999999999999999G", "9" * 5000, "2G", "1025M", "0", "0K"]
COMMANDS = [
    ["validate", str(LAPTOP)],
    ["lint", str(LAPTOP)],
    ["show", str(LAPTOP)],
    ["stats", str(LAPTOP)],
    ["render", str(LAPTOP), "-f", "dot"],
    ["diff", str(LAPTOP), str(LAPTOP)],
]


@pytest.mark.parametrize("value", TOO_LARGE)
@pytest.mark.parametrize("command", COMMANDS, ids=[command[0] for command in COMMANDS])
def test_a_max_file_size_out_of_range_is_a_usage_error(command, value):
    run = cli(*command, "--max-file-size", value)
    assert (run.code, run.stdout) == (2, "")
    assert "cjmap: error: --max-file-size: " in run.stderr
    assert "is out of range; give a size from 1 byte to 1G (1,073,741,824 bytes)" in run.stderr
    assert "internal error" not in run.stderr and len(run.stderr) < 300


@pytest.mark.parametrize("kind", ["mermaid", "csv"])
def test_imports_have_the_same_range(kind, tmp_path):
    source = tmp_path / f"in.{'mmd' if kind == 'mermaid' else 'csv'}"
    source.write_text("journey\n  title T\n" if kind == "mermaid" else "stage,touchpoint\n", encoding="utf-8")
    run = cli("import", kind, str(source), "--max-file-size", "99999999999999999999999999G")
    assert run.code == 2 and "is out of range" in run.stderr and "internal error" not in run.stderr


@pytest.mark.parametrize("value", ["١", "５M", "1_000", "5 MB B", ""])
def test_only_ascii_digits_make_a_size(value):
    assert size_option(value) == f"--max-file-size: {value!r} is not a size; write e.g. 5M, 512K or 1048576"


@pytest.mark.parametrize(
    ("value", "size", "code"),
    [("1", 1, 1), ("5M", 5 * 1024**2, 0), ("512KiB", 512 * 1024, 0), ("1G", MAX_FILE_SIZE_CEILING, 0), ("007k", 7 * 1024, 1)],
)
def test_sizes_in_range(value, size, code):
    # The laptop journey is about 12 KB: over a limit of 1 byte or 7K (exit 1), under the rest.
    assert size_option(value) == size
    assert cli("validate", str(LAPTOP), "--max-file-size", value).code == code
