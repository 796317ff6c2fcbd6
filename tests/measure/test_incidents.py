"""`cjmap measure` finds what went wrong in a shop (issue 18, Deliver 4): seeded clickstreams of
tests/measure_data.py, clean or with one incident switched on, measured as a flat CSV export (the
English map, tests/data/measure/laptop-purchase.journey.yaml) and as GA4's BigQuery export (the
Spanish map, compra-portatil.journey.yaml, whose rules differ: a regex, an exact page, a `where:`).

Each incident must show as its deviation, and only it; the clean shop shows none. The reach,
events and edges are checked against what the generator knows it wrote (plain Python on the
events, not SQL), and the two exports must give the same numbers.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import DATA, cli
from measure_data import FLAT_OPTION, Event, Incidents, clickstream, write_flat_csv, write_ga4_parquet

# The generator's names (the English map's ids) → the Spanish map's.
SPANISH = {
    "landing": "aterrizaje", "product": "producto", "compare": "comparar", "cart": "carrito", "checkout": "envio", "pay": "pago",
    "purchase": "compra", "support": "soporte", "subscriber": "suscriptora", "searcher": "buscador",
    "discover": "descubrir", "consider": "considerar", "buy": "comprar", "order": "pedido", "aftercare": "posventa",
}
ORDER = ("landing", "product", "compare", "cart", "checkout", "pay", "purchase", "support")
PLANNED = {("landing", "product"), ("product", "compare"), ("product", "cart"), ("compare", "cart"), ("cart", "checkout"), ("checkout", "pay"),
           ("pay", "purchase"), ("purchase", "support")}


@dataclass(frozen=True)
class Shape:
    journey: Path
    write: Callable[[Sequence[Event], Path], Path]
    suffix: str
    options: tuple[str, ...]
    ids: dict[str, str]  # the generator's names → the journey's ids

    def id(self, name: str) -> str:
        return self.ids.get(name, name)


SHAPES = {
    "flat": Shape(DATA / "measure" / "laptop-purchase.journey.yaml", write_flat_csv, ".csv", ("--columns", FLAT_OPTION), {}),
    "ga4": Shape(DATA / "measure" / "compra-portatil.journey.yaml", write_ga4_parquet, ".parquet", ("--source", "ga4"), SPANISH),
}
INCIDENTS = {
    "clean": Incidents(),
    "payment_errors": Incidents(payment_errors=True),
    "broken_step": Incidents(broken_step=True),
    "shortcut": Incidents(shortcut=True),
    "bounce_back": Incidents(bounce_back=True),
    "weak_campaign": Incidents(weak_campaign=True),
}


class Shop:
    """Generated events per incident, written per shape, measured once per argument list."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.events: dict[str, list[Event]] = {}
        self.runs: dict[tuple[str, ...], dict[str, Any]] = {}

    def of(self, incident: str) -> list[Event]:
        if incident not in self.events:
            self.events[incident] = clickstream(incidents=INCIDENTS[incident])
        return self.events[incident]

    def file(self, shape: str, incident: str) -> Path:
        target = self.folder / f"{incident}{SHAPES[shape].suffix}"
        if not target.exists():
            SHAPES[shape].write(self.of(incident), target)
        return target

    def measure(self, shape: str, incident: str, *extra: str) -> dict[str, Any]:
        key = (shape, incident, *extra)
        if key not in self.runs:
            s = SHAPES[shape]
            run = cli("measure", str(s.journey), "--events", str(self.file(shape, incident)), *s.options, "-f", "json", *extra)
            assert run.code == 0, run.stderr
            self.runs[key] = json.loads(run.stdout)
        return self.runs[key]


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Shop:
    return Shop(tmp_path_factory.mktemp("shop"))


# --- what the generator knows it wrote (plain Python) ----------------------------------------

@dataclass(frozen=True)
class Truth:
    rows: int
    matched: int
    units: int
    reach: dict[str, int]
    events: dict[str, int]
    failed: dict[str, int]
    edges: dict[tuple[str, str], tuple[int, int]]  # (from, to) → (transitions, users)


