"""Shared helpers: run the CLI as users do (in this process, or in a real one where the process
matters), bound a block's time, and find the project's folders.

Test modules import these by name (``from conftest import cli``): pytest puts this folder on
``sys.path`` when it loads this file, so that works from every subfolder too.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run, so CI passes or fails for a reason, never
# by chance; HYPOTHESIS_PROFILE=explore draws new ones (and keeps failures in .hypothesis/).
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
EXAMPLES = ROOT / "examples"
DATA = TESTS / "data"
# ../shared beside the clone; CJMAP_SHARED points elsewhere (the tests of an unpacked sdist).
SHARED = Path(os.environ.get("CJMAP_SHARED") or ROOT.parent / "shared").resolve()
# Variables that change cjmap's output format or colour: no run inherits them from the shell.
# The date tests run on (CJMAP_TODAY): reviews "45 days ago" and staleness never move.
TODAY = {"CJMAP_TODAY": "2026-11-23"}
# Under GitHub Actions, the job summary file and the workspace (paths in annotations and SARIF)
# would reach the runs too: the tests would append to the real summary and move golden paths.
OUTPUT_VARIABLES = ("NO_COLOR", "FORCE_COLOR", "TERM", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITHUB_WORKSPACE", "PYTHONIOENCODING")


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str


@dataclass(frozen=True)
class RawRun:
    """A run's output as bytes, for tests that check every byte (nothing lost in decoding)."""

    code: int
    stdout: bytes
    stderr: bytes

    def decoded(self) -> Run:
        # Strict: a byte that is not UTF-8 fails the test, in both runners alike.
        return Run(self.code, self.stdout.decode("utf-8"), self.stderr.decode("utf-8"))


