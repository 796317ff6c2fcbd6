"""The portfolio as JSON (for scripts) and Markdown (for a pull request or a wiki page)."""

from __future__ import annotations

from cjmap.stats.portfolio import Portfolio
from cjmap.text.labels import labels
from cjmap.text.markdown_safe import inline as md
from cjmap.text.safe import json_text

EN = labels("en")


def as_json(portfolio: Portfolio) -> str:
    return json_text(portfolio.to_dict())


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(md(cell) for cell in row) + " |" for row in rows]
    return [*lines, ""] if rows else ["(none)", ""]


def as_markdown(portfolio: Portfolio) -> str:
    kinds = list(portfolio.by_stage_kind)
    out = ["# Journey portfolio", "", f"{portfolio.journeys} journeys in {portfolio.files} files.", ""]
    if portfolio.invalid:
        out += ["## Invalid files", "", *_table(["file", "errors", "first error"], [[i.file, str(i.errors), i.first] for i in portfolio.invalid])]
    out += ["## Journeys per type", "", *_table(["type", "journeys"], [[EN[k], str(v)] for k, v in portfolio.by_type.items()])]
    out += ["## Stages per kind", "", *_table(["kind", "stages"], [[EN[k], str(v)] for k, v in portfolio.by_stage_kind.items()])]
    coverage = [[c, *[str(portfolio.coverage[c].get(k, 0)) for k in kinds]] for c in portfolio.channels]
    out += ["## Channel × stage coverage (touchpoints)", "", *_table(["channel", *[EN[k] for k in kinds]], coverage)]
    out += [f"## Pain points with no opportunity ({len(portfolio.unaddressed_pain_points)})", "",
            *_table(["journey", "stage", "touchpoint", "pain point", "severity"],
                    [[p.file, p.stage, p.touchpoint, p.pain, p.severity] for p in portfolio.unaddressed_pain_points])]
    out += ["## Moments of truth: the lowest emotions", "",
            *_table(["journey", "stage", "touchpoint", "persona", "emotion"],
                    [[m.file, m.stage, m.touchpoint, m.persona, m.written()] for m in portfolio.lowest_moments])]
    out += [f"## KPIs off target ({len(portfolio.kpis_off_target)})", "",
            *_table(["journey", "stage", "KPI", "actual", "target", "better"],
                    [[k.file, k.stage, k.kpi, k.actual, k.target, k.better] for k in portfolio.kpis_off_target])]
    out += ["## Stalest journeys", "",
            *_table(["journey", "reviewed", "days", "owner"],
                    [[r.file, r.reviewed or "never", "" if r.age_days is None else str(r.age_days), r.owner or "none"] for r in portfolio.stalest])]
    out += [f"## Journeys with no owner ({len(portfolio.without_owner)})", "", *_table(["journey", "title"], [[r.file, r.journey] for r in portfolio.without_owner])]
    return "\n".join(out).rstrip("\n") + "\n"
