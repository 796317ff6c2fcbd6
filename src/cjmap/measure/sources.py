"""Where the events are: `--events PATH_OR_GLOB` → the files, in name order, and their one format.

A file, a folder (every event file under it, hidden and `_`-prefixed files skipped, as Spark and
Hive write `_SUCCESS` and `.crc` beside their output) or a glob (`**` crosses folders). Formats by
extension: CSV (`.csv`, `.tsv`, `.txt`, each optionally `.gz`), Parquet (`.parquet`, `.pq`) and
JSON lines (`.jsonl`, `.ndjson`, `.json`, optionally `.gz`). One run reads one format: a glob
mixing them is an error rather than a guess. For CSV the header row and the delimiter are read
here, once, so both engines read the same columns the same way (Spark does not sniff).

A URL (``s3a://``, ``hdfs://``, ``gs://``, ``abfss://``, ``file://``…) is neither listed nor
opened here: the Spark engine hands it to Spark's reader as it is (Spark globs it where the data
lives, and reads a CSV header itself); the DuckDB engine reads file:// as its path
(:func:`local_source`) and refuses any other URL (exit 2).
"""

from __future__ import annotations

import csv
import glob
import gzip
import io
import json
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from cjmap.measure.errors import EXIT_DATA, EXIT_USAGE, MeasureError
from cjmap.text.safe import visible

CSV, PARQUET, JSONL = "csv", "parquet", "jsonl"
_FORMAT_OF_SUFFIX = {".csv": CSV, ".tsv": CSV, ".txt": CSV, ".parquet": PARQUET, ".pq": PARQUET, ".jsonl": JSONL, ".ndjson": JSONL, ".json": JSONL}
_DELIMITERS = (",", ";", "\t", "|")
_HEADER_BYTES = 1 << 20  # a header line longer than this is not a header
_GLOB_CHARACTERS = frozenset("*?[")
_URL = re.compile(r"([A-Za-z][A-Za-z0-9+.-]+)://")  # two letters at least: C:\\ is a drive


@dataclass(frozen=True)
class EventSource:
    """The files of one run: all of one format; for CSV, their header and delimiter."""

    pattern: str  # as the user typed it
    files: tuple[Path, ...]  # in name order: this order makes row_no
    format: str  # CSV, PARQUET or JSONL
    kind: str = "events"  # "events" (a flat table) or "ga4" (BigQuery's export)
    delimiter: str = ","  # CSV only
    header: tuple[str, ...] = ()  # CSV only: the column names of every file
    url: str | None = None  # a URL the engine reads itself (Spark: s3a://, hdfs://, file://…); then no files, no header

    def name_of(self, index: int) -> str:
        """File ``index`` as messages show it (a URL source: the URL)."""
        return visible(str(self.files[index]) if self.files else self.pattern)


def url_scheme(pattern: str) -> str | None:
    """``s3a`` for ``s3a://bucket/events/*.parquet``; None for a local path (``C:\\data`` is not a URL)."""
    match = _URL.match(pattern)
    return match.group(1).lower() if match else None


def local_source(source: EventSource) -> EventSource:
    """``source`` with its files listed on this machine, for an engine that reads local files only
    (DuckDB): a file:// URL becomes its path; any other URL is a usage error (exit 2)."""
    if source.url is None:
        return source
    if url_scheme(source.url) != "file":
        raise MeasureError(f"the DuckDB engine reads local files; `{visible(url_scheme(source.url) or '')}://` is for Spark", where=visible(source.pattern),
                           hint="add --engine spark (or --spark-remote sc://HOST:PORT) to read it on Spark, or copy the files here", exit_code=EXIT_USAGE)
    return find_source(unquote(urlparse(source.url).path), kind=source.kind)


def find_source(pattern: str, *, kind: str = "events") -> EventSource:
    """The event files ``pattern`` names. Nothing found, a mixed or unknown format: usage errors (exit 2).

    A URL (``s3a://…``, ``hdfs://…``, ``file://…``) is not listed here: Spark lists and globs it
    where the data is. Its format comes from the name its last part ends with."""
    if url_scheme(pattern) is not None:
        return _url_source(pattern, kind)
    files = _files(pattern)
    if not files:
        raise MeasureError("matches no event file", where=visible(pattern), hint=_formats_hint(), exit_code=EXIT_USAGE)
    formats = {format_of(path) for path in files}
    if None in formats:
        strays = [visible(path.name) for path in files if format_of(path) is None][:3]
        raise MeasureError(f"not an event file format: {', '.join(strays)}", where=visible(pattern), hint=_formats_hint(), exit_code=EXIT_USAGE)
    if len(formats) > 1:
        raise MeasureError(f"mixes formats ({', '.join(sorted(str(f) for f in formats))})", where=visible(pattern),
                           hint="point --events at files of one format (a narrower glob)", exit_code=EXIT_USAGE)
    (format_,) = formats
    assert format_ is not None
    if kind == "ga4" and format_ == CSV:
        raise MeasureError("GA4's export is Parquet or JSON lines, not CSV", where=visible(pattern),
                           hint="export the events_* tables as Parquet or JSON lines, or use --source events", exit_code=EXIT_USAGE)
    if format_ != CSV:
        return EventSource(pattern, tuple(files), format_, kind)
    delimiter, header = _csv_header(files)
    return EventSource(pattern, tuple(files), format_, kind, delimiter, header)


