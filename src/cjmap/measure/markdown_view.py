"""`cjmap measure` as Markdown, for a pull request, an issue or a wiki: a heading, the definition, tables.

Every cell goes through cjmap.text.markdown_safe.inline (as stats and diff do): a breakdown key or a
KPI unit from the data cannot open a table cell, a link or a mention.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from cjmap.measure.words import Shown, count, deviation_place, duration, kpi_how, kpi_unit, number, on_target_mark, percent, unit_word, words
from cjmap.text.markdown_safe import inline as md


def as_markdown(results: Mapping[str, Any], shown: Shown) -> str:
    text = words(shown.language)
    unit = unit_word(results, text)
    definition = results["definition"]
    out = [f"# {text['measured']}: {md(shown.title or str(results['journey']))}", "", *_header(results, shown, text, unit)]
    out += _section(text["touchpoints"], text["touchpoints_how"].format(unit=unit),
                    [text["stage"].lower(), text["touchpoint"], text["reach"], text["failed"], text["events"]],
                    [[r["stage"], r["id"], count(r["reach"], text), count(r["failed"], text), count(r.get("events"), text)] for r in results["touchpoints"]],
                    text, numbers=range(2, 99))
    out += _funnel(results["funnel"], text, text["funnel"], text["funnel_how"].format(unit=unit, window=definition["window"]))
    out += _section(text["edges"], text["edges_how"].format(unit=unit),
                    [text["edge"], text["planned"], text["count"], text["units"].format(unit=unit), text["conversion"]],
                    [[f"{r['from']} → {r['to']}", "✓" if r["planned"] else text["unplanned"], count(r["count"], text), count(r.get("units"), text),
                      percent(r.get("conversion"), text)]
                     for r in results["edges"]], text, numbers=range(2, 99))
    out += _section(text["deviations"], None, [text["kind"], text["where"], text["count"], text["share"]],
                    [[r["kind"], deviation_place(r), count(r.get("count"), text), percent(r["share"], text) if r.get("share") is not None else ""]
                     for r in results["deviations"]],
                    text, numbers=range(2, 99), empty=text["no_deviations"])
    out += _section(text["kpis"], None, [text["stage"].lower(), text["kpi"], text["metric"], text["actual"], text["target"], text["on_target"], text["how"]],
                    [_kpi(row, text) for row in results["kpis"]], text, numbers=range(3, 6))
    breakdown = results.get("breakdown")
    if breakdown:
        out += [f"## {md(text['breakdown'].format(by=breakdown['by']))}", ""]
        for group in breakdown["groups"]:
            key = text["no_group"] if group["key"] is None else str(group["key"])
            out += _funnel(group["funnel"], text, text["group"].format(by=breakdown["by"], key=key, units=count(group.get("units"), text), unit=unit), None, level="###")
    return "\n".join(out).rstrip("\n") + "\n"


def _header(results: Mapping[str, Any], shown: Shown, text: Mapping[str, str], unit: str) -> list[str]:
    definition, events = results["definition"], results["events"]
    period = definition["period"]
    out = [md(text["definition"].format(
        unit=text.get(f"unit_name_{definition['unit']}", definition["unit"]), window=definition["window"], timeout=definition.get("session_timeout", "—"),
        start=period["from"], end=period["to"],
        entry=definition.get("entry", "—"), source=definition.get("source", "events"),
    )) + f" · {md(text['measured_on'].format(rows=count(events['rows'], text), engine=shown.engine))}", ""]
    if definition.get("unmeasured_stages"):
        out += [md(text["unmeasured"].format(stages=", ".join(definition["unmeasured_stages"]))), ""]
    out += [md(text["events_line"].format(**{key: count(events.get(key, 0), text) for key in ("rows", "matched", "unmatched", "ambiguous", "anonymous")})), ""]
    return [*out, f"**{md(text['units_line'].format(units=count(results['units'], text), unit=unit))}**", ""]


def _funnel(rows: Sequence[Mapping[str, Any]], text: Mapping[str, str], title: str, how: str | None, *, level: str = "##") -> list[str]:
    headers = [text["stage"].lower(), text["entered"], text["converted"], text["conversion"], f"{text['time_to_convert']} {text['p50']}", text["p90"], text["mean"]]
    body = []
    for row in rows:
        times = row.get("time_to_convert") or {}
        body.append([row["stage"], count(row["entered"], text), count(row["converted"], text), percent(row["conversion"], text),
                     duration(times.get("p50"), text), duration(times.get("p90"), text), duration(times.get("mean"), text)])
    return _section(title, how, headers, body, text, level=level)


def _kpi(row: Mapping[str, Any], text: Mapping[str, str]) -> list[str]:
    unit = kpi_unit(row)
    return [row["stage"], row["id"], text.get(f"metric_{row['metric']}", str(row["metric"])), number(row["actual"], unit, text), number(row.get("target"), unit, text),
            on_target_mark(row.get("on_target")), kpi_how(row, text)]


def _section(title: str, how: str | None, headers: list[str], rows: list[list[Any]], text: Mapping[str, str], *,
             numbers: range = range(1, 99), empty: str | None = None, level: str = "##") -> list[str]:
    out = [f"{level} {md(title)}", ""]
    if how:
        out += [f"_{md(how)}_", ""]
    if not rows:
        return [*out, md(empty or text["none"]), ""]
    out += ["| " + " | ".join(md(header) for header in headers) + " |", "|" + "".join("---:|" if index in numbers else "---|" for index in range(len(headers)))]
    out += ["| " + " | ".join(md(str(value)) for value in row) + " |" for row in rows]
    return [*out, ""]
