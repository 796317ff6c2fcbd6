"""The Spark engine: the same normalised `events` on PySpark, local (`local[*]`) or a cluster through Spark Connect.

PySpark is imported here only, when `--engine spark` runs. Queries are written in DuckDB's dialect
and transpiled with sqlglot. The normalised table is cached (memory, then disk) since every query
reads it. Row order: Spark does not number rows, so each row gets its place from its file (the
sorted list of sources.py), its split (``_metadata.file_block_start``) and its position inside the
split (``monotonically_increasing_id`` counts up within a partition, and a split is read whole by
one partition): offsets per split are summed on the driver, a small table joined back.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

from cjmap.measure import normalise as norm
from cjmap.measure.errors import EXIT_DATA, EXIT_USAGE, MeasureError
from cjmap.measure.fields import Fields, resolve
from cjmap.measure.loaded import LoadSummary, Property
from cjmap.measure.sources import CSV, JSONL, PARQUET, EventSource, first_non_object, header_of
from cjmap.text.safe import visible

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql.types import DataType

SPARK_HINT = "pip install 'cjmap[spark]' (PySpark and sqlglot)"
CONNECT_PORT = 15002  # Spark Connect's default
CONNECT_TIMEOUT = 10.0  # seconds to open a TCP connection to the server
MIN_DRIVER_MEMORY = 512 * 1024 * 1024  # a local Spark driver refuses to start on less (about 450 MB)
# strftime directives → Java DateTimeFormatter patterns (Spark's try_to_timestamp).
_JAVA_PATTERNS = {
    "Y": "yyyy", "y": "yy", "m": "MM", "d": "dd", "H": "HH", "I": "hh", "M": "mm", "S": "ss", "f": "SSSSSS", "p": "a",
    "z": "xx", "Z": "z", "b": "MMM", "B": "MMMM", "a": "EEE", "A": "EEEE", "j": "DDD", "T": "HH:mm:ss", "F": "yyyy-MM-dd", "%": "%",
}
_GLOB_SPECIALS = "\\*?[]{}"
_LOG_CONFIG = "rootLogger.level = off\nrootLogger.appenderRef.stderr.ref = console\nappender.console.type = Console\nappender.console.name = console\n"


def java_pattern(strftime: str) -> str:
    """``%d/%m/%Y %H:%M`` → ``dd/MM/yyyy HH:mm``; literal text with letters is quoted as Java wants (``'T'``)."""
    out: list[str] = []
    literal: list[str] = []
    index = 0
    while index < len(strftime):
        if strftime[index] == "%" and index + 1 < len(strftime):
            out.append(_quoted("".join(literal)))
            literal.clear()
            out.append(_directive(strftime[index + 1]))
            index += 2
        else:
            literal.append(strftime[index])
            index += 1
    out.append(_quoted("".join(literal)))
    return "".join(out)


def _directive(directive: str) -> str:
    if directive not in _JAVA_PATTERNS:
        raise MeasureError(f"--time-format directive %{visible(directive)} has no Spark equivalent", where="--time-format",
                           hint="use %Y %m %d %H %M %S %f %z %b %p, or --engine duckdb", exit_code=EXIT_USAGE)
    return _JAVA_PATTERNS[directive]


def _quoted(text: str) -> str:
    if not any(char.isalpha() or char == "'" for char in text):
        return text
    return "'" + text.replace("'", "''") + "'"


def quote(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


# pyspark marks the whole process as Spark Connect once a remote session exists: a local session
# started later in the same process (a program measuring twice, the tests) then fails with
# CONNECT_URL_NOT_SET. A remote engine puts the mark back as it found it when it closes.
CONNECT_MODE = "SPARK_CONNECT_MODE_ENABLED"


class SparkEngine:
    name = "spark"

    def __init__(self, session: SparkSession, *, owns: bool, folder: Path | None) -> None:
        self.session = session
        self._owns = owns  # stop the session on close (not a session the caller already had)
        self._folder = folder
        self._data: DataFrame | None = None
        self._cached: list[str] = []
        self._closed = False
        self._connect_mode: tuple[str | None] | None = None  # a remote engine's CONNECT_MODE as it found it
        # Spark substitutes ${…} in SQL text, and the SQL holds the journey's literals: never.
        session.conf.set("spark.sql.variable.substitute", "false")
        # Parquet's TIMESTAMP(NANOS) (pandas writes it) as its number of ns, which normalise.epoch_integer reads.
        with contextlib.suppress(Exception):  # a server that refuses it: such Parquet then fails as unreadable, still located
            session.conf.set("spark.sql.legacy.parquet.nanosAsLong", "true")

    @classmethod
    def start(cls, *, memory_limit: int | None, temp_dir: str | Path | None, remote: str | None) -> SparkEngine:
        remote = remote or os.environ.get("SPARK_REMOTE") or None
        try:
            import sqlglot  # noqa: F401  (needed by every query: fail now, not after the load)
            from pyspark.sql import SparkSession
        except ImportError as error:
            raise MeasureError(f"the Spark engine needs {visible(error.name or 'pyspark')}, which is not installed", where="--engine spark",
                               hint=SPARK_HINT, exit_code=EXIT_USAGE) from None
        if remote:
            connect_mode = os.environ.get(CONNECT_MODE)
            engine = cls(_remote_session(SparkSession, remote), owns=True, folder=None)
            engine._connect_mode = (connect_mode,)
            return engine
        existing = SparkSession.getActiveSession()
        if existing is not None:  # a program (or a test) that runs Spark already: share its JVM, not its views
            return cls(existing.newSession(), owns=False, folder=None)
        folder = Path(tempfile.mkdtemp(prefix="cjmap-spark-", dir=temp_dir))
        return cls(_local_session(SparkSession, memory_limit, folder), owns=True, folder=folder)

    # -- load -----------------------------------------------------------------------------------

    def load(self, source: EventSource, fields: Fields, properties: Sequence[Property], *, time_format: str | None) -> LoadSummary:
        norm.check_time_format(time_format)  # before any file is read
        pattern = java_pattern(time_format) if time_format not in (None, norm.EPOCH_SECONDS) else time_format
        try:
            raw = self._reader(source)
            types = {field.name: field.dataType for field in raw.schema.fields}
            resolved = resolve(fields, list(types), where=source.name_of(0), ga4=source.kind == "ga4")
            select = _Select(source, types, resolved, pattern).build(properties)
            data, offsets, names = self._numbered(raw, select, source)
            self._data = data
            data.createOrReplaceTempView("events_data")
            self._check_cells(names, resolved, time_format, offsets)
            self._check_properties(source, properties, list(types))
            columns = ", ".join(["user_id", "session_id", "ts", "event", "page", "value", "row_no", *(f"p{i}" for i in range(len(properties)))])
            self.session.sql(f"SELECT {columns} FROM events_data WHERE user_id IS NOT NULL").createOrReplaceTempView("events")
            summary = self._summary()
        except MeasureError:
            raise
        except Exception as error:
            # Py4JJavaError, a PySparkException, a Connect error: the files could not be read (a JVM
            # error is no internal error of cjmap); out of memory is the budget's.
            if "OutOfMemoryError" in str(error) or "OutOfMemoryError" in type(error).__name__:
                raise norm.out_of_memory("spark", error) from None
            if type(error).__module__.split(".")[0] not in ("pyspark", "py4j", "grpc"):
                raise
            located = first_non_object(source) if source.format == JSONL and source.url is None else None
            raise (located or _unreadable(source, error)) from None
        return replace(summary, columns=norm.played(resolved, ga4=source.kind == "ga4"))

    def _reader(self, source: EventSource) -> DataFrame:
        from pyspark.sql.types import StringType, StructField, StructType

        # A URL goes to Spark as it is: Spark lists and globs it where the data lives.
        paths = [source.url] if source.url is not None else [_hadoop_path(path) for path in source.files]
        reader = self.session.read
        if source.format == CSV:
            delimiter, header = self._csv_header(source) if source.url is not None else (source.delimiter, source.header)
            schema = StructType([StructField(name, StringType()) for name in header])
            # multiLine: a quoted cell may hold a line break (RFC 4180), as DuckDB reads it.
            return reader.schema(schema).csv(paths, header=True, sep=delimiter, quote='"', escape='"', mode="FAILFAST", enforceSchema=True, multiLine=True)
        if source.format == PARQUET:
            return reader.option("mergeSchema", "true").parquet(*paths)
        return reader.option("mode", "FAILFAST").json(paths)

    def _csv_header(self, source: EventSource) -> tuple[str, tuple[str, ...]]:
        """A URL's CSV header, read through Spark (the files are not here): the first line of one of
        them (each file's own first line is skipped as its header)."""
        assert source.url is not None
        first = self.session.read.text(source.url).first()
        line = str(first[0]).removeprefix("\ufeff") if first is not None else ""
        delimiter, header = header_of(line, tab=source.delimiter == "\t")
        if not any(header):
            raise MeasureError("has no header row", where=visible(source.url), hint="the first line of a CSV file names its columns", exit_code=EXIT_DATA)
        return delimiter, header

    def _numbered(self, raw: DataFrame, select: list[str], source: EventSource) -> tuple[DataFrame, list[int], list[str]]:
        """The normalised rows with row_no (and file_no), cached; the row_no each file starts at; the files' names for messages."""
        from pyspark import StorageLevel
        from pyspark.sql import functions as sf

        cells = raw.select(*(sf.expr(e) for e in select), sf.col("_metadata.file_path").alias("_path"),
                           sf.col("_metadata.file_block_start").alias("_block"), sf.monotonically_increasing_id().alias("_id"))
        splits = cells.groupBy("_path", "_block").agg(sf.count(sf.lit(1)).alias("n"), sf.min("_id").alias("first")).collect()
        index, names = _file_index(source, sorted({split["_path"] for split in splits}))
        ordered = sorted(splits, key=lambda split: (index[_file_key(source, split["_path"])], split["_block"]))
        shifts, starts, total = [], [0] * len(names), 0
        for split in ordered:
            file_no = index[_file_key(source, split["_path"])]
            if split["_block"] == min(s["_block"] for s in ordered if s["_path"] == split["_path"]):
                starts[file_no] = total
            shifts.append((split["_path"], split["_block"], total - split["first"], file_no))
            total += split["n"]
        shift = self.session.createDataFrame(shifts, "_path string, _block long, _shift long, file_no int")
        numbered = cells.join(sf.broadcast(shift), ["_path", "_block"]).withColumn("row_no", sf.col("_id") + sf.col("_shift"))
        data = numbered.drop("_path", "_block", "_id", "_shift").persist(StorageLevel.MEMORY_AND_DISK)
        data.count()  # fill the cache now: every later query reads it
        return data, starts, names

    def _check_cells(self, names: list[str], fields: Fields, time_format: str | None, starts: list[int]) -> None:
        for flag, role, what, hint in (("bad_time", "time", "a time", norm.time_hint(time_format)), ("bad_value", "value", "a number", norm.VALUE_HINT)):
            rows = self.session.sql(f"SELECT file_no, row_no, {flag} FROM events_data WHERE {flag} IS NOT NULL AND user_id IS NOT NULL ORDER BY row_no LIMIT 1").collect()
            if rows:
                file_no, row_no, value = rows[0]
                raise norm.bad_cell(file=names[file_no], row=row_no - starts[file_no] + 1, column=fields.of(role) or role, value=value, what=what, hint=hint)

    def _check_properties(self, source: EventSource, properties: Sequence[Property], columns: list[str]) -> None:
        if source.kind != "ga4" or not properties:
            return
        counts = self.session.sql("SELECT " + ", ".join(f"count(p{i})" for i in range(len(properties))) + " FROM events_data").collect()[0]
        for prop, count in zip(properties, counts, strict=True):
            if count == 0:
                raise norm.unknown_property(prop.name, prop.where, columns, ga4=True)

    def _summary(self) -> LoadSummary:
        row = self.session.sql(
            "SELECT count(user_id), count(*) - count(user_id), min(CASE WHEN user_id IS NOT NULL THEN ts END),"
            " max(CASE WHEN user_id IS NOT NULL THEN ts END) FROM events_data"
        ).collect()[0]
        return LoadSummary(rows=int(row[0]), anonymous=int(row[1]), first_ts=row[2], last_ts=row[3])

    # -- queries --------------------------------------------------------------------------------

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        # Decimals come back as they are (exact): the core rounds them exactly (numbers.py).
        return [tuple(row) for row in self.session.sql(transpile(sql)).collect()]

    def progress(self) -> float | None:
        """The running stages' share of tasks done (0–1); None when no stage runs, or on Spark
        Connect (no status tracker on the client). Asked from the progress display's thread:
        py4j serves each Python thread on its own connection."""
        if self._closed:
            return None
        try:
            tracker = self.session.sparkContext.statusTracker()
            stages = [tracker.getStageInfo(stage) for stage in tracker.getActiveStageIds()]
        except Exception:  # noqa: BLE001  (Connect has no sparkContext; a stopping JVM: no progress, never a failure)
            return None
        total = sum(stage.numTasks for stage in stages if stage is not None)
        done = sum(stage.numCompletedTasks for stage in stages if stage is not None)
        return done / total if total else None

    def materialise(self, name: str, sql: str) -> None:
        if not name.isidentifier():
            raise ValueError(f"not a table name: {name!r}")
        self.session.sql(f"UNCACHE TABLE IF EXISTS {name}")
        self.session.sql(f"CACHE TABLE {name} AS {transpile(sql)}")
        self._cached.append(name)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            for name in self._cached:
                self.session.sql(f"UNCACHE TABLE IF EXISTS {name}")
            if self._data is not None:
                self._data.unpersist()
            if self._owns:
                self.session.stop()
        finally:
            if self._connect_mode is not None:
                _restore(CONNECT_MODE, self._connect_mode[0])
            if self._folder is not None:
                shutil.rmtree(self._folder, ignore_errors=True)


def transpile(sql: str) -> str:
    """DuckDB-dialect SQL as Spark SQL (one statement)."""
    import sqlglot

    (statement,) = sqlglot.transpile(sql, read="duckdb", write="spark")
    return statement


def _local_session(builder_of: Any, memory_limit: int | None, folder: Path) -> SparkSession:
    """A local[*] session whose JVM writes its logs to a file in ``folder``, not over the command's stderr."""
    from pyspark import SparkConf, SparkContext
    from pyspark.java_gateway import launch_gateway

    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        raise MeasureError("Spark needs Java, and there is none on PATH", where="--engine spark",
                           hint="install Java 17 (or set JAVA_HOME), or use --engine duckdb", exit_code=EXIT_USAGE)
    log_config = folder / "log4j2.properties"
    log_config.write_text(_LOG_CONFIG, encoding="utf-8")
    conf = (SparkConf().setMaster("local[*]").setAppName("cjmap measure")
            .set("spark.ui.enabled", "false").set("spark.ui.showConsoleProgress", "false").set("spark.sql.session.timeZone", "UTC")
            .set("spark.local.dir", str(folder)).set("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile={log_config.as_uri()}"))
    if memory_limit is not None:
        conf.set("spark.driver.memory", f"{max(memory_limit, MIN_DRIVER_MEMORY) // (1024 * 1024)}m")
    log = folder / "spark.log"
    try:
        with open(log, "wb") as stream:
            gateway = launch_gateway(conf, popen_kwargs={"stdout": stream, "stderr": stream})  # type: ignore[no-untyped-call]  # pyspark: no annotations
        context = SparkContext(conf=conf, gateway=gateway)
    except Exception as error:  # noqa: BLE001  (a JVM that will not start fails in many ways; all are exit 2)
        said = _last_line(log.read_text(encoding="utf-8", errors="replace")) or _last_line(str(error)) or type(error).__name__
        raise MeasureError(f"a local Spark could not start: {visible(said[:300])}", where="--engine spark",
                           hint="check Java 17 and JAVA_HOME, or use --engine duckdb", exit_code=EXIT_USAGE) from None
    context.setLogLevel("OFF")
    session: SparkSession = builder_of(context)
    return session


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1].strip() if lines else ""


