"""What both engines do alike when they normalise events: SQL text for times and pages, and the located cell errors.

The expressions here are plain SQL that DuckDB and Spark read the same way (CASE, abs, round,
regexp_replace anchored so that "first match" and "all matches" agree), so a time or a page
becomes the same value on both engines. Times as numbers are epochs: ≥ 1e14 µs, ≥ 1e11 ms, else
seconds; text is ISO 8601 (an offset honoured, none = UTC) unless --time-format says otherwise.
"""

from __future__ import annotations

from cjmap.measure.errors import EXIT_DATA, EXIT_USAGE, MeasureError
from cjmap.measure.fields import Fields
from cjmap.text.safe import visible

MICROS_FROM = 100_000_000_000_000  # an epoch this large is in µs (1e14 µs is 1973; 1e14 s is never)
MILLIS_FROM = 100_000_000_000  # … this large in ms (1e11 s is the year 5138)
INTEGER_TEXT = "^-?[0-9]+$"  # an epoch written as text (a CSV cell)
DECIMAL_TEXT = "^-?[0-9]+[.][0-9]+$"
# Scheme and host, then query and fragment: removed to leave the URL's path. Both patterns are
# anchored, so DuckDB's first-match and Spark's all-matches replacement give the same text.
# The fields of a GA4 parameter's value, in the order both engines read them (one is set per parameter).
GA4_VALUE_FIELDS = ("string_value", "int_value", "double_value", "float_value")
_ORIGIN = "^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*"
_QUERY = "[?#].*$"


NANOS_FROM = 100_000_000_000_000_000  # … and this large in ns (1e17 µs is the year 5138): Parquet's TIMESTAMP(NANOS) read as a number


def epoch_integer(expr: str, thousandths: str | None = None) -> str:
    """µs from an integer epoch in s, ms, µs or (given ``thousandths``, the engine's integer ``expr`` ÷ 1000) ns."""
    nanos = f"WHEN abs({expr}) >= {NANOS_FROM} THEN {thousandths} " if thousandths else ""
    return f"(CASE {nanos}WHEN abs({expr}) >= {MICROS_FROM} THEN {expr} WHEN abs({expr}) >= {MILLIS_FROM} THEN {expr} * 1000 ELSE {expr} * 1000000 END)"


def epoch_decimal(expr: str) -> str:
    """µs from a fractional epoch, rounded half away from zero (round() does so on both engines; a bare CAST would not)."""
    scaled = f"(CASE WHEN abs({expr}) >= {MICROS_FROM} THEN {expr} WHEN abs({expr}) >= {MILLIS_FROM} THEN {expr} * 1000 ELSE {expr} * 1000000 END)"
    return f"CAST(round({scaled}) AS BIGINT)"


def url_path(expr: str) -> str:
    """The path of a URL or of a path with a query: '/' when a URL has none; NULL stays NULL."""
    stripped = f"regexp_replace(regexp_replace({expr}, '{_ORIGIN}', ''), '{_QUERY}', '')"
    return f"(CASE WHEN {expr} IS NULL THEN NULL WHEN {stripped} = '' AND {expr} <> '' THEN '/' ELSE {stripped} END)"


def sql_string(text: str) -> str:
    """``text`` as an SQL string literal (both dialects double a quote)."""
    return "'" + text.replace("'", "''") + "'"


def bad_cell(*, file: str, row: int, column: str, value: str, what: str, hint: str) -> MeasureError:
    """The error for one cell no engine could read: file, 1-based row (records, the header not counted), column, value."""
    shown = visible(value[:80]) + ("…" if len(value) > 80 else "")
    where = f"{file}, row {row}, column {visible(column)}"
    message = f"cannot read `{shown}` as {what}" if value else f"the cell is empty; it needs {what}"
    return MeasureError(message, where=where, hint=hint, exit_code=EXIT_DATA)


def time_hint(time_format: str | None) -> str:
    if time_format:
        return f"the cell does not follow --time-format '{visible(time_format)}'; fix the cell or the format"
    return "write times as ISO 8601 (2024-05-01T10:00:00Z) or epoch numbers, or give their format with --time-format '%d/%m/%Y %H:%M'"


