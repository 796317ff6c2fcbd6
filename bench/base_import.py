"""``cjmap import csv ROWS --base JOURNEY``: how long, against the floors, for journeys of
1,000 / 3,000 / 10,000 touchpoints (tests/sized_journeys.py), unedited and with one edited cell.

Prints, in one run, a Markdown table per size: the floors (PyYAML's plain ``yaml.safe_load`` +
``yaml.dump`` of the journey, the same with libyaml's C loader and dumper, ruamel.yaml's own
round trip, ``YAML(typ="rt")`` load + dump, all in this process), then the command as people
run it (a new process each time, medians), for this source tree and for any other trees given
with ``--compare NAME=PATH/src`` (``PYTHONPATH`` selects the tree; runs alternate, so all see
the same machine load). Timings live in docs/performance.md, never in tests.

    git archive <commit> src | tar -x -C /tmp/before          # the version to compare with
    .venv/bin/python bench/base_import.py --compare before=/tmp/before/src --repeat 5
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.sized_journeys import sized_journey  # noqa: E402


def timed(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def floors(text: str, repeat: int) -> dict[str, float]:
    import yaml
    from ruamel.yaml import YAML

    def ruamel_round_trip() -> None:
        rt = YAML(typ="rt")
        rt.dump(rt.load(text), io.StringIO())

    return {
        "floor: `yaml.safe_load` + `yaml.dump` (pure Python)": timed(lambda: yaml.dump(yaml.safe_load(text)), repeat),
        "floor: the same with libyaml (`CSafeLoader`, `CSafeDumper`)": timed(lambda: yaml.dump(yaml.load(text, Loader=yaml.CSafeLoader), Dumper=yaml.CSafeDumper),
                                                                             repeat),
        "ruamel.yaml round trip (`typ=\"rt\"` load + dump)": timed(ruamel_round_trip, repeat),
    }


def run_cli(arguments: list[str], source: Path | None, stdout: Path) -> float:
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    if source is not None:
        environment["PYTHONPATH"] = str(source)
    start = time.perf_counter()
    with stdout.open("wb") as out:
        subprocess.run([sys.executable, "-m", "cjmap", *arguments], check=True, stdout=out, stderr=subprocess.DEVNULL, env=environment, cwd=ROOT)
    return time.perf_counter() - start


def edited_copy(rows: Path, edited: Path) -> None:
    table = list(csv.reader(io.StringIO(rows.read_text(encoding="utf-8-sig"))))
    table[2][table[0].index("touchpoint")] = "Renamed in the spreadsheet"
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(table)
    edited.write_text(out.getvalue(), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,3000,10000", help="touchpoints per journey, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (the median is shown)")
    parser.add_argument("--compare", action="append", default=[], metavar="NAME=PATH", help="another source tree (its src/) to time the same way")
    options = parser.parse_args()
    trees: list[tuple[str, Path | None]] = [("this tree", ROOT / "src")]
    trees += [(name, Path(path)) for name, path in (item.split("=", 1) for item in options.compare)]
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for size in (int(size) for size in options.sizes.split(",")):
            journey, rows, edited, out = work / f"j{size}.journey.yaml", work / f"r{size}.csv", work / f"e{size}.csv", work / "out.yaml"
            text = sized_journey(size)
            journey.write_text(text, encoding="utf-8")
            run_cli(["export", "csv", str(journey), "-o", str(rows)], ROOT / "src", out)
            edited_copy(rows, edited)
            print(f"\n### {size:,} touchpoints ({len(text.encode()) / 1e6:.2f} MB of YAML)\n")
            print("| what | median |\n|---|---:|")
            for name, seconds in floors(text, options.repeat).items():
                print(f"| {name} | {seconds:.2f} s |")
            commands = {"import csv (no --base)": [str(rows)], "import csv --base, unedited": [str(rows), "--base", str(journey)],
                        "import csv --base, one edited cell": [str(edited), "--base", str(journey)]}
            results: dict[tuple[str, str], list[float]] = {}
            for _tree, source in trees:  # once, untimed: each tree's bytecode is cached as an installed package has it
                run_cli(["import", "csv", *commands["import csv --base, one edited cell"]], source, out)
            for _ in range(options.repeat):
                for label, arguments in commands.items():
                    for tree, source in trees:
                        results.setdefault((label, tree), []).append(run_cli(["import", "csv", *arguments], source, out))
            for (label, tree), times in results.items():
                print(f"| `cjmap {label}`, {tree} | {statistics.median(times):.2f} s |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