def truth(events: Sequence[Event]) -> Truth:
    reach: dict[str, set[str]] = defaultdict(set)
    failed: dict[str, set[str]] = defaultdict(set)
    count: Counter[str] = Counter()
    paths: dict[tuple[str, int], list[str]] = defaultdict(list)
    for e in events:
        if e.touchpoint:
            reach[e.touchpoint].add(e.user)
            count[e.touchpoint] += 1
            paths[(e.user, e.session)].append(e.touchpoint)
        if e.failure:
            failed[e.failure].add(e.user)
    transitions: Counter[tuple[str, str]] = Counter()
    users: dict[tuple[str, str], set[str]] = defaultdict(set)
    for (user, _), path in paths.items():
        steps = [tp for i, tp in enumerate(path) if i == 0 or path[i - 1] != tp]  # repeats collapsed
        for edge in itertools.pairwise(steps):
            transitions[edge] += 1
            users[edge].add(user)
    return Truth(
        rows=len(events), matched=sum(1 for e in events if e.touchpoint or e.failure), units=len(set().union(*reach.values())),
        reach={tp: len(reach[tp]) for tp in ORDER}, events={tp: count[tp] for tp in ORDER}, failed={tp: len(failed[tp]) for tp in ORDER},
        edges={edge: (n, len(users[edge])) for edge, n in transitions.items()},
    )


def deviations(result: dict[str, Any]) -> set[tuple[str, ...]]:
    return {(d["kind"], d["touchpoint"]) if "touchpoint" in d else (d["kind"], d["from"], d["to"]) for d in result["deviations"]}


# --- the numbers are the generator's ---------------------------------------------------------

@pytest.mark.parametrize("shape", SHAPES)
def test_reach_events_and_edges_are_what_was_generated(shop: Shop, shape: str) -> None:
    result, known, s = shop.measure(shape, "clean"), truth(shop.of("clean")), SHAPES[shape]
    assert result["events"]["rows"] == known.rows
    assert result["events"]["matched"] == known.matched
    assert result["events"]["unmatched"] == known.rows - known.matched
    assert (result["events"]["ambiguous"], result["events"]["anonymous"]) == (0, 0)
    assert result["units"] == known.units
    assert result["definition"]["source"] == ("ga4" if shape == "ga4" else "events")
    assert [tp["id"] for tp in result["touchpoints"]] == [s.id(tp) for tp in ORDER]
    for tp in result["touchpoints"]:
        name = next(n for n in ORDER if s.id(n) == tp["id"])
        assert (tp["reach"], tp["events"], tp["failed"]) == (known.reach[name], known.events[name], known.failed[name]), name
    edges = {(e["from"], e["to"]): e for e in result["edges"]}
    assert set(edges) == {(s.id(a), s.id(b)) for a, b in known.edges} | {(s.id(a), s.id(b)) for a, b in PLANNED}
    for (a, b), (transitions, users) in known.edges.items():
        edge = edges[(s.id(a), s.id(b))]
        assert (edge["count"], edge["units"], edge["planned"]) == (transitions, users, (a, b) in PLANNED)
        assert edge["conversion"] == pytest.approx(users / known.reach[a], abs=0.00005)


def test_flat_and_ga4_exports_of_the_same_events_give_the_same_numbers(shop: Shop) -> None:
    flat, ga4 = shop.measure("flat", "clean"), shop.measure("ga4", "clean")
    spanish = SHAPES["ga4"].id
    # The two exports name the events nobody maps differently (GA4's compare_models is a flat page_view),
    # so only their top_unmatched differs.
    counted = ("rows", "matched", "unmatched", "ambiguous", "anonymous", "unseen")
    assert {key: flat["events"][key] for key in counted} == {key: ga4["events"][key] for key in counted}
    assert flat["units"] == ga4["units"]
    assert [{**tp, "id": spanish(tp["id"]), "stage": spanish(tp["stage"])} for tp in flat["touchpoints"]] == ga4["touchpoints"]
    assert [{**e, "from": spanish(e["from"]), "to": spanish(e["to"])} for e in flat["edges"]] == ga4["edges"]
    funnel = [(row["stage"], row["entered"], row["converted"]) for row in ga4["funnel"]]
    assert [(spanish(row["stage"]), row["entered"], row["converted"]) for row in flat["funnel"]] == funnel
    assert [k["actual"] for k in flat["kpis"] if k["metric"] != "time_on_page"] == [k["actual"] for k in ga4["kpis"] if k["metric"] != "time_on_page"]


