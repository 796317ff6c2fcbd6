"""The funnel SQL against a plain-Python reading of the definitions, on random event tables full
of ties (hourly timestamps), repeats, failures between steps, several touchpoints per stage and
a period cutting through the data: reach, failed, events, the stage funnel (best attempt, greedy
steps within the window, time to convert) and the edges must be equal, number for number.
"""

from __future__ import annotations

import datetime
import itertools
import random
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import pytest

from cjmap.measure.definition import Options
from cjmap.measure.numbers import rounded
from cjmap.measure.run import measure_journey
from measure_cases import DAY, HOUR, EventsStub, Row, TableEngine, journey_of

JOURNEY = journey_of("""
cjmap: 1
journey: {id: reference, title: Reference, measure: {window: 1d}}
personas: [{id: anyone}]
stages:
  - id: s0
    touchpoints:
      - {id: t0, name: T0, events: e0}
      - {id: t1, name: T1, events: [e1]}
  - id: s1
    touchpoints:
      - {id: t2, name: T2, events: e2, fails: [x2]}
  - id: s2
    touchpoints:
      - {id: t3, name: T3, events: e3}
      - {id: t4, name: T4, events: e4}
""")
STAGE_OF = {0: 0, 1: 0, 2: 1, 3: 2, 4: 2}
IDS = ["t0", "t1", "t2", "t3", "t4"]
WINDOW = DAY
PERIOD = (datetime.date(1970, 1, 2), datetime.date(1970, 1, 4))
START, END = DAY, 4 * DAY


@dataclass(frozen=True)
class Hit:
    ts: int
    tp: int
    row_no: int
    failed: bool


def random_rows(seed: int) -> list[Row]:
    rng = random.Random(seed)
    rows = []
    for user in range(rng.randrange(20, 60)):
        for _ in range(rng.randrange(1, 14)):
            event = rng.choice(["e0", "e0", "e1", "e2", "e2", "x2", "e3", "e4", "noise"])
            rows.append(Row(f"u{user}", rng.randrange(0, 6 * 24) * HOUR, event))
    rng.shuffle(rows)
    return rows


def hits_by_user(rows: list[Row]) -> dict[str, list[Hit]]:
    names = {"e0": (0, False), "e1": (1, False), "e2": (2, False), "x2": (2, True), "e3": (3, False), "e4": (4, False)}
    found: dict[str, list[Hit]] = defaultdict(list)
    for row_no, row in enumerate(rows):
        if row.event in names:
            tp, failed = names[row.event]
            assert row.user is not None
            found[row.user].append(Hit(row.ts, tp, row_no, failed))
    return {user: sorted(hits, key=lambda h: (h.ts, h.tp, h.row_no)) for user, hits in found.items()}


def attempt(events: list[Hit], start: int) -> tuple[int, list[int]]:
    """Greedy from the entry at ``start``: (level, seconds from the entry to each later step)."""
    t0, position, times = events[start].ts, start, []
    for stage in (1, 2):
        following = next((i for i in range(position + 1, len(events)) if STAGE_OF[events[i].tp] == stage), None)
        if following is None or events[following].ts > t0 + WINDOW:
            break
        position = following
        times.append(events[following].ts - t0)
    return 1 + len(times), times


def reference(rows: list[Row]) -> dict[str, Any]:
    reach: dict[int, set[str]] = defaultdict(set)
    failed: dict[int, set[str]] = defaultdict(set)
    counts: dict[int, int] = defaultdict(int)
    best: dict[str, tuple[int, list[int]]] = {}
    edges: dict[tuple[int, int], list[str]] = defaultdict(list)
    for user, hits in hits_by_user(rows).items():
        for hit in hits:
            if START <= hit.ts < END:
                (failed if hit.failed else reach)[hit.tp].add(user)
                counts[hit.tp] += 0 if hit.failed else 1
        events = [h for h in hits if not h.failed]
        tries = [attempt(events, i) for i, h in enumerate(events) if STAGE_OF[h.tp] == 0 and START <= h.ts < END]
        if tries:
            best[user] = max(tries, key=lambda t: t[0])  # max keeps the first (earliest) of equals
        for before, after in itertools.pairwise(events):
            if before.tp != after.tp and START <= before.ts < END:
                edges[(before.tp, after.tp)].append(user)
    funnel = []
    for k in range(3):
        entered = sum(1 for level, _ in best.values() if level >= k + 1)
        row: dict[str, Any] = {"entered": entered}
        if k < 2:
            times = sorted(Fraction(t[k], 1_000_000) for level, t in best.values() if level >= k + 2)
            row["converted"] = len(times)
            row["time_to_convert"] = None if not times else {
                "p50": rounded(_percentile(times, Fraction(1, 2)), 3), "p90": rounded(_percentile(times, Fraction(9, 10)), 3),
                "mean": rounded(sum(times) / len(times), 3)}
        funnel.append(row)
    return {
        "touchpoints": [(IDS[tp], len(reach[tp]), len(failed[tp]), counts[tp]) for tp in range(5)],
        "funnel": funnel,
        "edges": {(IDS[a], IDS[b]): (len(users), len(set(users))) for (a, b), users in edges.items()},
    }


def _percentile(ordered: list[Fraction], p: Fraction) -> Fraction:
    position = (len(ordered) - 1) * p
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@pytest.mark.parametrize("seed", range(12))
def test_the_sql_funnel_equals_the_definitions_read_in_python(seed: int) -> None:
    rows = random_rows(seed)
    engine = TableEngine(rows)
    measured = measure_journey(JOURNEY, journey_name="reference", events=EventsStub(), fields=None, options=Options(period=PERIOD), engine=engine)
    wanted = reference(rows)
    assert [(t["id"], t["reach"], t["failed"], t["events"]) for t in measured["touchpoints"]] == wanted["touchpoints"]
    assert [{key: row[key] for key in wanted_row} for row, wanted_row in zip(measured["funnel"], wanted["funnel"], strict=True)] == wanted["funnel"]
    seen = {(e["from"], e["to"]): (e["count"], e["units"]) for e in measured["edges"] if e["count"]}
    assert seen == wanted["edges"]


def test_the_random_tables_hold_the_hard_cases() -> None:
    """The seeds above really exercise ties, failures between steps and several attempts."""
    ties = failures_between = reentries = 0
    for seed in range(12):
        for hits in hits_by_user(random_rows(seed)).values():
            ties += sum(1 for a, b in itertools.pairwise(hits) if a.ts == b.ts and a.tp != b.tp)
            failures_between += sum(1 for a, b, c in zip(hits, hits[1:], hits[2:], strict=False) if b.failed and not a.failed and not c.failed)
            reentries += sum(1 for h in hits if h.tp in (0, 1)) > 1
    assert min(ties, failures_between, reentries) > 20