def _restore(variable: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(variable, None)
    else:
        os.environ[variable] = value


def _remote_session(builder_of: Any, url: str) -> SparkSession:
    _probe(url)
    try:
        session: SparkSession = builder_of.builder.remote(url).create()
        session.conf.set("spark.sql.session.timeZone", "UTC")
    except Exception as error:  # noqa: BLE001  (grpc, a bad URL, a refused connection: all are exit 2)
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise MeasureError(f"cannot reach Spark Connect at {visible(url)}: {visible(first[:300])}", where="--spark-remote",
                           hint="check the sc://HOST:PORT address and that the Connect server runs", exit_code=EXIT_USAGE) from None
    return session


def _probe(url: str) -> None:
    """Fail fast on an address where nothing listens: the Connect client retries for minutes before it gives up."""
    parsed = urlparse(url)
    if parsed.scheme != "sc" or not parsed.hostname:
        raise MeasureError(f"`{visible(url)}` is not a Spark Connect address", where="--spark-remote",
                           hint="write sc://HOST:PORT (15002 by default)", exit_code=EXIT_USAGE)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or CONNECT_PORT), timeout=CONNECT_TIMEOUT):
            pass
    except OSError as error:
        raise MeasureError(f"cannot reach Spark Connect at {visible(url)}: {visible(str(error))}", where="--spark-remote",
                           hint="check the sc://HOST:PORT address and that the Connect server runs", exit_code=EXIT_USAGE) from None


