"""`--spark-remote sc://…`: the Spark engine through a REAL Spark Connect server (pyspark's own, started here)."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest

from cjmap.measure.engine import open_engine
from cjmap.measure.errors import MeasureError
from measure_events import EXPECTED, normalised, write_events
from measure_spark import answers, connect_server


def test_a_connect_server_reads_the_same_normalised_table(tmp_path: Path) -> None:
    folder = write_events(tmp_path, "parquet")
    with connect_server(tmp_path) as url:
        engine = open_engine("spark", spark_remote=url)
        try:
            assert engine.name == "spark"
            assert normalised(engine, folder) == EXPECTED
            assert engine.query("SELECT count(DISTINCT user_id), list(event ORDER BY row_no)[1] FROM events") == [(3, "page_view")]
            assert engine.progress() is None  # no status tracker through Connect
            # A URL goes to the server as it is (here file://, which the local server can read), a CSV header read there.
            assert normalised(engine, f"{folder.as_uri()}/*.parquet") == EXPECTED
            assert normalised(engine, f"{write_events(tmp_path / 'csv', 'csv').as_uri()}/*.csv") == EXPECTED
        finally:
            engine.close()
    assert not answers(urlparse(url).port or 0)  # the server is gone
    # pyspark marks the process as Spark Connect while a remote session lives; closed, a local Spark starts again
    # (the tests after this one share a local session).
    assert "SPARK_CONNECT_MODE_ENABLED" not in os.environ


@pytest.mark.parametrize("url", ["sc://127.0.0.1:1", "http://127.0.0.1:15002", "sc://"])
def test_an_address_where_nothing_listens_is_a_usage_error(url: str) -> None:
    with pytest.raises(MeasureError) as error:
        open_engine("spark", spark_remote=url)
    assert (error.value.where, error.value.exit_code) == ("--spark-remote", 2)
    assert url in error.value.message
