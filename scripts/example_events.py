#!/usr/bin/env python3
"""Write the bundled example event data in examples/events/ (docs/measure.md's worked example).

Two made-up shops, seeded so every run writes the same bytes (tests/measure/test_examples_measured.py
regenerates them and compares):

- ``laptop-purchase.jsonl.gz``: the web analytics of the Spanish laptop shop of
  examples/laptop-purchase.journey.yaml, as JSON lines (ISO times with the Madrid offset, full page
  URLs, UTM parameters, the device, the revenue of purchases and review scores; no session id, so
  sessions are cut after 30 minutes of silence);
- ``retail-store.csv.gz``: the till, Wi-Fi, call-centre and CRM events of the clothes stores of
  examples/retail-store.journey.yaml, as a gzipped CSV with no session column (sessions are cut
  after 30 minutes of silence).

Each shop has incidents a real team would want `cjmap measure` to find:

- laptops: card payments fail on mobile (failing), a "buy now" button skips the reviews (ad-hoc),
  the coupon field shows only at the last step so buyers go back to hunt for a coupon
  (irregular), and the CRM renamed the follow-up email's campaign, so the map's
  `seguimiento-*` rule misses most of them (missing);
- stores: a card terminal in Bristol declines cards for two weeks (failing), customers in the store
  check the stock page on their phone (irregular), and long Saturday queues make baskets drop.

Run it from the repository root: ``.venv/bin/python scripts/example_events.py [--out FOLDER]``.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "examples" / "events"
SEED = 18
START = datetime(2025, 9, 1, 7, 0, tzinfo=timezone.utc)
DAYS = 42  # first visits spread over six weeks
MADRID = timezone(timedelta(hours=2))  # CEST: the laptop shop logs local times with their offset

LAPTOP_USERS = 3000
RETAIL_USERS = 2500
RETAIL_COLUMNS = ("customer_id", "ts", "event_name", "page_url", "source", "campaign", "platform", "loyalty_member", "store", "basket_gbp", "score")


@dataclass
class Visitor:
    """One customer's clock and rows."""

    user: str
    rng: random.Random
    clock: datetime
    base: dict[str, Any]
    rows: list[dict[str, Any]] = field(default_factory=list)

    def emit(self, event: str, *, gap: tuple[int, int] = (10, 150), **values: Any) -> None:
        # Milliseconds, as trackers log them: a few rows share a second, none share a millisecond order.
        self.clock += timedelta(seconds=self.rng.randint(*gap), milliseconds=self.rng.randint(0, 999))
        self.rows.append({**self.base, "user": self.user, "at": self.clock, "event": event, **values})

    def later(self, low_hours: float, high_hours: float) -> None:
        """The next visit starts some hours later (a new session)."""
        self.clock += timedelta(hours=self.rng.uniform(low_hours, high_hours))


# --- the laptop shop (examples/laptop-purchase.journey.yaml) ----------------------------------

SHOP = "https://tienda-portatiles.example"
MODELS = (("dell-xps-13", 1299.0), ("dell-xps-14", 1649.0), ("dell-inspiron-14", 749.0), ("dell-latitude-7450", 1429.0))


def laptop_customer(visitor: Visitor) -> None:
    """One shopper of the laptop shop, from a first search to, perhaps, a review."""
    rng = visitor.rng
    mobile = visitor.base["platform"] != "desktop"
    model, price = rng.choice(MODELS)
    if not _laptop_awareness(visitor):
        return
    visitor.later(1, 60)
    if not _laptop_consideration(visitor, model, mobile):
        return
    visitor.later(2, 72)
    bought = _laptop_purchase(visitor, model, price, mobile)
    if bought is None:  # the coupon field showed up at the last step: off to hunt for a coupon, then back
        visitor.later(0.5, 30)
        _session(visitor, utm_source=rng.choice(("cupones-ya", "cupones-top")), utm_medium="referral")
        visitor.emit("page_view", page=f"{SHOP}/producto/{model}?cupon=1")
        visitor.later(0.2, 24)
        bought = _laptop_purchase(visitor, model, price, mobile, again=True)
    if bought:
        _laptop_after(visitor, price)


