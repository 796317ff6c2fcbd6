"""Golden files for what the commands print (STYLE.md habit 12): exit code, stdout and stderr,
byte for byte, for every output format of every command on the examples and on files with
every kind of error (``tests/cli/data``).

They hold behaviour still while the code moves (issue 13: "every output byte is the same
before and after"): the files were written by the version before the reorganisation (054dd82),
and this version must reproduce them. To record them from an old version for a change that
must not alter output, point ``PYTHONPATH`` at its ``src/`` (a ``git worktree`` of it):

    PYTHONPATH=/tmp/old/src CJMAP_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/cli/test_cli_golden.py

After an intended change, the same without ``PYTHONPATH`` records this version's output. A run
that records fails, so that recording never passes for checking.

On a mismatch the actual output is saved next to the golden file as ``*.actual``. Every case
runs in this process (``cli``); a sample also runs as a real process (``run_cjmap``), so the
in-process runner is held to what users see.
"""

from __future__ import annotations

import os
import re
from importlib.metadata import version

import pytest

from conftest import ROOT, TESTS, TODAY, Run, cli, run_cjmap

GOLDEN = TESTS / "cli" / "golden"
# A fixed date, so "reviewed 45 days ago" and the staleness checks never change.
ENV = {**TODAY, "COLUMNS": "80"}

_EXAMPLES = ("bank-account-opening", "laptop-purchase", "retail-store", "travel-booking")
_CHECKED = ("examples", "tests/data")
_REPORTERS = ("text", "json", "github", "sarif", "junit")
_PAIRS = (("examples/laptop-purchase.journey.yaml", "examples/retail-store.journey.yaml"),
          ("examples/bank-account-opening.journey.yaml", "examples/travel-booking.journey.yaml"))


# Refused by typer before cjmap runs: typer writes the message.
USAGE_ERRORS = (("render", "-f", "bogus", "examples"), ("show",), ("diff", "-f", "yaml", "a", "b"))


def _cases() -> list[tuple[str, ...]]:
    cases: list[tuple[str, ...]] = []
    for fmt in _REPORTERS:
        cases += [("validate", "-f", fmt, *_CHECKED), ("lint", "-f", fmt, *_CHECKED)]
    cases += [("validate", "-f", fmt, "tests/cli/data") for fmt in _REPORTERS]
    cases += [("lint", "-f", "text", "tests/cli/data", "examples/retail-store.journey.yaml"), ("show", "tests/cli/data/version.journey.yaml")]
    cases += [("import", "csv", "tests/cli/data/retail-store.csv"), ("render", "-f", "html", "examples/retail-store.journey.yaml")]
    cases += [("lint", "--strict", *_CHECKED), ("lint", "--select", "CJ1", "--ignore", "CJ101", "examples")]
    cases += [("rules",), ("rules", "-f", "json"), ("rules", "-f", "markdown"), ("rules", "CJ120"), ("rules", "CJ001"), ("rules", "unreachble")]
    for name in _EXAMPLES:
        file = f"examples/{name}.journey.yaml"
        cases += [("show", file), ("show", "-f", "json", file), ("show", "-s", "purchase", file), ("export", "csv", file)]
    cases += [("show", "-p", "ana", "examples/laptop-purchase.journey.yaml"), ("show", "-f", "json", "-p", "maya", "examples/retail-store.journey.yaml")]
    cases += [("show", "-p", "nadie", "examples/laptop-purchase.journey.yaml"), ("show", "tests/data/flawed.journey.yaml")]
    cases += [("stats", "-f", fmt, *_CHECKED) for fmt in ("text", "json", "markdown")]
    cases += [("diff", "-f", fmt, old, new) for fmt in ("text", "markdown", "json") for old, new in _PAIRS]
    cases += [("render", "-f", fmt, "examples/travel-booking.journey.yaml") for fmt in ("mermaid", "markdown", "dot")]
    cases += [("import", "mermaid", f"tests/data/interchange/{name}") for name in ("frontmatter.md", "readme-with-journey.md", "broken.mmd")]
    cases += [("import", "mermaid", "--score-scale", "0..10", "tests/data/interchange/wide-scores.mmd"), ("schema",)]
    cases += [("--help",), *[(command, "--help") for command in ("validate", "lint", "rules", "show", "stats", "init", "diff", "render", "schema")]]
    cases += [("import", "--help"), ("import", "mermaid", "--help"), ("import", "csv", "--help"), ("export", "csv", "--help")]
    cases += [("validate", "no-such-file.yaml"), *USAGE_ERRORS]
    return cases


