"""``cjmap show``: a journey as rich renderables, in the journey's language.

Narrowed to one persona (their touchpoints and emotions, as the source articles recommend for
several personas) or to one stage. Tables wrap to the console's width.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from cjmap.model import Journey, Stage, Touchpoint
from cjmap.model.facts import REVIEW_MAX_AGE_DAYS, review_age, short_names
from cjmap.model.lanes import ANYONE, lanes, on_lane, walks
from cjmap.model.lines import EmotionLine, emotion_lines
from cjmap.model.vocabulary import BUILTIN_CHANNELS
from cjmap.show.curve import Series, draw_curve
from cjmap.show.focus import Focus
from cjmap.text.amounts import amount
from cjmap.text.labels import labels, stage_name
from cjmap.text.names import few_names
from cjmap.text.palette import MOST_LINES, emotion_glyph
from cjmap.text.safe import rich_text, visible
from cjmap.text.scores import score

_AMOUNT_WIDTH = 24
_SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "dim"}


@dataclass(frozen=True)
class _View:
    """What every row needs, looked up once: per-row searches made ``show`` quadratic."""

    journey: Journey
    text: Mapping[str, str]
    focus: Focus
    shown: frozenset[str]  # ids of the touchpoints shown
    numbers: Mapping[str, int]  # touchpoint id -> its number in the whole journey
    people: Mapping[str, str]  # persona id -> short name, made visible
    channels: Mapping[str, str]  # custom channel id -> its name
    unreached: Mapping[str, frozenset[str]]  # lane -> the touchpoints of its path its customer never gets to


def journey_view(journey: Journey, *, focus: Focus, today: datetime.date, width: int) -> Iterator[RenderableType]:
    text = labels(journey.journey.language)
    stages = [s for s in journey.stages if focus.stage is None or focus.stage in (s.id, s.kind)]
    yield _header(journey, text, today, focus)
    unreached = walks(journey).unreached()
    numbered = _numbered(journey, stages, focus, unreached)
    view = _View(
        journey, text, focus, frozenset(tp.id for tp in numbered),
        # Numbers are the touchpoint's place in the whole journey, so #7 is #7 in every view.
        {tp.id: index for index, (_, tp) in enumerate(journey.touchpoints(), start=1)},
        {pid: visible(name) for pid, name in short_names(journey).items()},
        {c.id: c.name or c.id for c in journey.channels},
        unreached,
    )
    for stage in stages:
        yield _stage_table(view, stage) if _shows_a_touchpoint(view, stage) else _no_part(view, stage)
    if numbered:
        yield _curve(view, numbered, width)
    kpis = _kpi_table(journey, stages, text)
    if kpis is not None:
        yield kpis


def _numbered(journey: Journey, stages: list[Stage], focus: Focus, unreached: Mapping[str, frozenset[str]]) -> list[Touchpoint]:
    """The touchpoints shown, in order: their position is the number in tables and curve.
    With ``--persona``, the touchpoints of that persona's path (lanes.on_lane) they get to: a
    customer who left half-way is not shown what comes after."""
    if focus.persona is None:
        return [tp for stage in stages for tp in stage.touchpoints]
    gone = unreached.get(focus.persona, frozenset())
    return [tp for stage in stages for tp in stage.touchpoints if on_lane(tp, focus.persona) and tp.id not in gone]


def _header(journey: Journey, text: Mapping[str, str], today: datetime.date, focus: Focus) -> Panel:
    meta = journey.journey
    lines = rich_text(meta.title + "\n", style="bold")  # in the body, so a long title wraps
    lines.append(f"{text['type']}: ", style="dim").append(text[meta.type])
    lines.append(f"   {text['owner']}: ", style="dim").append(visible(meta.owner or text["no_owner"]), style="" if meta.owner else "red")
    lines.append(f"\n{text['reviewed']}: ", style="dim")
    age = review_age(journey, today)
    if age is None:
        lines.append(text["never"], style="red")
    else:
        lines.append(f"{meta.reviewed} ({_age(age, text)})", style="red" if age > REVIEW_MAX_AGE_DAYS or age < 0 else "green")
    names = [visible(p.label) for p in journey.personas if focus.persona in (None, p.id)]
    lines.append(f"\n{text['personas']}: ", style="dim").append(" · ".join(names))
    return Panel(lines, box=box.ROUNDED)


def _age(days: int, text: Mapping[str, str]) -> str:
    if days == 0:
        return text["today"]
    if days < 0:
        return text["in_future"]
    return text["day_ago"] if days == 1 else text["days_ago"].format(days=days)


def _shows_a_touchpoint(view: _View, stage: Stage) -> bool:
    """Whether the stage has a row to show (narrowed to a persona, perhaps none: their path
    does not pass through it)."""
    return view.focus.persona is None or any(tp.id in view.shown for tp in stage.touchpoints)


def _no_part(view: _View, stage: Stage) -> Group:
    """A stage the persona shown takes no part in: said in words, not as an empty table."""
    assert view.focus.persona is not None  # every stage has a row for everyone
    who = view.people.get(view.focus.persona, visible(view.focus.persona))
    return Group(_stage_title(view, stage), Text(view.text["no_part_in_stage"].format(persona=who), style="dim"), Text(""))


def _stage_title(view: _View, stage: Stage) -> Text:
    title = rich_text(stage_name(stage, view.journey.journey.language), style="bold")
    if stage.goal:
        title.append(f" — {view.text['goal']}: ", style="dim").append(visible(stage.goal, lines=True))
    return title


def _stage_table(view: _View, stage: Stage) -> Table:
    text = view.text
    table = Table(title=_stage_title(view, stage), title_justify="left", box=box.SIMPLE_HEAD, expand=True, show_lines=False)
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    table.add_column(text["touchpoints"], ratio=3)
    table.add_column(text["channel"], ratio=2)
    table.add_column(text["emotion"], ratio=2)
    table.add_column(f"{text['pain_points']} / {text['opportunities']}", ratio=5)
    for touchpoint in stage.touchpoints:
        if touchpoint.id in view.shown:
            table.add_row(str(view.numbers[touchpoint.id]), _name(touchpoint, view), _channel(touchpoint, view),
                          _emotions(touchpoint, view), _pains_and_opportunities(touchpoint, text))
    return table


def _name(touchpoint: Touchpoint, view: _View) -> Text:
    cell = rich_text(touchpoint.name, style="bold")
    if touchpoint.personas is not None:
        # `personas: []`: the customers of no persona, named as the HTML map names them.
        who = ", ".join(view.people.get(p, visible(p)) for p in touchpoint.personas) or view.text["anyone"]
        cell.append(f"\n({who})", style="dim")
    return cell


def _channel(touchpoint: Touchpoint, view: _View) -> Text:
    channel = touchpoint.channel
    if channel is None:
        return Text()
    if channel in view.channels:
        return rich_text(view.channels[channel])
    return rich_text(view.text.get(f"channel_{channel}", channel) if channel in BUILTIN_CHANNELS else channel)


def _emotions(touchpoint: Touchpoint, view: _View) -> Text:
    scale = view.journey.journey.emotion_scale
    cell = Text()
    if view.focus.persona is not None:
        values = [("", touchpoint.emotion_for(view.focus.persona))]
    elif isinstance(touchpoint.emotion, dict):
        values = [(view.people.get(k, visible(k)) + " ", v) for k, v in touchpoint.emotion.items()]
    else:
        values = [("", touchpoint.emotion)]
    for index, (who, value) in enumerate(values):
        if value is None:
            continue
        share = (value - scale.min) / (scale.max - scale.min)
        style = "red" if share < 0.4 else "green" if share > 0.6 else "yellow"
        cell.append(("\n" if index else "") + f"{emotion_glyph(value, scale.min, scale.max)} {who}")
        cell.append(score(value, scale.min), style=f"bold {style}")
    return cell


def _pains_and_opportunities(touchpoint: Touchpoint, text: Mapping[str, str]) -> Text:
    cell = Text()
    for pain in touchpoint.pain_points:
        cell.append("\n" if cell else "").append("✗ ", style="red").append(visible(pain.text, lines=True))
        if pain.severity:
            cell.append(f" ({text['severity_' + pain.severity]})", style=_SEVERITY_STYLE[pain.severity])
    for opportunity in touchpoint.opportunities:
        cell.append("\n" if cell else "").append("→ ", style="green").append(visible(opportunity.text, lines=True))
    return cell


def _curve(view: _View, numbered: list[Touchpoint], width: int) -> Group:
    journey, text = view.journey, view.text
    scale = journey.journey.emotion_scale
    numbers = [view.numbers[tp.id] for tp in numbered]
    # One series per lane (each persona, then ANYONE), always: one line through several
    # personas' points draws a customer who does not exist. The lines are the HTML map's
    # (model/lines.py): lanes whose lines coincide are one series, past MOST_LINES counted.
    shown = [view.focus.persona] if view.focus.persona is not None else lanes(journey)
    found = emotion_lines(numbered, shown, most=MOST_LINES, unreached=view.unreached)
    series = [_series(line, len(numbered), view) for line in found.lines]
    lines = draw_curve(
        series, low=scale.min, high=scale.max, width=width, numbers=numbers, not_drawn=found.not_drawn, legend=len(shown) > 1, text=text,
    )
    return Group(Text(text["emotion_curve"], style="bold"), *lines, Text(""))


def _series(line: EmotionLine, columns: int, view: _View) -> Series:
    """A line as show draws it: its points only, one value per column (None: no point)."""
    values: list[int | None] = [None] * columns
    for step in line.steps:
        values[step.column] = step.value
    return Series(few_names([_lane_name(lane, view) for lane in line.lanes], view.text), tuple(values))


def _lane_name(lane: str, view: _View) -> str:
    return view.text["anyone"] if lane == ANYONE else view.people[lane]


def _kpi_table(journey: Journey, stages: list[Stage], text: Mapping[str, str]) -> Table | None:
    rows = [(stage, kpi) for stage in stages for kpi in stage.kpis]
    if not rows:
        return None
    table = Table(title=Text(text["kpis"], style="bold"), title_justify="left", box=box.SIMPLE_HEAD, expand=True)
    table.add_column(text["stage"], ratio=2)
    table.add_column("KPI", ratio=3)
    # A bound on the amounts: an unwrapped long unit took the whole width from the KPI names.
    table.add_column(text["actual"].capitalize(), justify="right", no_wrap=True, max_width=_AMOUNT_WIDTH)
    table.add_column(text["target"].capitalize(), justify="right", no_wrap=True, max_width=_AMOUNT_WIDTH)
    table.add_column("", ratio=2)
    for stage, kpi in rows:
        status = {True: ("better", "green"), False: ("worse", "red"), None: ("unknown", "dim")}[kpi.on_target]
        table.add_row(
            rich_text(stage_name(stage, journey.journey.language)), rich_text(kpi.name or kpi.id),
            rich_text(amount(kpi.actual, kpi.unit)), rich_text(amount(kpi.target, kpi.unit)),
            Text(text[status[0]], style=status[1]).append(f"\n{text[kpi.better_direction + '_better']}", style="dim"),
        )
    return table