def _url_source(url: str, kind: str) -> EventSource:
    last = urlparse(url).path.rstrip("/").rsplit("/", 1)[-1]
    format_ = format_of(Path(last)) if last else None
    if format_ is None:
        raise MeasureError("a URL must name its files' format", where=visible(url),
                           hint="end it with a glob of the files, as s3a://bucket/events/*.parquet (or *.csv, *.csv.gz, *.jsonl)", exit_code=EXIT_USAGE)
    if kind == "ga4" and format_ == CSV:
        raise MeasureError("GA4's export is Parquet or JSON lines, not CSV", where=visible(url),
                           hint="export the events_* tables as Parquet or JSON lines, or use --source events", exit_code=EXIT_USAGE)
    delimiter = "\t" if last.lower().removesuffix(".gz").endswith(".tsv") else ","
    return EventSource(url, (), format_, kind, delimiter, (), url=url)


def format_of(path: Path) -> str | None:
    name = path.name.lower().removesuffix(".gz")
    return _FORMAT_OF_SUFFIX.get(Path(name).suffix)


def _formats_hint() -> str:
    return "give a file, a folder or a quoted glob of .csv, .csv.gz, .parquet or .jsonl files"


def _files(pattern: str) -> list[Path]:
    path = Path(pattern)
    if path.is_dir():
        found = [p for p in path.rglob("*") if p.is_file() and not _hidden(p.relative_to(path))]
    elif path.is_file():
        return [path]
    elif _GLOB_CHARACTERS & set(pattern):
        found = [Path(name) for name in glob.glob(pattern, recursive=True) if Path(name).is_file()]
    else:
        return []
    return sorted(found, key=str)


def _hidden(relative: Path) -> bool:
    return any(part.startswith((".", "_")) for part in relative.parts)


def _csv_header(files: Sequence[Path]) -> tuple[str, tuple[str, ...]]:
    """The delimiter and header of the first file; every other file must have the same header."""
    first_line = _first_line(files[0])
    delimiter = "\t" if files[0].name.lower().removesuffix(".gz").endswith(".tsv") else _sniff(first_line)
    header = _split(first_line, delimiter)
    if not any(header):
        raise MeasureError("has no header row", where=visible(str(files[0])), hint="the first line of a CSV file names its columns", exit_code=EXIT_DATA)
    _check_unique(header, files[0])
    for other in files[1:]:
        if (columns := _split(_first_line(other), delimiter)) != header:
            raise MeasureError(f"has other columns than {visible(str(files[0]))}: {', '.join(visible(c) for c in columns)}",
                               where=visible(str(other)), hint="read files with the same header together", exit_code=EXIT_DATA)
    return delimiter, header


def _check_unique(header: Sequence[str], path: Path) -> None:
    """Two columns of one name: neither engine could tell which one a role or a property means."""
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise MeasureError(f"the header names `{visible(name)}` twice", where=visible(str(path)),
                               hint="give every column its own name in the first line", exit_code=EXIT_DATA)
        seen.add(name)


def _first_line(path: Path) -> str:
    try:
        with _open(path) as stream:
            raw = stream.readline(_HEADER_BYTES)
    except (OSError, EOFError, zlib.error) as error:
        raise MeasureError(f"cannot be read ({visible(type(error).__name__)}: {visible(str(error))})", where=visible(str(path)),
                           hint="check the file is complete and readable (a .gz file must be whole)", exit_code=EXIT_USAGE) from None
    try:
        return raw.decode("utf-8-sig").rstrip("\r\n")
    except UnicodeDecodeError:
        raise MeasureError("is not UTF-8 text", where=visible(str(path)), hint="convert the file to UTF-8", exit_code=EXIT_USAGE) from None


def _open(path: Path) -> io.BufferedIOBase:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")
    return open(path, "rb")


def header_of(line: str, *, tab: bool = False) -> tuple[str, tuple[str, ...]]:
    """The delimiter and the columns of a CSV header line (``tab``: a .tsv file)."""
    delimiter = "\t" if tab else _sniff(line)
    return delimiter, _split(line, delimiter)


def _sniff(line: str) -> str:
    """The delimiter the header uses most (ties: in _DELIMITERS order); a comma for a one-column header."""
    counts = [(line.count(candidate), -rank, candidate) for rank, candidate in enumerate(_DELIMITERS)]
    best = max(counts)
    return best[2] if best[0] > 0 else ","


def _split(line: str, delimiter: str) -> tuple[str, ...]:
    return tuple(next(csv.reader([line], delimiter=delimiter), []))


def first_non_object(source: EventSource) -> MeasureError | None:
    """The error for the first line of a JSON-lines source that is not a JSON object (file and line
    number), None when every line is one. Read only when an engine failed on the files."""
    for path in source.files:
        try:
            with _open(path) as stream:
                for number, raw in enumerate(stream, start=1):
                    line = raw.decode("utf-8-sig" if number == 1 else "utf-8", errors="replace").strip()
                    if not line:
                        continue
                    try:
                        parsed = json.loads(line)
                    except ValueError as error:
                        return _line_error(path, number, f"is not JSON ({visible(str(error))})")
                    if not isinstance(parsed, dict):
                        return _line_error(path, number, f"is a JSON {_json_kind(parsed)}, not an object")
        except (OSError, EOFError, zlib.error):
            return None  # the engine's own message says what went wrong with the file
    return None


def _json_kind(value: object) -> str:
    return {list: "array", str: "string", bool: "boolean", type(None): "null"}.get(type(value), "number")


def _line_error(path: Path, number: int, what: str) -> MeasureError:
    return MeasureError(f"cannot be read: line {number} {what}", where=visible(str(path)),
                        hint="JSON lines hold one object per line ({\"user_id\": …, \"event\": …}); fix or remove that line", exit_code=EXIT_USAGE)
