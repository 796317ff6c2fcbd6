#!/usr/bin/env python3
"""Fuzz cjmap for a bounded time.

Two targets:

- ``loader`` (the default): raw bytes into the loader and validator. Coverage-guided with
  atheris when it is installed (``pip install atheris``); otherwise hypothesis generates raw
  bytes and mutations of the examples. Any input that raises, takes longer than ``--hang``
  seconds, or gets a badly located problem is saved to tests/regressions/.
- ``pipeline``: journeys shaped like known attacks (``scripts/hostile_shapes.py``: terminal
  escapes and rich markup in every field, alias amplification, huge and non-finite numbers,
  dense ``next:`` graphs, long scalars) through every command as users call it (validate, lint,
  show, stats, diff, render to the text formats, export). Any crash, hang, output more than
  64 MiB of output, invalid JSON, or raw control character on a terminal stream is saved
  to tests/regressions/pipeline/. CSV and Mermaid files built to break the importers (broken
  quotes, oversized cells, undecodable bytes, digits of other scripts, repeated task names,
  long task lines) go through ``cjmap import``: a located refusal that writes nothing, or a
  journey that validates.

The test suite replays every saved file, and the run exits 1 when it saved anything.

    python scripts/fuzz.py --seconds 600                    # by hand
    python scripts/fuzz.py --seconds 20                     # in the tests
    python scripts/fuzz.py --target pipeline --seconds 60
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from click.testing import Result

ROOT = Path(__file__).resolve().parent.parent
REGRESSIONS = ROOT / "tests" / "regressions"
PIPELINE_REGRESSIONS = REGRESSIONS / "pipeline"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from cjmap.validation import validate_bytes  # noqa: E402 - once src/ is on sys.path


class Finding(Exception):
    pass


def check(data: bytes, hang: float) -> None:
    start = time.perf_counter()
    try:
        result = validate_bytes(data, file="fuzz.yaml")
    except Exception as error:  # the point: nothing may escape
        raise Finding(f"{type(error).__name__}: {error}") from error
    if time.perf_counter() - start > hang:
        raise Finding(f"took {time.perf_counter() - start:.1f}s")
    for problem in result.problems:
        if problem.line < 1 or problem.column < 1 or "\n" in problem.message:
            raise Finding(f"badly located problem {problem}")


def save(data: bytes, reason: str, folder: Path = REGRESSIONS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"crash-{hashlib.sha256(data).hexdigest()[:16]}.yaml"
    path.write_bytes(data)
    print(f"FOUND: {reason}; saved {path}", file=sys.stderr)
    return path


def seeds() -> list[bytes]:
    corpus = [p.read_bytes() for p in sorted((ROOT / "examples").glob("*.journey.yaml"))]
    suite = ROOT.parent / "shared" / "corpora" / "yaml-test-suite"
    corpus += [p.read_bytes() for p in sorted(suite.glob("*/**/in.yaml"))][:400] if suite.is_dir() else []
    return corpus


def with_hypothesis(seconds: float, hang: float) -> dict[str, int]:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    corpus = seeds()
    stats = {"inputs": 0, "findings": 0}
    deadline = time.monotonic() + seconds

    def mutate(data: bytes, edits: list[tuple[int, int]]) -> bytes:
        buffer = bytearray(data)
        for position, value in edits:
            if buffer:
                buffer[position % len(buffer)] = value
        return bytes(buffer)

    inputs = st.one_of(
        st.binary(max_size=4096),
        st.builds(mutate, st.sampled_from(corpus), st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=12)),
        st.builds(lambda data, cut: data[:cut], st.sampled_from(corpus), st.integers(0, 20000)),
    )

    @settings(max_examples=200, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(inputs)
    def batch(data: bytes) -> None:
        stats["inputs"] += 1
        try:
            check(data, hang)
        except Finding as finding:
            stats["findings"] += 1
            save(data, str(finding))

    # Batches of 200 inputs until the time is up (hypothesis itself has no time budget).
    while time.monotonic() < deadline:
        batch()
    return stats


def with_atheris(seconds: float, hang: float) -> dict[str, int]:
    """libFuzzer through atheris, guided by the coverage of the Python code it runs.

    The run ends from inside the target once the time is up: the summary is printed, and
    the exit code is 1 when anything was found.
    """
    import os

    import atheris

    stats = {"inputs": 0, "findings": 0}
    started = time.monotonic()

    def one(data: bytes) -> None:
        if time.monotonic() - started > seconds:
            summary()
        stats["inputs"] += 1
        try:
            check(data, hang)
        except Finding as finding:
            stats["findings"] += 1
            save(data, str(finding))

    def summary() -> None:
        # libFuzzer ends the process with C's exit(), past Python's atexit: say it, and leave.
        print(json.dumps({"engine": "atheris", "seconds": round(time.monotonic() - started, 1), **stats}), flush=True)
        os._exit(1 if stats["findings"] else 0)

    corpus_dir = Path(tempfile.mkdtemp(prefix="cjmap-fuzz-"))
    for index, data in enumerate(seeds()):
        (corpus_dir / f"seed-{index}").write_bytes(data)
    atheris.instrument_all()  # coverage of cjmap's (and PyYAML's, pydantic's) Python code guides it
    started = time.monotonic()  # the time limit counts fuzzing, not instrumenting
    atheris.Setup(
        [sys.argv[0], str(corpus_dir), "-max_len=8192", f"-artifact_prefix={corpus_dir}/"],
        one,
    )
    atheris.Fuzz()
    return stats


# Bytes a terminal acts on: ESC, the 8-bit CSI, BEL, CR. cjmap's own colours are off (NO_COLOR).
TERMINAL_CONTROLS = ("\x1b", "\x9b", "\x07", "\r")
MAX_OUTPUT = 64 * 1024 * 1024


def _no_nan(constant: str) -> None:
    raise ValueError(f"{constant} is not JSON")


def pipeline_commands(journey: Path, out: Path) -> list[tuple[list[str], str]]:
    """Each command as a user runs it, and what its stdout must be: text, json or a file."""
    name = str(journey)
    return [
        (["validate", name], "text"),
        (["validate", name, "-f", "json"], "json"),
        (["lint", name], "text"),
        (["lint", name, "-f", "json"], "json"),
        (["show", name], "text"),
        (["show", name, "-f", "json"], "json"),
        (["stats", name], "text"),
        (["stats", name, "-f", "json"], "json"),
        (["stats", name, "-f", "markdown"], "text"),
        (["diff", name, name], "text"),
        (["diff", name, name, "-f", "json"], "json"),
        *((["render", name, "-f", fmt, "-o", str(out / f"map.{fmt}")], "file") for fmt in ("html", "markdown", "mermaid", "dot")),
        (["export", "csv", name, "-o", str(out / "map.csv"), "--force"], "file"),
    ]


def check_pipeline(data: bytes, hang: float, max_output: int = MAX_OUTPUT) -> None:
    """Run one journey through every command in process; raise Finding on any misbehaviour."""
    from typer.testing import CliRunner

    from cjmap.cli import app

    runner = CliRunner()
    with tempfile.TemporaryDirectory(prefix="cjmap-fuzz-") as folder:
        journey = Path(folder) / "fuzz.journey.yaml"
        journey.write_bytes(data)
        out = Path(folder) / "out"
        out.mkdir()
        for arguments, kind in pipeline_commands(journey, out):
            start = time.perf_counter()
            result = runner.invoke(app, arguments, env={"NO_COLOR": "1", "COLUMNS": "100", "CJMAP_TODAY": "2026-12-01"})
            took = time.perf_counter() - start
            command = "cjmap " + " ".join(arguments[:1] + arguments[2:])
            _check_run(command, arguments, result, took=took, hang=hang)
            written = sum(p.stat().st_size for p in out.iterdir())
            if len(result.stdout_bytes) + len(result.stderr_bytes) + written > max_output:
                raise Finding(f"{command}: wrote {len(result.stdout_bytes) + written} bytes for a {len(data)}-byte journey")
            _check_shown(command, kind, result)
            _check_files(command, out)


def _check_run(command: str, arguments: list[str], result: Result, *, took: float, hang: float) -> None:
    """No exception, an expected exit code, no internal error, in time."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise Finding(f"{command}: {type(result.exception).__name__}: {result.exception}")
    # diff exits 2 when an input is not a valid journey (it cannot compare); the rest exit 1.
    allowed = (0, 1, 2) if arguments[0] == "diff" else (0, 1)
    if result.exit_code not in allowed or "internal error" in result.output or "Traceback" in result.output:
        raise Finding(f"{command}: exit {result.exit_code}: {result.output[-300:]!r}")
    if took > hang:
        raise Finding(f"{command}: took {took:.1f}s")


