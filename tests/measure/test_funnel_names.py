"""The data's event names beside the journey's (results.event_names): rule names no row has, with
the closest name the data has, and the names with the most rows no touchpoint matched."""

from __future__ import annotations

from typing import Any

from cjmap.measure.definition import Options
from cjmap.measure.run import measure_journey
from measure_cases import MINUTE, EventsStub, Row, TableEngine, journey_of

PLAIN = journey_of("""
cjmap: 1
journey: {id: plain, title: Plain}
personas: [{id: anyone}]
stages:
  - id: s
    touchpoints:
      - {id: a, name: A, events: [view, "it's"], fails: [view_eror]}
      - {id: b, name: B, events: [purchase, purchse]}
""")


def _events(rows: list[Row]) -> tuple[dict[str, Any], TableEngine]:
    engine = TableEngine(rows)
    measured = measure_journey(PLAIN, journey_name="plain", events=EventsStub(), fields=None, options=Options(), engine=engine)
    return measured["events"], engine


def test_plain_names_the_data_lacks_are_unseen_with_the_closest_name() -> None:
    rows = [Row("u1", 0, "view"), Row("u1", MINUTE, "view_error"), Row("u1", 2 * MINUTE, "purchase"), Row("u2", 0, "it's")]
    events, _ = _events(rows)
    assert list(events) == ["rows", "matched", "unmatched", "ambiguous", "anonymous", "unseen", "top_unmatched"]
    assert events["unseen"] == [
        {"touchpoint": "a", "event": "view_eror", "did_you_mean": "view_error"},
        {"touchpoint": "b", "event": "purchse", "did_you_mean": "purchase"},
    ]
    assert events["top_unmatched"] == [{"event": "view_error", "rows": 1}]


def test_the_ten_most_frequent_unmatched_names_by_rows_then_name() -> None:
    rows = [Row("u1", i * MINUTE, f"noise{n:02d}") for n in range(12) for i in range(n % 3 + 1)] + [Row("u1", 0, "view"), Row("u2", 0, None)]  # type: ignore[arg-type]
    events, engine = _events(rows)
    ranked = [(item["event"], item["rows"]) for item in events["top_unmatched"]]
    # 3 rows: noise02, 05, 08, 11; 2 rows: 01, 04, 07, 10; 1 row: 00, 03, 06, 09 and the row without a name, which comes last.
    assert ranked == [("noise02", 3), ("noise05", 3), ("noise08", 3), ("noise11", 3), ("noise01", 2), ("noise04", 2), ("noise07", 2),
                      ("noise10", 2), ("noise00", 1), ("noise03", 1)]
    # One pass over the events for every name; the rest read the small table of names.
    assert sum("FROM events GROUP BY event" in query for query in engine.queries) == 1


def test_nothing_unseen_nothing_unmatched() -> None:
    events, engine = _events([Row("u1", 0, "view"), Row("u1", MINUTE, "purchase"), Row("u1", 2 * MINUTE, "it's"),
                              Row("u1", 3 * MINUTE, "view_eror"), Row("u1", 4 * MINUTE, "purchse")])
    assert (events["unseen"], events["top_unmatched"]) == ([], [])
    assert not any("ORDER BY n DESC" in query for query in engine.queries)  # no candidates needed: no suggestion asked