VALUE_HINT = "the value column holds numbers (revenue, a score); name another with --columns value=COLUMN"


def property_path(name: str, paths: dict[str, tuple[str, ...]]) -> tuple[str, ...] | None:
    """The column (or the path into structs) a property names: exact, then ignoring case; None when the data lacks it.

    ``paths`` maps every top-level column and every dotted path into struct columns to its parts.
    """
    if name in paths:
        return paths[name]
    folded = [parts for dotted, parts in paths.items() if dotted.casefold() == name.casefold()]
    return folded[0] if len(folded) == 1 else None


def unknown_property(name: str, where: str, columns: list[str], *, ga4: bool) -> MeasureError:
    has = ", ".join(f"`{visible(c)}`" for c in columns)
    also = " nor an event parameter of any event" if ga4 else ""
    return MeasureError(f"unknown column `{visible(name)}`{also}; the data has: {has}", where=visible(where), hint=_unknown_hint(where), exit_code=EXIT_DATA)


def _unknown_hint(where: str) -> str:
    """How to fix it where it was named: the option, or the journey's key."""
    if where == "--by":
        return "give --by one of the data's columns (or --by persona)"
    if where == "--columns":
        return "map the property to one of the data's columns: --columns PROPERTY=COLUMN"
    return "fix the key in the journey, add the column to the event data, or map the key to a column with --columns KEY=COLUMN"


OUT_OF_MEMORY_HINT = "raise --memory-limit, or free disk for spilling (the engine's temporary files go to TMPDIR)"


def out_of_memory(engine: str, error: Exception) -> MeasureError:
    """The engine ran out of memory while it read the events: the run's budget is what to change."""
    text = str(error).strip()
    said = visible((text.splitlines()[0] if text else type(error).__name__)[:300])
    return MeasureError(f"the {engine} engine ran out of memory while reading the events: {said}", where="--memory-limit", hint=OUT_OF_MEMORY_HINT, exit_code=EXIT_USAGE)


# -- a property's text: one canonical text on both engines ----------------------------------------
# A property (where:/segment: key, --by COLUMN) is compared and grouped as text, so a typed column
# must become the same text on both engines: doubles as Python's repr writes them (shortest digits
# that read back the same; plain from 1e-4 to 1e16, else 1e+20, 2.5e-07; nan, inf, -inf): DuckDB's
# own CAST writes that, Spark's (Java's Double.toString: 1.0E20) is rewritten; timestamps as ISO 8601
# in UTC with a Z, the fraction only when there is one (2024-01-01T10:00:00Z, …T10:00:00.250000Z);
# integers, booleans (true/false), decimals, dates and text as both engines cast them (they agree).
JAVA_EXPONENT = "^(-?[0-9.]+)E(-?[0-9]+)$"
PLAIN_DECIMALS = 22  # 1e-4 has 4 zeros after the point, then up to 17 digits: all fit; 16 integer digits too (38 in all)


def spark_double_text(expr: str) -> str:
    """Spark SQL: the double ``expr`` as Python's repr writes it (DuckDB's CAST AS VARCHAR writes the same)."""
    text = f"CAST({expr} AS STRING)"
    mantissa = f"regexp_replace(regexp_extract({text}, '{JAVA_EXPONENT}', 1), '[.]0$', '')"
    exponent = f"CAST(regexp_extract({text}, '{JAVA_EXPONENT}', 2) AS INT)"
    scientific = f"concat({mantissa}, 'e', CASE WHEN {exponent} < 0 THEN '-' ELSE '+' END, lpad(CAST(abs({exponent}) AS STRING), 2, '0'))"
    # 1e-4 ≤ |x| < 1e16 plainly: the exact decimal of the shortest digits, trailing zeros cut to one.
    digits = f"regexp_replace(CAST(CAST({text} AS DECIMAL(38, {PLAIN_DECIMALS})) AS STRING), '0+$', '')"
    plain = f"CASE WHEN {digits} LIKE '%.' THEN concat({digits}, '0') ELSE {digits} END"
    return (f"(CASE WHEN {expr} IS NULL THEN NULL WHEN isnan({expr}) THEN 'nan' WHEN {expr} = double('Infinity') THEN 'inf'"
            f" WHEN {expr} = double('-Infinity') THEN '-inf' WHEN {text} NOT LIKE '%E%' THEN {text}"
            f" WHEN abs({expr}) >= 1e-4 AND abs({expr}) < 1e16 THEN {plain} ELSE {scientific} END)")


