"""`measure --write`: the journey's text with the measured ``kpis[].actual``, and nothing else changed.

Only KPIs the results measured (a number, not None) are written; a KPI whose ``actual`` already
holds that value is left as it is. A KPI this run could not measure keeps the ``actual`` it has (a
number from an earlier run or typed by hand): the caller says so by name (:attr:`Written.stale`),
since the file then holds a number this data did not give. The edit goes through files/yaml_edit.updated_yaml, which keeps
every other byte: comments, quoting, flow style, CRLF line ends, a missing final line break.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from cjmap.files.yaml_edit import YamlEditError, updated_yaml
from cjmap.loader import Limits, load_bytes
from cjmap.text.safe import same

_BOM = "\ufeff"


@dataclass(frozen=True)
class Written:
    """The journey's new text and what changed in it."""

    text: str  # the same string as the original when nothing changed
    written: tuple[str, ...]  # "stage/kpi" of each KPI whose actual changed, in journey order
    kept: tuple[str, ...]  # measured KPIs whose actual already held the value
    stale: tuple[tuple[str, str], ...] = ()  # ("stage/kpi", reason) of each KPI not measured now that keeps its actual


class ActualsError(ValueError):
    """The journey's text cannot take the actuals (it no longer loads, or uses aliases)."""


def with_actuals(original: str, kpis: Iterable[Mapping[str, Any]]) -> Written:
    """``original`` (a journey's text) with the ``actual`` of each measured KPI of ``kpis``
    (the results' ``kpis`` list: stage, id, actual) written in."""
    kpis = list(kpis)
    measured = {(str(k["stage"]), str(k["id"])): k["actual"] for k in kpis if _is_number(k.get("actual"))}
    unmeasured = {(str(k["stage"]), str(k["id"])): str(k.get("reason") or "not measured") for k in kpis if not _is_number(k.get("actual"))}
    bom = original.startswith(_BOM)
    body = original.removeprefix(_BOM)
    loaded = load_bytes(body.encode("utf-8"), limits=Limits(max_bytes=max(len(body) * 4, Limits().max_bytes)))
    if loaded.data is None or loaded.issues or not isinstance(loaded.data, dict):
        raise ActualsError("the journey no longer loads as it did when it was measured: measure it again")
    data = copy.deepcopy(loaded.data)
    written, kept = _set_actuals(data, measured)
    stale = _stale(data, unmeasured)
    if not written:
        return Written(original, (), kept, stale)
    try:
        text = updated_yaml(body, data, current=loaded)
    except YamlEditError as problem:
        raise ActualsError(str(problem)) from None
    return Written(_BOM + text if bom else text, written, kept, stale)


def _set_actuals(data: dict[str, Any], measured: Mapping[tuple[str, str], Any]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    written: list[str] = []
    kept: list[str] = []
    for stage, kpi in _kpis(data):
        key = (str(stage.get("id")), str(kpi.get("id")))
        if key not in measured:
            continue
        name = f"{key[0]}/{key[1]}"
        if "actual" in kpi and _is_number(kpi["actual"]) and same(float(kpi["actual"]), float(measured[key])):
            kept.append(name)
            continue
        kpi["actual"] = measured[key]
        written.append(name)
    return tuple(written), tuple(kept)


def _stale(data: dict[str, Any], unmeasured: Mapping[tuple[str, str], str]) -> tuple[tuple[str, str], ...]:
    """The KPIs not measured this time that hold an ``actual`` all the same, with the reason, in journey order."""
    found: list[tuple[str, str]] = []
    for stage, kpi in _kpis(data):
        key = (str(stage.get("id")), str(kpi.get("id")))
        if key in unmeasured and kpi.get("actual") is not None:
            found.append((f"{key[0]}/{key[1]}", unmeasured[key]))
    return tuple(found)


def _kpis(data: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Each stage's KPI mappings with their stage, in journey order."""
    stages = [stage for stage in data.get("stages") or [] if isinstance(stage, dict)]
    return [(stage, kpi) for stage in stages for kpi in stage.get("kpis") or [] if isinstance(kpi, dict)]


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
