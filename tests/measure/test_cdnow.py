"""`cjmap measure` on real data nobody here wrote: CDNOW's purchases (issue 18, Deliver 4).

CDNOW_master.txt (in the `lifetimes` wheel on the package index) holds every purchase of the 23,570
customers who first bought at CDNOW in the first quarter of 1997, until the end of June 1998: one
line per purchase, ``customer_id date number_of_cds dollar_value``. The test turns it into the table
a shop would export (one row per purchase), measures repeat purchase, retention and customer
lifetime value with the CLI, and checks each number against plain Python on the raw file, with the
definitions of docs/measure.md:

- pair conversion from purchase to purchase within W: a customer converts when some purchase is
  followed by another one (a later row, the same day included) at most W later; the rate is
  converting customers / customers with a purchase in the period, in percent;
- clv: the mean, over customers with a purchase in the period, of their purchases' total value.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import DATA, cli, run_cjmap_raw
from measure_data import cdnow_master

JOURNEY = DATA / "measure" / "cdnow.journey.yaml"
COLUMNS = "user=customer_id,time=date,event=event,value=dollars"


@dataclass(frozen=True)
class Purchase:
    customer: str
    day: date
    cds: int
    dollars: float


def read_cdnow(text: str) -> list[Purchase]:
    """The raw file, line by line: whitespace-separated, a header line first, dates as YYYYMMDD."""
    lines = text.splitlines()
    assert lines[0].split() == ["customer_id", "date", "number_of_cds", "dollar_value"]
    purchases = []
    for line in lines[1:]:
        customer, day, cds, dollars = line.split()
        purchases.append(Purchase(customer, date(int(day[:4]), int(day[4:6]), int(day[6:])), int(cds), float(dollars)))
    return purchases


def write_events(purchases: list[Purchase], path: Path) -> Path:
    """The export a shop would hand over: one `purchase` event per line of the file, in its order."""
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["customer_id", "date", "event", "dollars", "cds"])
        for p in purchases:
            writer.writerow([p.customer, p.day.strftime("%Y%m%d"), "purchase", f"{p.dollars:.2f}", p.cds])
    return path


@pytest.fixture(scope="module")
def purchases() -> list[Purchase]:
    return read_cdnow(cdnow_master())


@pytest.fixture(scope="module")
def events_csv(purchases: list[Purchase], tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_events(purchases, tmp_path_factory.mktemp("cdnow") / "cdnow-purchases.csv")


# --- the independent computation: plain Python on the raw purchases -------------------------

def days_by_customer(purchases: list[Purchase]) -> dict[str, list[date]]:
    days: dict[str, list[date]] = defaultdict(list)
    for p in purchases:
        days[p.customer].append(p.day)
    return {customer: sorted(found) for customer, found in days.items()}


def repeat_rate(purchases: list[Purchase], within_days: int, *, since: date = date.min, until: date = date.max) -> float:
    """% of customers with a purchase in [since, until] that buy again at most ``within_days`` after
    one of those purchases. Sorted by day, the purchase right after an entry is the earliest
    "later" one (ties: the next row), so looking at each entry's successor is enough."""
    entered = converted = 0
    for days in days_by_customer(purchases).values():
        entries = [i for i, day in enumerate(days) if since <= day <= until]
        if not entries:
            continue
        entered += 1
        if any(i + 1 < len(days) and days[i + 1] - days[i] <= timedelta(days=within_days) for i in entries):
            converted += 1
    return 100 * converted / entered


def lifetime_value(purchases: list[Purchase]) -> float:
    totals: dict[str, float] = defaultdict(float)
    for p in purchases:
        totals[p.customer] += p.dollars
    return sum(totals.values()) / len(totals)


# --- the data set is the one everyone knows ------------------------------------------------

def test_the_file_is_cdnow_as_published(purchases: list[Purchase]) -> None:
    assert len(purchases) == 69659
    assert len({p.customer for p in purchases}) == 23570
    assert min(p.day for p in purchases) == date(1997, 1, 1)
    assert max(p.day for p in purchases) == date(1998, 6, 30)
    # The cohort: every customer's first purchase is in the first quarter of 1997.
    first = {customer: days[0] for customer, days in days_by_customer(purchases).items()}
    assert max(first.values()) <= date(1997, 3, 31)


# --- measure ----------------------------------------------------------------------------------

