"""Bad data gets a clear answer: a located or named error, exit 1 (data) or 2 (usage), never a traceback.

Each case through the library (the MeasureError's where, message, hint and exit code) and through
`cjmap measure` as a user runs it (exit code, stdout, stderr together).
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cjmap.measure.engine import open_engine, parse_memory_limit
from cjmap.measure.errors import MeasureError
from cjmap.measure.fields import parse_columns
from cjmap.measure.sources import find_source
from conftest import ROOT, cli
from measure_events import normalised

JOURNEY = ROOT / "tests" / "data" / "measure" / "laptop-purchase.journey.yaml"
TIME_HINT = "hint: write times as ISO 8601 (2024-05-01T10:00:00Z) or epoch numbers, or give their format with --time-format '%d/%m/%Y %H:%M'\n"


def load_error(path: Path, **options: object) -> MeasureError:
    engine = open_engine("duckdb", temp_dir=path.parent)
    try:
        with pytest.raises(MeasureError) as error:
            normalised(engine, path, **options)
        return error.value
    finally:
        engine.close()


def events(tmp_path: Path, text: str, name: str = "events.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_an_unreadable_time_names_file_row_column_and_value(tmp_path: Path) -> None:
    path = events(tmp_path, "user_id,timestamp,event,page\nu1,2024-03-01T10:00:00Z,page_view,/\n,garbage,x,/\nu2,31/02/2024,page_view,/\n")
    error = load_error(path, properties=())
    assert (str(error), error.exit_code) == (f"{path}, row 3, column timestamp: cannot read `31/02/2024` as a time", 1)
    run = cli("measure", str(JOURNEY), "--events", str(path))
    assert (run.code, run.stdout) == (1, "")
    assert run.stderr == f"cjmap measure: error: {path}, row 3, column timestamp: cannot read `31/02/2024` as a time\n" + TIME_HINT


def test_an_empty_time_and_a_value_that_is_not_a_number(tmp_path: Path) -> None:
    assert load_error(events(tmp_path, "user,ts,event\nu1,,e\n"), properties=()).message == "the cell is empty; it needs a time"
    error = load_error(events(tmp_path, "user,ts,event,value\nu1,2024-03-01,e,12\nu1,2024-03-01,e,twelve\n", "v.csv"), properties=())
    assert (error.where, error.message, error.exit_code) == (f"{tmp_path / 'v.csv'}, row 2, column value", "cannot read `twelve` as a number", 1)


def test_a_time_format_that_does_not_fit_says_so(tmp_path: Path) -> None:
    error = load_error(events(tmp_path, "user,ts,event\nu1,2024-03-01 10:00,e\n"), properties=(), time_format="%d/%m/%Y")
    assert error.hint == "the cell does not follow --time-format '%d/%m/%Y'; fix the cell or the format"


def test_a_missing_required_column_lists_the_files_columns(tmp_path: Path) -> None:
    path = events(tmp_path, "customer,when,what\na,2024-03-01,e\n")
    run = cli("measure", str(JOURNEY), "--events", str(path))
    assert (run.code, run.stdout) == (1, "")
    assert run.stderr == (f"cjmap measure: error: {path}: no user column (looked for user_id, user, userid, customer_id, …); the data has: `customer`, `when`, `what`\n"
                          "hint: name the columns with --columns user=COLUMN,time=COLUMN,event=COLUMN[,session=COLUMN,page=COLUMN,value=COLUMN,PROPERTY=COLUMN]\n")
    # Named, the same columns measure (with a page column by its default name: the journey has a page: rule).
    named = events(tmp_path, "customer,when,what,url\na,2024-03-01,e,/\n", name="named.csv")
    assert cli("measure", str(JOURNEY), "--events", str(named), "--columns", "user=customer,time=when,event=what", "--format", "json").code == 0


def test_a_property_the_data_lacks_is_located_at_the_journey_key(tmp_path: Path) -> None:
    path = events(tmp_path, "user_id,timestamp,event,page\nu1,2024-03-01T10:00:00Z,page_view,/laptops/x\n")
    error = load_error(path, properties=("utm_medium",))
    assert (error.where, error.exit_code) == ("shop.journey.yaml:3:9", 1)
    assert error.message == "unknown column `utm_medium`; the data has: `user_id`, `timestamp`, `event`, `page`"
    run = cli("measure", str(JOURNEY), "--events", str(path), "--by", "persona")
    assert (run.code, run.stdout) == (1, "")
    assert run.stderr.startswith(f"cjmap measure: error: {JOURNEY}:17:15: unknown column `medium`; the data has: ")


def test_a_glob_that_matches_nothing_is_a_usage_error(tmp_path: Path) -> None:
    run = cli("measure", str(JOURNEY), "--events", f"{tmp_path}/*.csv")
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == (f"cjmap measure: error: {tmp_path}/*.csv: matches no event file\n"
                          "hint: give a file, a folder or a quoted glob of .csv, .csv.gz, .parquet or .jsonl files\n")


@pytest.mark.parametrize("name", ["broken.csv.gz", "broken.parquet", "broken.jsonl"])
def test_a_corrupt_file_is_a_usage_error_not_a_traceback(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    if name.endswith(".gz"):  # a whole header, then the stream cut off in the middle of its rows
        rows = b"".join(f"u{i},{1709287200 + i},e{i * 7919 % 1000}\n".encode() for i in range(50_000))
        whole = gzip.compress(b"user_id,ts,event\n" + rows)
        path.write_bytes(whole[: len(whole) // 2])
    else:
        path.write_bytes(b"PAR1 this is not what its name says {\n")
    error = load_error(path, properties=())
    assert error.exit_code == 2 and error.message.startswith("cannot be read: ")
    run = cli("measure", str(JOURNEY), "--events", str(path))
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr.startswith(f"cjmap measure: error: {path}: cannot be read: ") and "Traceback" not in run.stderr
    assert run.stderr.endswith("hint: check that every file is whole and in the format its name says\n") or name.endswith(".jsonl")


def test_a_hostile_file_name_is_shown_escaped(tmp_path: Path) -> None:
    path = events(tmp_path, "user,ts,event\nu1,noon,e\n", "a\x1b]8;;x\x07\nb.csv")
    run = cli("measure", str(JOURNEY), "--events", str(path))
    assert run.code == 1 and "\x1b" not in run.stderr and "\x07" not in run.stderr
    assert "a\\x1b]8;;x\\x07\\nb.csv, row 1, column ts: cannot read `noon` as a time" in run.stderr


@pytest.mark.parametrize("text", ["lots", "12XB", "-1GB", "100"])
def test_a_bad_memory_limit_is_a_usage_error(tmp_path: Path, text: str) -> None:
    with pytest.raises(MeasureError) as error:
        parse_memory_limit(text)
    assert (error.value.where, error.value.exit_code) == ("--memory-limit", 2)
    path = events(tmp_path, "user,ts,event\nu1,2024-03-01,e\n")
    run = cli("measure", str(JOURNEY), "--events", str(path), "--memory-limit", text)
    assert (run.code, run.stdout) == (2, "") and run.stderr.startswith("cjmap measure: error: --memory-limit: ")


def test_spark_not_installed_is_a_usage_error_naming_the_extra(tmp_path: Path) -> None:
    # A pyspark that cannot be imported, first on the import path: as on a machine without it.
    blocker = tmp_path / "blocked"
    blocker.mkdir()
    (blocker / "pyspark.py").write_text("raise ImportError('No module named pyspark', name='pyspark')\n", encoding="utf-8")
    path = events(tmp_path, "user,ts,event\nu1,2024-03-01,e\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(blocker), str(ROOT / "src")])}
    done = subprocess.run([sys.executable, "-m", "cjmap", "measure", str(JOURNEY), "--events", str(path), "--engine", "spark"],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120, check=False)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == ("cjmap measure: error: --engine spark: the Spark engine needs pyspark, which is not installed\n"
                           "hint: pip install 'cjmap[spark]' (PySpark and sqlglot)\n")


def test_a_json_lines_file_names_the_line_that_is_not_an_object(tmp_path: Path) -> None:
    for bad, said in (("[1, 2]", "line 2 is a JSON array, not an object"), ("{\"user_id\": ", "line 2 is not JSON")):
        path = events(tmp_path, '{"user_id": "u1", "ts": 1709287200, "event": "e"}\n' + bad + "\n", "e.jsonl")
        error = load_error(path, properties=())
        assert (error.where, error.exit_code) == (str(path), 2) and error.message.startswith(f"cannot be read: {said}")
        run = cli("measure", str(JOURNEY), "--events", str(path))
        assert (run.code, run.stdout) == (2, "") and run.stderr.startswith(f"cjmap measure: error: {path}: cannot be read: {said}")
        assert "one object per line" in run.stderr and "Traceback" not in run.stderr


def test_a_duplicate_csv_header_names_the_column(tmp_path: Path) -> None:
    path = events(tmp_path, "user_id,timestamp,event,event\nu1,2024-03-01,a,b\n")
    run = cli("measure", str(JOURNEY), "--events", str(path))
    assert (run.code, run.stdout) == (1, "")
    assert run.stderr == f"cjmap measure: error: {path}: the header names `event` twice\nhint: give every column its own name in the first line\n"


@pytest.mark.parametrize(("fmt", "said"), [("%Q", "has the directive %Q, which neither engine reads"), ("%s %H", "uses %s with more around it"),
                                           ("%d/%m/%", "ends with a lone %"), ("  ", "is empty")])
def test_a_bad_time_format_is_refused_before_reading(tmp_path: Path, fmt: str, said: str) -> None:
    path = tmp_path / "never-read.csv"  # not even there: the format is checked first
    engine = open_engine("duckdb", temp_dir=tmp_path)
    try:
        with pytest.raises(MeasureError) as error:
            engine.load(find_source(str(events(tmp_path, "user,ts,event\nu1,1,e\n"))), parse_columns(None), [], time_format=fmt)
    finally:
        engine.close()
    assert (error.value.where, error.value.exit_code) == ("--time-format", 2) and said in error.value.message
    run = cli("measure", str(JOURNEY), "--events", str(path.parent / "*.csv"), "--time-format", fmt)
    assert run.code == 2 and run.stdout == ""
    assert run.stderr.startswith(f"cjmap measure: error: --time-format: the format {said}") and "\nhint: use %Y %m %d" in run.stderr


def test_percent_s_reads_epoch_seconds(tmp_path: Path) -> None:
    path = events(tmp_path, "user,ts,event\nu1,1709287200,e\nu2,1709287200.25,e\n")
    engine = open_engine("duckdb", temp_dir=tmp_path)
    try:
        assert [row[2] for row in normalised(engine, path, properties=(), time_format="%s")] == [1709287200000000, 1709287200250000]
    finally:
        engine.close()


@pytest.mark.parametrize("limit", ["100000000TB", "2000TB"])
def test_a_memory_limit_beyond_any_machine_is_a_usage_error(tmp_path: Path, limit: str) -> None:
    with pytest.raises(MeasureError) as error:
        parse_memory_limit(limit)
    assert (error.value.where, error.value.exit_code) == ("--memory-limit", 2)
    assert error.value.message == f"{limit} is more memory than any machine has"
    path = events(tmp_path, "user_id,timestamp,event,page\nu1,2024-03-01T10:00:00Z,page_view,/\n")
    run = cli("measure", str(JOURNEY), "--events", str(path), "--memory-limit", limit)
    assert (run.code, run.stdout) == (2, "") and run.stderr.startswith(f"cjmap measure: error: --memory-limit: {limit} is more memory")


def test_by_an_unknown_column_speaks_of_the_option(tmp_path: Path) -> None:
    path = events(tmp_path, "user_id,timestamp,event,page\nu1,2024-03-01T10:00:00Z,page_view,/\n")
    run = cli("measure", str(JOURNEY), "--events", str(path), "--by", "plan")
    assert (run.code, run.stdout) == (1, "")
    assert run.stderr.startswith("cjmap measure: error: --by: unknown column `plan`; the data has: `user_id`, `timestamp`, `event`, `page`\n")
    assert run.stderr.endswith("hint: give --by one of the data's columns (or --by persona)\n")