def _hadoop_path(path: Path) -> str:
    """An absolute path Spark reads as that one file: Hadoop treats glob characters in a path as a glob."""
    text = str(path.resolve())
    return "".join("\\" + char if char in _GLOB_SPECIALS else char for char in text)


def _local_path(uri: str) -> str:
    return unquote(urlparse(uri).path)


def _file_index(source: EventSource, read: list[str]) -> tuple[dict[str, int], list[str]]:
    """Each file's number (its place in name order) by its key, and the names messages show.
    Local files: sources.py's list; a URL: the files Spark read (``read``, their URIs), by name."""
    if source.url is not None:
        return {uri: index for index, uri in enumerate(read)}, [visible(uri) for uri in read]
    return {str(path.resolve()): index for index, path in enumerate(source.files)}, [source.name_of(i) for i in range(len(source.files))]


def _file_key(source: EventSource, uri: str) -> str:
    return uri if source.url is not None else _local_path(uri)


def _unreadable(source: EventSource, error: Exception) -> MeasureError:
    text = str(error).strip()
    first = text.splitlines()[0] if text else type(error).__name__
    return MeasureError(f"cannot be read: {visible(first[:300])}", where=visible(source.pattern),
                        hint="check that every file is whole and in the format its name says", exit_code=EXIT_USAGE)