def arguments(events_csv: Path, *extra: str) -> tuple[str, ...]:
    return ("measure", str(JOURNEY), "--events", str(events_csv), "--columns", COLUMNS, "--time-format", "%Y%m%d", "-f", "json", *extra)


def measure(events_csv: Path, *extra: str) -> dict[str, Any]:
    run = cli(*arguments(events_csv, *extra))
    assert (run.code, run.stderr) == (0, ""), run.stderr
    result: dict[str, Any] = json.loads(run.stdout)
    return result


def kpi(result: dict[str, Any], kpi_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(k for k in result["kpis"] if k["id"] == kpi_id)
    return found


@pytest.fixture(scope="module")
def measured(events_csv: Path) -> dict[str, Any]:
    return measure(events_csv)


def test_counts_every_purchase_and_customer(measured: dict[str, Any]) -> None:
    assert measured["journey"] == "cdnow"
    assert measured["definition"]["period"] == {"from": "1997-01-01", "to": "1998-06-30"}
    assert measured["definition"]["unit"] == "user"
    assert measured["definition"]["window"] == "90d"
    assert measured["events"] == {"rows": 69659, "matched": 69659, "unmatched": 0, "ambiguous": 0, "anonymous": 0, "unseen": [], "top_unmatched": []}
    assert measured["units"] == 23570
    assert measured["touchpoints"] == [{"id": "purchase", "stage": "buying", "reach": 23570, "failed": 0, "events": 69659}]
    # One stage: everyone enters it, and there is no next stage to convert to.
    [row] = measured["funnel"]
    assert (row["stage"], row["entered"], row["converted"], row["conversion"]) == ("buying", 23570, None, None)
    # Buying again is the same touchpoint: consecutive repeats are no path, so no edge, no deviation.
    assert measured["edges"] == []
    assert measured["deviations"] == []


def test_repeat_purchase_retention_and_lifetime_value_match_plain_python(measured: dict[str, Any], purchases: list[Purchase]) -> None:
    repeat, retention, clv = kpi(measured, "repeat-90d"), kpi(measured, "retention-365d"), kpi(measured, "clv")
    assert repeat["metric"] == "conversion_rate"
    assert repeat["actual"] == pytest.approx(repeat_rate(purchases, 90), abs=0.005)
    assert retention["actual"] == pytest.approx(repeat_rate(purchases, 365), abs=0.005)
    assert clv["metric"] == "clv"
    assert clv["actual"] == pytest.approx(lifetime_value(purchases), abs=0.005)
    # Sanity of the definitions themselves: a longer window converts at least as many, and about
    # half of CDNOW's customers never come back (the data set's best-known fact).
    assert 0 < repeat["actual"] < retention["actual"] < 60
    assert repeat["on_target"] is (repeat["actual"] >= 30)


def test_a_period_counts_the_entries_inside_it(events_csv: Path, purchases: list[Purchase]) -> None:
    """1998's customers: entries only in 1998, repeats measured on what follows (until June 30)."""
    result = measure(events_csv, "--period", "1998-01-01..1998-06-30")
    in_1998 = [p for p in purchases if p.day.year == 1998]
    assert result["definition"]["period"] == {"from": "1998-01-01", "to": "1998-06-30"}
    assert result["units"] == len({p.customer for p in in_1998})
    assert result["touchpoints"][0]["events"] == len(in_1998)
    repeat = kpi(result, "repeat-90d")["actual"]
    assert repeat == pytest.approx(repeat_rate(purchases, 90, since=date(1998, 1, 1), until=date(1998, 6, 30)), abs=0.005)
    assert kpi(result, "clv")["actual"] == pytest.approx(lifetime_value(in_1998), abs=0.005)


def test_the_first_quarter_of_1997_holds_every_customer(events_csv: Path) -> None:
    result = measure(events_csv, "--period", "1997-01-01..1997-03-31")
    assert result["units"] == 23570


def test_spark_gives_the_same_json(events_csv: Path) -> None:
    """The same real data on the Spark engine: byte for byte the DuckDB output. In its own process,
    so its JVM ends with it (the test process keeps at most one Spark session, H3's)."""
    duck = cli(*arguments(events_csv))
    # 69,659 rows took Spark 106 s on two cores other tests kept busy (its start-up included): room for that.
    spark = run_cjmap_raw(*arguments(events_csv, "--engine", "spark"), timeout=600).decoded()
    assert (spark.code, spark.stderr) == (0, ""), spark.stderr
    assert spark.stdout == duck.stdout
