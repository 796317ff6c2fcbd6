#!/usr/bin/env python3
"""Fuzz the loader and validator for a bounded time.

Coverage-guided with atheris when it is installed (``pip install atheris``); otherwise
hypothesis generates raw bytes and mutations of the examples. Any input that raises, or that
takes longer than ``--hang`` seconds, is saved to tests/regressions/ (the test suite replays
every file there) and the run exits 1.

    python scripts/fuzz.py --seconds 600          # by hand
    python scripts/fuzz.py --seconds 20           # in the tests
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REGRESSIONS = ROOT / "tests" / "regressions"
sys.path.insert(0, str(ROOT / "src"))

from cjmap.validation import validate_bytes  # noqa: E402


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


def save(data: bytes, reason: str) -> Path:
    REGRESSIONS.mkdir(parents=True, exist_ok=True)
    path = REGRESSIONS / f"crash-{hashlib.sha256(data).hexdigest()[:16]}.yaml"
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--hang", type=float, default=5.0, help="seconds after which one input counts as a hang")
    parser.add_argument("--engine", choices=["auto", "atheris", "hypothesis"], default="auto")
    args = parser.parse_args()
    engine = args.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401

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
