"""`cjmap measure` against the floor, side by side in one run (issue 18, Deliver 6).

    python bench/measure.py                                    # 1 M and 10 M events; a Markdown table
    python bench/measure.py --events 20000 --quick             # a smoke run (the tests keep it working)
    python bench/measure.py --events-count 100000000 --memory-limit 2GB --only measure
    python bench/measure.py --csv-gb 10 --memory-limit 2GB     # a ~10 GB CSV, measure only

For each size, synthetic events are generated in SQL by DuckDB (so 100 M rows take a minute,
not an hour) into a Parquet file: users of 20 events each over a few weeks, five touchpoint
events (one per stage of a 5-stage journey) and noise, a 7-day window. Then three programs do
the same stage funnel (entry at stage 1, greedily the earliest event of the next stage after
the current one within 7 days of the entry, the attempt that reaches furthest counts, ties by
stage then row order), each in its own process, timed from outside (wall time, and the peak
resident memory from ``wait4``):

- measure: the whole ``cjmap measure JOURNEY --events FILE -f json`` as a user runs it (reading,
  matching, reach, edges, funnel, KPIs, deviations: more than the others do);
- floor: one hand-written DuckDB query of the stage funnel only, on the same file;
- pandas: pandas and numpy doing the same funnel, vectorised.

The three must agree on every stage's entered and converted (the run fails otherwise). Targets
(issue 18): 10 M events in at most 30 s and 2 GB, at most 1.5× the floor; 100 M events under a
2 GB memory limit finish. Nothing here runs in the test suite except ``--quick`` on a tiny size.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CJMAP = str(Path(sys.executable).parent / "cjmap")
STAGES = ("visit", "view_item", "add_to_cart", "begin_checkout", "purchase")  # one event per stage, in order
WINDOW_US = 7 * 86400 * 1_000_000
EVENTS_PER_USER = 20
COLUMNS = "user=user_id,time=timestamp,event=event"

JOURNEY = """cjmap: 1
journey:
  id: bench-shop
  title: Five-step shop funnel (bench)
  measure: {unit: user, window: 7d}
personas:
  - id: shopper
    name: Shopper
stages:
""" + "".join(f"""  - id: stage-{n}
    name: Stage {n}
    touchpoints:
      - id: step-{n}
        name: Step {n}
        events: {event}
