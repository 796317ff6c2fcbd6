"""``cjmap measure``: a journey measured on event data (MEASURE.md, docs/measure.md).

The command line wins over ``[measure]`` of the configuration, which wins over the journey's own
``measure:`` and the defaults. Everything that can be checked without data is checked before the
engine starts (options, the output file, the journey); the engine is closed whatever happens.
Errors are ``cjmap measure: error: WHERE: WHAT`` and a ``hint:`` line, never a traceback; the
exit code is the error's (1: this journey or data cannot be measured; 2: the command line, the
files or the engine).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cjmap.commands.inputs import EXIT_ERRORS, EXIT_OK, EXIT_USAGE, one_file_read
from cjmap.commands.output import rich_console, use_color, write_out
from cjmap.loader import Limits
from cjmap.measure.errors import MeasureError
from cjmap.text.safe import visible

if TYPE_CHECKING:
    from cjmap.measure.engine import Engine
    from cjmap.measure.formats import Shown
    from cjmap.model import Journey
    from cjmap.problems import FileResult

_TEXT_WIDTH = 100  # text written to a file: as wide as a terminal, the same on every machine


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
    from cjmap.lint.config import ConfigError

    try:
        return _measure(journey, options, output_format=output_format, output=output, force=force, write=write)
    except MeasureError as problem:
        _report(problem)
        return problem.exit_code
    except ConfigError as problem:
        from cjmap.lint.config_tables import located

        _report(MeasureError(problem.message, where=visible(located(problem.file, problem.line, problem.column)),
                             hint="fix the [measure] table of the configuration (docs/measure.md, Configuration)", exit_code=EXIT_USAGE))
        return EXIT_USAGE


def _report(problem: MeasureError) -> None:
    # The parts were made visible where the message was built; once more costs nothing and
    # holds for any message built elsewhere.
    sys.stderr.write(f"cjmap measure: error: {visible(str(problem))}\n")
    if problem.hint:
        sys.stderr.write(f"hint: {visible(problem.hint)}\n")


def _measure(journey_arg: str, options: MeasureOptions, *, output_format: str, output: str | None, force: bool, write: bool) -> int:
    from cjmap.measure.definition import Options, parse_period, parse_window

    journey_path = None if journey_arg == "-" else Path(journey_arg)
    if write and journey_path is None:
        raise _usage("--write", "the journey comes from standard input: there is no file to write the actuals into", "give the journey's path instead of -")
    settings = _settings(options, journey_path)
    if settings.window is not None:
        parse_window(settings.window)  # a typo fails now, before the data is read
    definition = Options(period=None if settings.period is None else parse_period(settings.period), window=settings.window, unit=settings.unit,
                         by=settings.by, time_format=settings.time_format)
    target = Path(output) if output else None
    if target is not None and not force and (target.exists() or target.is_symlink()):
        raise _usage(visible(str(target)), "exists", "use --force to replace it, or write to another file")
    if journey_path is not None and not journey_path.exists():
        raise _usage(visible(journey_arg), "no such file", "give the path of a journey file (*.journey.yaml)")
    read = one_file_read(journey_arg, limits=Limits())
    if read is None:
        return EXIT_USAGE  # it went away since: one_file_read said so
    checked, raw = read
    if checked.journey is None:
        from cjmap.reporters import render as report

        sys.stderr.write(report("text", [checked], color=use_color(sys.stderr)))
        return EXIT_ERRORS
    results = _results(checked.journey, checked.file, settings, definition, locate=_locator(checked))
    shown = _shown(checked.journey, settings)
    status = _print(results, output_format, shown, target, inputs=[p for p in (journey_path,) if p is not None])
    if status == EXIT_OK and write and journey_path is not None:
        status = _write_actuals(journey_path, raw, results["kpis"])
    return status


def _usage(where: str, message: str, hint: str) -> MeasureError:
    return MeasureError(message, where=where, hint=hint, exit_code=EXIT_USAGE)


def _settings(options: MeasureOptions, journey: Path | None) -> MeasureOptions:
    """The command line over ``[measure]``: each option not given takes the configuration's value."""
    from cjmap.measure.config import find_config

    config = find_config(journey)
    engine = options.engine or ("spark" if options.spark_remote else None) or config.engine or ("spark" if config.spark_remote else None) or "duckdb"
    taken = {f.name: getattr(config, f.name, None) for f in fields(MeasureOptions) if getattr(options, f.name) is None and f.name != "engine"}
    settings = replace(options, **{name: value for name, value in taken.items() if value is not None}, engine=engine)
    if not settings.events:
        raise _usage("--events", "no event data given", "give --events PATH (a file, a folder or a glob of CSV, Parquet or JSON lines), "
                     "or set `events` in [measure] of .cjmap.toml ([tool.cjmap.measure] in pyproject.toml)")
    return settings


