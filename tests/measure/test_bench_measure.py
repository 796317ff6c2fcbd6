"""bench/measure.py keeps working (issue 18, Deliver 6): a tiny --quick run, whose three programs
(the whole `cjmap measure`, the hand-written DuckDB floor, pandas) must agree on every stage's
entered count, and the floor's query agrees with a plain-Python funnel on the same generated rows.
The benchmark itself never runs here (its figures are in docs/performance.md)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from types import ModuleType

from conftest import ROOT

BENCH = ROOT / "bench" / "measure.py"


def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_measure", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_the_quick_run_agrees_and_prints_its_table(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(BENCH), "--events", "20000", "--quick", "--folder", str(tmp_path)],
                          capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "(all agree)" in done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("| 20,000 |")]
    assert [row.split("|")[2].strip() for row in rows] == ["floor", "measure", "pandas"]


def test_the_floor_is_the_funnel_of_the_definition(tmp_path: Path) -> None:
    """The floor against the definition, written out: per user, each entry's greedy chain of the
    next stage's earliest later row (order: time, stage, row) within 7 days; the best chain counts."""
    import duckdb

    b = bench()
    source = b.generate(20000, tmp_path)
    rows = duckdb.sql(f"SELECT user_id, epoch_us(timestamp), event, file_row_number FROM read_parquet('{source}', file_row_number = true)").fetchall()
    stage = {event: n for n, event in enumerate(b.STAGES, 1)}
    by_user: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for user, ts, event, row in rows:
        if event in stage:
            by_user[user].append((ts, stage[event], row))
    best: dict[str, int] = {}
    for user, events in by_user.items():
        events.sort()
        for i, (t0, s, _) in enumerate(events):
            if s != 1:
                continue
            at, level = i, 1
            for n in range(2, len(b.STAGES) + 1):
                nxt = next((j for j in range(at + 1, len(events)) if events[j][1] == n), None)
                if nxt is None or events[nxt][0] > t0 + b.WINDOW_US:
                    break
                at, level = nxt, level + 1
            best[user] = max(best.get(user, 0), level)
    expected = [sum(1 for level in best.values() if level >= n) for n in range(1, len(b.STAGES) + 1)]
    assert expected[-1] > 0  # the data reaches the last stage: the check covers every step
    assert b.run_floor(source, None) == expected
    assert b.run_pandas(source) == expected
