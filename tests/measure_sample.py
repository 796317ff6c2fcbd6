"""Hand-made results of `cjmap measure` (the JSON dict of the spec), for the format and --write tests.

The numbers are consistent with each other (reach, funnel and edges of one small shop), so a view
that reads the wrong key shows a number that is visibly wrong.
"""

from __future__ import annotations

import copy
from typing import Any

SAMPLE: dict[str, Any] = {
    "journey": "shop",
    "definition": {
        "unit": "user", "window": "7d", "session_timeout": "30m", "period": {"from": "2024-01-01", "to": "2024-01-31"},
        "entry": "browse", "unmeasured_stages": ["advocacy"], "source": "events",
    },
    "events": {"rows": 31106, "matched": 20000, "unmatched": 11106, "ambiguous": 7, "anonymous": 12},
    "units": 1000,
    "touchpoints": [
        {"id": "home", "stage": "browse", "reach": 1000, "failed": 0, "events": 5000},
        {"id": "cart", "stage": "purchase", "reach": 420, "failed": 0, "events": 800},
        {"id": "pay", "stage": "purchase", "reach": 120, "failed": 30, "events": 150},
    ],
    "edges": [
        {"from": "home", "to": "cart", "planned": True, "count": 500, "units": 420, "conversion": 0.42},
        {"from": "cart", "to": "pay", "planned": True, "count": 300, "units": 120, "conversion": 0.2857},
        {"from": "pay", "to": "home", "planned": False, "count": 40, "units": 35, "conversion": 0.2917},
    ],
    "funnel": [
        {"stage": "browse", "entered": 1000, "converted": 420, "conversion": 0.42, "time_to_convert": {"p50": 3900, "p90": 86400, "mean": 20000.5}},
        {"stage": "purchase", "entered": 420, "converted": None, "conversion": None, "time_to_convert": None},
    ],
    "kpis": [
        {"stage": "purchase", "id": "conversion", "metric": "conversion_rate", "actual": 28.57, "target": 3.0, "unit": "%", "on_target": True,
         "definition": "users with a pay event within 7d of a cart event / users with a cart event"},
        {"stage": "purchase", "id": "nps", "metric": "nps", "actual": None, "target": 40, "on_target": None,
         "definition": "% of values ≥ 9 − % of values ≤ 6", "reason": "no value column"},
    ],
    "deviations": [
        {"kind": "irregular", "from": "pay", "to": "home", "count": 40, "share": 0.25},
        {"kind": "failing", "touchpoint": "pay", "count": 30, "share": 0.25},
    ],
}


def sample(**changes: Any) -> dict[str, Any]:
    """A deep copy of SAMPLE with top-level keys replaced."""
    results = copy.deepcopy(SAMPLE)
    results.update(changes)
    return results