def _check_shown(command: str, kind: str, result: Result) -> None:
    """JSON output parses; text output holds no raw terminal controls."""
    if kind == "json" and result.stdout:
        try:
            json.loads(result.stdout, parse_constant=_no_nan)
        except ValueError as error:
            raise Finding(f"{command}: stdout is not JSON: {error}") from None
    if kind == "text":
        shown = result.stdout + result.stderr
        leaked = [repr(c) for c in TERMINAL_CONTROLS if c in shown]
        if leaked:
            raise Finding(f"{command}: wrote raw {', '.join(leaked)} to the terminal")


def _check_files(command: str, out: Path) -> None:
    """Files get printed too (`cat map.html`): ESC, the 8-bit CSI and BEL never belong in them
    (CSV lines end in CR LF, so CR is allowed there). Each is removed once checked."""
    for written_file in out.iterdir():
        content = written_file.read_bytes().decode("utf-8", "replace")
        leaked = [repr(c) for c in ("\x1b", "\x9b", "\x07") if c in content]
        if leaked:
            raise Finding(f"{command}: wrote raw {', '.join(leaked)} into {written_file.name}")
        written_file.unlink()

def shape_input(name: str, seed: int, index: int) -> bytes:
    """The file a shape makes for one (seed, index): the same pair always gives the same bytes.
    Undecodable bytes are written as lone surrogates by the shapes (surrogateescape)."""
    import random

    from hostile_shapes import IMPORTS, SHAPES

    make = SHAPES[name] if name in SHAPES else IMPORTS[name][1]
    return make(random.Random(f"{seed}-{index}")).encode("utf-8", "surrogateescape")