def _locator(checked: FileResult) -> Callable[[tuple[Hashable, ...]], str] | None:
    """A journey key's place as "file:line:col" (an unknown column is reported where the journey names it)."""
    loaded = checked.load
    if loaded is None:
        return None
    source_map, name = loaded.source_map, visible(checked.file)

    def locate(path: tuple[Hashable, ...]) -> str:
        line, column = source_map.locate(path, prefer_key=True)
        return f"{name}:{line}:{column}"

    return locate


def _results(journey: Journey, name: str, settings: MeasureOptions, definition: Any, *, locate: Callable[[tuple[Hashable, ...]], str] | None) -> dict[str, Any]:
    from cjmap.measure.run import Data, measure

    assert settings.events is not None and settings.engine is not None  # _settings made sure
    data = Data(events=settings.events, source=settings.source or "events", columns=settings.columns, engine=settings.engine,
                memory_limit=settings.memory_limit, spark_remote=settings.spark_remote)
    return measure(journey, data, journey_name=name, options=definition, locate=locate, watch=_progress)


@contextmanager
def _progress(engine: Engine) -> Iterator[None]:
    """A spinner with the time spent (and the share done, when the engine tells) on stderr, only
    when stderr is a terminal: pipes, logs and tests get nothing. Transient: it is gone before
    the results are printed. Rich redraws it from its own thread, which asks the engine's
    ``progress()`` (a fraction, or None; DuckDB's query_progress may be asked from another thread)."""
    console = rich_console(stderr=True)
    if not console.is_terminal:
        yield
        return
    from rich.progress import Progress, ProgressColumn, SpinnerColumn, Task, TextColumn, TimeElapsedColumn
    from rich.text import Text

    class Done(ProgressColumn):
        def render(self, task: Task) -> Text:
            fraction = engine.progress()
            return Text(f"{fraction:.0%}" if isinstance(fraction, (int, float)) and 0 <= fraction <= 1 else "")

    with Progress(SpinnerColumn(), TextColumn(f"Measuring on {engine.name}…"), Done(), TimeElapsedColumn(), console=console, transient=True) as bar:
        bar.add_task("measure", total=None)
        yield


def _shown(journey: Journey, settings: MeasureOptions) -> Shown:
    from cjmap.measure.formats import Shown

    names = {touchpoint.id: touchpoint.name for stage in journey.stages for touchpoint in stage.touchpoints}
    return Shown(engine=settings.engine or "duckdb", language=journey.journey.language or "en", title=journey.journey.title, names=names)


def _print(results: dict[str, Any], output_format: str, shown: Shown, target: Path | None, *, inputs: list[Path]) -> int:
    from cjmap.measure.formats import RENDERERS
    from cjmap.registry import load

    made = load(RENDERERS[output_format])(results, shown)
    if target is None:
        write_out(made)
        return EXIT_OK
    from cjmap.commands.writes import write_file

    content = made if isinstance(made, str) else _plain(made)
    status = write_file(target, content.encode("utf-8"), replace=True, exists="", inputs=inputs)
    if status == EXIT_OK:
        sys.stderr.write(f"cjmap: wrote {visible(str(target))}\n")
    return status


def _plain(renderables: Any) -> str:
    """The text view as plain text, for a file: no colour, a fixed width."""
    from io import StringIO

    from rich.console import Console

    buffer = StringIO()
    console = Console(file=buffer, width=_TEXT_WIDTH, color_system=None, force_terminal=False, highlight=False, emoji=False, legacy_windows=False)
    for renderable in renderables:
        console.print(renderable)
    return buffer.getvalue()


def _write_actuals(journey: Path, raw: bytes, kpis: list[dict[str, Any]]) -> int:
    from cjmap.commands.writes import write_file
    from cjmap.measure.write_actuals import ActualsError, with_actuals

    try:
        done = with_actuals(raw.decode("utf-8"), kpis)
    except (ActualsError, UnicodeDecodeError) as problem:
        raise MeasureError(str(problem), where=visible(str(journey)), hint="the results were printed; fix the journey and run measure --write again") from None
    if not done.written:
        sys.stderr.write(f"cjmap: the KPI actuals in {visible(str(journey))} are up to date ({len(done.kept)} measured)\n")
        _say_stale(done.stale)
        return EXIT_OK
    status = write_file(journey, done.text.encode("utf-8"), replace=True, exists="")
    if status == EXIT_OK:
        names = ", ".join(done.written)
        sys.stderr.write(f"cjmap: wrote {len(done.written)} KPI actual{'s' if len(done.written) != 1 else ''} to {visible(str(journey))}: {visible(names)}\n")
        _say_stale(done.stale)
    return status


def _say_stale(stale: tuple[tuple[str, str], ...]) -> None:
    """The KPIs whose ``actual:`` stays from before although this run could not measure them:
    the file holds a number this data did not give, so say which, and why (one line)."""
    if stale:
        named = "; ".join(f"{name} ({reason})" for name, reason in stale)
        sys.stderr.write(f"cjmap: kept {len(stale)} KPI actual{'s' if len(stale) != 1 else ''} that this run could not measure: {visible(named)}\n")