def _session(visitor: Visitor, **utm: str) -> None:
    visitor.emit("session_start", gap=(0, 1), **utm)


def _laptop_awareness(visitor: Visitor) -> bool:
    rng = visitor.rng
    if rng.random() < 0.6:
        _session(visitor, utm_source="google", utm_medium="organic")
    else:  # from a newsletter or a social post: no touchpoint of the map
        _session(visitor, utm_source=rng.choice(("newsletter", "instagram")), utm_medium=rng.choice(("email", "social")))
    visitor.emit("page_view", page=f"{SHOP}/blog/novedades/portatiles-windows-2025")
    if rng.random() < 0.2:
        visitor.emit("scroll", gap=(20, 200), page=f"{SHOP}/blog/novedades/portatiles-windows-2025")
    return rng.random() < 0.6  # the others leave after the blog post


def _laptop_consideration(visitor: Visitor, model: str, mobile: bool) -> bool:
    rng = visitor.rng
    _session(visitor, utm_source="(direct)", utm_medium="(none)")  # typed the shop's address: no touchpoint
    visitor.emit("page_view", page=f"{SHOP}/portatiles/dell-windows")
    visitor.emit("page_view", page=f"{SHOP}/producto/{model}")
    if rng.random() < 0.12:  # incident: a "comprar ya" button on the product page skips the reviews
        visitor.emit("add_to_cart", page=f"{SHOP}/carrito")
        visitor.emit("begin_checkout", page=f"{SHOP}/pago")
        if rng.random() < 0.5:
            visitor.emit("purchase", page=f"{SHOP}/pago/confirmacion", value=dict(MODELS)[model])
        return False
    if rng.random() < 0.3:
        return False
    visitor.emit("page_view", page=f"{SHOP}/blog/resenas/{model}")
    visitor.emit("scroll", gap=(60, 300), page=f"{SHOP}/blog/resenas/{model}")  # the reviews are read: minutes
    visitor.emit("page_view", gap=(30, 200), page=f"{SHOP}/producto/{model}#especificaciones")
    if mobile and rng.random() < 0.6:  # Luis looks for a coupon first
        visitor.later(3, 48)
        _session(visitor, utm_source=rng.choice(("cupones-ya", "cupones-top")), utm_medium="referral")
        visitor.emit("page_view", page=f"{SHOP}/producto/{model}?cupon=1")
    return rng.random() < 0.55


def _laptop_purchase(visitor: Visitor, model: str, price: float, mobile: bool, *, again: bool = False) -> bool | None:
    """The purchase visit: True bought, False left, None went to look for a coupon."""
    rng = visitor.rng
    _session(visitor, utm_source="google", utm_medium="cpc")
    visitor.emit("page_view", page=f"{SHOP}/producto/{model}?gclid=x")
    if rng.random() < 0.35:
        return False
    visitor.emit("add_to_cart", page=f"{SHOP}/carrito")
    if rng.random() < 0.3:
        return False
    visitor.emit("begin_checkout", page=f"{SHOP}/pago")
    if not again and rng.random() < 0.2:
        return None
    if rng.random() < (0.25 if mobile else 0.02):  # incident: the payment provider fails on mobile browsers
        visitor.emit("payment_error", page=f"{SHOP}/pago")
        if rng.random() < 0.5:
            return False
    visitor.emit("purchase", page=f"{SHOP}/pago/confirmacion", value=price)
    return True


