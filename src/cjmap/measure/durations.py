"""Durations as people write them (`7d`, `36h`, `30m`, `45s`, `2w`) to seconds, and back.

The journey's `measure:` durations are validated by the model (:data:`cjmap.model.types.Duration`);
this module reads the same forms from the command line (`--window`), where a bad value is a
usage error, and writes seconds back in the largest unit that divides them exactly, so that
the output echoes `7d`, not `604800s`.
"""

from __future__ import annotations

from cjmap.measure.errors import EXIT_USAGE, MeasureError
from cjmap.model.types import DURATION_FORMS, DURATION_MAX_SECONDS, DURATION_UNIT_SECONDS
from cjmap.text.safe import visible

# Largest first: format_duration picks the first unit that divides the seconds exactly.
_UNITS_LARGEST_FIRST = sorted(DURATION_UNIT_SECONDS.items(), key=lambda item: -item[1])
MICROSECONDS = 1_000_000


def parse_duration(text: str, *, option: str) -> int:
    """The seconds of ``text`` (``7d`` -> 604800); a :class:`MeasureError` (exit 2) naming
    ``option`` when it is no duration."""
    number, unit = text[:-1], text[-1:]
    well_formed = unit in DURATION_UNIT_SECONDS and number.isascii() and number.isdigit() and not number.startswith("0") and len(number) <= 12
    if not well_formed:
        raise MeasureError(f"`{visible(text)}` is not a duration", where=option, hint=f"write {DURATION_FORMS}", exit_code=EXIT_USAGE)
    seconds = int(number) * DURATION_UNIT_SECONDS[unit]
    if seconds > DURATION_MAX_SECONDS:
        raise MeasureError(f"`{visible(text)}` is longer than a century", where=option, hint="write a shorter duration such as `7d` or `52w`", exit_code=EXIT_USAGE)
    return seconds


def format_duration(seconds: int) -> str:
    """``604800`` -> ``1w``, ``86400`` -> ``1d``, ``90`` -> ``90s``: the largest exact unit."""
    for unit, size in _UNITS_LARGEST_FIRST:
        if seconds and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"
