"""`cjmap measure` as Markdown, for a pull request, an issue or a wiki: a heading, the definition, tables.

Every cell goes through cjmap.text.markdown_safe.inline (as stats and diff do): a breakdown key or a
KPI unit from the data cannot open a table cell, a link or a mention. The one exception: the code
spans of the KPI sentences cjmap writes (`` `checkout` ``, ids that are slugs) stay code spans.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

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
from cjmap.text.markdown_safe import inline as md

# A code span of a sentence cjmap wrote: text without backticks, line breaks or control characters.
_CODE_SPAN = re.compile(r"`([^`\x00-\x1f\x7f]+)`")


def as_markdown(results: Mapping[str, Any], shown: Shown) -> str:
    text = words(shown.language)
    unit = unit_word(results, text)
    definition = results["definition"]
    out = [f"# {text['measured']}: {md(shown.title or str(results['journey']))}", "", *_header(results, shown, text, unit)]
    names = shown.names
    named = [text["name"]] if names else []  # the name beside the id when the journey was at hand
    out += _section(text["touchpoints"], text["touchpoints_how"].format(unit=unit),
                    [text["stage"].lower(), text["touchpoint"], *named, text["reach"], text["failed"], text["events"]],
                    [[r["stage"], r["id"], *([names.get(str(r["id"]), "")] if names else []), count(r["reach"], text), count(r["failed"], text),
                      count(r.get("events"), text)] for r in results["touchpoints"]],
                    text, numbers=range(2 + len(named), 99))
    out += _funnel(results["funnel"], text, text["funnel"], text["funnel_how"].format(unit=unit, window=definition["window"]))
    out += _section(text["edges"], text["edges_how"].format(unit=unit),
                    [text["edge"], text["planned"], text["count"], text["units"].format(unit=unit), text["conversion"]],
                    [[f"{r['from']} → {r['to']}", "✓" if r["planned"] else text["unplanned"], count(r["count"], text), count(r.get("units"), text),
                      percent(r.get("conversion"), text)]
                     for r in results["edges"]], text, numbers=range(2, 99))
    out += _section(text["deviations"], None, [text["kind"], text["where"], text["count"], text["share"]],
                    [[kind_word(r["kind"], text), deviation_place(r), count(r.get("count"), text), percent(r["share"], text) if r.get("share") is not None else ""]
                     for r in results["deviations"]],
                    text, numbers=range(2, 99), empty=text["no_deviations"])
    out += _section(text["kpis"], None, [text["stage"].lower(), text["kpi"], text["metric"], text["actual"], text["target"], text["on_target"], text["how"]],
                    [_kpi(row, text) for row in results["kpis"]], text, numbers=range(3, 6))
    breakdown = results.get("breakdown")
    if breakdown:
        out += [f"## {md(text['breakdown'].format(by=breakdown['by']))}", ""]
        for group in breakdown["groups"]:
            key = text["no_group"] if group["key"] is None else str(group["key"])
            units = group.get("units")
            out += _funnel(group["funnel"], text, text["group"].format(by=breakdown["by"], key=key, units=count(units, text), unit=unit_word(results, text, units)),
                           None, level="###")
    return "\n".join(out).rstrip("\n") + "\n"


def _header(results: Mapping[str, Any], shown: Shown, text: Mapping[str, str], unit: str) -> list[str]:
    definition, events = results["definition"], results["events"]
    out = [md(definition_line(results, text)) + f" · {md(measured_on(results, shown, text))}", ""]
    columns = columns_line(results, text)
    if columns:
        out += [md(columns), ""]  # column names are the data's: escaped
    if definition.get("unmeasured_stages"):
        out += [md(text["unmeasured"].format(stages=", ".join(definition["unmeasured_stages"]))), ""]
    out += [md(text["events_line"].format(**{key: count(events.get(key, 0), text) for key in ("rows", "matched", "unmatched", "ambiguous", "anonymous")})), ""]
    out += [f"- {md(line)}" for line in unseen_lines(results, text)]  # event names are the data's and the journey's: escaped
    unmatched = top_unmatched_line(results, text)
    out += [f"- {md(unmatched)}"] if unmatched else []
    if out[-1]:
        out.append("")
    units = results["units"]
    return [*out, f"**{md(text['units_line'].format(units=count(units, text), unit=unit_word(results, text, units)))}**", ""]


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
            on_target_mark(row.get("on_target")), _Cell(_with_code(kpi_how(row, text)))]


class _Cell(str):
    """A cell already written as Markdown (escaped where it must be): _section leaves it as it is."""

    __slots__ = ()


def _with_code(sentence: str) -> str:
    """A sentence of ours as Markdown: its `code spans` stay code (a `|` in one escaped for the table), the rest escaped."""
    out: list[str] = []
    at = 0
    for match in _CODE_SPAN.finditer(sentence):
        out += [_words(sentence[at : match.start()]), "`" + match[1].replace("|", "\\|") + "`"]
        at = match.end()
    out.append(_words(sentence[at:]))
    return "".join(out)


def _words(text: str) -> str:
    """Text between code spans, escaped, with the spaces at its ends kept (inline() trims them)."""
    if not text.strip():
        return " " if text else ""
    return (" " if text[0].isspace() else "") + md(text) + (" " if text[-1].isspace() else "")


def _section(title: str, how: str | None, headers: list[str], rows: list[list[Any]], text: Mapping[str, str], *,
             numbers: range = range(1, 99), empty: str | None = None, level: str = "##") -> list[str]:
    out = [f"{level} {md(title)}", ""]
    if how:
        out += [f"_{md(how)}_", ""]
    if not rows:
        return [*out, md(empty or text["none"]), ""]
    out += ["| " + " | ".join(md(header) for header in headers) + " |", "|" + "".join("---:|" if index in numbers else "---|" for index in range(len(headers)))]
    out += ["| " + " | ".join(value if isinstance(value, _Cell) else md(str(value)) for value in row) + " |" for row in rows]
    return [*out, ""]
