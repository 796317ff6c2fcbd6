#!/usr/bin/env python3
"""Measure what docs/reliability.md reports, and rewrite its measured section.

    python scripts/reliability.py --fuzz-seconds 300    # by hand
    python scripts/reliability.py --no-write            # print only

It runs: every case of the YAML test suite through the loader; thousands of random mutations
of the examples through validation; the CLI on a sample of those mutations (exit codes,
tracebacks); and the fuzzer (scripts/fuzz.py), on bytes and on the attack shapes through every
command, each for the given time.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from cjmap.loader import load_bytes  # noqa: E402 - once src/ is on sys.path
from cjmap.validation import validate_bytes  # noqa: E402 - once src/ is on sys.path


def yaml_suite() -> str:
    suite = ROOT.parent / "shared" / "corpora" / "yaml-test-suite"
    outcomes: collections.Counter[str] = collections.Counter()
    slowest = 0.0
    cases = sorted(suite.glob("*/**/in.yaml"))
    for case in cases:
        start = time.perf_counter()
        try:
            result = load_bytes(case.read_bytes())
            outcomes["loaded" if not result.issues else f"refused {result.issues[-1].code}"] += 1
        except Exception:  # counted, never expected
            outcomes["EXCEPTION"] += 1
        slowest = max(slowest, time.perf_counter() - start)
    rows = "\n".join(f"| {name} | {count} |" for name, count in sorted(outcomes.items()))
    return (f"### The YAML test suite\n\n{len(cases)} cases from `../shared/corpora/yaml-test-suite`; the slowest took "
            f"{slowest * 1000:.0f} ms.\n\n| outcome | cases |\n|---|---:|\n{rows}\n")


def mutations(count: int, cli_sample: int) -> str:
    from test_properties import _mutate  # the same mutations the property test uses

    seeds = [p.read_bytes() for p in sorted((ROOT / "examples").glob("*.journey.yaml"))]
    rng = random.Random(2026)
    outcomes: collections.Counter[str] = collections.Counter()
    problems = exceptions = unlocated = 0
    inputs = []
    for _ in range(count):
        raw = _mutate(rng.choice(seeds), rng)
        inputs.append(raw)
        try:
            result = validate_bytes(raw, file="m.yaml")
        except Exception:
            exceptions += 1
            continue
        outcomes["valid" if result.ok else "invalid"] += 1
        problems += len(result.problems)
        unlocated += sum(1 for p in result.problems if p.line < 1 or p.column < 1)
    codes: collections.Counter[int] = collections.Counter()
    tracebacks = 0
    with tempfile.TemporaryDirectory() as folder:
        for index, raw in enumerate(inputs[:cli_sample]):
            path = Path(folder) / f"m{index}.journey.yaml"
            path.write_bytes(raw)
            done = subprocess.run([sys.executable, "-m", "cjmap", "lint", str(path)], capture_output=True, text=True, cwd=ROOT, check=False)
            codes[done.returncode] += 1
            tracebacks += "Traceback" in done.stderr or "internal error" in done.stderr
    exits = ", ".join(f"exit {code}: {n}" for code, n in sorted(codes.items()))
    return (f"### Mutated examples\n\n{count} random mutations of the examples (bytes flipped, truncated, lines deleted "
            f"or repeated, values given other types, hostile lines inserted): {outcomes['invalid']} invalid and "
            f"{outcomes['valid']} still valid; {problems} problems reported, {unlocated} without a position, "
            f"{exceptions} exceptions.\n\nThrough the CLI (`cjmap lint`), {cli_sample} of them: {exits}; "
            f"{tracebacks} tracebacks or internal errors.\n")


def fuzz(seconds: float) -> str:
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "fuzz.py"), "--seconds", str(seconds)], capture_output=True, text=True, cwd=ROOT, check=False)
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    return (f"### Fuzzing\n\n`scripts/fuzz.py --seconds {seconds:g}` ({summary['engine']}): {summary['inputs']:,} inputs in "
            f"{summary['seconds']} s, {summary['findings']} findings.\n")


def pipeline(seconds: float) -> str:
    """The attack shapes of issue 12 through every command (scripts/fuzz.py --target pipeline)."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "fuzz.py"), "--target", "pipeline", "--seconds", str(seconds), "--seed", "2026"],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    return (f"### Attack shapes through every command\n\n`scripts/fuzz.py --target pipeline --seconds {seconds:g}`: "
            f"{summary['inputs']:,} files: journeys (terminal escapes and rich markup in every field, alias amplification, "
            f"huge and non-finite numbers, dense `next:` graphs, long scalars), each through validate, lint, show, stats, "
            f"diff, render (HTML, Markdown, Mermaid, DOT) and export, and CSV and Mermaid files built to break the "
            f"importers, through import; in {summary['seconds']} s: "
            f"{summary['findings']} findings.\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mutations", type=int, default=5000)
    parser.add_argument("--cli-sample", type=int, default=200)
    parser.add_argument("--fuzz-seconds", type=float, default=120)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    measured = "\n".join([
        yaml_suite(), mutations(args.mutations, args.cli_sample), fuzz(args.fuzz_seconds), pipeline(args.fuzz_seconds),
    ])
    print(measured)
    if args.no_write:
        return
    path = ROOT / "docs" / "reliability.md"
    head, _, rest = path.read_text(encoding="utf-8").partition("<!-- measured -->")
    _, _, tail = rest.partition("<!-- /measured -->")
    stamp = f"Measured by `python scripts/reliability.py --fuzz-seconds {args.fuzz_seconds:g}` on {time.strftime('%Y-%m-%d')}.\n\n"
    path.write_text(f"{head}<!-- measured -->\n{stamp}{measured}<!-- /measured -->{tail}", encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