def clean_environment(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """This process's environment without the output variables, then ``env`` on top."""
    environment = {k: v for k, v in os.environ.items() if k not in OUTPUT_VARIABLES}
    environment.update(env or {})
    return environment


def run_cjmap(*args: str, stdin: bytes | None = None, cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """``python -m cjmap ARGS`` in a real process: for tests where the process itself matters
    (signals, pipes, start-up imports, the console script, limits). Everything else uses ``cli``."""
    return run_cjmap_raw(*args, stdin=stdin, cwd=cwd, env=env).decoded()


_MODULES_PROBE = (
    "import json, sys\n"
    "from cjmap.cli import main\n"
    "sys.argv = ['cjmap', *sys.argv[1:]]\n"
    "try:\n    main()\nexcept SystemExit:\n    pass\n"
    "sys.__stderr__.write('\\nMODULES ' + json.dumps(sorted(sys.modules)) + '\\n')\n"
)


def modules_loaded(*args: str, env: Mapping[str, str] | None = None) -> set[str]:
    """The modules a real ``cjmap ARGS`` process holds when it ends, run from the repository root:
    what a command imports (heavy libraries only where used, STYLE.md habit 9)."""
    environment = {**os.environ, **(env or {})}
    done = subprocess.run([sys.executable, "-c", _MODULES_PROBE, *args], capture_output=True, text=True, cwd=ROOT, env=environment, check=False)
    last = done.stderr.rstrip("\n").rpartition("\n")[2]
    assert last.startswith("MODULES "), done.stderr
    return set(json.loads(last.removeprefix("MODULES ")))


def top_level(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def run_cjmap_raw(*args: str, stdin: bytes | None = None, cwd: Path | None = None, env: dict[str, str] | None = None,
                  timeout: float = 120) -> RawRun:
    completed = subprocess.run(
        [sys.executable, "-m", "cjmap", *args],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        cwd=cwd or ROOT,
        env=clean_environment(env),
        timeout=timeout,
        check=False,
    )
    return RawRun(completed.returncode, completed.stdout, completed.stderr)


def cli(*args: str, stdin: bytes | None = None, cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """``cjmap ARGS`` in this process (typer's CliRunner): the same ``Run`` as ``run_cjmap``,
    about a hundred times cheaper."""
    return cli_raw(*args, stdin=stdin, cwd=cwd, env=env).decoded()


def cli_raw(*args: str, stdin: bytes | None = None, cwd: Path | None = None, env: dict[str, str] | None = None) -> RawRun:
    """In-process run with what a piped ``python -m cjmap`` would see: the same environment
    (output variables removed), working folder, program name and terminal width.

    An exception escaping the command is raised here, not turned into exit code 1: in a real
    process ``main()`` would report it as an internal error, and the test must fail either way.
    """
    from typer.testing import CliRunner

    from cjmap.cli import app

    environment = clean_environment(env)
    # A piped process has no terminal, so rich falls back to COLUMNS or 80 columns; this
    # process may have one (pytest leaves stdin alone), so say the width outright.
    environment.setdefault("COLUMNS", "80")
    # CliRunner lays its overrides on os.environ; None removes a variable.
    overrides: dict[str, str | None] = {key: None for key in os.environ if key not in environment}
    overrides.update(environment)
    runner = CliRunner()
    previous = os.getcwd()
    os.chdir(cwd or ROOT)
    try:
        # run_cjmap's 120 s timeout, here: a command that hangs (a FIFO read, a runaway loop)
        # fails its test instead of hanging the suite.
        with _typer_reads(environment), within(120, f"cjmap {' '.join(args)}"):
            result = runner.invoke(app, list(args), input=stdin if stdin is not None else b"", env=overrides,
                                   prog_name="python -m cjmap", catch_exceptions=False, terminal_width=_help_width(environment))
    finally:
        os.chdir(previous)
        _end_of_process()
    return RawRun(result.exit_code, result.stdout_bytes, result.stderr_bytes)


def _end_of_process() -> None:
    """What a real process's exit would do: stop the idle Graphviz workers, so the next run
    draws with a fresh one (tests compare a render with one made "alone"), and forget what was
    asked of git (a test may put another git on PATH)."""
    worker = sys.modules.get("cjmap.render.graphviz_worker")
    if worker is not None:
        worker._close_idle_workers()
    revisions = sys.modules.get("cjmap.commands.revisions")
    if revisions is not None:
        revisions._end_of_options.cache_clear()


def _help_width(environment: Mapping[str, str]) -> int:
    """The width click lays help out at in a real process: the terminal's (COLUMNS here), at
    most 80, less 2 (click.formatting.HelpFormatter). CliRunner would force 80."""
    try:
        columns = int(environment.get("COLUMNS", "80"))
    except ValueError:
        columns = 80
    return max(min(columns, 80) - 2, 50)


@contextlib.contextmanager
def _typer_reads(environment: Mapping[str, str]) -> Iterator[None]:
    """typer reads FORCE_COLOR, GITHUB_ACTIONS and TERMINAL_WIDTH once, when first imported;
    set what a fresh process would have read from ``environment``, and put it back after."""
    from typer import rich_utils

    forced = any(environment.get(name) for name in ("GITHUB_ACTIONS", "FORCE_COLOR", "PY_COLORS"))
    width = environment.get("TERMINAL_WIDTH")
    fresh = {"FORCE_TERMINAL": True if forced else None, "MAX_WIDTH": int(width) if width else None}
    if environment.get("_TYPER_FORCE_DISABLE_TERMINAL"):
        fresh["FORCE_TERMINAL"] = False
    saved = {name: getattr(rich_utils, name) for name in fresh}
    for name, value in fresh.items():
        setattr(rich_utils, name, value)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(rich_utils, name, value)


@contextlib.contextmanager
def within(seconds: float, what: str = "the block") -> Iterator[None]:
    """Fail the test (instead of hanging the suite) when the block runs past ``seconds``.

    SIGALRM interrupts pure-Python loops and the regex engine alike; the main thread only."""

    # Guards nest (a test's own guard around cli(), which has one too): the outer one's time
    # keeps running inside, and is given back what is left of it afterwards.
    outer, started = signal.getitimer(signal.ITIMER_REAL)[0], time.monotonic()
    allowed = min(seconds, outer) if outer else seconds

    def expired(*_: object) -> None:
        raise TimeoutError(f"{what}: took more than {allowed:.3g} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, allowed)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - started), 0.001))


@pytest.fixture
def write(tmp_path: Path):
    """Write a file under tmp_path and return its path: ``write("a.journey.yaml", text)``."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return path

    return _write


MINIMAL = """\
cjmap: 1
journey:
  title: Minimal
personas:
  - id: ana
stages:
  - id: awareness
    touchpoints:
      - id: search
        name: Search
"""


@pytest.fixture(params=["libyaml", "pure-python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a loader test with each YAML parser the loader may use: libyaml and PyYAML's
    pure-Python one word their errors differently, and cjmap's messages must not depend on it."""
    import yaml

    import cjmap.loader.document

    if request.param == "pure-python":
        monkeypatch.setattr(cjmap.loader.document, "_Parser", yaml.SafeLoader)
    return str(request.param)
