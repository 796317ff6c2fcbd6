"""`cjmap measure` in the terminal: the results as rich tables, each with its definition under it.

Ids are slugs, but KPI units, reasons, breakdown keys (values of a data column) and the journey's
title are anyone's text: every one reaches the table as a ``Text`` made visible (cjmap.text.safe),
never as rich markup.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from rich import box
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from cjmap.measure.words import (
    Shown,
    columns_line,
    count,
    definition_line,
    deviation_place,
    duration,
    kind_word,
    kpi_how,
    kpi_unit,
    measured_on,
    number,
    on_target_mark,
    percent,
    top_unmatched_line,
    unit_word,
    unseen_lines,
    words,
)
from cjmap.text.safe import rich_text as cell

_KIND_STYLE = {"missing": "yellow", "ad-hoc": "cyan", "irregular": "magenta", "failing": "red"}


def text_view(results: Mapping[str, Any], shown: Shown) -> Iterator[RenderableType]:
    text = words(shown.language)
    unit = unit_word(results, text)
    yield from _header(results, shown, text, unit)
    yield _touchpoints(results["touchpoints"], text, unit, shown.names)
    yield _funnel(results["funnel"], text, text["funnel"], text["funnel_how"].format(unit=unit, window=results["definition"]["window"]))
    yield _edges(results["edges"], text, unit)
    yield _deviations(results["deviations"], text)
    yield from _kpis(results["kpis"], text)
    breakdown = results.get("breakdown")
    if breakdown:
        yield from _breakdown(breakdown, results, text)


def _header(results: Mapping[str, Any], shown: Shown, text: Mapping[str, str], unit: str) -> Iterator[Text]:
    definition, events = results["definition"], results["events"]
    title = Text(f"{text['measured']}: ", style="bold")
    title.append(cell(shown.title or results["journey"], lines=False))
    title.append(cell(f" ({measured_on(results, shown, text)})", lines=False))
    yield title
    yield cell(definition_line(results, text), lines=False)
    columns = columns_line(results, text)
    if columns:
        yield cell(columns, "dim", lines=False)  # column names are the data's: made visible
    if definition.get("unmeasured_stages"):
        yield cell(text["unmeasured"].format(stages=", ".join(definition["unmeasured_stages"])), "dim", lines=False)
    yield Text(text["events_line"].format(**{key: count(events.get(key, 0), text) for key in ("rows", "matched", "unmatched", "ambiguous", "anonymous")}))
    for line in unseen_lines(results, text):
        yield cell(line, "yellow", lines=False)
    unmatched = top_unmatched_line(results, text)
    if unmatched:
        yield cell(unmatched, lines=False)
    units = results["units"]
    yield Text(text["units_line"].format(units=count(units, text), unit=unit_word(results, text, units)), style="bold")


# How a column's cells may break at a narrow terminal: an id or a number stays whole (a slug
# broken in two reads as two words, "conversio / n"; 1d 6h and 1,490.25 EUR are one value) while
# the terminal has room; words wrap at spaces. Where even whole ids and numbers do not fit, they
# fold onto the next line rather than lose their end: a cropped "1,490.25" without its EUR misleads.
ID, WORDS, NUMBER = "id", "words", "number"


def _table(title: str, how: str | None, *columns: tuple[str, str]) -> Table:
    table = Table(title=cell(title, "bold", lines=False), title_justify="left", caption=cell(how, "dim") if how else None,
                  caption_justify="left", box=box.SIMPLE_HEAD, expand=False)
    for header, kind in columns:
        table.add_column(header, justify="right" if kind == NUMBER else "left", no_wrap=kind != WORDS, overflow="fold")
    return table


class _Fitted:
    """A table whose whole cells fit the terminal, else the ``narrower`` one (without a column
    that only helps) if that fits, or else one whose every cell may fold."""

    def __init__(self, table: Table, narrower: Table | None = None) -> None:
        self.table = table
        self.narrower = narrower

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        unbounded = options.update_width(1_000_000)  # Measurement.get clamps to the width it is given
        table = self.table
        if self.narrower is not None and Measurement.get(console, unbounded, table).minimum > options.max_width:
            table = self.narrower
        if Measurement.get(console, unbounded, table).minimum > options.max_width:
            for column in table.columns:
                column.no_wrap = False
        yield table


def _touchpoints(rows: Sequence[Mapping[str, Any]], text: Mapping[str, str], unit: str, names: Mapping[str, str]) -> _Fitted:
    # The name beside the id when the journey was at hand (a results file alone has only ids);
    # where the terminal has no room for a column of names, each name goes under its id.
    if not names:
        return _Fitted(_touchpoint_table(rows, text, unit, names, beside=False))
    return _Fitted(_touchpoint_table(rows, text, unit, names, beside=True), _touchpoint_table(rows, text, unit, names, beside=False))


def _touchpoint_table(rows: Sequence[Mapping[str, Any]], text: Mapping[str, str], unit: str, names: Mapping[str, str], *, beside: bool) -> Table:
    # Under its id, a name wraps at its spaces in the id's column: an id has none, so it stays whole.
    columns = [(text["touchpoint"], ID), (text["name"], WORDS)] if beside else [(text["touchpoint"], WORDS if names else ID)]
    table = _table(text["touchpoints"], text["touchpoints_how"].format(unit=unit), (text["stage"].lower(), ID), *columns,
                   (text["reach"], NUMBER), (text["failed"], NUMBER), (text["events"], NUMBER))
    for row in rows:
        failed = Text(count(row["failed"], text), style="red" if row["failed"] else "")
        name = cell(names.get(str(row["id"]), ""), "dim", lines=False)
        named = [cell(row["id"]), name] if beside else [Text.assemble(cell(row["id"]), "\n", name) if name.plain else cell(row["id"])]
        table.add_row(cell(row["stage"]), *named, count(row["reach"], text), failed, count(row.get("events"), text))
    return table


def _funnel(rows: Sequence[Mapping[str, Any]], text: Mapping[str, str], title: str, how: str | None) -> _Fitted:
    # "time to convert" is said once, in the caption: as a header over p50 it took a fifth of 80 columns.
    caption = f"{how}; {text['times_how']}" if how else None
    table = _table(title, caption, (text["stage"].lower(), ID), (text["entered"], NUMBER), (text["converted"], NUMBER), (text["conversion"], NUMBER),
                   (text["p50"], NUMBER), (text["p90"], NUMBER), (text["mean"], NUMBER))
    for row in rows:
        times = row.get("time_to_convert") or {}
        table.add_row(cell(row["stage"]), count(row["entered"], text), count(row["converted"], text), percent(row["conversion"], text),
                      duration(times.get("p50"), text), duration(times.get("p90"), text), duration(times.get("mean"), text))
    return _Fitted(table)


def _edges(rows: Sequence[Mapping[str, Any]], text: Mapping[str, str], unit: str) -> _Fitted:
    table = _table(text["edges"], text["edges_how"].format(unit=unit), (text["edge"], WORDS), (text["planned"], ID), (text["count"], NUMBER),
                   (text["units"].format(unit=unit), NUMBER), (text["conversion"], NUMBER))
    for row in rows:
        planned = Text("✓", style="green") if row["planned"] else Text(text["unplanned"], style="yellow")
        style = "dim" if row["planned"] and not row["count"] else ""
        table.add_row(cell(f"{row['from']} → {row['to']}"), planned, count(row["count"], text), count(row.get("units"), text),
                      percent(row.get("conversion"), text), style=style)
    return _Fitted(table)


def _deviations(rows: Sequence[Mapping[str, Any]], text: Mapping[str, str]) -> RenderableType:
    if not rows:
        return Text(text["no_deviations"], style="green")
    table = _table(text["deviations"], None, (text["kind"], ID), (text["where"], WORDS), (text["count"], NUMBER), (text["share"], NUMBER))
    for row in rows:
        share = row.get("share")
        table.add_row(Text(kind_word(row["kind"], text), style=_KIND_STYLE.get(str(row["kind"]), "")), cell(deviation_place(row)), count(row.get("count"), text),
                      percent(share, text) if share is not None else "")
    return _Fitted(table)


def _kpis(rows: Sequence[Mapping[str, Any]], text: Mapping[str, str]) -> Iterator[RenderableType]:
    # The metric goes with the definition under the table: as a column beside the ids, 80 columns
    # left it a word or less per line ("Abandon / o del").
    table = _table(text["kpis"], None, (text["stage"].lower(), ID), (text["kpi"], ID), (text["actual"], NUMBER), (text["target"], NUMBER),
                   (text["on_target"], NUMBER))
    for row in rows:
        unit = kpi_unit(row)
        actual = cell(number(row["actual"], unit, text)) if row["actual"] is not None else Text("—", style="dim")
        mark = row.get("on_target")
        table.add_row(cell(row["stage"]), cell(row["id"]), actual, cell(number(row.get("target"), unit, text)),
                      Text(on_target_mark(mark), style="green" if mark else "red" if mark is False else "dim"))
    yield _Fitted(table)
    if rows:
        yield _kpi_definitions(rows, text)


def _kpi_definitions(rows: Sequence[Mapping[str, Any]], text: Mapping[str, str]) -> Padding:
    """Each KPI's metric and how it was measured, under the table: the id, and its sentence
    wrapped beside it."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True, overflow="fold")
    grid.add_column(overflow="fold")
    for row in rows:
        sentence = cell(f"{text.get('metric_' + str(row['metric']), str(row['metric']))}: ", "bold", lines=False)
        sentence.append(cell(kpi_how(row, text), "dim"))
        grid.add_row(cell(row["id"]), sentence)
    return Padding(grid, (0, 0, 0, 2))  # under the table's first column


def _breakdown(breakdown: Mapping[str, Any], results: Mapping[str, Any], text: Mapping[str, str]) -> Iterator[RenderableType]:
    by = str(breakdown["by"])
    yield cell(text["breakdown"].format(by=by), "bold", lines=False)
    for group in breakdown["groups"]:
        key = text["no_group"] if group["key"] is None else str(group["key"])
        units = group.get("units")
        yield _funnel(group["funnel"], text, text["group"].format(by=by, key=key, units=count(units, text), unit=unit_word(results, text, units)), None)