def test_the_clean_shop_measures_every_kpi_and_deviates_nowhere(shop: Shop) -> None:
    result = shop.measure("flat", "clean")
    assert result["deviations"] == []
    assert [row["stage"] for row in result["funnel"]] == ["discover", "consider", "buy", "order", "aftercare"]
    assert result["definition"]["unmeasured_stages"] == [] and result["definition"]["entry"] == "discover"
    for kpi in result["kpis"]:
        assert kpi["actual"] is not None, kpi
    kpis = {k["id"]: k for k in result["kpis"]}
    assert 0 < kpis["cart-abandonment"]["actual"] < 100
    assert 0 < kpis["product-time"]["actual"] < 300  # seconds: the generator's steps are 8–240 s apart
    assert 700 < kpis["order-value"]["actual"] < 2300  # one laptop each: the price range of measure_data.PRODUCTS


# --- each incident, and only it ---------------------------------------------------------------

EXPECTED = {
    "clean": set(),
    "payment_errors": {("failing", "pay")},
    "broken_step": {("missing", "compare"), ("missing", "product", "compare")},
    "shortcut": {("ad-hoc", "product", "pay")},
    "bounce_back": {("irregular", "pay", "cart")},
    "weak_campaign": set(),  # no path changes: it shows in the breakdown (below)
}


@pytest.mark.parametrize("incident", EXPECTED)
@pytest.mark.parametrize("shape", SHAPES)
def test_each_incident_shows_as_its_deviation(shop: Shop, shape: str, incident: str) -> None:
    s = SHAPES[shape]
    result, known = shop.measure(shape, incident), truth(shop.of(incident))
    assert deviations(result) == {(kind, *(s.id(name) for name in names)) for kind, *names in EXPECTED[incident]}
    for found in result["deviations"]:
        if found["kind"] == "failing":
            assert found["count"] == known.failed["pay"]
            assert found["share"] == pytest.approx(known.failed["pay"] / known.reach["pay"], abs=0.0001)
        elif found["kind"] in ("ad-hoc", "irregular"):
            a, b = ("product", "pay") if found["kind"] == "ad-hoc" else ("pay", "cart")
            assert found["count"] == known.edges[(a, b)][0]
            out = sum(n for (start, _), (n, _) in known.edges.items() if start == a)
            assert found["share"] == pytest.approx(known.edges[(a, b)][0] / out, abs=0.0001)


def test_the_text_report_names_the_incident(shop: Shop) -> None:
    s = SHAPES["flat"]
    run = cli("measure", str(s.journey), "--events", str(shop.file("flat", "payment_errors")), *s.options)
    assert run.code == 0, run.stderr
    assert "failing" in run.stdout and "pay" in run.stdout


# --- a campaign converting worse shows in the persona breakdown ---------------------------------

def conversion_by_persona(result: dict[str, Any]) -> dict[str | None, float]:
    """Per persona group: the share of the units entering the funnel that reach the order stage."""
    groups = result["breakdown"]["groups"]
    return {g["key"]: g["funnel"][3]["entered"] / g["funnel"][0]["entered"] for g in groups}


@pytest.mark.parametrize("shape", SHAPES)
def test_a_weak_campaign_shows_in_the_persona_breakdown(shop: Shop, shape: str) -> None:
    s = SHAPES[shape]
    subscriber, searcher = s.id("subscriber"), s.id("searcher")
    clean = shop.measure(shape, "clean", "--by", "persona")
    weak = shop.measure(shape, "weak_campaign", "--by", "persona")
    assert weak["breakdown"]["by"] == "persona"
    assert [g["key"] for g in weak["breakdown"]["groups"]] == [subscriber, searcher, None]  # organic visitors: no persona
    # Every unit is in exactly one group.
    assert sum(g["units"] for g in weak["breakdown"]["groups"]) == weak["units"]
    before, after = conversion_by_persona(clean), conversion_by_persona(weak)
    assert 0.75 < before[subscriber] / before[searcher] < 1.33  # the clean shop: both convert alike
    assert after[subscriber] / after[searcher] < 0.6  # the campaign: subscribers rarely order
    assert after[searcher] == pytest.approx(before[searcher], rel=0.25)  # searchers are not affected