class _Select:
    """The Spark SQL expressions that normalise the source's columns (the same values as the DuckDB engine's)."""

    def __init__(self, source: EventSource, types: dict[str, DataType], fields: Fields, java_time_format: str | None) -> None:
        self.source = source
        self.types = types
        self.fields = fields
        self.time_format = java_time_format
        self.ga4 = source.kind == "ga4"

    def build(self, properties: Sequence[Property]) -> list[str]:
        ts, bad_time = self._time()
        value, bad_value = self._value()
        return [
            f"NULLIF(CAST({quote(self.fields.user or '')} AS STRING), '') AS user_id",
            f"CAST({self._optional('session', 'ga_session_id')} AS STRING) AS session_id",
            f"{ts} AS ts",
            f"CAST({quote(self.fields.event or '')} AS STRING) AS event",
            f"{norm.url_path(self._optional('page', 'page_location'))} AS page",
            f"{value} AS value",
            *(f"{self._property(prop)} AS p{i}" for i, prop in enumerate(properties)),
            f"{bad_time} AS bad_time",
            f"{bad_value} AS bad_value",
        ]

    def _kind(self, column: str) -> str:
        return self.types[column].typeName()

    def _optional(self, role: str, ga4_param: str) -> str:
        column = self.fields.of(role)
        if column is not None:
            return quote(column)
        return self._param_text(ga4_param) if self.ga4 else "CAST(NULL AS STRING)"

    def _time(self) -> tuple[str, str]:
        column = quote(self.fields.time or "")
        kind = self._kind(self.fields.time or "")
        if self.ga4 and kind in _INTEGERS:
            ts = f"CAST({column} AS BIGINT)"
        elif kind in ("timestamp", "timestamp_ntz", "date"):
            ts = f"unix_micros(CAST({column} AS TIMESTAMP))"
        elif kind in _INTEGERS:
            ts = norm.epoch_integer(f"CAST({column} AS BIGINT)", f"(CAST({column} AS BIGINT) div 1000)")
        elif kind in ("float", "double", "decimal"):
            ts = norm.epoch_decimal(f"CAST({column} AS DOUBLE)")
        else:
            ts = self._time_from_text(f"trim(CAST({column} AS STRING))")
        return ts, f"CASE WHEN ({ts}) IS NULL THEN coalesce(CAST({column} AS STRING), '') END"

    def _time_from_text(self, text: str) -> str:
        if self.time_format == norm.EPOCH_SECONDS:
            return norm.epoch_seconds(text, "{text} RLIKE '{pattern}'")
        if self.time_format is not None:
            return f"unix_micros(try_to_timestamp({text}, {norm.sql_string(self.time_format)}))"
        return (f"CASE WHEN {text} RLIKE '{norm.INTEGER_TEXT}' THEN {norm.epoch_integer(f'try_cast({text} AS BIGINT)')}"
                f" WHEN {text} RLIKE '{norm.DECIMAL_TEXT}' THEN {norm.epoch_decimal(f'try_cast({text} AS DOUBLE)')}"
                f" ELSE unix_micros(try_cast({text} AS TIMESTAMP)) END")

    def _value(self) -> tuple[str, str]:
        column = self.fields.value
        if column is None:
            return (self._param_number("value") if self.ga4 else "CAST(NULL AS DOUBLE)"), "CAST(NULL AS STRING)"
        if self._kind(column) in (*_INTEGERS, "float", "double", "decimal"):
            return f"CAST({quote(column)} AS DOUBLE)", "CAST(NULL AS STRING)"
        text = f"NULLIF(trim(CAST({quote(column)} AS STRING)), '')"
        return f"try_cast({text} AS DOUBLE)", f"CASE WHEN {text} IS NOT NULL AND try_cast({text} AS DOUBLE) IS NULL THEN {text} END"

    def _property(self, prop: Property) -> str:
        name = self.fields.column_of(prop.name)
        where = prop.where if name == prop.name else "--columns"
        path = norm.property_path(name, _paths(self.types, self.source))
        if path is not None:
            return self._text(path, name, where)
        if self.ga4:
            return self._param_text(name)
        raise norm.unknown_property(name, where, list(self.types), ga4=False)

    def _text(self, path: tuple[str, ...], name: str, where: str) -> str:
        """A property column as normalise.py's canonical text (DuckDB's); a struct, list or map refused."""
        from pyspark.sql.types import ArrayType, MapType, StructType

        kind: Any = self.types[path[0]]
        for part in path[1:]:
            kind = kind[part].dataType
        column = ".".join(quote(part) for part in path)
        if isinstance(kind, StructType):
            raise norm.nested_property(name, where, "struct", kind.fieldNames())
        if isinstance(kind, (ArrayType, MapType)):
            raise norm.nested_property(name, where, "list" if isinstance(kind, ArrayType) else "map", [])
        if kind.typeName() in ("float", "double"):
            return norm.spark_double_text(f"CAST({column} AS DOUBLE)")
        if kind.typeName() in ("timestamp", "timestamp_ntz"):
            micros = f"unix_micros(CAST({column} AS TIMESTAMP))"
            return norm.iso_utc(f"date_format(CAST({column} AS TIMESTAMP), \"yyyy-MM-dd'T'HH:mm:ss\")", micros)
        return f"CAST({column} AS STRING)"

    def _param(self, key: str) -> str:
        return f"try_element_at(filter(event_params, p -> p.key = {norm.sql_string(key)}), 1).value"

    def _param_fields(self) -> list[str]:
        from pyspark.sql.types import ArrayType, StructType

        kind = self.types.get("event_params")
        if not isinstance(kind, ArrayType) or not isinstance(kind.elementType, StructType) or "value" not in kind.elementType.fieldNames():
            return []
        value = kind.elementType["value"].dataType
        names = value.fieldNames() if isinstance(value, StructType) else []
        return [name for name in norm.GA4_VALUE_FIELDS if name in names]

    def _param_text(self, key: str) -> str:
        present = self._param_fields()
        if not present:
            return "CAST(NULL AS STRING)"
        return "coalesce(" + ", ".join(f"CAST({self._param(key)}.{name} AS STRING)" for name in present) + ")"

    def _param_number(self, key: str) -> str:
        present = [name for name in self._param_fields() if name != "string_value"]
        if not present:
            return "CAST(NULL AS DOUBLE)"
        return "coalesce(" + ", ".join(f"CAST({self._param(key)}.{name} AS DOUBLE)" for name in present) + ")"


_INTEGERS = ("byte", "short", "integer", "long")


def _paths(types: dict[str, DataType], source: EventSource) -> dict[str, tuple[str, ...]]:
    from pyspark.sql.types import StructType

    paths: dict[str, tuple[str, ...]] = {name: (name,) for name in types}
    if source.format != CSV:
        for name, kind in types.items():
            if isinstance(kind, StructType):
                for field in kind.fieldNames():
                    paths.setdefault(f"{name}.{field}", (name, field))
    return paths