def iso_utc(seconds_text: str, micros: str) -> str:
    """ISO 8601 UTC text from ``seconds_text`` (the engine's `YYYY-MM-DDTHH:MM:SS` of the time) and
    ``micros`` (µs since the epoch): the fraction only when not zero, then Z. Plain SQL both engines read alike."""
    fraction = f"(({micros} % 1000000) + 1000000) % 1000000"
    return (f"(CASE WHEN {micros} IS NULL THEN NULL WHEN {fraction} = 0 THEN concat({seconds_text}, 'Z')"
            f" ELSE concat({seconds_text}, '.', lpad(CAST({fraction} AS STRING), 6, '0'), 'Z') END)")


def nested_property(name: str, where: str, kind: str, fields: list[str]) -> MeasureError:
    """A struct, list or map column named as a property: it has no one text; its fields are what can be named."""
    if fields:
        listed = ", ".join(f"`{visible(name)}.{visible(field)}`" for field in fields)
        return MeasureError(f"`{visible(name)}` is a {kind} of fields, not one value; name one of its fields: {listed}", where=visible(where),
                            hint="name a field (as device.category) in the journey, or a column with one value per event", exit_code=EXIT_DATA)
    return MeasureError(f"`{visible(name)}` is a {kind} column, not one value per event", where=visible(where),
                        hint="name a column with one value per event (text, a number, a time)", exit_code=EXIT_DATA)


# -- --time-format, checked before any file is read ------------------------------------------------
EPOCH_SECONDS = "%s"  # the whole cell is an epoch in seconds (both engines)
# The strftime directives both engines read (spark_engine maps each to a Java pattern).
TIME_DIRECTIVES = frozenset("YymdHIMSfpzZbBaAjTF%")


def check_time_format(time_format: str | None) -> None:
    """A usage error (exit 2, at --time-format) for an empty format, an unknown directive or a %s with more around it."""
    if time_format is None:
        return
    if time_format == EPOCH_SECONDS:
        return
    if not time_format.strip():
        raise _time_format_error("is empty")
    index = 0
    while index < len(time_format):
        if time_format[index] == "%":
            directive = time_format[index + 1: index + 2]
            if directive == "s":
                raise _time_format_error("uses %s with more around it; %s alone reads epoch seconds")
            if directive not in TIME_DIRECTIVES:
                raise _time_format_error(f"has the directive %{visible(directive)}, which neither engine reads" if directive else "ends with a lone %")
            index += 2
        else:
            index += 1


def _time_format_error(what: str) -> MeasureError:
    return MeasureError(f"the format {what}", where="--time-format",
                        hint="use %Y %m %d %H %M %S %f %z %b %p (as '%d/%m/%Y %H:%M'), or %s for epoch seconds", exit_code=EXIT_USAGE)


def epoch_seconds(text: str, matches: str) -> str:
    """µs from a cell that is an epoch in seconds (--time-format %s): digits with an optional sign
    and fraction (no exponent, no spaces), else NULL. ``matches`` is the engine's regex test, with
    ``{text}`` and ``{pattern}`` to fill: ``regexp_matches({text}, '{pattern}')`` or ``{text} RLIKE '{pattern}'``."""
    number_like = " OR ".join(matches.format(text=text, pattern=pattern) for pattern in (INTEGER_TEXT, DECIMAL_TEXT))
    return f"CAST(round((CASE WHEN {number_like} THEN TRY_CAST({text} AS DOUBLE) END) * 1000000) AS BIGINT)"


GA4_PARAMS = {"session": "ga_session_id", "page": "page_location", "value": "value"}


def played(fields: Fields, *, ga4: bool) -> dict[str, str | None]:
    """LoadSummary.columns: each role's column (GA4's session, page and value: their event parameter), then --columns' property mappings."""
    roles = fields.roles()
    if ga4:
        for role, param in GA4_PARAMS.items():
            roles[role] = roles[role] or f"event_params.{param}"
    return roles
