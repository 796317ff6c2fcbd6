"""The in-process runner (``conftest.cli``) is held to the real process (``run_cjmap``): the
same exit code, stdout and stderr, byte for byte, on cases where the two could drift apart
(usage errors and help laid out by click and rich, colour, stdin, the working folder, and
variables read once at import). Most CLI tests trust ``cli``; this is why they may."""

from __future__ import annotations

import pytest

from conftest import EXAMPLES, MINIMAL, TODAY, cli, run_cjmap

BANK = str(EXAMPLES / "bank-account-opening.journey.yaml")
BAD = MINIMAL + "        chanel: web\n"
CASES = {
    "validate text": (["validate", "examples/", "tests/data/flawed.journey.yaml"], None, {}),
    "lint sarif": (["lint", "--format", "sarif", "tests/data/flawed.journey.yaml"], None, {}),
    "usage error": (["validate", "--format", "xml", "examples/"], None, {}),
    "unknown command": (["valdate"], None, {}),
    "help at 60 columns": (["render", "--help"], None, {"COLUMNS": "60"}),
    "help at 120 columns": (["--help"], None, {"COLUMNS": "120"}),
    "show at 50 columns": (["show", BANK], None, {"COLUMNS": "50"}),
    "show coloured": (["show", BANK], None, {"FORCE_COLOR": "1"}),
    "stdin": (["lint", "-", "--stdin-filename", "mine.journey.yaml"], BAD.encode(), {}),
    "github under actions": (["validate", "-"], BAD.encode(), {"GITHUB_ACTIONS": "true"}),
    "stats json": (["stats", "examples/", "--format", "json"], None, {}),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_in_process_is_the_real_process(name: str) -> None:
    args, stdin, env = CASES[name]
    env = {**TODAY, **env}
    real, here = run_cjmap(*args, stdin=stdin, env=env), cli(*args, stdin=stdin, env=env)
    assert real.stdout or real.stderr, "an empty case would compare nothing"
    assert here == real


def test_output_variables_of_the_shell_do_not_leak_in(monkeypatch: pytest.MonkeyPatch, write) -> None:
    # Under GitHub Actions (CI) or with FORCE_COLOR exported, both runners must still see a
    # plain pipe unless a test asks otherwise.
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("FORCE_COLOR", "1")
    path = str(write("bad.journey.yaml", BAD))
    here = cli("validate", path)
    assert here.stdout.startswith(f"{path}:11:9: error CJ021") and "\x1b[" not in here.stdout
    assert here == run_cjmap("validate", path)


def test_the_working_folder_is_the_one_asked_for(tmp_path, write) -> None:
    write("x.journey.yaml", MINIMAL)
    assert cli("validate", cwd=tmp_path) == run_cjmap("validate", cwd=tmp_path) == cli("validate", ".", cwd=tmp_path)
    assert cli("validate", cwd=tmp_path).stdout == "1 file checked: no problems.\n"


def test_an_exception_in_a_command_fails_the_test_instead_of_becoming_exit_1(monkeypatch: pytest.MonkeyPatch) -> None:
    # A real process would print "internal error" and exit 2; in process it must not pass quietly.
    from cjmap.commands import schema

    def broken(*args: object, **kwargs: object) -> int:
        raise RuntimeError("injected")

    monkeypatch.setattr(schema, "run_schema", broken)
    with pytest.raises(RuntimeError, match="injected"):
        cli("schema")
