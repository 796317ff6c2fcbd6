"""Documentation that must stay true: every code is documented, the README's commands are CI's."""

from __future__ import annotations

from cjmap.validation.codes import CODES
from conftest import ROOT


def test_every_validation_code_is_documented():
    text = (ROOT / "docs" / "validation.md").read_text(encoding="utf-8")
    lint = (ROOT / "docs" / "lint.md").read_text(encoding="utf-8")
    for code in CODES.values():
        assert f"| {code.code} | {code.name} |" in (text if code.code.startswith("CJ0") else lint)


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = readme.split("Set up and run the tests:", 1)[1].split("```sh\n", 1)[1].split("\n", 1)[0]
    assert test_command in ci.splitlines()


def test_both_readme_commands_install_from_the_lock():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first = readme.split("```sh\n", 1)[1].split("\n", 1)[0]
    assert "--require-hashes -r requirements/runtime.lock" in first and "--no-deps -e ." in first
    setup = (ROOT / "scripts" / "setup").read_text(encoding="utf-8")
    assert "--require-hashes --no-deps --only-binary :all: -r requirements/dev.lock" in setup
    assert "--no-deps --no-build-isolation -e ." in setup


def test_the_readme_python_example_runs(monkeypatch, capsys):
    """The README's Python API block, run as written from the repository root."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Python API", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {}
    exec(compile(block, "README.md", "exec"), namespace)  # our own documentation, run as a reader would
    printed = capsys.readouterr().out
    # Every touchpoint printed, with Ana's emotion or None; the bad file's problem printed.
    assert printed.count("\n") > 10 and "CJ0" in printed
    import cjmap

    journey = namespace["journey"]
    ana, anyone = cjmap.successors(journey, "ana"), cjmap.successors(journey)
    assert ana and all(set(targets) <= set(anyone[source]) for source, targets in ana.items())
