"""Today's date, or ``CJMAP_TODAY`` (an ISO date) for reproducible runs and tests."""

from __future__ import annotations

import datetime
import os


def today() -> datetime.date:
    fixed = os.environ.get("CJMAP_TODAY")
    if not fixed:
        return datetime.date.today()  # noqa: DTZ011 - the one place cjmap reads the local clock: "today" is the user's day
    try:
        return datetime.date.fromisoformat(fixed)
    except ValueError:
        raise ValueError(f"CJMAP_TODAY={fixed!r} is not an ISO date such as 2026-11-23") from None
