"""The DuckDB engine: events read into a file-backed temporary database that spills to disk under --memory-limit.

The database lives in a fresh folder (removed on close) rather than in memory, so data larger than
the memory limit is buffered to disk: CSV and JSON lines copied into a table, and the spill files
of sorts and joins (temp_directory). Parquet is not copied: ``events`` is a view over the files,
which DuckDB reads column by column and row group by row group, filters pushed down (the funnel
reads only the touchpoints' events). row_no is the row's place in the input: for Parquet, its
``file_row_number`` plus the rows of the files before it (from the footers); for CSV and JSON
lines, the table's ``rowid`` (rows inserted in input order, the one step that keeps it). One pass
over the rows gives the summary and finds the first bad time and value.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cjmap.measure import normalise as norm
from cjmap.measure.errors import EXIT_USAGE, MeasureError
from cjmap.measure.fields import Fields, resolve
from cjmap.measure.loaded import LoadSummary, Property
from cjmap.measure.sources import CSV, JSONL, PARQUET, EventSource, first_non_object, local_source
from cjmap.text.safe import visible

if TYPE_CHECKING:
    import duckdb

_TIMESTAMPS = ("TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS", "DATE")
BUFFER_SHARE = 70  # % of --memory-limit DuckDB's buffer manager gets (docs/performance.md: the measured peaks)
MIN_BUFFERS = 12 * 1024 * 1024
_INTEGERS = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT")


@dataclass(frozen=True)
class _Checked:
    """What the one pass over the rows found: the summary, the first bad time and value (row_no, file_no, cell), the rows per property."""

    summary: LoadSummary
    bad_time: tuple[int, int, str] | None
    bad_value: tuple[int, int, str] | None
    property_counts: tuple[int, ...]


def buffer_budget(memory_limit: int) -> int:
    """DuckDB's own memory_limit for a whole run's budget of ``memory_limit`` bytes.

    DuckDB's limit bounds its buffer manager only, not the process: the readers' buffers, the
    allocator's slack, Python and cjmap come on top (100 M events with memory_limit = 2 GB peaked at
    2.29 GB RSS). So DuckDB gets BUFFER_SHARE of the budget and the rest is left for what it does
    not count; never below MIN_BUFFERS, which DuckDB needs to run at all."""
    return max(MIN_BUFFERS, memory_limit * BUFFER_SHARE // 100)


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class DuckDBEngine:
    name = "duckdb"

    def __init__(self, connection: duckdb.DuckDBPyConnection, folder: Path, memory_limit: int | None = None) -> None:
        self.connection = connection
        self.memory_limit = memory_limit
        self.folder = folder  # the database and the spill folder
        self.spill_folder = folder / "spill"
        self._closed = False

    @classmethod
    def start(cls, *, memory_limit: int | None, temp_dir: str | Path | None) -> DuckDBEngine:
        try:
            import duckdb
        except ImportError:
            raise MeasureError("DuckDB is not installed", where="--engine duckdb", hint="pip install duckdb (cjmap depends on it)", exit_code=EXIT_USAGE) from None
        try:
            folder = Path(tempfile.mkdtemp(prefix="cjmap-measure-", dir=temp_dir))
        except OSError as error:
            raise MeasureError(f"cannot make a working folder ({visible(str(error))})", where="--engine duckdb",
                               hint="free disk space, or point TMPDIR at a writable folder", exit_code=EXIT_USAGE) from None
        connection = duckdb.connect(str(folder / "measure.duckdb"))
        engine = cls(connection, folder, memory_limit)
        engine._configure(memory_limit)
        return engine

    def _configure(self, memory_limit: int | None) -> None:
        self.connection.execute(f"SET temp_directory = {norm.sql_string(str(self.spill_folder))}")
        self.connection.execute("SET TimeZone = 'UTC'")
        self.connection.execute(f"SET threads = {os.cpu_count() or 1}")
        # Progress is tracked (for progress()) but never printed: DuckDB's own bar would write into the results.
        self.connection.execute("SET enable_progress_bar = true")
        self.connection.execute("SET enable_progress_bar_print = false")
        self.connection.execute("SET preserve_insertion_order = false")  # every query orders by what it needs; row_no carries the input's order
        if memory_limit is not None:
            self.connection.execute(f"SET memory_limit = '{buffer_budget(memory_limit) // 1024}KiB'")

    # -- load -----------------------------------------------------------------------------------

    def load(self, source: EventSource, fields: Fields, properties: Sequence[Property], *, time_format: str | None) -> LoadSummary:
        import duckdb

        norm.check_time_format(time_format)  # before any file is read
        source = local_source(source)  # a file:// URL read here; DuckDB reads no other URL (exit 2)
        reader = _reader(source, self.memory_limit)
        try:
            types = self._types(reader, source)
            if source.format == JSONL and list(types) == ["json"]:  # DuckDB's answer to a line that is not an object
                raise first_non_object(source) or _unreadable(source, ValueError("not JSON objects, one per line"))
            resolved = resolve(fields, list(types), where=source.name_of(0), ga4=source.kind == "ga4")
            select = _Select(source, types, resolved, time_format, self._type_of(reader)).build(properties)
            starts = self._create_rows(source, reader, select)
            checked = self._check_and_summarise(len(properties))
        except duckdb.OutOfMemoryException as error:
            raise norm.out_of_memory("duckdb", error) from None
        except duckdb.Error as error:
            located = first_non_object(source) if source.format == JSONL else None
            raise (located or _unreadable(source, error)) from None
        self._raise_bad_cell(checked, source, resolved, time_format, starts)
        self._check_properties(source, properties, types, checked.property_counts)
        columns = ", ".join(["user_id", "session_id", "ts", "event", "page", "value", "row_no", *(f"p{i}" for i in range(len(properties)))])
        self.connection.execute(f"CREATE OR REPLACE TEMP VIEW events AS SELECT {columns} FROM events_data WHERE user_id IS NOT NULL")
        return replace(checked.summary, columns=norm.played(resolved, ga4=source.kind == "ga4"))

    def _type_of(self, reader: str) -> Callable[[str], str]:
        """The DuckDB type of an expression over the source (a path into a struct: its field's type)."""
        return lambda expr: str(self.connection.sql(f"SELECT {expr} FROM {reader} LIMIT 0").types[0])

    def _create_rows(self, source: EventSource, reader: str, select: str) -> list[int] | None:
        """``events_data``: every row normalised, with bad_time, bad_value, file_no and row_no.

        Parquet: a view over the files, read again by each query that needs rows (Parquet reads
        only the columns and row groups a query asks for, so a copy would cost more than it
        saves); row_no = the row's number in its file (file_row_number) + the rows of the files
        before it, from the files' footers. Returns those starts. CSV and JSON lines number no
        rows: they are copied, in input order, into a table whose rowid is row_no (None)."""
        if source.format == PARQUET:
            starts = self._parquet_starts(source)
            shift = "[" + ", ".join(str(start) for start in starts) + "]"
            self.connection.execute(
                f"CREATE OR REPLACE TEMP VIEW events_data AS SELECT {select}, file_index AS file_no, "
                f"CAST(file_row_number AS BIGINT) + {shift}[CAST(file_index AS BIGINT) + 1] AS row_no FROM {reader}"
            )
            return starts
        self.connection.execute("SET preserve_insertion_order = true")
        self.connection.execute(f"CREATE OR REPLACE TABLE events_rows AS SELECT * FROM (SELECT {select}, file_index AS file_no FROM {reader}) AS cells")
        self.connection.execute("SET preserve_insertion_order = false")
        self.connection.execute("CREATE OR REPLACE TEMP VIEW events_data AS SELECT *, rowid AS row_no FROM events_rows")
        return None

    def _parquet_starts(self, source: EventSource) -> list[int]:
        """The row_no each file's first row gets: the rows of the files before it (their footers say)."""
        files = "[" + ", ".join(norm.sql_string(str(path)) for path in source.files) + "]"
        rows = dict(self.connection.execute(f"SELECT file_name, num_rows FROM parquet_file_metadata({files})").fetchall())
        starts, total = [], 0
        for path in source.files:
            starts.append(total)
            total += int(rows.get(str(path), 0))
        return starts

    def _check_and_summarise(self, properties: int) -> _Checked:
        """One pass over every row: the summary, the first bad time and the first bad value (by
        row_no, among rows with a user), and how many rows have each property."""
        firsts = ", ".join(
            f"min(row_no) FILTER (WHERE {flag} IS NOT NULL AND user_id IS NOT NULL), arg_min(file_no, row_no) FILTER (WHERE {flag} IS NOT NULL AND user_id IS NOT NULL), "
            f"arg_min({flag}, row_no) FILTER (WHERE {flag} IS NOT NULL AND user_id IS NOT NULL)"
            for flag in ("bad_time", "bad_value")
        )
        counts = "".join(f", count(p{i})" for i in range(properties))
        row = self.connection.execute(
            "SELECT count(user_id), count(*) - count(user_id), min(ts) FILTER (WHERE user_id IS NOT NULL), max(ts) FILTER (WHERE user_id IS NOT NULL), "
            f"{firsts}{counts} FROM events_data"
        ).fetchone()
        assert row is not None
        summary = LoadSummary(rows=int(row[0]), anonymous=int(row[1]), first_ts=row[2], last_ts=row[3])
        bad = tuple((row[i], row[i + 1], row[i + 2]) if row[i] is not None else None for i in (4, 7))
        return _Checked(summary, bad[0], bad[1], tuple(int(n) for n in row[10:]))

    def _raise_bad_cell(self, checked: _Checked, source: EventSource, fields: Fields, time_format: str | None, starts: list[int] | None) -> None:
        for bad, role, what, hint in ((checked.bad_time, "time", "a time", norm.time_hint(time_format)), (checked.bad_value, "value", "a number", norm.VALUE_HINT)):
            if bad is None:
                continue
            row_no, file_no, value = bad
            if starts is not None:
                first = starts[file_no]
            else:
                (first,) = self.connection.execute("SELECT min(rowid) FROM events_rows WHERE file_no = ?", [file_no]).fetchone() or (row_no,)
            raise norm.bad_cell(file=source.name_of(file_no), row=row_no - first + 1, column=fields.of(role) or role, value=value, what=what, hint=hint)

    def _types(self, reader: str, source: EventSource) -> dict[str, str]:
        relation = self.connection.sql(f"SELECT * FROM {reader} LIMIT 0")
        return {name: str(kind) for name, kind in zip(relation.columns, relation.types, strict=True) if name != "file_row_number"}

    def _check_properties(self, source: EventSource, properties: Sequence[Property], types: dict[str, str], counts: tuple[int, ...]) -> None:
        """A GA4 event parameter is unknown only when no event has it."""
        if source.kind != "ga4" or not properties:
            return
        for prop, count in zip(properties, counts, strict=True):
            if count == 0:
                raise norm.unknown_property(prop.name, prop.where, list(types), ga4=True)

    # -- queries --------------------------------------------------------------------------------

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        # Decimals come back as they are (exact): the core rounds them exactly (numbers.py).
        return self.connection.execute(sql).fetchall()

    def progress(self) -> float | None:
        """The running query's share done (0–1), None when none runs or DuckDB cannot tell. Safe from
        another thread while a query runs (query_progress reads the running query's counters
        without the connection's lock); a closed engine says None."""
        if self._closed:
            return None
        try:
            percent = self.connection.query_progress()
        except Exception:  # noqa: BLE001 (a progress display must never fail the run)
            return None
        return min(percent, 100.0) / 100 if percent >= 0 else None

    def materialise(self, name: str, sql: str) -> None:
        if not name.isidentifier():
            raise ValueError(f"not a table name: {name!r}")
        self.connection.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {sql}")

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.connection.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def _reader(source: EventSource, memory_limit: int | None) -> str:
    files = "[" + ", ".join(norm.sql_string(str(path)) for path in source.files) + "]"
    if source.format == CSV:
        # Every cell as text, the header and delimiter sources.py read: the same cells Spark reads.
        columns = "{" + ", ".join(f"{norm.sql_string(name)}: 'VARCHAR'" for name in source.header) + "}"
        return (f"read_csv({files}, header = true, delim = {norm.sql_string(source.delimiter)}, quote = '\"', escape = '\"', auto_detect = false, "
                f"columns = {columns}, buffer_size = {_csv_buffer(memory_limit)})")
    if source.format == PARQUET:
        return f"read_parquet({files}, union_by_name = true, file_row_number = true)"
    return f"read_json({files}, format = 'newline_delimited', union_by_name = true)"


def _csv_buffer(memory_limit: int | None) -> int:
    """DuckDB's CSV buffer (32 MB per thread by default) kept to an eighth of a small memory limit, not under 4 MB:
    under 64 MB the default buffers alone ran out of memory while loading (measured, issue 18)."""
    default = 32 * 1024 * 1024
    return default if memory_limit is None else max(4 * 1024 * 1024, min(default, memory_limit // 8))


def _unreadable(source: EventSource, error: Exception) -> MeasureError:
    first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return MeasureError(f"cannot be read: {visible(first_line)}", where=visible(source.pattern),
                        hint="check that every file is whole and in the format its name says", exit_code=EXIT_USAGE)


class _Select:
    """The SELECT list that turns the source's columns into the normalised ones (plus bad_time, bad_value)."""

    def __init__(self, source: EventSource, types: dict[str, str], fields: Fields, time_format: str | None, type_of: Callable[[str], str]) -> None:
        self.source = source
        self.types = types
        self.fields = fields
        # DuckDB's strptime lacks %F and %T: the same directives written out.
        self.time_format = time_format.replace("%F", "%Y-%m-%d").replace("%T", "%H:%M:%S") if time_format else time_format
        self.type_of = type_of
        self.ga4 = source.kind == "ga4"

    def build(self, properties: Sequence[Property]) -> str:
        user, event = quote(self.fields.user or ""), quote(self.fields.event or "")
        ts, bad_time = self._time()
        value, bad_value = self._value()
        parts = [
            f"NULLIF(CAST({user} AS VARCHAR), '') AS user_id",
            f"CAST({self._optional('session', 'ga_session_id')} AS VARCHAR) AS session_id",
            f"{ts} AS ts",
            f"CAST({event} AS VARCHAR) AS event",
            f"{norm.url_path(self._optional('page', 'page_location'))} AS page",
            f"{value} AS value",
            *(f"{self._property(prop)} AS p{i}" for i, prop in enumerate(properties)),
            f"{bad_time} AS bad_time",
            f"{bad_value} AS bad_value",
        ]
        return ", ".join(parts)

    def _optional(self, role: str, ga4_param: str) -> str:
        column = self.fields.of(role)
        if column is not None:
            return quote(column)
        return self._param_text(ga4_param) if self.ga4 else "NULL"

    def _time(self) -> tuple[str, str]:
        column = quote(self.fields.time or "")
        kind = self.types[self.fields.time or ""]
        if self.ga4 and kind in _INTEGERS:
            ts = f"CAST({column} AS BIGINT)"  # GA4's event_timestamp is µs, always
        elif kind == "TIMESTAMP_NS":
            ts = f"(epoch_ns({column}) // 1000)"  # ns cut to µs, as Spark's integer division cuts them (a cast would round)
        elif kind in _TIMESTAMPS:
            ts = f"epoch_us(CAST({column} AS TIMESTAMPTZ))"
        elif kind in _INTEGERS:
            ts = norm.epoch_integer(f"CAST({column} AS BIGINT)", f"CAST({column} AS BIGINT) // 1000")
        elif kind in ("FLOAT", "DOUBLE") or kind.startswith("DECIMAL"):
            ts = norm.epoch_decimal(f"CAST({column} AS DOUBLE)")
        else:
            ts = self._time_from_text(f"trim(CAST({column} AS VARCHAR))")
        return ts, f"CASE WHEN ({ts}) IS NULL THEN coalesce(CAST({column} AS VARCHAR), '') END"

    def _time_from_text(self, text: str) -> str:
        if self.time_format == norm.EPOCH_SECONDS:
            return norm.epoch_seconds(text, "regexp_matches({text}, '{pattern}')")
        if self.time_format is not None:
            return f"epoch_us(try_strptime({text}, {norm.sql_string(self.time_format)}))"
        return (f"CASE WHEN regexp_matches({text}, '{norm.INTEGER_TEXT}') THEN {norm.epoch_integer(f'TRY_CAST({text} AS BIGINT)')}"
                f" WHEN regexp_matches({text}, '{norm.DECIMAL_TEXT}') THEN {norm.epoch_decimal(f'TRY_CAST({text} AS DOUBLE)')}"
                f" ELSE epoch_us(TRY_CAST({text} AS TIMESTAMPTZ)) END")

    def _value(self) -> tuple[str, str]:
        column = self.fields.value
        if column is None:
            return (self._param_number("value") if self.ga4 else "CAST(NULL AS DOUBLE)"), "CAST(NULL AS VARCHAR)"
        kind = self.types[column]
        if kind in _INTEGERS or kind in ("FLOAT", "DOUBLE") or kind.startswith("DECIMAL"):
            return f"CAST({quote(column)} AS DOUBLE)", "CAST(NULL AS VARCHAR)"
        text = f"NULLIF(trim(CAST({quote(column)} AS VARCHAR)), '')"
        return f"TRY_CAST({text} AS DOUBLE)", f"CASE WHEN {text} IS NOT NULL AND TRY_CAST({text} AS DOUBLE) IS NULL THEN {text} END"

    def _property(self, prop: Property) -> str:
        name = self.fields.column_of(prop.name)
        where = prop.where if name == prop.name else "--columns"
        path = norm.property_path(name, _paths(self.types, self.source))
        if path is not None:
            return self._text(".".join(quote(part) for part in path), name, where)
        if self.ga4:
            return self._param_text(name)
        raise norm.unknown_property(name, where, list(self.types), ga4=False)

    def _text(self, column: str, name: str, where: str) -> str:
        """A property column as normalise.py's canonical text; a struct, list or map refused."""
        kind = self.type_of(column)
        if kind.startswith("STRUCT("):
            raise norm.nested_property(name, where, "struct", _struct_fields(kind))
        if kind.endswith("]") or kind.startswith(("MAP(", "UNION(")):
            raise norm.nested_property(name, where, "list" if kind.endswith("]") else "map", [])
        if kind in ("FLOAT", "DOUBLE"):
            return f"CAST(CAST({column} AS DOUBLE) AS VARCHAR)"  # DuckDB writes doubles as Python's repr does
        if kind in _TIMESTAMPS and kind != "DATE":
            micros = f"epoch_us(CAST({column} AS TIMESTAMPTZ))"
            return norm.iso_utc(f"strftime(CAST(CAST({column} AS TIMESTAMPTZ) AS TIMESTAMP), '%Y-%m-%dT%H:%M:%S')", micros)
        return f"CAST({column} AS VARCHAR)"

    def _param(self, key: str) -> str:
        return f"list_filter(event_params, lambda p: p.key = {norm.sql_string(key)})[1].value"

    def _param_fields(self) -> list[str]:
        kind = self.types.get("event_params", "")
        return [name for name in norm.GA4_VALUE_FIELDS if f"{name} " in kind]

    def _param_text(self, key: str) -> str:
        present = self._param_fields()
        if not present:
            return "CAST(NULL AS VARCHAR)"
        return "coalesce(" + ", ".join(f"CAST({self._param(key)}.{name} AS VARCHAR)" for name in present) + ")"

    def _param_number(self, key: str) -> str:
        present = [name for name in self._param_fields() if name != "string_value"]
        if not present:
            return "CAST(NULL AS DOUBLE)"
        return "coalesce(" + ", ".join(f"CAST({self._param(key)}.{name} AS DOUBLE)" for name in present) + ")"


def _paths(types: dict[str, str], source: EventSource) -> dict[str, tuple[str, ...]]:
    """Every column, and (Parquet, JSON) every dotted path into struct columns."""
    paths: dict[str, tuple[str, ...]] = {name: (name,) for name in types}
    if source.format != CSV:
        for name, kind in types.items():
            for dotted in _struct_fields(kind):
                paths.setdefault(f"{name}.{dotted}", (name, *dotted.split(".")))
    return paths


def _struct_fields(kind: str) -> list[str]:
    """The top-level field names of a DuckDB STRUCT type's text (one level: device.category)."""
    if not kind.startswith("STRUCT(") or not kind.endswith(")"):
        return []
    names: list[str] = []
    depth, start = 0, len("STRUCT(")
    body = kind[start:-1]
    field = ""
    for char in body + ",":
        if char == "," and depth == 0:
            names.append(field.strip().split(" ", 1)[0].strip('"'))
            field = ""
            continue
        depth += (char == "(") - (char == ")")
        field += char
    return [name for name in names if name]