def check_shape(name: str, data: bytes, hang: float) -> None:
    from hostile_shapes import IMPORTS

    if name in IMPORTS:
        check_import(IMPORTS[name][0], data, hang)
    else:
        check_pipeline(data, hang)


def check_import(kind: str, data: bytes, hang: float) -> None:
    """``cjmap import KIND`` on one file: a located refusal with nothing written, or a journey
    that validates, with the read/wrote summary; never a crash, a hang or a raw control."""
    from typer.testing import CliRunner

    from cjmap.cli import app

    with tempfile.TemporaryDirectory(prefix="cjmap-fuzz-") as folder:
        source = Path(folder) / f"in.{'csv' if kind == 'csv' else 'mmd'}"
        source.write_bytes(data)
        target = Path(folder) / "out.journey.yaml"
        start = time.perf_counter()
        result = CliRunner().invoke(app, ["import", kind, str(source), "-o", str(target)], env={"NO_COLOR": "1"})
        took = time.perf_counter() - start
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise Finding(f"import {kind}: {type(result.exception).__name__}: {result.exception}")
        if result.exit_code not in (0, 1) or "internal error" in result.output or "Traceback" in result.output:
            raise Finding(f"import {kind}: exit {result.exit_code}: {result.output[-300:]!r}")
        if took > hang:
            raise Finding(f"import {kind}: took {took:.1f}s")
        leaked = [repr(c) for c in TERMINAL_CONTROLS if c in result.output]
        if leaked:
            raise Finding(f"import {kind}: wrote raw {', '.join(leaked)} to the terminal")
        if result.exit_code == 1 and target.exists():
            raise Finding(f"import {kind}: refused, yet wrote {target.name}")
        if result.exit_code == 0:
            if "cjmap: read " not in result.stderr:
                raise Finding(f"import {kind}: no read/wrote summary: {result.stderr[-200:]!r}")
            check = CliRunner().invoke(app, ["validate", str(target)], env={"NO_COLOR": "1"})
            if check.exit_code != 0:
                raise Finding(f"import {kind}: wrote a journey that does not validate: {check.output[-300:]!r}")


def save_shape(name: str, seed: int, index: int, reason: str) -> Path:
    """Save how to make the input again (some shapes are megabytes), not the input itself."""
    PIPELINE_REGRESSIONS.mkdir(parents=True, exist_ok=True)
    path = PIPELINE_REGRESSIONS / f"{name}-{seed}-{index}.json"
    path.write_text(json.dumps({"shape": name, "seed": seed, "index": index, "found": reason}, indent=2) + "\n")
    print(f"FOUND: {name} seed {seed} index {index}: {reason}; saved {path}", file=sys.stderr)
    return path


def with_shapes(seconds: float, hang: float, seed: int) -> dict[str, int]:
    """The attack shapes of scripts/hostile_shapes.py, round robin, through every command."""
    from hostile_shapes import IMPORTS, SHAPES

    names = sorted([*SHAPES, *IMPORTS])
    stats = {"inputs": 0, "findings": 0}
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        index = stats["inputs"]
        name = names[index % len(names)]
        stats["inputs"] += 1
        try:
            check_shape(name, shape_input(name, seed, index), hang)
        except Finding as finding:
            stats["findings"] += 1
            save_shape(name, seed, index, str(finding))
    return stats


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--hang", type=float, default=5.0, help="seconds after which one input counts as a hang")
    parser.add_argument("--engine", choices=["auto", "atheris", "hypothesis"], default="auto")
    parser.add_argument("--target", choices=["loader", "pipeline"], default="loader")
    parser.add_argument("--seed", type=int, default=0, help="pipeline: the seed of the shape generators")
    args = parser.parse_args()
    if args.target == "pipeline":
        start = time.monotonic()
        stats = with_shapes(args.seconds, args.hang, args.seed)
        print(json.dumps({"target": "pipeline", "seconds": round(time.monotonic() - start, 1), **stats}))
        return 1 if stats["findings"] else 0
    engine = args.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401 - only asks whether it is installed

            engine = "atheris"
        except ImportError:
            engine = "hypothesis"
    start = time.monotonic()
    stats = (with_atheris if engine == "atheris" else with_hypothesis)(args.seconds, args.hang)
    summary = {"engine": engine, "seconds": round(time.monotonic() - start, 1), **stats}
    print(json.dumps(summary))
    return 1 if stats["findings"] else 0


if __name__ == "__main__":
    sys.exit(main())
