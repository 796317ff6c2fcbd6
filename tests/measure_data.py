"""Event data for the measure tests that nobody wrote by hand: the real CDNOW purchases, and
seeded clickstreams of a laptop shop with incidents the tests switch on (issue 18).

CDNOW: the purchases of 23,570 CDNOW customers, 1997-01-01 to 1998-06-30, as the `lifetimes`
package ships them (lifetimes/datasets/CDNOW_master.txt in its wheel). :func:`cdnow_master`
downloads that wheel once per machine with pip (the package index, as a user would) and checks its
hash, so the test data is the published file, byte for byte.

Clickstreams: :func:`clickstream` makes the sessions of a laptop shop's customers (a landing page
from a campaign, product views, comparing, the cart, shipping and payment details, the purchase,
support) following the map of tests/data/measure/laptop-purchase*.journey.yaml, with noise a
real export has (session_start, page views of other pages, scrolls). Each :class:`Incidents` flag
bends the customers' behaviour the way a real incident would, so that `measure` has something to
find: :func:`write_flat_csv`, :func:`write_flat_parquet` and :func:`write_ga4_parquet` write the same
events as a flat table or in the shape of GA4's BigQuery export.
"""

from __future__ import annotations

import csv
import hashlib
import random
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

# The wheel the tests read CDNOW from, and its published hash: the data cannot change under them.
LIFETIMES = "lifetimes==0.11.3"
LIFETIMES_WHEEL = "Lifetimes-0.11.3-py3-none-any.whl"
LIFETIMES_SHA256 = "261e3dc89977c2b60767ca6728aaa29d429de0c814635070a749c36555895da8"
CDNOW_MEMBER = "lifetimes/datasets/CDNOW_master.txt"
# Outside the checkout (nothing to ignore in git) and kept between runs: one download per machine.
CACHE = Path(tempfile.gettempdir()) / "cjmap-test-cache"


def cdnow_master(cache: Path = CACHE) -> str:
    """The text of CDNOW_master.txt from the lifetimes wheel, downloaded with pip when not cached."""
    wheel = cache / LIFETIMES_WHEEL
    if not wheel.is_file() or _sha256(wheel) != LIFETIMES_SHA256:
        cache.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:", "--disable-pip-version-check", LIFETIMES, "-d", str(cache)]
        done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
        assert done.returncode == 0, f"pip download {LIFETIMES} failed:\n{done.stdout}\n{done.stderr}"
    assert _sha256(wheel) == LIFETIMES_SHA256, f"{wheel} is not the published {LIFETIMES} wheel"
    with zipfile.ZipFile(wheel) as archive:
        return archive.read(CDNOW_MEMBER).decode("ascii")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- clickstreams ---------------------------------------------------------------------------

SHOP = "https://shop.example"
START = datetime(2024, 3, 4, tzinfo=UTC)
DAYS = 56  # first visits spread over eight weeks
# The campaigns that bring customers to a landing page: (medium, source, campaign, landing path).
CHANNELS = (
    ("email", "newsletter", "spring-sale", "/laptops/spring-sale"),
    ("email", "newsletter", "students", "/laptops/students"),
    ("cpc", "google", "laptops-brand", "/laptops/brand"),
    ("organic", "google", None, "/laptops/all"),
)
CHANNEL_WEIGHTS = (25, 15, 35, 25)
PRODUCTS = (("xps-13", 1299.0), ("inspiron-14", 749.0), ("latitude-7450", 1649.0), ("xps-16", 2199.0))


@dataclass(frozen=True)
class Incidents:
    """What went wrong in the shop (all off: a shop that works as mapped)."""

    payment_errors: bool = False  # the payment provider fails a third of the payments (→ failing on pay)
    broken_step: bool = False  # the comparison page is gone: nobody reaches compare (→ missing)
    shortcut: bool = False  # a "buy now" button on the product page skips cart and checkout (→ ad-hoc product → pay)
    bounce_back: bool = False  # the payment page sends customers back to the cart (→ irregular pay → cart)
    weak_campaign: bool = False  # the email campaigns' landing prices do not match: email customers rarely buy (→ --by persona)


@dataclass(frozen=True)
class Event:
    """One row of the export. ``touchpoint`` is what the generator meant (None: noise, or a failure
    row, whose ``failure`` says of which touchpoint): the tests' ground truth, not a column."""

    user: str
    session: int
    ts: datetime
    event: str
    page: str | None = None
    value: float | None = None
    medium: str | None = None
    source: str | None = None
    campaign: str | None = None
    device: str = "desktop"
    touchpoint: str | None = None
    failure: str | None = None


