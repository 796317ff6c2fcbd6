"""Start-up of two versions of cjmap side by side: is a change slower to start?

Runs each command alternately with the old and the new source tree (``PYTHONPATH`` selects the
tree; the same interpreter and installed dependencies serve both), so both see the same machine
load, and prints the medians as a Markdown table with the floor, ``python -c "import yaml,
pydantic"``. Timings live in docs/performance.md, never in tests.

    git worktree add /tmp/before main~3          # the version to compare with
    .venv/bin/python bench/startup.py --before /tmp/before/src --repeat 40
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = "examples/laptop-purchase.journey.yaml"
COMMANDS: dict[str, list[str]] = {
    "cjmap --version": ["--version"],
    "cjmap --help": ["--help"],
    "cjmap validate --help": ["validate", "--help"],
    f"cjmap validate {EXAMPLE}": ["validate", EXAMPLE],
    f"cjmap lint {EXAMPLE}": ["lint", EXAMPLE],
}
FLOOR = [sys.executable, "-c", "import yaml, pydantic"]


def elapsed(command: list[str], *, source: Path | None) -> float:
    # Bytecode is cached as an installed package has it (pip compiles it on install); without
    # the cache every run would also time compiling each module, which users never pay.
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    if source:
        environment["PYTHONPATH"] = str(source)
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, required=True, help="the old version's src/ folder")
    parser.add_argument("--after", type=Path, default=ROOT / "src", help="the new version's src/ folder (default: this one)")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    floor = statistics.median(elapsed(FLOOR, source=None) for _ in range(args.repeat))
    rows = ["| command | before | after | after / before |", "|---|---:|---:|---:|"]
    rows.append(f'| `python -c "import yaml, pydantic"` (floor) | {floor * 1000:.0f} ms | | |')
    for label, arguments in COMMANDS.items():
        command = [sys.executable, "-m", "cjmap", *arguments]
        elapsed(command, source=args.before)  # writes the bytecode caches of both trees
        elapsed(command, source=args.after)
        before: list[float] = []
        after: list[float] = []
        for _ in range(args.repeat):  # alternate, so both see the same load
            before.append(elapsed(command, source=args.before))
            after.append(elapsed(command, source=args.after))
        old, new = statistics.median(before), statistics.median(after)
        rows.append(f"| `{label}` | {old * 1000:.0f} ms | {new * 1000:.0f} ms | {new / old:.2f}× |")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
