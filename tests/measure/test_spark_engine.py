"""The Spark engine gives the very normalised table the DuckDB engine gives: every format, GA4, row order, times, errors."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from pyspark.sql import SparkSession

from cjmap.measure.engine import Engine, Property, open_engine
from cjmap.measure.errors import MeasureError
from cjmap.measure.spark_engine import SparkEngine, java_pattern, transpile
from measure_events import EXPECTED, FORMATS, GA4_EXPECTED, normalised, write_events, write_ga4
from measure_spark import spark_session  # noqa: F401  (the fixture)


@pytest.fixture
def spark(spark_session: SparkSession, tmp_path: Path) -> Iterator[Engine]:  # noqa: F811
    opened = open_engine("spark", temp_dir=tmp_path)
    assert isinstance(opened, SparkEngine)
    yield opened
    opened.close()


def on_duckdb(tmp_path: Path, pattern: Path, **options: object) -> list[tuple[object, ...]]:
    engine = open_engine("duckdb", temp_dir=tmp_path)
    try:
        return normalised(engine, pattern, **options)
    finally:
        engine.close()


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_gives_the_duckdb_table(spark: Engine, tmp_path: Path, fmt: str) -> None:
    folder = write_events(tmp_path, fmt)
    assert normalised(spark, folder) == EXPECTED == on_duckdb(tmp_path, folder)


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_ga4_gives_the_duckdb_table(spark: Engine, tmp_path: Path, fmt: str) -> None:
    path = write_ga4(tmp_path, fmt)
    options = {"kind": "ga4", "properties": ("device.category", "campaign")}
    assert normalised(spark, path, **options) == GA4_EXPECTED == on_duckdb(tmp_path, path, **options)


def test_row_no_over_files_and_splits_matches_duckdb(spark: Engine, tmp_path: Path) -> None:
    # Files of different sizes (Spark packs them into partitions by size, not by name) and one
    # file larger than a split, so row_no must be rebuilt from file, split and position.
    folder = tmp_path / "parts"
    folder.mkdir()
    connection = duckdb.connect()
    for file_no, rows in ((0, 10), (1, 400_000), (2, 3), (3, 50_000)):
        connection.execute(f"COPY (SELECT 'u' || (i % 5) AS user_id, 1709287200 + i AS ts, 'f{file_no}-' || i AS event FROM range({rows}) AS r(i) ORDER BY i) "
                           f"TO '{folder}/part-{file_no}.csv' (HEADER)")
    spark.session.conf.set("spark.sql.files.maxPartitionBytes", str(2 * 1024 * 1024))  # type: ignore[attr-defined]
    rows = normalised(spark, folder, properties=())
    assert [row[6] for row in rows] == list(range(450_013))
    assert [row[3] for row in rows[:12]] == [f"f0-{i}" for i in range(10)] + ["f1-0", "f1-1"]
    assert rows[-1][3] == "f3-49999"


def test_times_by_epoch_and_by_time_format(spark: Engine, tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("user;time;event\na;01/03/2024 10:00;e\nb;01/03/2024 11:30;e\n", encoding="utf-8")
    assert [row[2] for row in normalised(spark, path, properties=(), time_format="%d/%m/%Y %H:%M")] == [1709287200000000, 1709292600000000]


def test_percent_s_reads_epoch_seconds_as_on_duckdb(spark: Engine, tmp_path: Path) -> None:
    # One helper (normalise.epoch_seconds) writes this parse for both engines, each with its own regex test.
    path = tmp_path / "s.csv"
    path.write_text("user,ts,event\nu1,1709287200,e\nu2, 1709287200.25 ,e\nu3,-1.5,e\n", encoding="utf-8")
    rows = normalised(spark, path, properties=(), time_format="%s")
    assert rows == on_duckdb(tmp_path, path, properties=(), time_format="%s")
    assert [row[2] for row in rows] == [1709287200000000, 1709287200250000, -1500000]
    path.write_text("user,ts,event\nu1,1709287200,e\nu2,1.7e9,e\n", encoding="utf-8")  # no exponent: %s is digits and a point
    with pytest.raises(MeasureError) as spark_error:
        normalised(spark, path, properties=(), time_format="%s")
    with pytest.raises(MeasureError) as duckdb_error:
        on_duckdb(tmp_path, path, properties=(), time_format="%s")
    assert str(spark_error.value) == str(duckdb_error.value) and str(spark_error.value).endswith("row 2, column ts: cannot read `1.7e9` as a time")


def test_a_bad_time_is_located_as_on_duckdb(spark: Engine, tmp_path: Path) -> None:
    path = write_events(tmp_path, "csv", rows=[("u1", "2024-03-01T10:00:00Z", "e", None, None, "x"), ("u2", "yesterday", "e", None, None, "x"),
                                               ("u3", "2024-03-01T10:00:00Z", "e", None, None, "x"), ("u4", "soon", "e", None, None, "x")])
    with pytest.raises(MeasureError) as spark_error:
        normalised(spark, path)
    with pytest.raises(MeasureError) as duckdb_error:
        on_duckdb(tmp_path, path)
    assert str(spark_error.value) == str(duckdb_error.value)
    assert str(duckdb_error.value).endswith("a-events.csv, row 2, column timestamp: cannot read `yesterday` as a time")


def test_queries_in_duckdb_dialect_run_transpiled(spark: Engine, tmp_path: Path) -> None:
    normalised(spark, write_events(tmp_path, "csv"))
    spark.materialise("per_user", "SELECT user_id, count(*) AS n FROM events GROUP BY user_id")
    sql = "SELECT user_id, n, 0.5, list(user_id) OVER () IS NOT NULL FROM per_user ORDER BY user_id"
    assert spark.query(sql)[0][:3] == ("007", 1, 0.5)
    assert "collect_list" in transpile(sql).lower()


def test_strftime_becomes_a_java_pattern() -> None:
    assert java_pattern("%d/%m/%Y o'clock") == "dd/MM/yyyy' o''clock'"
    assert java_pattern("%d/%m/%Y %H:%M:%S.%f%z") == "dd/MM/yyyy HH:mm:ss.SSSSSSxx"
    assert java_pattern("%Y-%m-%dT%H at %I%p") == "yyyy-MM-dd'T'HH' at 'hha"
    with pytest.raises(MeasureError) as error:
        java_pattern("%G")
    assert (error.value.where, error.value.exit_code) == ("--time-format", 2)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_a_file_url_goes_to_spark_as_it_is_and_gives_the_duckdb_table(spark: Engine, tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_events(tmp_path, fmt)
    url = f"{folder.as_uri()}/*-events.{fmt}"
    # Spark globs the URL and reads the CSV header itself: nothing here may list or open the files.
    monkeypatch.setattr("cjmap.measure.sources._files", lambda pattern: pytest.fail(f"listed locally: {pattern}"))
    monkeypatch.setattr("cjmap.measure.sources._first_line", lambda path: pytest.fail(f"opened locally: {path}"))
    assert normalised(spark, url) == EXPECTED
    monkeypatch.undo()
    assert normalised(spark, url) == on_duckdb(tmp_path, url)


def test_a_bad_time_behind_a_url_is_located_in_its_file(spark: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    (folder / "a.csv").write_text("user;time;event\nu;2024-03-01T10:00:00Z;e\n", encoding="utf-8")
    (folder / "b.csv").write_text("user;time;event\nu;2024-03-01T10:00:00Z;e\nu;soon;e\n", encoding="utf-8")
    with pytest.raises(MeasureError) as error:
        normalised(spark, f"{folder.as_uri()}/*.csv", properties=())
    # The file as Spark names it (Hadoop writes file:/tmp/…), the row within it.
    assert error.value.where.startswith("file:") and error.value.where.endswith(f"{folder / 'b.csv'}, row 2, column time")
    assert error.value.exit_code == 1


def test_a_url_that_matches_nothing_is_a_usage_error(spark: Engine, tmp_path: Path) -> None:
    with pytest.raises(MeasureError) as error:
        normalised(spark, f"{tmp_path.as_uri()}/nothing-*.parquet")
    assert error.value.exit_code == 2
    assert error.value.where == f"{tmp_path.as_uri()}/nothing-*.parquet"


def test_progress_is_a_fraction_asked_from_another_thread(spark: Engine) -> None:
    assert spark.progress() is None  # no stage runs
    assert isinstance(spark, SparkEngine)
    spark.session.range(0, 3_000_000, numPartitions=16).createOrReplaceTempView("numbers")  # 16 tasks: some done while others run
    seen: list[float | None] = []
    query = threading.Thread(target=spark.query, args=("SELECT count(DISTINCT (id * 7919) % 100000007) FROM numbers",))
    query.start()
    while query.is_alive():
        seen.append(spark.progress())
        time.sleep(0.02)
    query.join()
    known = [value for value in seen if value is not None]
    assert known, f"no progress reported over {len(seen)} polls"
    assert all(0 <= value <= 1 for value in known)
    assert spark.progress() is None  # the query is over
    spark.close()
    assert spark.progress() is None  # a closed engine: None, not an error


def test_typed_properties_give_one_text_on_both_engines(spark: Engine, tmp_path: Path) -> None:
    # Doubles at the notation's edges, a timestamp with and without a fraction, a boolean: the same text (Python's repr, ISO with Z).
    path = tmp_path / "typed.parquet"
    values = ["1e20", "0.1", "3.0", "12345678.5", "0.00025", "1e-05", "1e16", "123456789012345678.0", "-2.5e-7", "'NaN'"]
    rows = ", ".join(f"('u{i}', {1709287200 + i},'e', CAST({v} AS DOUBLE), TIMESTAMP '2024-01-01 10:00:00' + INTERVAL ({i * 250}) MILLISECOND, {str(i % 2 == 0).lower()})"
                     for i, v in enumerate(values))
    duckdb.execute(f"COPY (SELECT * FROM (VALUES {rows}) AS t(user_id, ts, event, score, seen, paid)) TO '{path}' (FORMAT parquet)")
    options = {"properties": ("score", "seen", "paid")}
    texts = [row[7:] for row in normalised(spark, path, **options)]
    assert texts == [row[7:] for row in on_duckdb(tmp_path, path, **options)]
    assert [t[0] for t in texts] == ["1e+20", "0.1", "3.0", "12345678.5", "0.00025", "1e-05", "1e+16", "1.2345678901234568e+17", "-2.5e-07", "nan"]
    assert [t[1] for t in texts[:2]] == ["2024-01-01T10:00:00Z", "2024-01-01T10:00:00.250000Z"] and texts[0][2] == "true"


def test_a_struct_property_is_refused_with_its_fields_on_both_engines(spark: Engine, tmp_path: Path) -> None:
    path = write_ga4(tmp_path, "parquet")
    with pytest.raises(MeasureError) as spark_error:
        normalised(spark, path, kind="ga4", properties=("device",))
    with pytest.raises(MeasureError) as duckdb_error:
        on_duckdb(tmp_path, path, kind="ga4", properties=("device",))
    assert str(spark_error.value) == str(duckdb_error.value) == (
        "shop.journey.yaml:3:9: `device` is a struct of fields, not one value; name one of its fields: `device.category`")
    assert spark_error.value.exit_code == 1


def test_spark_substitutes_nothing_in_journey_literals(spark: Engine, tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text("user_id,ts,event\nu1,1709287200,${spark.app.name}\nu2,1709287200,${env:HOME}\n", encoding="utf-8")
    normalised(spark, path, properties=())
    sql = "SELECT event FROM events WHERE event IN ('${spark.app.name}', '${env:HOME}') ORDER BY row_no"
    assert spark.query(sql) == [("${spark.app.name}",), ("${env:HOME}",)]


def test_a_quoted_line_break_in_csv_reads_as_on_duckdb(spark: Engine, tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text('user_id,ts,event,note\nu1,1709287200,e,"two\nlines"\nu2,1709287201,f,x\n', encoding="utf-8")
    options = {"properties": ("note",)}
    assert normalised(spark, path, **options) == on_duckdb(tmp_path, path, **options)
    assert [row[7] for row in on_duckdb(tmp_path, path, **options)] == ["two\nlines", "x"]


def test_a_pandas_parquet_with_nanosecond_times_reads_as_on_duckdb(spark: Engine, tmp_path: Path) -> None:
    import pandas

    path = tmp_path / "pandas.parquet"
    frame = pandas.DataFrame({"user_id": ["u1", "u2"], "ts": pandas.to_datetime(["2024-03-01 10:00:00.123456789", "2024-03-01 11:00:00.000000000"]), "event": ["a", "b"]})
    frame.to_parquet(path)
    rows = normalised(spark, path, properties=())
    assert rows == on_duckdb(tmp_path, path, properties=())
    assert [row[2] for row in rows] == [1709287200123456, 1709290800000000]


def test_the_summary_names_the_columns_that_played_each_role(spark: Engine, tmp_path: Path) -> None:
    from cjmap.measure.fields import parse_columns
    from cjmap.measure.sources import find_source

    path = tmp_path / "e.csv"
    path.write_text("userId,when,event,session_id,ctx_device\nu1,1709287200,e,s1,mobile\n", encoding="utf-8")
    for engine in (spark, open_engine("duckdb", temp_dir=tmp_path)):
        summary = engine.load(find_source(str(path)), parse_columns("time=when,session=,device=ctx_device"), [Property("device", "j.yaml:4:9")], time_format=None)
        assert summary.columns == {"user": "userId", "time": "when", "event": "event", "session": None, "page": None, "value": None, "device": "ctx_device"}
        assert engine.query("SELECT session_id, p0 FROM events") == [(None, "mobile")]
        if engine is not spark:
            engine.close()
