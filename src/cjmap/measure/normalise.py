"""What both engines do alike when they normalise events: SQL text for times and pages, and the located cell errors.

The expressions here are plain SQL that DuckDB and Spark read the same way (CASE, abs, round,
regexp_replace anchored so that "first match" and "all matches" agree), so a time or a page
becomes the same value on both engines. Times as numbers are epochs: ≥ 1e14 µs, ≥ 1e11 ms, else
seconds; text is ISO 8601 (an offset honoured, none = UTC) unless --time-format says otherwise.
"""

from __future__ import annotations

from cjmap.measure.errors import EXIT_DATA, MeasureError
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


def epoch_integer(expr: str) -> str:
    """µs from an integer epoch in s, ms or µs."""
    return f"(CASE WHEN abs({expr}) >= {MICROS_FROM} THEN {expr} WHEN abs({expr}) >= {MILLIS_FROM} THEN {expr} * 1000 ELSE {expr} * 1000000 END)"


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
    return MeasureError(f"unknown column `{visible(name)}`{also}; the data has: {has}", where=visible(where),
                        hint="fix the key in the journey, or add the column to the event data", exit_code=EXIT_DATA)
