"""``cjmap measure``: a journey measured on event data (MEASURE.md). Being built: see issue 18."""

from __future__ import annotations

from dataclasses import dataclass

from cjmap.commands.inputs import EXIT_USAGE
from cjmap.commands.output import error


@dataclass(frozen=True)
class MeasureOptions:
    """What the command line says about the data and the definition (None: from the config or the journey)."""

    events: str | None = None
    columns: str | None = None
    source: str | None = None
    time_format: str | None = None
    period: str | None = None
    window: str | None = None
    unit: str | None = None
    by: str | None = None
    engine: str | None = None
    spark_remote: str | None = None
    memory_limit: str | None = None


def run_measure(journey: str, options: MeasureOptions, *, output_format: str, output: str | None, force: bool, write: bool) -> int:
    error("measure is not built yet")
    return EXIT_USAGE