@dataclass
class _Session:
    """The events of one visit, written as the customer moves."""

    user: str
    number: int
    device: str
    clock: datetime
    rng: random.Random
    events: list[Event] = field(default_factory=list)

    def emit(self, event: str, *, page: str | None = None, touchpoint: str | None = None, failure: str | None = None, value: float | None = None,
             medium: str | None = None, source: str | None = None, campaign: str | None = None) -> None:
        self.clock += timedelta(seconds=self.rng.randint(8, 240), microseconds=self.rng.randint(0, 999_999))
        self.events.append(Event(self.user, self.number, self.clock, event, page, value, medium, source, campaign, self.device, touchpoint, failure))

    def page_view(self, path: str, query: str = "") -> None:
        self.emit("page_view", page=f"{SHOP}{path}{query}")


def clickstream(users: int = 1500, *, seed: int = 18, incidents: Incidents = Incidents()) -> list[Event]:
    """Every event of ``users`` customers, in time order within each customer, customers in order."""
    rng = random.Random(seed)
    events: list[Event] = []
    for number in range(users):
        events.extend(_customer(f"c{number:05d}", rng, incidents))
    return events


def _customer(user: str, rng: random.Random, incidents: Incidents) -> Iterator[Event]:
    device = rng.choices(("desktop", "mobile", "tablet"), (55, 40, 5))[0]
    clock = START + timedelta(seconds=rng.uniform(0, DAYS * 86400))
    channel = rng.choices(CHANNELS, CHANNEL_WEIGHTS)[0]
    for number in range(1, 1 + rng.choices((1, 2, 3, 4), (45, 30, 15, 10))[0]):
        # GA4's ga_session_id is the session's start in epoch seconds.
        session = _Session(user, int(clock.timestamp()), device, clock, rng)
        # A first visit comes from a campaign; a later one from a campaign again or straight to a product.
        bought = _visit(session, channel if number == 1 or rng.random() < 0.5 else None, incidents)
        yield from session.events
        if bought:
            return
        clock = session.clock + timedelta(hours=rng.uniform(2, 96))
        channel = rng.choices(CHANNELS, CHANNEL_WEIGHTS)[0]


def _visit(s: _Session, channel: tuple[str, str, str | None, str] | None, incidents: Incidents) -> bool:
    """One session along the mapped path; returns whether it ended in a purchase."""
    rng = s.rng
    s.emit("session_start")
    weak = incidents.weak_campaign and channel is not None and channel[0] == "email"
    if channel is not None:
        medium, source, campaign, path = channel
        query = f"?utm_source={source}&utm_medium={medium}" + (f"&utm_campaign={campaign}" if campaign else "")
        s.emit("page_view", page=f"{SHOP}{path}{query}", touchpoint="landing", medium=medium, source=source, campaign=campaign)
        if rng.random() < 0.08:
            s.emit("scroll", page=f"{SHOP}{path}")
        if rng.random() < 0.25:  # left after the landing page (bounced or not: the scroll decides)
            return False
    else:
        s.page_view("/")
    product, price = rng.choice(PRODUCTS)
    s.page_view(f"/p/{product}")
    s.emit("view_item", page=f"{SHOP}/p/{product}", touchpoint="product")
    if rng.random() < 0.3:
        return False
    if incidents.shortcut and rng.random() < 0.3:
        return _pay(s, price, incidents)  # "buy now": straight to payment
    if not incidents.broken_step and rng.random() < 0.4:
        s.page_view("/compare")
        s.emit("compare_models", page=f"{SHOP}/compare", touchpoint="compare")
        if rng.random() < 0.2:
            return False
    if rng.random() < (0.95 if weak else 0.45):
        return False
    return _cart(s, price, incidents)


def _cart(s: _Session, price: float, incidents: Incidents, *, again: bool = False) -> bool:
    rng = s.rng
    s.emit("add_to_cart", page=f"{SHOP}/cart", touchpoint="cart", value=price)
    if rng.random() < 0.3:
        return False
    s.emit("add_shipping_info", page=f"{SHOP}/checkout/shipping", touchpoint="checkout")
    if rng.random() < 0.15:
        return False
    return _pay(s, price, incidents, again=again)