CASES = _cases()
# Run as a real process too: one per command family, the in-process runner's check.
IN_A_PROCESS = {("validate", "-f", "sarif", *_CHECKED), ("lint", "--strict", *_CHECKED), ("show", "examples/retail-store.journey.yaml"),
                ("stats", "-f", "text", *_CHECKED), ("diff", "-f", "markdown", *_PAIRS[0]), ("--help",), ("render", "-f", "bogus", "examples")}


def _slug(args: tuple[str, ...]) -> str:
    words = re.sub(r"[^a-z0-9]+", "-", " ".join(args).lower().replace(".journey.yaml", "")).strip("-")
    return words or "no-arguments"


# What differs between machines and runs, not between versions: the checkout's own place (SARIF
# names the repository root as a file: URI) and JUnit's measured seconds.
_ROOT_URI = re.compile(re.escape(ROOT.as_uri().rstrip("/")) + "(?=/)")
_SECONDS = re.compile(r'\btime="[0-9.]+"')


def _normalised(text: str) -> str:
    return _SECONDS.sub('time="SECONDS"', _ROOT_URI.sub("file:///REPOSITORY", text))


def _recorded(run: Run) -> str:
    return _normalised(f"exit {run.code}\n--- stdout\n{run.stdout}\n--- stderr\n{run.stderr}")


def test_case_names_are_unique() -> None:
    slugs = [_slug(args) for args in CASES]
    assert len(slugs) == len(set(slugs))
    assert set(CASES) >= IN_A_PROCESS


def test_no_golden_file_is_left_over() -> None:
    # A golden file whose case was removed would hold nothing still.
    expected = {_slug(args) + ".txt" for args in CASES}
    assert {p.name for p in GOLDEN.glob("*.txt")} == expected


def _check(args: tuple[str, ...], run: Run) -> None:
    golden = GOLDEN / (_slug(args) + ".txt")
    # Bytes, not text: CSV ends its lines with CRLF, which reading as text would hide.
    actual = _recorded(run).encode("utf-8")
    if os.environ.get("CJMAP_UPDATE_GOLDEN"):
        golden.write_bytes(actual)
        pytest.fail(f"recorded {golden.name}; run again without CJMAP_UPDATE_GOLDEN to check")
    expected = golden.read_bytes() if golden.exists() else None
    if actual != expected:
        golden.with_name(golden.name + ".actual").write_bytes(actual)
    assert actual == expected, f"{golden.name} differs; see {golden.name}.actual (update: CJMAP_UPDATE_GOLDEN=1)"


def _laid_out_by_typer(args: tuple[str, ...]) -> bool:
    """Help and usage errors: text typer lays out, which changes between typer releases."""
    return "--help" in args or args in USAGE_ERRORS


def _locked_typer() -> str:
    pins = (ROOT / "requirements" / "runtime.lock").read_text(encoding="utf-8")
    found = re.search(r"^typer==([^ \\\n]+)", pins, re.MULTILINE)
    assert found, "requirements/runtime.lock pins no typer"
    return found.group(1)


def _skip_unless_locked_typer(args: tuple[str, ...]) -> None:
    # Recorded with the locked typer (CI installs exactly it, so there they always run); with
    # another one (scripts/check-latest) its own layout of help is no change of cjmap's.
    installed = version("typer")
    if _laid_out_by_typer(args) and installed != _locked_typer():
        pytest.skip(f"help and usage text as typer {installed} lays it out; recorded with typer {_locked_typer()}, the locked one")


@pytest.mark.parametrize("args", CASES, ids=_slug)
def test_command_output_matches_golden(args: tuple[str, ...]) -> None:
    _skip_unless_locked_typer(args)
    _check(args, cli(*args, env=ENV))


@pytest.mark.parametrize("args", sorted(IN_A_PROCESS), ids=_slug)
def test_a_real_process_prints_the_same(args: tuple[str, ...]) -> None:
    _skip_unless_locked_typer(args)
    _check(args, run_cjmap(*args, env=ENV))


def test_a_changed_byte_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    # The comparison must be able to fail: a run one byte off a real golden file is caught.
    monkeypatch.delenv("CJMAP_UPDATE_GOLDEN", raising=False)
    args = ("rules", "CJ120")
    good = cli(*args, env=ENV)
    _check(args, good)
    actual = GOLDEN / (_slug(args) + ".txt.actual")
    for changed in (Run(good.code, good.stdout, good.stderr + " "), Run(1, good.stdout, good.stderr)):
        with pytest.raises(AssertionError, match="differs"):
            _check(args, changed)
    actual.unlink()
