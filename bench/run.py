"""Benchmarks, side by side in one run: cjmap against check-jsonschema, yamllint and the libyaml floor.

    python bench/run.py                       # everything; writes docs/performance.md
    python bench/run.py --sizes 100,1000 --repeat 3 --no-write

Each figure is the median of several runs (``--repeat``; the 10,000-file corpus runs fewer
times, see ``--big-repeat``). Peak memory is the largest resident set of the command's process
tree (``wait4``). Timings live here and in docs/performance.md, never in the tests.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "bench"))
from generate import journey_text  # noqa: E402 - once bench/ is on sys.path

FLOOR = """
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1]).rglob("*.journey.yaml")):
    yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
"""


@dataclass
class Measure:
    name: str
    seconds: float
    peak_mb: float


def run(command: list[str], *, repeat: int, cwd: Path | None = None) -> Measure:
    times, peaks = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd)
        _, _, usage = os.wait4(process.pid, 0)
        times.append(time.perf_counter() - start)
        peaks.append(usage.ru_maxrss / 1024)
    return Measure(" ".join(Path(command[0]).name if i == 0 else part for i, part in enumerate(command)), statistics.median(times), max(peaks))


def corpus(folder: Path, count: int) -> Path:
    import random

    target = folder / f"corpus-{count}"
    if not target.exists():
        target.mkdir(parents=True)
        rng = random.Random(2026)
        for index in range(count):
            (target / f"journey-{index:05d}.journey.yaml").write_text(journey_text(index, rng), encoding="utf-8")
    return target


def big_journey(folder: Path, touchpoints: int = 500) -> Path:
    import random

    path = folder / "big.journey.yaml"
    per_stage = touchpoints // 5
    path.write_text(journey_text(1, random.Random(1), touchpoints_per_stage=per_stage), encoding="utf-8")
    return path


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), platform.processor())
    memory = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), "?")
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{cpu}, {cores} cores, {int(memory) // 1024 // 1024} GiB, Linux {platform.release()}, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--big-repeat", type=int, default=1, help="runs for corpora of 10,000 files and more")
    parser.add_argument("--no-write", action="store_true", help="print only; do not write docs/performance.md")
    args = parser.parse_args()
    cjmap, cjs, yamllint = str(BIN / "cjmap"), str(BIN / "check-jsonschema"), str(BIN / "yamllint")
    for tool in (cjs, yamllint):
        if not Path(tool).exists():
            sys.exit(f"{tool} is missing: install the dev extra (pip install -e '.[dev]')")
    work = Path(tempfile.mkdtemp(prefix="cjmap-bench-"))
    schema = work / "journey.schema.json"
    schema.write_text(subprocess.run([cjmap, "schema"], capture_output=True, text=True, check=True).stdout, encoding="utf-8")
    sections: list[str] = []

    rows = []
    for size in [int(s) for s in args.sizes.split(",")]:
        folder = corpus(work, size)
        files = sorted(str(p) for p in folder.glob("*.journey.yaml"))
        repeat = args.repeat if size < 10_000 else args.big_repeat
        measures = {
            "floor": run([sys.executable, "-c", FLOOR, str(folder)], repeat=repeat),
            "validate": run([cjmap, "validate", str(folder)], repeat=repeat),
            "lint": run([cjmap, "lint", str(folder)], repeat=repeat),
            "lint-serial": run([cjmap, "lint", "--jobs", "1", str(folder)], repeat=repeat),
            "check-jsonschema": run([cjs, "--schemafile", str(schema), *files], repeat=repeat),
            "yamllint": run([yamllint, "-d", "relaxed", str(folder)], repeat=repeat),
        }
        rows.append((size, measures))
        print(f"{size} files: " + ", ".join(f"{k} {m.seconds:.2f}s" for k, m in measures.items()), flush=True)
    table = [
        (
            "| files | libyaml floor (serial load) | cjmap validate | cjmap lint (validate + lint) | cjmap lint, one process | check-jsonschema | yamllint "
            "| lint vs check-jsonschema | lint vs yamllint | lint vs floor |"
        ),
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size, m in rows:
        lint = m["lint"].seconds
        table.append(
            f"| {size:,} | {m['floor'].seconds:.2f} s | {m['validate'].seconds:.2f} s | {lint:.2f} s | {m['lint-serial'].seconds:.2f} s | "
            f"{m['check-jsonschema'].seconds:.2f} s | {m['yamllint'].seconds:.2f} s | {m['check-jsonschema'].seconds / lint:.1f}× faster | "
            f"{m['yamllint'].seconds / lint:.1f}× faster | {lint / m['floor'].seconds:.2f}× the floor |"
        )
    sections += ["## Many files", "", *table, ""]
    memory = ["| files | floor | cjmap validate | cjmap lint | check-jsonschema | yamllint |", "|---:|---:|---:|---:|---:|---:|"]
    for size, m in rows:
        memory.append(f"| {size:,} | " + " | ".join(f"{m[k].peak_mb:.0f} MB" for k in ("floor", "validate", "lint", "check-jsonschema", "yamllint")) + " |")
    sections += ["## Peak memory (largest process)", "", *memory, ""]

    one = str(min(corpus(work, 100).glob("*.journey.yaml")))
    latency = {
        "python -c \"import yaml, pydantic\"": run([sys.executable, "-c", "import yaml, pydantic"], repeat=args.repeat * 3),
        "cjmap --version": run([cjmap, "--version"], repeat=args.repeat * 3),
        "cjmap validate FILE": run([cjmap, "validate", one], repeat=args.repeat * 3),
        "cjmap lint FILE": run([cjmap, "lint", one], repeat=args.repeat * 3),
        "check-jsonschema FILE": run([cjs, "--schemafile", str(schema), one], repeat=args.repeat * 3),
        "yamllint FILE": run([yamllint, "-d", "relaxed", one], repeat=args.repeat * 3),
    }
    base = latency["python -c \"import yaml, pydantic\""].seconds
    sections += ["## One file (start-up)", "", "| command | median | vs `import yaml, pydantic` | peak memory |", "|---|---:|---:|---:|"]
    sections += [f"| `{name}` | {m.seconds * 1000:.0f} ms | {m.seconds / base:.2f}× | {m.peak_mb:.0f} MB |" for name, m in latency.items()]
    sections.append("")
    for name, m in latency.items():
        print(f"{name}: {m.seconds * 1000:.0f} ms", flush=True)

    big = big_journey(work)
    renders = {
        "HTML": run([cjmap, "render", str(big), "-o", str(work / "big.html")], repeat=args.repeat),
        "SVG": run([cjmap, "render", str(big), "-o", str(work / "big.svg")], repeat=args.repeat),
    }
    sections += ["## Rendering a 500-touchpoint journey", "", "| output | median | peak memory |", "|---|---:|---:|"]
    sections += [f"| {name} | {m.seconds:.2f} s | {m.peak_mb:.0f} MB |" for name, m in renders.items()]
    sections.append("")
    for name, m in renders.items():
        print(f"render {name}: {m.seconds:.2f}s", flush=True)

    report = "\n".join(sections)
    print(report)
    if not args.no_write:
        write_report(report, repeat=args.repeat, big_repeat=args.big_repeat)
    shutil.rmtree(work, ignore_errors=True)


def write_report(measured: str, *, repeat: int, big_repeat: int) -> None:
    path = ROOT / "docs" / "performance.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n\n<!-- measured -->\n<!-- /measured -->\n"
    head, _, rest = text.partition("<!-- measured -->")
    _, _, tail = rest.partition("<!-- /measured -->")
    block = (
        f"<!-- measured -->\nMeasured by `python bench/run.py` on {time.strftime('%Y-%m-%d')}, on {machine()}; medians of "
        f"{repeat} runs ({big_repeat} for 10,000 files).\n\n{measured}\n<!-- /measured -->"
    )
    path.write_text(head + block + tail, encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