def _pay(s: _Session, price: float, incidents: Incidents, *, again: bool = False) -> bool:
    rng = s.rng
    s.emit("add_payment_info", page=f"{SHOP}/checkout/payment", touchpoint="pay")
    if incidents.bounce_back and not again and rng.random() < 0.3:
        return _cart(s, price, incidents, again=True)  # back to the cart to change something
    if rng.random() < (0.35 if incidents.payment_errors else 0.01):
        s.emit("payment_error", page=f"{SHOP}/checkout/payment", failure="pay")
        if rng.random() < 0.5:
            return False
        s.emit("add_payment_info", page=f"{SHOP}/checkout/payment", touchpoint="pay")
    if rng.random() < 0.15:
        return False
    s.emit("purchase", page=f"{SHOP}/checkout/done", touchpoint="purchase", value=price)
    if rng.random() < 0.2:
        s.page_view("/help/delivery")
        s.emit("contact_support", page=f"{SHOP}/help/delivery", touchpoint="support")
    return True


# --- writers --------------------------------------------------------------------------------

FLAT_COLUMNS = ("user_id", "session_id", "timestamp", "event", "page", "value", "medium", "source", "campaign", "device")
# What a user passes to read the flat tables (the columns above are what their export named).
FLAT_OPTION = "user=user_id,time=timestamp,event=event,session=session_id,page=page,value=value"


def _flat_row(event: Event) -> tuple[object, ...]:
    return (event.user, f"{event.user}-{event.session}", event.ts, event.event, event.page, event.value, event.medium, event.source, event.campaign, event.device)


def write_flat_csv(events: Sequence[Event], path: Path) -> Path:
    """A flat export as CSV, times as ISO 8601 with their offset."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(FLAT_COLUMNS)
        for event in events:
            row = list(_flat_row(event))
            row[2] = event.ts.isoformat()
            writer.writerow(["" if cell is None else cell for cell in row])
    return path


def write_flat_parquet(events: Sequence[Event], path: Path) -> Path:
    """The same flat export as Parquet, times as TIMESTAMP WITH TIME ZONE."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([
        ("user_id", pa.string()), ("session_id", pa.string()), ("timestamp", pa.timestamp("us", tz="UTC")), ("event", pa.string()), ("page", pa.string()),
        ("value", pa.float64()), ("medium", pa.string()), ("source", pa.string()), ("campaign", pa.string()), ("device", pa.string()),
    ])
    columns = list(zip(*(_flat_row(event) for event in events), strict=True))
    pq.write_table(pa.table([pa.array(column, type=schema.field(i).type) for i, column in enumerate(columns)], schema=schema), path)
    return path


def _param(key: str, value: str | int | float) -> dict[str, object]:
    """One GA4 event_params record: the value in the field of its type, the others null."""
    typed: dict[str, object] = {"string_value": None, "int_value": None, "float_value": None, "double_value": None}
    if isinstance(value, str):
        typed["string_value"] = value
    elif isinstance(value, int):
        typed["int_value"] = value
    else:
        typed["double_value"] = value
    return {"key": key, "value": typed}


def ga4_record(event: Event) -> dict[str, object]:
    """The event as a row of GA4's BigQuery export (events_YYYYMMDD)."""
    params = [_param("ga_session_id", event.session), _param("engagement_time_msec", 100)]
    if event.page is not None:
        params.append(_param("page_location", event.page))
    for key, value in (("medium", event.medium), ("source", event.source), ("campaign", event.campaign)):
        if value is not None:
            params.append(_param(key, value))
    if event.value is not None:
        params += [_param("value", event.value), _param("currency", "EUR")]
    micros = int(event.ts.timestamp()) * 1_000_000 + event.ts.microsecond
    return {
        "event_date": event.ts.strftime("%Y%m%d"), "event_timestamp": micros, "event_name": event.event, "event_params": params,
        "user_pseudo_id": event.user, "device": {"category": event.device, "operating_system": "Windows"}, "platform": "WEB",
    }


def write_ga4_parquet(events: Sequence[Event], path: Path) -> Path:
    """The events in the shape of GA4's BigQuery export, as Parquet (event_params as key/value records)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    value = pa.struct([("string_value", pa.string()), ("int_value", pa.int64()), ("float_value", pa.float64()), ("double_value", pa.float64())])
    schema = pa.schema([
        ("event_date", pa.string()), ("event_timestamp", pa.int64()), ("event_name", pa.string()),
        ("event_params", pa.list_(pa.struct([("key", pa.string()), ("value", value)]))), ("user_pseudo_id", pa.string()),
        ("device", pa.struct([("category", pa.string()), ("operating_system", pa.string())])), ("platform", pa.string()),
    ])
    pq.write_table(pa.Table.from_pylist([ga4_record(event) for event in events], schema=schema), path)
    return path