""" for n, event in enumerate(STAGES, 1))


# --- the data -----------------------------------------------------------------------------------

def generate_sql(events: int, target: str, fmt: str) -> str:
    """Deterministic synthetic events (hash-based, no random()): each user's 20 rows in time order,
    1–36 hours apart from a start in the first 60 days of 2024; a row is noise (30%) or one of the
    five stage events, earlier stages more frequent. ``page`` pads the CSV rows as a real export's
    URL column would."""
    users = f"(i // {EVENTS_PER_USER})"
    pick = "(hash(i, 7) % 100)"
    event = (f"CASE WHEN {pick} < 30 THEN 'scroll' WHEN {pick} < 55 THEN 'visit' WHEN {pick} < 75 THEN 'view_item' "
             f"WHEN {pick} < 87 THEN 'add_to_cart' WHEN {pick} < 95 THEN 'begin_checkout' ELSE 'purchase' END")
    # The user's start plus the sum of its earlier gaps, made without a window: position × 18 h ± a jitter below 18 h keeps the order.
    ts = (f"TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_microseconds(CAST(hash({users}) % (60 * 86400) AS BIGINT) * 1000000 "
          f"+ (i % {EVENTS_PER_USER}) * 18 * 3600 * 1000000 + CAST(hash(i) % (17 * 3600) AS BIGINT) * 1000000)")
    page = ", 'https://shop.example/p/laptop-' || CAST(hash(i, 3) % 5000 AS VARCHAR) || '?utm_source=newsletter&utm_medium=email' AS page" if fmt == "csv" else ""
    # preserve_insertion_order (DuckDB's default) keeps range()'s order in the file: no sort needed.
    options = "(FORMAT csv, HEADER)" if fmt == "csv" else "(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 1000000)"
    return (f"COPY (SELECT 'u' || lpad(CAST({users} AS VARCHAR), 9, '0') AS user_id, {ts} AS timestamp, {event} AS event{page} "
            f"FROM range({events}) t(i)) TO '{target}' {options}")


def generate(events: int, folder: Path, fmt: str = "parquet") -> Path:
    """The file of ``events`` rows, made once. In a child process: a child's peak RSS starts from
    its parent's (Linux carries the high-water mark through fork and exec), so this process must
    stay small for the children's figures to be theirs."""
    target = folder / f"events-{events}.{fmt}"
    if not target.exists():
        started = time.perf_counter()
        partial = target.with_suffix(".partial")
        subprocess.run([sys.executable, __file__, "--worker", "generate", str(partial), "--count", str(events), "--generate-format", fmt], check=True)
        partial.rename(target)
        print(f"generated {events:,} events → {target.name} ({target.stat().st_size / 1e6:,.0f} MB) in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return target


def write_events(events: int, target: Path, fmt: str) -> None:
    import duckdb

    connection = duckdb.connect()
    connection.execute(f"SET temp_directory = '{target.parent / 'duckdb-tmp'}'")
    connection.execute(generate_sql(events, str(target), fmt))
    connection.close()


# --- the floor: one hand-written DuckDB query ---------------------------------------------------

def floor_sql(source: str) -> str:
    """The stage funnel in one query: each row's next row of each later stage (a window minimum
    over the following rows), chained from each entry by joins, cut at the window; the best
    attempt per user; entered per stage."""
    cases = " ".join(f"WHEN '{event}' THEN {n}" for n, event in enumerate(STAGES, 1))
    nexts = ", ".join(f"min(CASE WHEN s = {n} THEN k END) OVER w AS n{n}" for n in range(2, len(STAGES) + 1))
    joins, level = [], ["1"]
    for n in range(2, len(STAGES) + 1):
        prev = "e" if n == 2 else f"r{n - 1}"
        joins.append(f"LEFT JOIN nxt r{n} ON r{n}.user_id = e.user_id AND r{n}.k = {prev}.n{n} AND r{n}.ts <= e.ts + {WINDOW_US}")
        level.append(f"(r{n}.k IS NOT NULL)::INTEGER")
    reached = " + ".join(level)
    return f"""
WITH rows AS (
  SELECT user_id, epoch_us(timestamp) AS ts, CASE event {cases} END AS s, file_row_number AS rn
  FROM read_parquet('{source}', file_row_number = true)
  WHERE event IN ({", ".join(f"'{e}'" for e in STAGES)})
), ordered AS (
  SELECT user_id, ts, s, row_number() OVER (PARTITION BY user_id ORDER BY ts, s, rn) AS k FROM rows
), nxt AS (
  SELECT *, {nexts} FROM ordered
  WINDOW w AS (PARTITION BY user_id ORDER BY k ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING)
), attempts AS (
  SELECT e.user_id, {reached} AS level
  FROM nxt e {" ".join(joins)}
  WHERE e.s = 1
), best AS (
  SELECT user_id, max(level) AS level FROM attempts GROUP BY user_id
)
SELECT {", ".join(f"count(*) FILTER (WHERE level >= {n})" for n in range(1, len(STAGES) + 1))} FROM best
"""


def run_floor(source: Path, memory_limit: str | None) -> list[int]:
    import duckdb

    connection = duckdb.connect()
    if memory_limit:
        connection.execute(f"SET memory_limit = '{memory_limit}'")
    row = connection.execute(floor_sql(str(source))).fetchone()
    assert row is not None
    return [int(n) for n in row]


# --- pandas doing the same work -------------------------------------------------------------

def run_pandas(source: Path) -> list[int]:
    import numpy as np
    import pandas as pd

    frame = pd.read_parquet(source, columns=["user_id", "timestamp", "event"])
    frame["rn"] = np.arange(len(frame))
    frame = frame[frame["event"].isin(STAGES)]
    frame["s"] = frame["event"].map({event: n for n, event in enumerate(STAGES, 1)}).astype("int8")
    frame["ts"] = frame["timestamp"].dt.as_unit("us").astype("int64")
    frame = frame.sort_values(["user_id", "ts", "s", "rn"], kind="stable")
    user = frame["user_id"].astype("category").cat.codes.to_numpy()
    ts, stage = frame["ts"].to_numpy(), frame["s"].to_numpy()
    positions = np.arange(len(frame))
    entries = positions[stage == 1]
    at, alive, level = entries.copy(), np.ones(len(entries), dtype=bool), np.ones(len(entries), dtype=np.int8)
    for n in range(2, len(STAGES) + 1):
        of_stage = positions[stage == n]
        # The next row of stage n strictly after the current one, if it is the same user's, in the window.
        index = np.searchsorted(of_stage, at, side="right")
        found = index < len(of_stage)
        nxt = of_stage[np.minimum(index, len(of_stage) - 1)] if len(of_stage) else at
        ok = alive & found & (user[nxt] == user[entries]) & (ts[nxt] <= ts[entries] + WINDOW_US)
        level += ok
        alive, at = ok, np.where(ok, nxt, at)
    best = pd.Series(level).groupby(user[entries]).max()
    return [int((best >= n).sum()) for n in range(1, len(STAGES) + 1)]


# --- running and timing ----------------------------------------------------------------------------

@dataclass
class Result:
    wall: float
    cpu: float  # user + system: the figure to compare on a shared machine, where others stretch wall time
    peak_mb: float
    entered: list[int] | None
    code: int


def run_child(argv: list[str]) -> tuple[Result, str, str]:
    """Run ``argv`` as a child, reaped with wait4 so its own rusage (peak RSS) is this child's alone."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(argv, stdout=out, stderr=err, cwd=ROOT, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        out.seek(0), err.seek(0)
        return Result(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, None, process.returncode), out.read(), err.read()


def bench_measure(journey: Path, source: Path, memory_limit: str | None, extra: list[str]) -> Result:
    argv = [CJMAP, "measure", str(journey), "--events", str(source), "--columns", COLUMNS, "-f", "json", *extra]
    if memory_limit:
        argv += ["--memory-limit", memory_limit]
    result, out, err = run_child(argv)
    if result.code == 0:
        funnel = json.loads(out)["funnel"]
        result.entered = [row["entered"] for row in funnel]
    else:
        print(f"cjmap measure failed ({result.code}):\n{err}", file=sys.stderr)
    return result


def bench_worker(kind: str, source: Path, memory_limit: str | None) -> Result:
    argv = [sys.executable, __file__, "--worker", kind, str(source)] + (["--memory-limit", memory_limit] if memory_limit else [])
    result, out, err = run_child(argv)
    if result.code == 0:
        result.entered = json.loads(out)
    else:
        print(f"{kind} failed ({result.code}):\n{err}", file=sys.stderr)
    return result


def row(size: str, what: str, result: Result, floor: Result | None) -> str:
    both = floor is not None and floor.code == 0 and result.code == 0
    ratio = f"{result.wall / floor.wall:.2f}× / {result.cpu / floor.cpu:.2f}×" if both and floor is not None else ""
    state = "" if result.code == 0 else f" (exit {result.code})"
    return f"| {size} | {what}{state} | {result.wall:.1f} s | {result.cpu:.1f} s | {result.peak_mb:,.0f} MB | {ratio} |"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", "--events-count", help="comma-separated event counts (default 1 M and 10 M; --quick: 20,000)")
    parser.add_argument("--memory-limit", help="passed to cjmap measure and to the floor (DuckDB memory_limit), e.g. 2GB")
    parser.add_argument("--only", choices=("measure", "floor", "pandas"), action="append", help="run only these (repeatable)")
    parser.add_argument("--quick", action="store_true", help="a smoke run: small sizes, results still checked")
    parser.add_argument("--csv-gb", type=float, help="also measure a CSV of about this many GB (generated once, kept in --folder)")
    parser.add_argument("--folder", type=Path, help="where the generated files live (kept between runs); default a temporary folder")
    parser.add_argument("--engine", default="duckdb", help="cjmap measure's --engine")
    parser.add_argument("--worker", nargs=2, metavar=("KIND", "FILE"), help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--generate-format", default="parquet", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        kind, source = args.worker
        if kind == "generate":
            write_events(args.count, Path(source), args.generate_format)
            return 0
        print(json.dumps(run_floor(Path(source), args.memory_limit) if kind == "floor" else run_pandas(Path(source))))
        return 0
    sizes = [int(float(n)) for n in (args.events or ("20000" if args.quick else "1000000,10000000")).split(",")]
    chosen = set(args.only or ("measure", "floor", "pandas"))
    with tempfile.TemporaryDirectory(prefix="cjmap-bench-measure-") as scratch:
        folder = args.folder or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        journey = folder / "bench-shop.journey.yaml"
        journey.write_text(JOURNEY, encoding="utf-8")
        lines = ["| events | program | wall | CPU | peak RSS | × floor (wall / CPU) |", "|---:|---|---:|---:|---:|---:|"]
        disagree = False
        for size in sizes:
            source = generate(size, folder)
            results: dict[str, Result] = {}
            for kind in ("floor", "measure", "pandas"):
                if kind not in chosen:
                    continue
                if kind == "measure":
                    results[kind] = bench_measure(journey, source, args.memory_limit, ["--engine", args.engine])
                else:
                    results[kind] = bench_worker(kind, source, args.memory_limit)
            floor = results.get("floor")
            for kind, result in results.items():
                lines.append(row(f"{size:,}", kind, result, floor))
            answers = {kind: r.entered for kind, r in results.items() if r.code == 0}
            if len({json.dumps(a) for a in answers.values()}) > 1 or any(r.code != 0 for r in results.values()):
                disagree = True
                print(f"{size:,} events: the programs disagree or failed: {answers}", file=sys.stderr)
            else:
                print(f"{size:,} events: entered per stage {next(iter(answers.values()), None)} (all agree)", file=sys.stderr)
        if args.csv_gb:
            source = generate_csv(args.csv_gb, folder)
            result = bench_measure(journey, source, args.memory_limit, ["--engine", args.engine])
            lines.append(row(f"CSV {source.stat().st_size / 1e9:.1f} GB", "measure", result, None))
            disagree |= result.code != 0
        print("\n".join(lines))
    return 1 if disagree else 0


def generate_csv(gigabytes: float, folder: Path) -> Path:
    """A CSV of about ``gigabytes`` (rows of ~105 bytes with the page column)."""
    return generate(int(gigabytes * 1e9 / 105), folder, "csv")


if __name__ == "__main__":
    sys.exit(main())
