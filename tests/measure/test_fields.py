"""`--columns` and the default column names: which column plays user, time, event, session, page, value."""

from __future__ import annotations

import pytest

from cjmap.measure.errors import MeasureError
from cjmap.measure.fields import Fields, parse_columns, resolve


def test_columns_name_roles() -> None:
    assert parse_columns(" user = who , time=when,event=what ") == Fields(user="who", time="when", event="what")
    assert parse_columns(None) == parse_columns("") == Fields()


@pytest.mark.parametrize(("text", "said"), [("user", "is not ROLE=COLUMN"), ("colour=", "`colour=` is not ROLE=COLUMN"), ("=x", "is not ROLE=COLUMN"),
                                            ("user=a,user=b", "named twice"), ("device=a,device=b", "`device` is named twice"),
                                            ("time=", "the time column is required"), ("\x1b[2J", "\\x1b[2J")])
def test_a_bad_columns_option_is_a_usage_error(text: str, said: str) -> None:
    with pytest.raises(MeasureError) as error:
        parse_columns(text)
    assert (error.value.where, error.value.exit_code) == ("--columns", 2)
    assert said in error.value.message and "\x1b" not in error.value.message
    assert "--columns user=COLUMN" in error.value.hint


def test_default_names_exact_then_ignoring_case() -> None:
    found = resolve(Fields(), ["UserId", "timestamp", "event_name", "Session_ID", "url", "revenue", "extra"], where="e.csv")
    assert found == Fields(user="UserId", time="timestamp", event="event_name", session="Session_ID", page="url", value="revenue")


def test_ga4_reads_its_own_columns_and_leaves_session_page_value_to_its_parameters() -> None:
    columns = ["event_name", "user_pseudo_id", "event_timestamp", "event_params", "user_id", "value"]
    assert resolve(Fields(), columns, where="ga4.parquet", ga4=True) == Fields(user="user_pseudo_id", time="event_timestamp", event="event_name")


def test_a_missing_required_column_lists_the_columns_and_the_option() -> None:
    with pytest.raises(MeasureError) as error:
        resolve(Fields(), ["who", "ts", "event"], where="shop\nevents.csv")
    assert error.value.exit_code == 1
    assert str(error.value) == "shop\\nevents.csv: no user column (looked for user_id, user, userid, customer_id, …); the data has: `who`, `ts`, `event`"
    assert error.value.hint.startswith("name the columns with --columns user=COLUMN,time=COLUMN,event=COLUMN")


def test_an_explicit_column_the_data_lacks_is_named() -> None:
    with pytest.raises(MeasureError) as error:
        resolve(Fields(session="sid"), ["user_id", "ts", "event"], where="e.csv")
    assert error.value.message == "no column `sid` for the session; the data has: `user_id`, `ts`, `event`"


def test_an_empty_optional_role_is_off_and_other_names_map_properties() -> None:
    given = parse_columns("session=, device = context_device_type,page=")
    assert given == Fields(session="", page="", aliases=(("device", "context_device_type"),))
    found = resolve(given, ["user_id", "ts", "event", "session_id", "page", "context_device_type"], where="e.csv")
    # The data's session and page columns are not read: --columns turned those roles off.
    assert found == Fields(user="user_id", time="ts", event="event", aliases=(("device", "context_device_type"),))
    assert found.column_of("device") == "context_device_type" and found.column_of("plan") == "plan"
    assert found.roles() == {"user": "user_id", "time": "ts", "event": "event", "session": None, "page": None, "value": None, "device": "context_device_type"}
