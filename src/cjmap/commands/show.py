"""``cjmap show FILE``: one journey in the terminal, or normalised as JSON."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from cjmap.check import check_source
from cjmap.commands import clock
from cjmap.commands.inputs import EXIT_ERRORS, EXIT_OK, EXIT_USAGE, gather
from cjmap.commands.output import error, rich_console, use_color, write_out
from cjmap.reporters import render as report
from cjmap.text.suggest import did_you_mean

if TYPE_CHECKING:
    from cjmap.model import Journey


def run_show(path: str, *, persona: str | None, stage: str | None, output_format: str, max_file_size: str, stdin_name: str) -> int:
    try:
        today = clock.today()
    except ValueError as problem:
        error(str(problem))
        return EXIT_USAGE
    inputs = gather([path], max_file_size=max_file_size, stdin_name=stdin_name)
    if isinstance(inputs, int) or inputs.usage_error:
        return EXIT_USAGE
    if len(inputs.sources) != 1:
        error(f"show takes one journey file; {path} holds {len(inputs.sources)} (use `cjmap stats` for many)")
        return EXIT_USAGE
    result = check_source(inputs.sources[0], limits=inputs.limits)
    if result.journey is None:
        sys.stderr.write(report("text", [result], color=use_color(sys.stderr)))
        return EXIT_ERRORS
    journey = result.journey
    unknown = _check_focus(journey, persona, stage)
    if unknown:
        error(unknown)
        return EXIT_USAGE
    from cjmap.registry import load
    from cjmap.show import FORMATS
    from cjmap.show.focus import Focus

    chosen = FORMATS[output_format]
    console = rich_console() if chosen.terminal else None  # rich is imported only to draw
    width = console.width if console is not None else None
    write_out(load(chosen.function)(journey, focus=Focus(persona, stage), today=today, width=width), console=console)
    return EXIT_OK


def _check_focus(journey: Journey, persona: str | None, stage: str | None) -> str:
    if persona is not None and persona not in journey.persona_ids:
        return f"--persona: no persona has the id `{persona}`{did_you_mean(persona, journey.persona_ids)}"
    choices = [s.id for s in journey.stages] + [s.kind for s in journey.stages if s.kind]
    if stage is not None and stage not in choices:
        return f"--stage: no stage has the id or kind `{stage}`{did_you_mean(stage, choices)}"
    return ""