def _laptop_after(visitor: Visitor, price: float) -> None:
    rng = visitor.rng
    visitor.later(24 * 20, 24 * 22)
    if rng.random() < 0.75:
        # Incident: the CRM renamed the campaign; only the old template's sends keep seguimiento-*.
        campaign = "seguimiento-3s" if rng.random() < 0.1 else "postventa-3s"
        visitor.emit("email_open", gap=(0, 1), campaign=campaign, utm_medium="email")
        if rng.random() < 0.5:
            visitor.emit("page_view", gap=(20, 3600), page=f"{SHOP}/ofertas/accesorios-{'premium' if price > 1000 else 'basicos'}?utm_medium=email")
    if rng.random() < 0.3:  # the review request, a few days after the follow-up: a score from 0 to 10
        visitor.later(24 * 3, 24 * 10)
        _session(visitor, utm_source="email", utm_medium="email")
        visitor.emit("review_submitted", page=f"{SHOP}/opiniones", value=float(rng.choices(range(11), (1, 1, 1, 1, 2, 3, 5, 9, 15, 14, 12))[0]))


def laptop_row(row: dict[str, Any]) -> dict[str, Any]:
    """A row as the shop's tracker exports it: every key, null when unset."""
    return {
        "user_id": row["user"], "timestamp": row["at"].astimezone(MADRID).isoformat(timespec="milliseconds"),
        "event": row["event"], "page": row.get("page"), "utm_source": row.get("utm_source"), "utm_medium": row.get("utm_medium"),
        "campaign": row.get("campaign"), "platform": row["platform"], "value": row.get("value"),
    }


# --- the clothes stores (examples/retail-store.journey.yaml) ----------------------------------

SITE = "https://northlane.example"
STORES = ("leeds", "bristol")
DECLINING = (datetime(2025, 9, 8, tzinfo=timezone.utc), datetime(2025, 9, 22, tzinfo=timezone.utc))  # Bristol's terminal, two weeks


def retail_customer(visitor: Visitor) -> None:
    """One customer of the stores, from looking for stock to, perhaps, a review."""
    rng = visitor.rng
    store = visitor.base["store"]
    if visitor.base["platform"] == "mobile" or rng.random() < 0.3:
        visitor.emit("page_view", gap=(0, 1), page_url=f"{SITE}/stores/{store}?item=linen-shirt&size={rng.choice((10, 12, 14))}")
        if rng.random() < 0.45:  # another size, or the other store
            visitor.emit("page_view", page_url=f"{SITE}/stores/{rng.choice(STORES)}?item=linen-shirt&size={rng.choice((10, 12, 14))}")
        visitor.emit("page_view", page_url=f"{SITE}/product/linen-shirt")
        if rng.random() < 0.35:  # looked at the stock and left
            return
    elif rng.random() < 0.6:
        visitor.emit("call_missed" if rng.random() < 0.3 else "call_answered", gap=(0, 1))  # the phone rings out on busy days
    visitor.later(2, 72)
    basket = _retail_visit(visitor, store)
    if basket is None:
        return
    if rng.random() < 0.45:
        visitor.later(24 * 2, 24 * 10)
        campaign = rng.choice(("offer-2509", "offer-2510"))
        visitor.emit("email_click", gap=(0, 1), campaign=campaign, page_url=f"{SITE}/offers/{campaign}")
    if rng.random() < 0.08:
        visitor.later(24 * 2, 24 * 20)
        visitor.emit("pos_return", gap=(0, 1), basket_gbp=-round(basket / 2, 2))
    if rng.random() < 0.25:
        visitor.later(24, 24 * 7)
        score = rng.choices(range(11), (2, 1, 1, 2, 2, 3, 5, 10, 14, 12, 10))[0]
        visitor.emit("review_submitted", gap=(0, 1), score=score)


