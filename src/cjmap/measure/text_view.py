"""`cjmap measure` in the terminal: the results as rich tables, each with its definition under it.

Ids are slugs, but KPI units, reasons, breakdown keys (values of a data column) and the journey's
title are anyone's text: every one reaches the table as a ``Text`` made visible (cjmap.text.safe),
never as rich markup.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from cjmap.measure.words import Shown, count, deviation_place, duration, kpi_how, kpi_unit, number, on_target_mark, percent, unit_word, words
from cjmap.text.safe import rich_text as cell

_KIND_STYLE = {"missing": "yellow", "ad-hoc": "cyan", "irregular": "magenta", "failing": "red"}


def text_view(results: Mapping[str, Any], shown: Shown) -> Iterator[RenderableType]:
    text = words(shown.language)
    unit = unit_word(results, text)
    yield from _header(results, shown, text, unit)
    yield _touchpoints(results["touchpoints"], text, unit)
    yield _funnel(results["funnel"], text, text["funnel"], text["funnel_how"].format(unit=unit, window=results["definition"]["window"]))
    yield _edges(results["edges"], text, unit)
    yield _deviations(results["deviations"], text)
    yield _kpis(results["kpis"], text)
    breakdown = results.get("breakdown")
    if breakdown:
        yield from _breakdown(breakdown, text, unit)


def _header(results: Mapping[str, Any], shown: Shown, text: Mapping[str, str], unit: str) -> Iterator[Text]:
    definition, events = results["definition"], results["events"]
    title = Text(f"{text['measured']}: ", style="bold")
    title.append(cell(shown.title or results["journey"], lines=False))
    title.append(f" ({text['measured_on'].format(rows=count(events['rows']), engine=shown.engine)})")
    yield title
    period = definition["period"]
    yield cell(text["definition"].format(
        unit=definition["unit"], window=definition["window"], timeout=definition.get("session_timeout", "—"),
        start=period["from"], end=period["to"], entry=definition.get("entry", "—"), source=definition.get("source", "events"),
    ), lines=False)
    if definition.get("unmeasured_stages"):
        yield cell(text["unmeasured"].format(stages=", ".join(definition["unmeasured_stages"])), "dim", lines=False)
    yield Text(text["events_line"].format(**{key: count(events.get(key, 0)) for key in ("rows", "matched", "unmatched", "ambiguous", "anonymous")}))
    yield Text(text["units_line"].format(units=count(results["units"]), unit=unit), style="bold")


def _table(title: str, how: str | None, *columns: str, numbers_from: int = 1) -> Table:
    table = Table(title=cell(title, "bold", lines=False), title_justify="left", caption=cell(how, "dim") if how else None,
                  caption_justify="left", box=box.SIMPLE_HEAD, expand=False)
    for index, column in enumerate(columns):
        table.add_column(column, justify="right" if index >= numbers_from else "left", overflow="fold")
    return table


def _touchpoints(rows: Sequence[Mapping[str, Any]], text: Mapping[str, str], unit: str) -> Table:
    table = _table(text["touchpoints"], text["touchpoints_how"].format(unit=unit), text["stage"].lower(), text["touchpoint"], text["reach"], text["failed"],
                   text["events"], numbers_from=2)
    for row in rows:
        failed = Text(count(row["failed"]), style="red" if row["failed"] else "")
        table.add_row(cell(row["stage"]), cell(row["id"]), count(row["reach"]), failed, count(row.get("events")))
    return table


def _funnel(rows: Sequence[Mapping[str, Any]], text: Mapping[str, str], title: str, how: str | None) -> Table:
    table = _table(title, how, text["stage"].lower(), text["entered"], text["converted"], text["conversion"],
                   f"{text['time_to_convert']} {text['p50']}", text["p90"], text["mean"])
    for row in rows:
        times = row.get("time_to_convert") or {}
        table.add_row(cell(row["stage"]), count(row["entered"]), count(row["converted"]), percent(row["conversion"]),
                      duration(times.get("p50")), duration(times.get("p90")), duration(times.get("mean")))
    return table


def _edges(rows: Sequence[Mapping[str, Any]], text: Mapping[str, str], unit: str) -> Table:
    table = _table(text["edges"], text["edges_how"].format(unit=unit), text["edge"], text["planned"], text["count"], text["units"].format(unit=unit),
                   text["conversion"], numbers_from=2)
    for row in rows:
        planned = Text("✓", style="green") if row["planned"] else Text(text["unplanned"], style="yellow")
        style = "dim" if row["planned"] and not row["count"] else ""
        table.add_row(cell(f"{row['from']} → {row['to']}"), planned, count(row["count"]), count(row.get("units")), percent(row.get("conversion")), style=style)
    return table


def _deviations(rows: Sequence[Mapping[str, Any]], text: Mapping[str, str]) -> RenderableType:
    if not rows:
        return Text(text["no_deviations"], style="green")
    table = _table(text["deviations"], None, text["kind"], text["where"], text["count"], text["share"], numbers_from=2)
    for row in rows:
        share = row.get("share")
        table.add_row(Text(str(row["kind"]), style=_KIND_STYLE.get(str(row["kind"]), "")), cell(deviation_place(row)), count(row.get("count")),
                      percent(share) if share is not None else "")
    return table


def _kpis(rows: Sequence[Mapping[str, Any]], text: Mapping[str, str]) -> Table:
    # How each KPI was measured goes under the table, one line each: as a column it would be
    # squeezed to a word per line on an 80-column terminal.
    how = "\n".join(f"{row['id']}: {kpi_how(row, text)}" for row in rows)
    table = _table(text["kpis"], how or None, text["stage"].lower(), text["kpi"], text["metric"], text["actual"], text["target"], text["on_target"], numbers_from=3)
    for row in rows:
        unit = kpi_unit(row)
        actual = cell(number(row["actual"], unit)) if row["actual"] is not None else Text("—", style="dim")
        mark = row.get("on_target")
        table.add_row(cell(row["stage"]), cell(row["id"]), cell(text.get(f"metric_{row['metric']}", str(row["metric"]))), actual,
                      cell(number(row.get("target"), unit)), Text(on_target_mark(mark), style="green" if mark else "red" if mark is False else "dim"))
    return table


def _breakdown(breakdown: Mapping[str, Any], text: Mapping[str, str], unit: str) -> Iterator[RenderableType]:
    by = str(breakdown["by"])
    yield cell(text["breakdown"].format(by=by), "bold", lines=False)
    for group in breakdown["groups"]:
        key = text["no_group"] if group["key"] is None else str(group["key"])
        yield _funnel(group["funnel"], text, text["group"].format(by=by, key=key, units=count(group.get("units")), unit=unit), None)
