"""``cjmap stats`` in the terminal: the portfolio as rich tables."""

from __future__ import annotations

from collections.abc import Iterator

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from cjmap.model.facts import REVIEW_MAX_AGE_DAYS
from cjmap.stats.portfolio import Portfolio
from cjmap.text.labels import labels
from cjmap.text.safe import rich_text as cell

EN = labels("en")


def _table(title: str, *columns: str) -> Table:
    table = Table(title=Text(title, style="bold"), title_justify="left", box=box.SIMPLE_HEAD, expand=False)
    for index, column in enumerate(columns):
        # File paths fold onto several lines rather than lose their end.
        table.add_column(column, overflow="fold" if index == 0 else "ellipsis")
    return table


def portfolio_view(portfolio: Portfolio) -> Iterator[RenderableType]:
    yield Text(f"{portfolio.journeys} journeys in {portfolio.files} files", style="bold")
    if portfolio.invalid:
        table = _table("Invalid files (not counted)", "file", "errors", "first error")
        for row in portfolio.invalid:
            table.add_row(cell(row.file), str(row.errors), cell(row.first), style="red")
        yield table
    counts = _table("Journeys per type", "type", "journeys")
    for kind, count in portfolio.by_type.items():
        counts.add_row(EN[kind], str(count))
    yield counts
    kinds = _table("Stages per kind", "stage kind", "stages")
    for kind, count in portfolio.by_stage_kind.items():
        kinds.add_row(EN[kind], str(count))
    yield kinds
    yield _coverage(portfolio)
    yield from _lists(portfolio)


def _coverage(portfolio: Portfolio) -> Table:
    kinds = list(portfolio.by_stage_kind)
    table = Table(title=Text("Channel × stage coverage (touchpoints)", style="bold"), title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("channel")
    for kind in kinds:
        table.add_column(EN[kind], justify="right")
    for channel in portfolio.channels:
        row = portfolio.coverage[channel]
        table.add_row(cell(channel), *[str(row.get(kind, 0)) if row.get(kind) else Text("·", style="dim") for kind in kinds])
    return table


def _lists(portfolio: Portfolio) -> Iterator[Table]:
    pains = _table(f"Pain points with no opportunity ({len(portfolio.unaddressed_pain_points)})", "journey", "stage", "touchpoint", "pain point")
    for p in portfolio.unaddressed_pain_points:
        pain = cell(p.pain + (f" ({p.severity})" if p.severity else ""), style="red" if p.severity == "high" else "")
        pains.add_row(cell(p.file), cell(p.stage), cell(p.touchpoint), pain)
    yield pains
    moments = _table("Moments of truth: the lowest emotions", "journey", "stage", "touchpoint", "persona", "emotion")
    for m in portfolio.lowest_moments:
        emotion = Text(m.written(), style="red" if m.share < 0.4 else "")
        moments.add_row(cell(m.file), cell(m.stage), cell(m.touchpoint), cell(m.persona), emotion)
    yield moments
    kpis = _table(f"KPIs off target ({len(portfolio.kpis_off_target)})", "journey", "stage", "KPI", "actual", "target", "better")
    for k in portfolio.kpis_off_target:
        kpis.add_row(cell(k.file), cell(k.stage), cell(k.kpi), cell(k.actual, style="red"), cell(k.target), k.better)
    yield kpis
    stale = _table("Stalest journeys", "journey", "reviewed", "days", "owner")
    for r in portfolio.stalest:
        late = r.age_days is None or r.age_days > REVIEW_MAX_AGE_DAYS
        age = "" if r.age_days is None else str(r.age_days)
        stale.add_row(cell(r.file), r.reviewed or "never", age, cell(r.owner) if r.owner else Text("none", style="red"), style="red" if late else "")
    yield stale
    if portfolio.without_owner:
        owners = _table(f"Journeys with no owner ({len(portfolio.without_owner)})", "journey", "title")
        for r in portfolio.without_owner:
            owners.add_row(cell(r.file), cell(r.journey))
        yield owners
