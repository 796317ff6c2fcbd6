"""Import and export, two versions of cjmap side by side, with the floor and a peer in one run.

For 1,000 and 10,000 touchpoints (tests/sized_journeys.py, the same journey for both versions):

- ``cjmap render -f mermaid`` (export) and ``cjmap import mermaid`` of that export;
- ``cjmap export csv`` and ``cjmap import csv`` of that export (no base: ``bench/base_import.py``
  measures ``--base``);
- the floor of each import: Python reading the file and splitting it (lines for Mermaid, the
  csv module for CSV), what any reader pays;
- the peer of the Mermaid import: the real Mermaid (12.3.0, Node, tests/mermaid_js) parsing the
  same diagram, when it is installed.

Each command runs alternately with the old and the new source tree (``PYTHONPATH``), medians of
``--repeat`` runs. Timings live in docs/performance.md, never in tests.

    git worktree add /tmp/before 8d220ad            # the version before issue 16
    .venv/bin/python bench/interchange.py --before /tmp/before/src --repeat 5
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from sized_journeys import sized_journey  # noqa: E402  (the tests' generator, so both measure the same journey)

FLOOR_MERMAID = "import sys; sum(1 for _ in open(sys.argv[1], encoding='utf-8').read().splitlines())"
FLOOR_CSV = "import csv, sys; sum(1 for _ in csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))"
PEER = """
import { JSDOM } from 'jsdom';
import { readFileSync } from 'node:fs';
const dom = new JSDOM('<!doctype html><body></body>');
globalThis.window = dom.window; globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
const text = readFileSync(process.argv[2], 'utf8');
await mermaid.parse('journey\\n t: 3');  // registers and loads the journey diagram first
const start = performance.now();
await mermaid.mermaidAPI.getDiagramFromText(text);
console.log((performance.now() - start) / 1000);
"""


def run(command: list[str], *, source: Path | None = None, stdout: Path | None = None) -> float:
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    if source:
        environment["PYTHONPATH"] = str(source)
    start = time.perf_counter()
    with open(stdout or os.devnull, "wb") as sink:
        done = subprocess.run(command, cwd=ROOT, env=environment, stdout=sink, stderr=subprocess.PIPE, check=False)
    if done.returncode != 0:
        raise SystemExit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stderr.decode()[-2000:]}")
    return time.perf_counter() - start


def medians(commands: dict[str, list[str]], sources: dict[str, Path], repeat: int) -> dict[str, dict[str, float]]:
    times: dict[str, dict[str, list[float]]] = {label: {name: [] for name in sources} for label in commands}
    for _ in range(repeat):  # alternate versions, so both see the same load
        for label, command in commands.items():
            for name, source in sources.items():
                times[label][name].append(run(command, source=source))
    return {label: {name: statistics.median(values) for name, values in by.items()} for label, by in times.items()}


def peer_seconds(diagram: Path, repeat: int) -> float | None:
    harness = ROOT / "tests" / "mermaid_js"
    node = shutil.which("node")
    if node is None or not (harness / "node_modules" / "mermaid").is_dir():
        return None
    script = harness / "bench-peer.mjs"
    script.write_text(PEER, encoding="utf-8")
    try:
        values = [float(subprocess.run([node, str(script), str(diagram)], capture_output=True, text=True, check=True).stdout) for _ in range(repeat)]
    finally:
        script.unlink()
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, required=True, help="the old version's src/ folder")
    parser.add_argument("--after", type=Path, default=ROOT / "src", help="the new version's src/ folder (default: this one)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sizes", default="1000,10000")
    args = parser.parse_args()
    sources = {"before": args.before.resolve(), "after": args.after.resolve()}
    cjmap = [sys.executable, "-m", "cjmap"]
    rows = ["| touchpoints | step | floor | peer: real Mermaid | before | after | after / before |", "|---:|---|---:|---:|---:|---:|---:|"]
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for size in (int(n) for n in args.sizes.split(",")):
            journey = folder / f"j{size}.journey.yaml"
            journey.write_text(sized_journey(size), encoding="utf-8")
            diagram, table = folder / f"j{size}.mmd", folder / f"j{size}.csv"
            # Both versions import the same files: the new version's export (the old one's Mermaid
            # export replaced characters the new importer must read as written).
            run([*cjmap, "render", str(journey), "-f", "mermaid"], source=sources["after"], stdout=diagram)
            run([*cjmap, "export", "csv", str(journey)], source=sources["after"], stdout=table)
            commands = {
                "render -f mermaid": [*cjmap, "render", str(journey), "-f", "mermaid"],
                "import mermaid": [*cjmap, "import", "mermaid", str(diagram), "--score-scale", "1..5"],
                "export csv": [*cjmap, "export", "csv", str(journey)],
                "import csv": [*cjmap, "import", "csv", str(table)],
            }
            found = medians(commands, sources, args.repeat)
            floors = {
                "import mermaid": statistics.median(run([sys.executable, "-c", FLOOR_MERMAID, str(diagram)]) for _ in range(args.repeat)),
                "import csv": statistics.median(run([sys.executable, "-c", FLOOR_CSV, str(table)]) for _ in range(args.repeat)),
            }
            peer = peer_seconds(diagram, args.repeat)
            for label, by in found.items():
                floor = f"{floors[label]:.2f} s" if label in floors else ""
                peer_cell = f"{peer:.2f} s (parse only)" if label == "import mermaid" and peer is not None else ""
                rows.append(f"| {size:,} | `{label}` | {floor} | {peer_cell} | {by['before']:.2f} s | {by['after']:.2f} s | {by['after'] / by['before']:.2f}× |")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
