"""``cjmap stats [PATH...]``: the portfolio of journeys. Invalid files are listed, not fatal."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from cjmap.check import check_source
from cjmap.commands import clock
from cjmap.commands.inputs import EXIT_OK, EXIT_USAGE, gather
from cjmap.commands.output import error, rich_console, write_out
from cjmap.files.reading import Source

if TYPE_CHECKING:
    from cjmap.loader import Limits
    from cjmap.problems import FileResult
    from cjmap.stats.portfolio import Portfolio


def run_stats(paths: list[str], *, output_format: str, max_file_size: str, stdin_name: str) -> int:
    from cjmap.stats.portfolio import Invalid, build_portfolio

    try:
        today = clock.today()
    except ValueError as problem:
        error(str(problem))
        return EXIT_USAGE
    inputs = gather(paths, max_file_size=max_file_size, stdin_name=stdin_name)
    if isinstance(inputs, int):
        return inputs
    if not inputs.sources:
        return EXIT_USAGE  # nothing to summarise; gather said why
    journeys, invalid = [], []
    for result in _load(inputs.sources, inputs.limits):
        if result.journey is not None:
            journeys.append((result.file, result.journey))
        else:
            errors = [p for p in result.problems if p.severity == "error"]
            first = errors[0]
            invalid.append(Invalid(result.file, len(errors), f"{first.line}:{first.column} {first.code} {first.message}"))
    portfolio = build_portfolio(journeys, invalid, today=today, files=len(inputs.sources))
    _print(portfolio, output_format)
    return EXIT_USAGE if inputs.usage_error else EXIT_OK


def _load(sources: Iterable[Source], limits: Limits) -> Iterator[FileResult]:
    """Validate every file, one at a time, with a progress bar on stderr when it is a terminal.

    A generator: the caller keeps only the journey (or a one-line summary) of each result, so
    the source maps and parsed data of thousands of files are never all held at once (3,333
    files took 1.2 GB when every result was kept to the end)."""
    from rich.progress import Progress

    sources = list(sources)
    console = rich_console(stderr=True)
    if not console.is_terminal or len(sources) < 20:
        for source in sources:
            yield check_source(source, limits=limits)
        return
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("Reading journeys", total=len(sources))
        for source in sources:
            yield check_source(source, limits=limits)
            progress.advance(task)


def _print(portfolio: Portfolio, output_format: str) -> None:
    from cjmap.registry import load
    from cjmap.stats import FORMATS

    write_out(load(FORMATS[output_format])(portfolio))
