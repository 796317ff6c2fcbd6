"""`--events PATH_OR_GLOB`: files in name order, one format, the CSV header and delimiter read once."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from cjmap.measure.errors import MeasureError
from cjmap.measure.sources import CSV, JSONL, PARQUET, find_source, local_source, url_scheme


def touch(path: Path, text: str = "user_id,ts,event\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_folder_gives_its_event_files_in_name_order_without_hidden_or_underscore_files(tmp_path: Path) -> None:
    for name in ("b.csv", "a.csv", "sub/c.csv", "_SUCCESS", ".part-0.csv.crc", "_tmp/d.csv"):
        touch(tmp_path / name)
    source = find_source(str(tmp_path))
    assert [p.relative_to(tmp_path).as_posix() for p in source.files] == ["a.csv", "b.csv", "sub/c.csv"]
    assert (source.format, source.header, source.delimiter) == (CSV, ("user_id", "ts", "event"), ",")


def test_a_glob_with_double_star(tmp_path: Path) -> None:
    touch(tmp_path / "2024/02/x.jsonl", "{}")
    touch(tmp_path / "2024/01/x.ndjson", "{}")
    source = find_source(f"{tmp_path}/**/x.*json*")
    assert (source.format, [p.parent.name for p in source.files]) == (JSONL, ["01", "02"])


@pytest.mark.parametrize(("header", "delimiter"), [("user;ts;event", ";"), ("user\tts\tevent", "\t"), ("user|ts|event", "|"), ("user", ",")])
def test_the_delimiter_is_sniffed_from_the_header(tmp_path: Path, header: str, delimiter: str) -> None:
    source = find_source(str(touch(tmp_path / "e.csv", header + "\n")))
    assert source.delimiter == delimiter and source.header == tuple(header.split(delimiter))


def test_gzipped_csv_and_parquet(tmp_path: Path) -> None:
    with gzip.open(tmp_path / "e.csv.gz", "wt") as stream:
        stream.write("\ufeffuser_id,ts,event\r\n")
    assert find_source(str(tmp_path / "e.csv.gz")).header == ("user_id", "ts", "event")
    touch(tmp_path / "p/x.parquet", "")
    assert find_source(str(tmp_path / "p")).format == PARQUET


@pytest.mark.parametrize(("names", "said"), [((), "matches no event file"), (("a.csv", "b.parquet"), "mixes formats (csv, parquet)"),
                                             (("a.xlsx",), "not an event file format: a.xlsx")])
def test_usage_errors(tmp_path: Path, names: tuple[str, ...], said: str) -> None:
    for name in names:
        touch(tmp_path / name)
    with pytest.raises(MeasureError) as error:
        find_source(f"{tmp_path}/*")
    assert (error.value.message, error.value.exit_code) == (said, 2)
    assert error.value.hint


def test_csv_files_with_other_headers_are_not_read_together(tmp_path: Path) -> None:
    touch(tmp_path / "a.csv")
    touch(tmp_path / "b.csv", "user_id,event,ts\n")
    with pytest.raises(MeasureError) as error:
        find_source(str(tmp_path))
    assert error.value.where == str(tmp_path / "b.csv") and error.value.exit_code == 1


def test_a_truncated_gzip_and_a_hostile_name_are_shown_safely(tmp_path: Path) -> None:
    path = tmp_path / "evil\x1b[2J\nname.csv.gz"
    path.write_bytes(gzip.compress(b"user_id,ts,event\n" * 1000)[:20])
    with pytest.raises(MeasureError) as error:
        find_source(str(path))
    assert error.value.exit_code == 2 and "\x1b" not in str(error.value) and "\n" not in str(error.value)
    assert "evil\\x1b[2J\\nname.csv.gz" in str(error.value)


def test_ga4_is_not_csv(tmp_path: Path) -> None:
    with pytest.raises(MeasureError) as error:
        find_source(str(touch(tmp_path / "e.csv")), kind="ga4")
    assert error.value.exit_code == 2


@pytest.mark.parametrize(("url", "fmt"), [
    ("s3a://bucket/events/2024-*/*.parquet", PARQUET), ("hdfs://namenode:8020/events/part-*.csv.gz", CSV), ("gs://b/e/*.jsonl", JSONL),
    ("abfss://c@acct.dfs.core.windows.net/e/day=*/*.PQ", PARQUET), ("file:///srv/events/*.tsv", CSV),
])
def test_a_url_is_left_to_spark_with_its_format(url: str, fmt: str) -> None:
    source = find_source(url)
    assert (source.url, source.files, source.format, source.header, source.name_of(0)) == (url, (), fmt, (), url)
    assert source.delimiter == ("\t" if url.endswith(".tsv") else ",")


@pytest.mark.parametrize("url", ["s3a://bucket/events/", "hdfs://namenode/events", "s3a://bucket/events/*.xlsx"])
def test_a_url_without_a_files_format_is_a_usage_error(url: str) -> None:
    with pytest.raises(MeasureError) as error:
        find_source(url)
    assert (error.value.where, error.value.exit_code) == (url, 2)
    assert "*.parquet" in error.value.hint


def test_ga4_behind_a_url_is_not_csv() -> None:
    with pytest.raises(MeasureError) as error:
        find_source("s3a://bucket/ga4/*.csv", kind="ga4")
    assert error.value.exit_code == 2


@pytest.mark.parametrize(("text", "scheme"), [("s3a://b/k", "s3a"), ("FILE:///x", "file"), ("C:\\data\\e.csv", None), ("/data/e.csv", None), ("data/a://b.csv", None)])
def test_url_scheme(text: str, scheme: str | None) -> None:
    assert url_scheme(text) == scheme


def test_a_file_url_becomes_its_local_files_and_others_stay_for_spark(tmp_path: Path) -> None:
    (tmp_path / "a b.csv").write_text("user;time;event\n", encoding="utf-8")
    local = local_source(find_source((tmp_path / "a b.csv").as_uri()))
    assert (local.files, local.delimiter, local.header, local.url) == ((tmp_path / "a b.csv",), ";", ("user", "time", "event"), None)
    with pytest.raises(MeasureError) as error:
        local_source(find_source("s3a://bucket/e/*.csv"))
    assert error.value.exit_code == 2
