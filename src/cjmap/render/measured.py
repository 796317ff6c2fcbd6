"""The measured map's view model (``render --measured``): the numbers ``cjmap measure`` wrote,
in the journey's language, ready for the HTML template.

Under each touchpoint: its reach and, for each planned step out of it, the share of its units
who took that step (the edge's ``conversion``: units / reach of the touchpoint they left).
Beside the map: how it was measured, the stage funnel as bars, the real paths against the
planned ones (``render/measured_graph.py``), the deviations and the KPI actuals. Numbers are
written as the language writes them (``1,234`` and ``28.6%``; ``1234``, ``12 345`` and
``28,6 %`` in Spanish).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import jinja2

from cjmap.model import Journey
from cjmap.model.vocabulary import DeviationKind
from cjmap.render.measured_graph import GraphEdge, PathGraph, build_path_graph
from cjmap.render.measured_results import Deviation, EdgeResult, KpiResult, Results, StageResult
from cjmap.render.view import build_view
from cjmap.text.labels import labels, stage_name
from cjmap.text.number_forms import NumberForms

BAR_WIDTH = 300  # the funnel bars' user units: the widest bar, the first stage's entries


@dataclass(frozen=True)
class StepView:
    target: str  # the touchpoint the step goes to, by name
    rate: str
    title: str  # the step in words


@dataclass(frozen=True)
class TouchpointNumbers:
    measured: bool
    reach: str
    failed: str  # "" when none failed
    steps: tuple[StepView, ...]


@dataclass(frozen=True)
class FunnelRow:
    stage: str
    entered: str
    converted: str
    conversion: str
    p50: str
    p90: str
    entered_width: str  # in BAR_WIDTH units: proportional to entered
    converted_width: str


@dataclass(frozen=True)
class DeviationView:
    kind: DeviationKind  # also its CSS class
    kind_label: str
    text: str


@dataclass(frozen=True)
class KpiRow:
    stage: str
    name: str
    metric: str
    actual: str
    target: str
    status: str  # better | worse | unknown (CSS class)
    status_label: str
    definition: str


@dataclass(frozen=True)
class MeasuredView:
    unit: str  # the unit's plural in words ("users")
    facts: tuple[tuple[str, str], ...]  # how it was measured: (term, value)
    lane_note: str
    touchpoints: Mapping[str, TouchpointNumbers]  # every touchpoint of the journey, by id
    funnel_note: str
    funnel: tuple[FunnelRow, ...]
    bar_width: int
    graph: PathGraph
    deviations: tuple[DeviationView, ...]
    kpis: tuple[KpiRow, ...]


class Numbers(NumberForms):
    """Numbers as the journey's language writes them, in the forms the map shows."""

    def percent(self, share: float | None) -> str:
        return "—" if share is None else self.percent_text(share * 100, 1)

    def amount(self, value: float | None, unit: str | None) -> str:
        """A KPI's value in its unit: ``%`` as the language writes it, a symbol stuck to the
        number (``1900€``), a word after a space (``18 points``), as ``text.amounts`` does."""
        if value is None:
            return "—"
        if unit == "%":
            return self.percent_text(value, 2)
        number = self.decimal(value, 2)
        return number if not unit else f"{number}{unit}" if not unit[0].isalpha() else f"{number} {unit}"

    def duration(self, seconds: float | None) -> str:
        """``45 s``, ``12 min``, ``3.5 h``, ``2.1 d``: the unit a person would pick."""
        if seconds is None:
            return "—"
        for size, symbol, places in ((86400, "d", 1), (3600, "h", 1), (60, "min", 0)):
            if seconds >= size * 1.5:
                return f"{self.decimal(seconds / size, places)} {symbol}"
        return f"{self.decimal(seconds, 0)} s"


def render_measured_html(journey: Journey, results: Results, env: jinja2.Environment, source: str) -> str:
    """The HTML map with the measured numbers: the same page as ``render_html``, plus a row
    under the touchpoints and the measured section."""
    view = build_view(_with_actuals(journey, results), source=source)
    return env.get_template("journey.html.j2").render(view=view, measured=build_measured(journey, results))


