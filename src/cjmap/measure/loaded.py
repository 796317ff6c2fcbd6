"""What an engine is told to load besides the roles (`Property`) and what it says it loaded (`LoadSummary`).

Apart from engine.py so that the engines, which engine.py imports lazily, need not import it back
(no import cycle); engine.py re-exports both.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Property:
    """A column the definition reads besides the roles (where: and segment: keys, --by COLUMN)."""

    name: str  # as the journey wrote it
    where: str  # the journey position that names it ("shop.journey.yaml:12:9"), for errors


@dataclass(frozen=True)
class LoadSummary:
    rows: int  # rows read that have a user
    anonymous: int  # rows without one (dropped)
    first_ts: int | None  # µs since 1970-01-01 UTC
    last_ts: int | None
    # Which column played each role (user, time, event, session, page, value; None: none), then each
    # property --columns mapped to a column: the results' definition.columns. GA4's session, page and
    # value are event parameters, named "event_params.KEY".
    columns: Mapping[str, str | None] = field(default_factory=dict)
