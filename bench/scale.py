"""Scale benchmark: every command on ONE journey of 1k, 10k and 50k touchpoints (issue 12).

    python bench/scale.py                                  # 1k, 10k, 50k; prints a Markdown table
    python bench/scale.py --sizes 1000,4000 --repeat 3     # a quick look
    python bench/scale.py --save after.json --before before.json --write

Each command runs as users run it: a subprocess of the ``cjmap`` next to this Python (set
PYTHONPATH to measure another checkout, e.g. the commit before a change). For each run it
records the wall time, the CPU time (user + system, from ``wait4``: the figure to compare on a
shared machine, where other processes stretch wall time) and the peak resident memory.
A near-linear command costs the same per touchpoint at every size: its 50k/10k CPU ratio is
about 5, where a quadratic one would be about 25. Graphviz (SVG) runs at the smallest size
only: its layout grows faster than linearly by nature and has its own time budget.
``--spread`` also runs validate, lint, stats and render on the same number of touchpoints
spread over many small files (15 touchpoints each); ``--spread-only`` runs only those.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CJMAP = str(Path(sys.executable).parent / "cjmap")
sys.path.insert(0, str(ROOT / "bench"))
from generate import journey_text
from run import machine

BIG = ["--max-file-size", "200M"]  # the 50k journey is 31 MB; the default limit is 5 MiB
START, END = "<!-- scale -->", "<!-- /scale -->"


@dataclass
class Measure:
    wall: float
    cpu: float
    peak_mb: float
    code: int | None  # None: killed at the timeout


@dataclass(frozen=True)
class Files:
    """The inputs of one size: two versions of the journey, and what export and render made of A."""

    a: Path
    b: Path
    csv: Path
    mmd: Path
    folder: Path  # the same touchpoints spread over many files (made only with --spread)


def measure(argv: list[str], *, stdout: Path | None, timeout: float) -> Measure:
    """One run of a command: wall and CPU time and peak memory of the child, from ``wait4``."""
    out = open(stdout, "wb") if stdout else None  # noqa: SIM115 - closed below, once the child is reaped
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=out or subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline, code = start + timeout, None
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            code = os.waitstatus_to_exitcode(status)
            break
        if time.perf_counter() > deadline:
            process.kill()
            _, _, usage = os.wait4(process.pid, 0)
            break
        time.sleep(0.02)
    wall = time.perf_counter() - start
    if out is not None:
        out.close()
    return Measure(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code)


def best(argv: list[str], *, stdout: Path | None, timeout: float, repeat: int) -> Measure:
    """The run with the least CPU time: noise from other processes only ever adds time."""
    runs = [measure(argv, stdout=stdout, timeout=timeout) for _ in range(repeat)]
    return min(runs, key=lambda m: (m.code is None, m.cpu))


def make_inputs(work: Path, touchpoints: int, *, spread: bool) -> Files:
    """Journey A, and B: A with three touchpoints renamed (what a pull request changes)."""
    folder = work / str(touchpoints)
    folder.mkdir(parents=True, exist_ok=True)
    text = journey_text(1, random.Random(1), touchpoints_per_stage=touchpoints // 5)
    a, b = folder / "a.journey.yaml", folder / "b.journey.yaml"
    a.write_text(text, encoding="utf-8")
    b.write_text(_changed(text), encoding="utf-8")
    many = folder / "many"
    if spread:
        many.mkdir(exist_ok=True)
        rng = random.Random(2026)
        for index in range(max(1, touchpoints // 15)):
            (many / f"j{index:05d}.journey.yaml").write_text(journey_text(index + 1, rng), encoding="utf-8")
    return Files(a, b, folder / "a.csv", folder / "a.mmd", many)


def _changed(text: str) -> str:
    lines = text.split("\n")
    names = [i for i, line in enumerate(lines) if line.startswith("        name: ")]
    for i in names[:: max(1, len(names) // 3)][:3]:
        lines[i] += " (changed)"
    return "\n".join(lines)


def commands(files: Files, *, touchpoints: int, svg_up_to: int, spread: bool | str) -> list[tuple[str, list[str], Path | None]]:
    """(label, argv, where stdout goes) in an order where each input exists before it is read."""
    a, b, work = str(files.a), str(files.b), files.a.parent
    rows: list[tuple[str, list[str], Path | None]] = [
        ("validate", ["validate", *BIG, a], None),
        ("lint", ["lint", *BIG, a], None),
        ("show", ["show", *BIG, a], None),
        ("stats", ["stats", *BIG, a], None),
        ("render -f html", ["render", *BIG, "-f", "html", a], None),
        ("render -f markdown", ["render", *BIG, "-f", "markdown", a], None),
        ("render -f dot", ["render", *BIG, "-f", "dot", a], None),
        ("render -f mermaid", ["render", *BIG, "-f", "mermaid", a], files.mmd),
        ("diff A B", ["diff", *_if_known("diff", BIG), a, b], None),
        ("export csv", ["export", "csv", *_if_known("export csv", BIG), a], files.csv),
        ("import csv", ["import", "csv", *_if_known("import csv", BIG), str(files.csv)], None),
        ("import mermaid", ["import", "mermaid", *_if_known("import mermaid", BIG), str(files.mmd)], None),
    ]
    if spread == "only":
        rows = []
    elif touchpoints <= svg_up_to:
        rows.append(("render -f svg (Graphviz)", ["render", *BIG, "-o", str(work / "a.svg"), a], None))
    if spread:
        many = str(files.folder)
        rows += [
            ("validate, many files", ["validate", many], None),
            ("lint, many files", ["lint", many], None),
            ("stats, many files", ["stats", many], None),
            ("render -f html, many files", ["render", many, "-o", str(work / "site") + "/"], None),
        ]
    return [(label, [CJMAP, *argv], out) for label, argv, out in rows]


def _if_known(command: str, option: list[str]) -> list[str]:
    """``option`` if this version of ``command`` has it (diff and import gained --max-file-size)."""
    shown = subprocess.run([CJMAP, *command.split(), "--help"], check=False, capture_output=True, text=True).stdout
    return option if option[0] in shown else []


def _library_csv(files: Files) -> None:
    """The CSV ``export csv`` would write, for an export that cannot be told a larger file limit."""
    from cjmap.check import validate_file
    from cjmap.interchange.csv_io import export_csv
    from cjmap.loader import Limits

    journey = validate_file(files.a, limits=Limits(max_bytes=200 * 1024 * 1024)).journey
    files.csv.write_text(export_csv(journey), encoding="utf-8", newline="")


def run_size(work: Path, touchpoints: int, args: argparse.Namespace) -> dict[str, Measure]:
    files = make_inputs(work, touchpoints, spread=args.spread)
    results: dict[str, Measure] = {}
    for label, argv, stdout in commands(files, touchpoints=touchpoints, svg_up_to=args.svg_up_to, spread=args.spread):
        results[label] = m = best(argv, stdout=stdout, timeout=args.timeout, repeat=args.repeat)
        status = "timeout" if m.code is None else f"exit {m.code}"
        if label == "export csv" and m.code != 0:
            _library_csv(files)
            status += " (refused: the CSV for `import csv` was written through the library)"
        print(f"{touchpoints:>6} {label:<34} {m.wall:7.2f} s wall {m.cpu:7.2f} s cpu {m.peak_mb:6.0f} MB  {status}", flush=True)
    return results


def table(results: dict[int, dict[str, Measure]], before: dict[int, dict[str, Measure]] | None) -> str:
    sizes = sorted(results)
    head = ["command", *(_short(s) for s in sizes)]
    if len(sizes) >= 2:
        head.append(f"{_short(sizes[-1])} / {_short(sizes[-2])}")
    if before:
        head += [f"{_short(s)} before" for s in sizes]
    head += [f"peak {_short(s)}" for s in sizes]
    lines = ["| " + " | ".join(head) + " |", "|---|" + "---:|" * (len(head) - 1)]
    labels = list(dict.fromkeys(label for size in sizes for label in results[size]))
    for label in labels:
        cells = [_time(results[s].get(label)) for s in sizes]
        if len(sizes) >= 2:
            cells.append(_ratio(results[sizes[-1]].get(label), results[sizes[-2]].get(label)))
        if before:
            cells += [_time(before.get(s, {}).get(label)) for s in sizes]
        cells += [f"{results[s][label].peak_mb:.0f} MB" if label in results[s] else "–" for s in sizes]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _short(size: int) -> str:
    return f"{size // 1000}k" if size % 1000 == 0 else f"{size:,}"


def _time(m: Measure | None) -> str:
    if m is None:
        return "–"
    if m.code is None:
        return f"> {m.wall:.0f} s (timeout)"
    failed = "" if m.code in (0, 1) else f", exit {m.code}"
    return f"{m.cpu:.2f} s ({m.wall:.2f}{failed})"


def _ratio(big: Measure | None, small: Measure | None) -> str:
    if big is None or small is None or big.code is None or small.code is None or small.cpu <= 0:
        return "–"
    return f"{big.cpu / small.cpu:.1f}×"


def load(path: Path) -> dict[int, dict[str, Measure]]:
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {int(size): {label: Measure(**m) for label, m in rows.items()} for size, rows in raw.items()}


def write_section(text: str) -> None:
    """Replace the block between the scale markers in docs/performance.md (append it if missing)."""
    path = ROOT / "docs" / "performance.md"
    doc = path.read_text(encoding="utf-8")
    block = f"{START}\n{text}\n{END}"
    if START in doc:
        head, _, rest = doc.partition(START)
        _, _, tail = rest.partition(END)
        doc = head + block + tail
    else:
        doc = doc.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(doc, encoding="utf-8")
    print(f"wrote {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,50000", help="touchpoints in the one journey, comma-separated")
    parser.add_argument("--repeat", type=int, default=1, help="runs per command; the least CPU time is kept")
    parser.add_argument("--timeout", type=float, default=600, help="seconds before a run is killed and shown as a timeout")
    parser.add_argument("--svg-up-to", type=int, default=1000, help="run Graphviz SVG only up to this many touchpoints")
    parser.add_argument("--spread", action="store_true", help="also the same touchpoints over many 15-touchpoint files")
    parser.add_argument("--spread-only", dest="spread", action="store_const", const="only", help="only the many-file runs")
    parser.add_argument("--save", type=Path, help="write the measures as JSON here")
    parser.add_argument("--before", type=Path, help="measures saved by --save from an earlier version, shown beside")
    parser.add_argument("--write", action="store_true", help="put the table into docs/performance.md")
    args = parser.parse_args()
    results: dict[int, dict[str, Measure]] = {}
    with tempfile.TemporaryDirectory(prefix="cjmap-scale-") as work:
        for size in (int(s) for s in args.sizes.split(",")):
            results[size] = run_size(Path(work), size, args)
    if args.save:
        args.save.write_text(json.dumps({s: {k: asdict(m) for k, m in r.items()} for s, r in results.items()}, indent=1), encoding="utf-8")
    text = (
        f"Measured by `python bench/scale.py` on {time.strftime('%Y-%m-%d')}, on {machine()}. "
        f"CPU seconds (wall seconds in brackets), best of {args.repeat}; peak resident memory.\n\n"
        + table(results, load(args.before) if args.before else None)
    )
    print(text)
    if args.write:
        write_section(text)


if __name__ == "__main__":
    main()