def _with_actuals(journey: Journey, results: Results) -> Journey:
    """The journey with its KPIs' ``actual`` as measured, so the map's KPI row shows the measured
    value and whether it meets the target (what ``measure --write`` would write); a KPI the
    results could not measure keeps the file's own value."""
    actuals = {(kpi.stage, kpi.id): kpi.actual for kpi in results.kpis if kpi.actual is not None}
    if not actuals:
        return journey
    stages = [
        stage.model_copy(update={"kpis": [kpi.model_copy(update={"actual": actuals.get((stage.id, kpi.id), kpi.actual)}) for kpi in stage.kpis]})
        for stage in journey.stages
    ]
    return journey.model_copy(update={"stages": stages})


def build_measured(journey: Journey, results: Results) -> MeasuredView:
    text = labels(journey.journey.language)
    return _Builder(journey, results, text).view()


class _Builder:
    def __init__(self, journey: Journey, results: Results, text: Mapping[str, str]) -> None:
        self.journey, self.results, self.text = journey, results, text
        self.numbers = Numbers(text)
        unit = results.definition.unit
        self.unit = text.get(f"m_unit_{unit}", unit)
        self.names = {tp.id: tp.name for _, tp in journey.touchpoints()}
        self.stage_names = {stage.id: stage_name(stage, journey.journey.language) for stage in journey.stages}
        self.measured = {tp.id: tp for tp in results.touchpoints}
        self.reach = {tp.id: tp.reach for tp in results.touchpoints}
        self.planned: dict[str, list[EdgeResult]] = {}
        for edge in results.edges:
            if edge.planned:
                self.planned.setdefault(edge.source, []).append(edge)
        self.kpi_names = {(stage.id, kpi.id): kpi.name or kpi.id for stage in journey.stages for kpi in stage.kpis}

    def view(self) -> MeasuredView:
        definition = self.results.definition
        return MeasuredView(
            unit=self.unit,
            facts=self._facts(),
            lane_note=self.text["m_lane_note"].format(unit=self.unit),
            touchpoints=MappingProxyType({tp_id: self._touchpoint(tp_id) for tp_id in self.names}),
            funnel_note=self.text["m_funnel_note"].format(unit=self.unit, window=definition.window),
            funnel=self._funnel(),
            bar_width=BAR_WIDTH,
            graph=self._graph(),
            deviations=tuple(self._deviation(d) for d in self.results.deviations),
            kpis=tuple(self._kpi(kpi) for kpi in self.results.kpis),
        )

    def _facts(self) -> tuple[tuple[str, str], ...]:
        definition, events, t, n = self.results.definition, self.results.events, self.text, self.numbers
        facts = [(t["m_unit"], self.unit), (t["m_window"], definition.window)]
        if definition.session_timeout:
            facts.append((t["m_timeout"], definition.session_timeout))
        facts.append((t["m_period"], t["m_period_range"].format(start=definition.period_from, end=definition.period_to)))
        if definition.entry:
            facts.append((t["m_entry"], self.stage_names[definition.entry]))
        if definition.source:
            facts.append((t["m_source"], definition.source))
        if self.results.units is not None:
            facts.append((t["m_units"], f"{n.whole(self.results.units)} {self.unit}"))
        rows = t["m_rows_text"].format(rows=n.whole(events.rows), matched=n.whole(events.matched), unmatched=n.whole(events.unmatched),
                                       ambiguous=n.whole(events.ambiguous))
        if events.anonymous:
            rows += "; " + t["m_anonymous"].format(anonymous=n.whole(events.anonymous))
        facts.append((t["m_rows"], rows))
        if definition.unmeasured_stages:
            facts.append((t["m_unmeasured"], ", ".join(self.stage_names[s] for s in definition.unmeasured_stages)))
        return tuple(facts)

    def _touchpoint(self, tp_id: str) -> TouchpointNumbers:
        result = self.measured.get(tp_id)
        if result is None:
            return TouchpointNumbers(False, "", "", ())
        failed = self.text["m_failed"].format(count=self.numbers.whole(result.failed)) if result.failed else ""
        steps = tuple(self._step(edge) for edge in self.planned.get(tp_id, ()))
        return TouchpointNumbers(True, self.numbers.whole(result.reach), failed, steps)

    def _step(self, edge: EdgeResult) -> StepView:
        rate = self.numbers.percent(self._conversion(edge))
        source, target = self.names[edge.source], self.names[edge.target]
        return StepView(target, rate, self.text["m_step_title"].format(unit=self.unit, source=source, rate=rate, target=target))

    def _conversion(self, edge: EdgeResult) -> float | None:
        """The edge's own conversion, else its units over the reach it left from."""
        if edge.conversion is not None:
            return edge.conversion
        reach = self.reach.get(edge.source)
        return edge.units / reach if edge.units is not None and reach else None

    def _funnel(self) -> tuple[FunnelRow, ...]:
        widest = max([row.entered for row in self.results.funnel] or [0]) or 1
        return tuple(self._funnel_row(row, widest) for row in self.results.funnel)

    def _funnel_row(self, row: StageResult, widest: int) -> FunnelRow:
        n, times = self.numbers, row.time_to_convert
        converted = "—" if row.converted is None else n.whole(row.converted)
        return FunnelRow(
            self.stage_names[row.stage], n.whole(row.entered), converted,
            n.percent(row.conversion) if row.converted is not None else self.text["m_last_stage"],
            n.duration(times.p50 if times else None), n.duration(times.p90 if times else None),
            f"{BAR_WIDTH * row.entered / widest:.1f}", f"{BAR_WIDTH * (row.converted or 0) / widest:.1f}",
        )

    def _graph(self) -> PathGraph:
        measured = {tp.id for tp in self.results.touchpoints} | {e.source for e in self.results.edges} | {e.target for e in self.results.edges}
        nodes = [(tp_id, name, self._reach_text(tp_id)) for tp_id, name in self.names.items() if tp_id in measured]
        return build_path_graph(nodes, [self._graph_edge(edge) for edge in self.results.edges])

    def _reach_text(self, tp_id: str) -> str:
        reach = self.reach.get(tp_id)
        return f"{self.text['m_reach']}: {'—' if reach is None else self.numbers.whole(reach)}"

    def _graph_edge(self, edge: EdgeResult) -> GraphEdge:
        n, source, target = self.numbers, self.names[edge.source], self.names[edge.target]
        title = self.text["m_edge_title"].format(source=source, target=target, count=n.whole(edge.count))
        if edge.units is not None:
            title = f"{source} → {target}: " + self.text["m_edge_units"].format(
                count=n.whole(edge.count), units=n.whole(edge.units), unit=self.unit, rate=n.percent(self._conversion(edge)), source=source)
        kind = self.text["m_planned"] if edge.planned else self.text["m_unplanned"]
        return GraphEdge(edge.source, edge.target, edge.planned, edge.count, n.whole(edge.count), f"{title} ({kind})")

    def _deviation(self, deviation: Deviation) -> DeviationView:
        n, names = self.numbers, self.names
        words = {
            "count": n.whole(deviation.count), "share": n.percent(deviation.share), "unit": self.unit,
            "touchpoint": names.get(deviation.touchpoint or "", ""), "source": names.get(deviation.source or "", ""),
            "target": names.get(deviation.target or "", ""),
        }
        key = "m_dev_missing_edge" if deviation.kind == "missing" and deviation.touchpoint is None else f"m_dev_{deviation.kind}"
        return DeviationView(deviation.kind, self.text[f"m_kind_{deviation.kind}"], self.text[key].format(**words))

    def _kpi(self, kpi: KpiResult) -> KpiRow:
        status = {True: "better", False: "worse", None: "unknown"}[kpi.on_target]
        definition = kpi.definition or ""
        if kpi.actual is None and kpi.reason:
            definition = self.text["m_not_measured"].format(reason=kpi.reason)
        if kpi.note:  # after the definition, as measure's own views show it
            definition = f"{definition} ({kpi.note})" if definition else kpi.note
        return KpiRow(
            self.stage_names[kpi.stage], self.kpi_names.get((kpi.stage, kpi.id), kpi.id), self.text.get(f"metric_{kpi.metric}", kpi.metric),
            self.numbers.amount(kpi.actual, kpi.unit), self.numbers.amount(kpi.target, kpi.unit), status, self.text[status], definition,
        )
