"""The DuckDB engine: every format to the same normalised table, GA4's shape, times, and data larger than memory."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from cjmap.measure.duckdb_engine import DuckDBEngine, buffer_budget
from cjmap.measure.engine import open_engine, parse_memory_limit
from cjmap.measure.errors import MeasureError
from cjmap.measure.fields import parse_columns
from cjmap.measure.sources import find_source
from conftest import cli
from measure_events import EXPECTED, FORMATS, GA4_EXPECTED, normalised, write_events, write_ga4

JOURNEY = Path(__file__).resolve().parent.parent / "data" / "measure" / "laptop-purchase.journey.yaml"


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[DuckDBEngine]:
    opened = open_engine("duckdb", temp_dir=tmp_path)
    assert isinstance(opened, DuckDBEngine)
    yield opened
    opened.close()


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_becomes_the_same_normalised_table(engine: DuckDBEngine, tmp_path: Path, fmt: str) -> None:
    assert normalised(engine, write_events(tmp_path, fmt)) == EXPECTED


def test_the_summary_counts_rows_with_a_user_and_the_anonymous_ones(engine: DuckDBEngine, tmp_path: Path) -> None:
    summary = engine.load(find_source(str(write_events(tmp_path, "csv"))), parse_columns(None), [], time_format=None)
    assert (summary.rows, summary.anonymous, summary.first_ts, summary.last_ts) == (4, 1, 1709280300000000, 1709366400000000)
    assert engine.query("SELECT count(*) FROM events") == [(4,)]


def test_row_no_follows_file_names_then_rows_over_many_files(engine: DuckDBEngine, tmp_path: Path) -> None:
    # 30 files, written in a shuffled order, 1000 rows each; the event name says where the row was.
    folder = tmp_path / "many"
    folder.mkdir()
    connection = duckdb.connect()
    for file_no in (17, 3, 29, 0, 11, *range(30)):
        path = folder / f"part-{file_no:02d}.csv"
        if not path.exists():
            connection.execute(f"COPY (SELECT 'u' || (i % 7) AS user_id, 1709287200 + i AS ts, 'f{file_no:02d}-' || lpad(i::VARCHAR, 4, '0') AS event "
                               f"FROM range(1000) AS r(i) ORDER BY i) TO '{path}' (HEADER)")
    rows = normalised(engine, folder, properties=())
    assert [row[3] for row in rows] == [f"f{f:02d}-{i:04d}" for f in range(30) for i in range(1000)]
    assert [row[6] for row in rows] == list(range(30_000))


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_ga4_page_session_value_and_params(engine: DuckDBEngine, tmp_path: Path, fmt: str) -> None:
    rows = normalised(engine, write_ga4(tmp_path, fmt), kind="ga4", properties=("device.category", "campaign"))
    assert rows == GA4_EXPECTED


def test_times_as_epochs_in_seconds_ms_and_us_and_by_time_format(engine: DuckDBEngine, tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("user,time,event\na,1709287200,e\na,1709287200123,e\na,1709287200123456,e\na,1709287200.5,e\n", encoding="utf-8")
    assert [row[2] for row in normalised(engine, path, properties=())] == [1709287200000000, 1709287200123000, 1709287200123456, 1709287200500000]
    other = open_engine("duckdb", temp_dir=tmp_path)
    try:
        path.write_text("user;time;event\na;01/03/2024 10:00;e\n", encoding="utf-8")
        assert [row[2] for row in normalised(other, path, properties=(), time_format="%d/%m/%Y %H:%M")] == [1709287200000000]
    finally:
        other.close()


def test_the_columns_option_names_the_roles(engine: DuckDBEngine, tmp_path: Path) -> None:
    path = tmp_path / "t.tsv"
    path.write_text("who\twhen\twhat\tsid\turl\trevenue\na\t2024-03-01T10:00:00Z\tbuy\ts1\t/p?q\t3\n", encoding="utf-8")
    rows = normalised(engine, path, properties=(), columns="user=who,time=when,event=what,session=sid,page=url,value=revenue")
    assert rows == [("a", "s1", 1709287200000000, "buy", "/p", 3.0, 0)]


def test_the_working_folder_is_removed_on_close(tmp_path: Path) -> None:
    opened = open_engine("duckdb", temp_dir=tmp_path)
    assert isinstance(opened, DuckDBEngine)
    assert (opened.folder / "measure.duckdb").exists()
    opened.close()
    opened.close()  # twice is harmless
    assert list(tmp_path.iterdir()) == []


def test_materialise_and_decimals_come_back_as_floats(engine: DuckDBEngine, tmp_path: Path) -> None:
    normalised(engine, write_events(tmp_path, "csv"))
    engine.materialise("per_user", "SELECT user_id, count(*) AS n FROM events GROUP BY user_id")
    assert engine.query("SELECT user_id, n, 0.5 FROM per_user ORDER BY user_id") == [("007", 1, 0.5), ("u1", 2, 0.5), ("u2", 1, 0.5)]


def test_data_several_times_the_memory_limit_is_read_and_sorted_by_spilling(tmp_path: Path) -> None:
    # ~300 MB of CSV under a 64 MB limit: the load and a sort over every row must finish with the
    # right counts, and the engine's spill folder must have held files while it ran.
    path = tmp_path / "big.csv"
    duckdb.connect().execute(
        f"COPY (SELECT 'user-' || lpad((i % 200003)::VARCHAR, 12, '0') AS user_id, 1709287200 + (i * 7919) % 86400000 AS ts, "
        f"'event-name-' || (i % 13) AS event, 'https://shop.example/laptops/item-' || (i % 997) || '?campaign=spring' AS page "
        f"FROM range(3000000) AS r(i)) TO '{path}' (HEADER)")
    assert path.stat().st_size > 250 * 1024 * 1024
    (tmp_path / "work").mkdir()
    engine = open_engine("duckdb", temp_dir=tmp_path / "work", memory_limit="64MB")
    assert isinstance(engine, DuckDBEngine)
    seen: list[int] = []
    running = threading.Event()
    running.set()

    def watch() -> None:
        while running.is_set():
            files = list(engine.spill_folder.glob("*")) if engine.spill_folder.exists() else []
            seen.append(sum(f.stat().st_size for f in files if f.exists()))
            time.sleep(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        summary = engine.load(find_source(str(path)), parse_columns(None), [], time_format=None)
        assert (summary.rows, summary.anonymous) == (3_000_000, 0)
        numbered = "SELECT user_id, ts, row_number() OVER (PARTITION BY user_id ORDER BY ts, row_no) AS k, page FROM events"
        assert engine.query(f"SELECT count(*), max(k), count(DISTINCT user_id) FROM ({numbered})") == [(3_000_000, 15, 200003)]
        database = (engine.folder / "measure.duckdb").stat().st_size
    finally:
        running.clear()
        watcher.join()
        engine.close()
    assert max(seen) > 0, "the sort under 64 MB spilled nothing"
    assert database > 0  # the table itself lives in the database file, on disk


def test_parquet_is_read_in_place_and_row_no_counts_over_files_of_several_row_groups(engine: DuckDBEngine, tmp_path: Path) -> None:
    # Files of different sizes written in a shuffled order, some of several row groups: row_no is
    # the file's rows before it (the footers) plus the row's place in its file.
    folder = tmp_path / "parts"
    folder.mkdir()
    sizes = {0: 10, 1: 250_000, 2: 3, 3: 40_000}
    connection = duckdb.connect()
    for file_no in (2, 0, 3, 1):
        connection.execute(f"COPY (SELECT 'u' || (i % 5) AS user_id, 1709287200 + i AS ts, 'f{file_no}-' || i AS event FROM range({sizes[file_no]}) AS r(i) "
                           f"ORDER BY i) TO '{folder}/part-{file_no}.parquet' (FORMAT parquet, ROW_GROUP_SIZE 30000)")
    rows = normalised(engine, folder, properties=())
    assert [row[6] for row in rows] == list(range(sum(sizes.values())))
    assert [row[3] for row in rows] == [f"f{f}-{i}" for f in range(4) for i in range(sizes[f])]
    assert engine.query("SELECT table_type FROM information_schema.tables WHERE table_name = 'events_data'") == [("VIEW",)]  # no copy


def test_a_bad_time_in_a_later_parquet_file_is_located_in_that_file(engine: DuckDBEngine, tmp_path: Path) -> None:
    folder = tmp_path / "parts"
    folder.mkdir()
    connection = duckdb.connect()
    for name, times in (("a", ["2024-03-01T10:00:00Z"] * 4), ("b", ["2024-03-01T10:00:00Z", "2024-03-01T11:00:00Z", "yesterday"])):
        connection.execute(f"COPY (SELECT 'u' AS user_id, t AS ts, 'e' AS event FROM unnest({times}) WITH ORDINALITY AS x(t, n) ORDER BY n) "
                           f"TO '{folder}/{name}.parquet' (FORMAT parquet)")
    with pytest.raises(MeasureError) as error:
        normalised(engine, folder, properties=())
    assert (error.value.where, error.value.exit_code) == (f"{folder / 'b.parquet'}, row 3, column ts", 1)
    assert "`yesterday`" in error.value.message


def test_a_file_url_is_read_as_its_path(engine: DuckDBEngine, tmp_path: Path) -> None:
    folder = write_events(tmp_path, "parquet")
    assert normalised(engine, f"{folder.as_uri()}/*.parquet") == EXPECTED


@pytest.mark.parametrize("url", ["s3a://bucket/events/*.parquet", "hdfs://namenode:8020/events/*.csv", "gs://bucket/e/*.jsonl", "abfss://c@acct.dfs.core.windows.net/e/*.parquet"])
def test_a_cluster_url_is_for_spark(engine: DuckDBEngine, url: str) -> None:
    with pytest.raises(MeasureError) as error:
        normalised(engine, url)
    assert (error.value.where, error.value.exit_code) == (url, 2)
    assert "--engine spark" in error.value.hint


def test_a_cluster_url_on_duckdb_through_the_cli_is_a_usage_error() -> None:
    run = cli("measure", str(JOURNEY), "--events", "s3a://bucket/events/*.parquet")
    assert (run.code, run.stdout) == (2, "")
    said = "cjmap measure: error: s3a://bucket/events/*.parquet: the DuckDB engine reads local files; `s3a://` is for Spark\n"
    assert run.stderr.startswith(said + "hint: add --engine spark")
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize(("limit", "share"), [("2GB", 2 * 1024**3 * 70 // 100), ("64MB", 64 * 1024**2 * 70 // 100), ("16MB", 12 * 1024**2)])
def test_memory_limit_is_the_runs_budget_and_duckdb_gets_its_share(tmp_path: Path, limit: str, share: int) -> None:
    assert buffer_budget(parse_memory_limit(limit) or 0) == share
    engine = open_engine("duckdb", temp_dir=tmp_path, memory_limit=limit)
    try:
        assert isinstance(engine, DuckDBEngine)
        plain = duckdb.connect()
        plain.execute(f"SET memory_limit = '{share // 1024}KiB'")
        said = "SELECT current_setting('memory_limit')"
        assert engine.connection.execute(said).fetchall() == plain.execute(said).fetchall()  # as DuckDB itself writes that size
    finally:
        engine.close()


def test_progress_is_a_fraction_asked_from_another_thread_and_duckdb_prints_no_bar(engine: DuckDBEngine, capfd: pytest.CaptureFixture[str]) -> None:
    assert engine.progress() is None  # nothing runs
    seen: list[float | None] = []
    query = threading.Thread(target=engine.query, args=("SELECT count(DISTINCT (i * 7919) % 100000007) FROM range(8000000) AS r(i)",))
    query.start()
    while query.is_alive():
        seen.append(engine.progress())
        time.sleep(0.02)
    query.join()
    known = [value for value in seen if value is not None]
    assert known, f"no progress reported over {len(seen)} polls"
    assert all(0 <= value <= 1 for value in known)
    assert engine.progress() is None
    engine.close()
    assert engine.progress() is None  # a closed engine: None, not an error
    assert capfd.readouterr() == ("", "")  # DuckDB's own bar would have gone to the terminal