def _retail_visit(visitor: Visitor, store: str) -> float | None:
    """A visit to the store; the basket paid, or None when the customer left without paying."""
    rng = visitor.rng
    visitor.emit("store_visit", gap=(0, 1), source="wifi" if rng.random() < 0.7 else "footfall-camera")
    if rng.random() < 0.2:  # incident: sizes missing on the floor, so customers check the stock page on their phone
        visitor.emit("page_view", gap=(120, 600), page_url=f"{SITE}/stores/{store}?item=linen-shirt")
    for _ in range(rng.choices((0, 1, 2), (35, 50, 15))[0]):
        visitor.emit("fitting_room_checkin", gap=(180, 900))
    if rng.random() < 0.25:
        return None
    saturday = visitor.clock.weekday() == 5
    visitor.emit("queue_joined", gap=(60, 600))
    if rng.random() < (0.35 if saturday else 0.08):  # the Saturday queue: the basket is dropped
        if rng.random() < 0.4:
            visitor.emit("page_view", gap=(600, 3600), page_url=f"{SITE}/stores/{store}?item=linen-shirt")
        return None
    basket = round(rng.uniform(15, 180), 2)
    declining = store == "bristol" and DECLINING[0] <= visitor.clock < DECLINING[1]
    if rng.random() < (0.5 if declining else 0.01):
        visitor.emit("card_declined", gap=(120, 900), basket_gbp=basket)
        if rng.random() < 0.3:
            return None
    visitor.emit("pos_payment", gap=(60, 900), basket_gbp=basket)
    return basket


def retail_row(row: dict[str, Any]) -> dict[str, Any]:
    """A row of the stores' export: UTC times with a Z, empty cells for what is not known."""
    return {
        "customer_id": row["user"], "ts": row["at"].strftime("%Y-%m-%dT%H:%M:%S.") + f"{row['at'].microsecond // 1000:03d}Z",
        "event_name": row["event"], "page_url": row.get("page_url"), "source": row.get("source"), "campaign": row.get("campaign"),
        "platform": row["platform"], "loyalty_member": row["loyalty_member"], "store": row["store"],
        "basket_gbp": row.get("basket_gbp"), "score": row.get("score"),
    }


# --- both -------------------------------------------------------------------------------------


def visitors(count: int, prefix: str, rng: random.Random, base: Callable[[random.Random], dict[str, Any]]) -> Iterator[Visitor]:
    for number in range(count):
        start = START + timedelta(seconds=rng.uniform(0, DAYS * 86400))
        yield Visitor(f"{prefix}{number:05d}", rng, start, base(rng))


def laptop_rows(users: int = LAPTOP_USERS, seed: int = SEED) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []
    for visitor in visitors(users, "u", rng, lambda r: {"platform": r.choices(("desktop", "mobile", "tablet"), (55, 38, 7))[0]}):
        laptop_customer(visitor)
        rows.extend(visitor.rows)
    return [laptop_row(row) for row in sorted(rows, key=lambda row: (row["at"], row["user"]))]


def retail_rows(users: int = RETAIL_USERS, seed: int = SEED) -> list[dict[str, Any]]:
    rng = random.Random(seed + 1)

    def base(r: random.Random) -> dict[str, Any]:
        return {"platform": r.choices(("mobile", "desktop"), (65, 35))[0], "loyalty_member": "true" if r.random() < 0.4 else "false",
                "store": r.choice(STORES)}

    rows: list[dict[str, Any]] = []
    for visitor in visitors(users, "C-", rng, base):
        retail_customer(visitor)
        rows.extend(visitor.rows)
    return [retail_row(row) for row in sorted(rows, key=lambda row: (row["at"], row["user"]))]


def gzipped(text: str) -> bytes:
    """``text`` gzipped with no name and no time in the header: the same bytes on every run."""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as archive:
        archive.write(text.encode("utf-8"))
    return buffer.getvalue()


def jsonl(rows: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n" for row in rows)


def csv_text(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write_all(out: Path) -> list[Path]:
    """Both files under ``out``; their paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = {
        out / "laptop-purchase.jsonl.gz": gzipped(jsonl(laptop_rows())),
        out / "retail-store.csv.gz": gzipped(csv_text(retail_rows(), RETAIL_COLUMNS)),
    }
    for path, data in written.items():
        path.write_bytes(data)
    return list(written)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--out", type=Path, default=OUT, help="the folder to write into (default: examples/events)")
    for path in write_all(parser.parse_args().out):
        print(f"{path}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
