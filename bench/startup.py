"""Start-up of two versions of cjmap side by side: is a change slower to start?

Runs each command alternately with the old and the new source tree (``PYTHONPATH`` selects the
tree; the same interpreter and installed dependencies serve both), so both see the same machine
load, and prints the medians as a Markdown table with the floor, ``python -c "import yaml,
pydantic"``. Timings live in docs/performance.md, never in tests.

    git worktree add /tmp/before main~3          # the version to compare with
    .venv/bin/python bench/startup.py --before /tmp/before/src --repeat 40
    .venv/bin/python bench/startup.py --completion --repeat 40   # one Tab press; shells sourcing the script
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
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
    parser.add_argument("--before", type=Path, help="the old version's src/ folder")
    parser.add_argument("--after", type=Path, default=ROOT / "src", help="the new version's src/ folder (default: this one)")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--completion", action="store_true", help="time Tab presses and shell start-ups with the completion script instead")
    args = parser.parse_args()
    if args.completion:
        print(completion_table(args.repeat))
        return
    if args.before is None:
        parser.error("--before is required (or --completion)")
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


# One Tab press: what the bash script runs (typer's protocol), for three kinds of answer.
TAB_PRESSES: dict[str, str] = {
    "`cjmap val⇥` (command names)": "cjmap val",
    "`cjmap lint --format s⇥` (a choice)": "cjmap lint --format s",
    "`cjmap rules CJ1⇥` (rule codes: the lint registry)": "cjmap rules CJ1",
    f"`cjmap show {EXAMPLE} --persona ⇥` (reads the journey)": f"cjmap show {EXAMPLE} --persona ",
}


def completion_table(repeat: int) -> str:
    """Median times of a Tab press (the console script answering once) and of a shell starting
    with the completion loaded from a saved file or by running ``cjmap completion SHELL``."""
    import tempfile

    script = Path(sys.executable).parent / "cjmap"
    rows = ["| what | median |", "|---|---:|"]
    for label, typed in TAB_PRESSES.items():
        words = typed.split(" ")
        environment = {**os.environ, "_CJMAP_COMPLETE": "complete_bash", "COMP_WORDS": typed, "COMP_CWORD": str(len(words) - 1)}
        rows.append(f"| Tab: {label} | {_median(lambda e=environment: _timed([str(script)], e), repeat) * 1000:.0f} ms |")
    saved = Path(tempfile.mkdtemp())
    path = os.pathsep.join([str(script.parent), os.environ.get("PATH", "")])
    zsh = "autoload -Uz compinit && compinit -D"  # compdef needs the completion system
    starts = {
        "bash": (["bash", "--norc", "--noprofile", "-c"], "source {file}", 'eval "$(cjmap completion bash)"', "true"),
        "zsh": (["zsh", "-f", "-c"], f"{zsh} && source {{file}}", f'{zsh} && eval "$(cjmap completion zsh)"', zsh),
        "fish": (["fish", "--no-config", "-c"], "source {file}", "cjmap completion fish | source", "true"),
    }
    for shell, (command, from_file, from_cjmap, nothing) in starts.items():
        file = saved / f"cjmap.{shell}"
        file.write_text(subprocess.run([str(script), "completion", shell], capture_output=True, text=True, check=True).stdout)
        environment = {**os.environ, "PATH": path}
        for label, line in (("nothing loaded", nothing), ("the saved file", from_file.format(file=file)), ("`cjmap completion` at start-up", from_cjmap)):
            rows.append(f"| {shell} start-up, {label} | {_median(lambda c=[*command, line], e=environment: _timed(c, e), repeat) * 1000:.0f} ms |")
    return "\n".join(rows)


def _timed(command: list[str], environment: dict[str, str]) -> float:
    # As elapsed(): the bytecode cache is written and read, as for an installed cjmap.
    environment = {name: value for name, value in environment.items() if name != "PYTHONDONTWRITEBYTECODE"}
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def _median(measure: Callable[[], float], repeat: int) -> float:
    measure()  # bytecode caches and the file system's, as for a user's second Tab
    return statistics.median(measure() for _ in range(repeat))


if __name__ == "__main__":
    main()
