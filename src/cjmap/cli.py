"""The command line: parses options, hands them to a command, maps the result to an exit code.

At start-up only typer is imported, with the registries and vocabulary the choices come from
(plain tables, no pydantic); each command imports what it needs when it runs, so
``cjmap --version`` and ``cjmap --help`` stay fast (no pydantic, jinja2, rich or graphviz).
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Annotated, Literal, TypeAlias

import typer

from cjmap import __version__
from cjmap.commands.completion import COMPLETE_VAR, SHELLS
from cjmap.diff import FORMATS as DIFF_FORMATS
from cjmap.lint import DOC_FORMATS
from cjmap.measure import ENGINES as MEASURE_ENGINES
from cjmap.measure import FORMATS as MEASURE_FORMATS
from cjmap.measure import SOURCES as MEASURE_SOURCES
from cjmap.measure import UNITS as MEASURE_UNITS
from cjmap.model.vocabulary import JOURNEY_TYPES
from cjmap.render import DIRECTIONS
from cjmap.render import FORMATS as RENDER_FORMATS
from cjmap.reporters import REPORTERS
from cjmap.show import FORMATS as SHOW_FORMATS
from cjmap.stats import FORMATS as STATS_FORMATS
from cjmap.text.labels import LANGUAGES

app = typer.Typer(
    name="cjmap",
    help="Customer journey maps as code: validate, lint, show and render journey YAML files.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain help and usage errors: rich costs ~50 ms to import, and only `show` needs it.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


# Every choice list comes from its one source: a registry or a vocabulary tuple, each cheap to
# import (STYLE.md habit 7), never typed here. typer turns a Literal into a choice; these are
# built at run time from those sources, which a type checker cannot read, so to mypy each is
# the plain str the command receives. ("auto" picks a reporter: github under GitHub Actions.)
AUTO_OR_REPORTER = ("auto", *REPORTERS)
if TYPE_CHECKING:
    OutputFormat: TypeAlias = str
    RulesFormat: TypeAlias = str
    ShowFormat: TypeAlias = str
    StatsFormat: TypeAlias = str
    JourneyTypeChoice: TypeAlias = str
    LanguageChoice: TypeAlias = str
    DiffFormat: TypeAlias = str
    RenderFormat: TypeAlias = str
    Direction: TypeAlias = str
    ShellChoice: TypeAlias = str
    MeasureFormat: TypeAlias = str
    MeasureEngine: TypeAlias = str
    MeasureSource: TypeAlias = str
    MeasureUnit: TypeAlias = str
else:
    OutputFormat = Literal[AUTO_OR_REPORTER]
    RulesFormat = Literal[tuple(DOC_FORMATS)]
    ShowFormat = Literal[tuple(SHOW_FORMATS)]
    StatsFormat = Literal[tuple(STATS_FORMATS)]
    JourneyTypeChoice = Literal[JOURNEY_TYPES]
    LanguageChoice = Literal[tuple(LANGUAGES)]
    DiffFormat = Literal[tuple(DIFF_FORMATS)]
    RenderFormat = Literal[tuple(RENDER_FORMATS)]
    Direction = Literal[DIRECTIONS]
    ShellChoice = Literal[SHELLS]
    MeasureFormat = Literal[MEASURE_FORMATS]
    MeasureEngine = Literal[MEASURE_ENGINES]
    MeasureSource = Literal[MEASURE_SOURCES]
    MeasureUnit = Literal[MEASURE_UNITS]

PathsArgument = Annotated[
    list[str] | None,
    typer.Argument(
        help="Files, directories (searched for *.journey.yaml / *.journey.yml) or - for stdin. Default: the current directory.",
        show_default=False,
        metavar="PATH",
    ),
]
FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="Output format; auto picks github under GitHub Actions, else text."),
]
MaxSizeOption = Annotated[
    str, typer.Option("--max-file-size", help="Refuse files larger than this (bytes, or with a K, M or G suffix; at most 1G).", metavar="SIZE")
]
JobsOption = Annotated[
    int, typer.Option("--jobs", "-j", help="Worker processes; 0 picks by the number of files and cores.", metavar="N", min=0)
]
StdinNameOption = Annotated[
    str, typer.Option("--stdin-filename", help="Name to show for a file read from stdin.", metavar="NAME")
]


# Completion callbacks: typer calls them only while a shell asks (cjmap completion SHELL), and
# commands/complete_values.py is imported only then. Each answers (value, help) pairs.
def _complete_rules(incomplete: str) -> list[tuple[str, str]]:
    from cjmap.commands.complete_values import quietly, rule_names

    return quietly(lambda: rule_names(incomplete))


def _complete_selectors(incomplete: str) -> list[tuple[str, str]]:
    from cjmap.commands.complete_values import quietly, rule_selectors

    return quietly(lambda: rule_selectors(incomplete))


def _complete_personas(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """The personas of the journey on the command line: show's FILE, or render's first file."""
    from cjmap.commands.complete_values import persona_ids, quietly

    return quietly(lambda: persona_ids(_journey_typed(ctx), incomplete))


def _complete_stages(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    from cjmap.commands.complete_values import quietly, stage_values

    return quietly(lambda: stage_values(_journey_typed(ctx), incomplete))


def _journey_typed(ctx: typer.Context) -> str | None:
    """The first file among the PATHs typed so far. Before an option still waiting for its value
    (the one being completed), click leaves them unparsed in ``ctx.args``."""
    from cjmap.commands.complete_values import first_file

    return first_file([ctx.params.get("path") or "", *(ctx.params.get("paths") or []), *ctx.args])


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cjmap {__version__}")
        raise typer.Exit


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", "-V", help="Show the version and exit.", callback=_version, is_eager=True)
    ] = False,
) -> None:
    """Customer journey maps as code."""


@app.command()
def validate(
    paths: PathsArgument = None,
    output_format: FormatOption = "auto",
    max_file_size: MaxSizeOption = "5M",
    jobs: JobsOption = 0,
    stdin_filename: StdinNameOption = "<stdin>",
) -> None:
    """Check journey files against the format: every problem at file:line:col.

    Exit 0 when all files are valid, 1 when any has errors, 2 when the command could not run
    as asked (no such file, bad option).
    """
    from cjmap.commands.validate import run_validate

    raise typer.Exit(run_validate(
        paths or [], output_format=output_format, max_file_size=max_file_size, stdin_name=stdin_filename, jobs=jobs or None
    ))


@app.command()
def lint(
    paths: PathsArgument = None,
    output_format: FormatOption = "auto",
    strict: Annotated[bool, typer.Option("--strict", help="Fail (exit 1) on warnings too.")] = False,
    select: Annotated[
        list[str] | None,
        typer.Option(
            "--select",
            help="Only these rules: codes, names or code prefixes, comma-separated (replaces the configuration's select).",
            metavar="RULES",
            autocompletion=_complete_selectors,
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", help="Skip these rules (added to the configuration's ignore).", metavar="RULES", autocompletion=_complete_selectors),
    ] = None,
    config: Annotated[
        str | None,
        typer.Option("--config", help="Use this configuration file instead of searching for one.", metavar="FILE"),
    ] = None,
    skip_invalid: Annotated[
        bool,
        typer.Option(
            "--skip-invalid",
            help="Leave files with validation errors to `cjmap validate`: one finding, CJ099 not-linted, stands for each; they still fail the run.",
        ),
    ] = False,
    max_file_size: MaxSizeOption = "5M",
    jobs: JobsOption = 0,
    stdin_filename: StdinNameOption = "<stdin>",
) -> None:
    """Check journeys against best practices from the journey-mapping literature.

    Files are validated first; a file with validation errors is reported as validate reports
    it and its rules are skipped. Exit 0 with only warnings and infos, 1 on errors (and on
    warnings with --strict), 2 when the command could not run as asked (bad configuration).
    """
    from cjmap.commands.lint import run_lint

    raise typer.Exit(run_lint(
        paths or [],
        output_format=output_format,
        strict=strict,
        select=select or [],
        ignore=ignore or [],
        config_file=config,
        max_file_size=max_file_size,
        stdin_name=stdin_filename,
        jobs=jobs or None,
        skip_invalid=skip_invalid,
    ))


@app.command()
def rules(
    code: Annotated[str | None, typer.Argument(help="A rule code or name to explain.", show_default=False, autocompletion=_complete_rules)] = None,
    output_format: Annotated[
        RulesFormat, typer.Option("--format", "-f", help="text, markdown (docs/rules.md) or json.")
    ] = "text",
) -> None:
    """List the lint rules, or explain one with its failing and passing examples."""
    from cjmap.commands.rules import run_rules

    raise typer.Exit(run_rules(code, output_format=output_format))


@app.command()
def show(
    path: Annotated[str, typer.Argument(help="A journey file, or - for stdin.", metavar="FILE")],
    persona: Annotated[
        str | None,
        typer.Option("--persona", "-p", help="Follow one persona: only their touchpoints and emotions.", metavar="ID", autocompletion=_complete_personas),
    ] = None,
    stage: Annotated[
        str | None,
        typer.Option("--stage", "-s", help="Show one stage, by id or kind (awareness, purchase…).", metavar="ID|KIND", autocompletion=_complete_stages),
    ] = None,
    output_format: Annotated[
        ShowFormat, typer.Option("--format", "-f", help="text (rich tables) or json (the normalised journey).")
    ] = "text",
    max_file_size: MaxSizeOption = "5M",
    stdin_filename: StdinNameOption = "<stdin>",
) -> None:
    """Print a journey in the terminal: stages, touchpoints, emotion curve, KPIs.

    Exit 0 when shown, 1 when the journey is invalid (reported as validate reports it), 2 when
    the command could not run as asked (no such file, unknown persona or stage).
    """
    from cjmap.commands.show import run_show

    raise typer.Exit(run_show(
        path, persona=persona, stage=stage, output_format=output_format, max_file_size=max_file_size, stdin_name=stdin_filename
    ))


@app.command()
def stats(
    paths: PathsArgument = None,
    output_format: Annotated[
        StatsFormat, typer.Option("--format", "-f", help="text (tables), json or markdown.")
    ] = "text",
    max_file_size: MaxSizeOption = "5M",
    stdin_filename: StdinNameOption = "<stdin>",
) -> None:
    """Summarise many journeys: types, stages, channel coverage, gaps, lowest moments, staleness.

    Invalid files are listed, not fatal: exit 0, or 2 when the command could not run as asked.
    """
    from cjmap.commands.stats import run_stats

    raise typer.Exit(run_stats(paths or [], output_format=output_format, max_file_size=max_file_size, stdin_name=stdin_filename))


@app.command()
def init(
    path: Annotated[str | None, typer.Argument(help="File or folder to create. Default: TITLE-AS-ID.journey.yaml here.", metavar="PATH", show_default=False)] = None,
    journey_type: Annotated[JourneyTypeChoice, typer.Option("--type", "-t", help="The kind of map.")] = "current-state",
    lang: Annotated[LanguageChoice, typer.Option("--lang", "-l", help="Language of the starter text and of the labels in renders.")] = "en",
    title: Annotated[str | None, typer.Option("--title", help="The journey's title.")] = None,
    schema: Annotated[
        str | None,
        typer.Option(
            "--schema",
            help="Path or URL of the JSON Schema for the editor modeline. Default: the nearest journey.schema.json (written beside the journey when there is none).",
            metavar="PATH|URL",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Start a journey from a template, with guidance comments.

    One persona and the five stages of the purchase funnel (awareness to advocacy), each with a
    KPI target; a day-in-the-life map gets four parts of a day instead (morning, commute,
    workday, evening), without KPIs.

    Never overwrites a file (exit 2 if PATH exists). What it writes validates and lints with
    no errors.
    """
    from cjmap.commands.init import run_init

    raise typer.Exit(run_init(path, journey_type=journey_type, language=lang, title=title, schema=schema))


@app.command()
def diff(
    old: Annotated[str, typer.Argument(help="The old journey (or the only one, with --rev).", metavar="OLD")],
    new: Annotated[str | None, typer.Argument(help="The new journey.", metavar="NEW", show_default=False)] = None,
    rev: Annotated[
        str | None, typer.Option("--rev", "-r", help="Compare OLD with itself at this git revision (e.g. main, HEAD~1).", metavar="REV")
    ] = None,
    output_format: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="text, markdown (for a pull-request comment) or json.")
    ] = "text",
    max_file_size: MaxSizeOption = "5M",
) -> None:
    """Show what changed between two journeys, keyed by ids: personas, stages, touchpoints,
    emotions, pain points, opportunities, KPIs.

    Exit 0 when nothing changed, 1 when something did (as diff does), 2 on errors.
    """
    from cjmap.commands.diff import run_diff

    raise typer.Exit(run_diff(old, new, rev=rev, output_format=output_format, max_file_size=max_file_size))


@app.command()
def render(
    paths: PathsArgument = None,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="Output file, or folder (ending in /) for several journeys. Default: stdout for text formats.", metavar="OUT"),
    ] = None,
    output_format: Annotated[
        RenderFormat | None,
        typer.Option("--format", "-f", help="Output format. Default: from OUT's extension, else html."),
    ] = None,
    templates: Annotated[
        str | None,
        typer.Option("--templates", help="Folder of templates that override the shipped ones by name.", metavar="DIR"),
    ] = None,
    max_file_size: MaxSizeOption = "5M",
    stdin_filename: StdinNameOption = "<stdin>",
    force: Annotated[bool, typer.Option("--force", help="Replace an index.html in the output folder that cjmap did not write.")] = False,
    graphviz_timeout: Annotated[
        float,
        typer.Option(
            "--graphviz-timeout",
            help="Stop Graphviz (SVG, PNG, PDF) after this many seconds per journey.",
            metavar="SECONDS",
            min=1,
            max=86400,
            envvar="CJMAP_GRAPHVIZ_TIMEOUT",
        ),
    ] = 60.0,
    direction: Annotated[
        Direction | None,
        typer.Option(
            "--direction",
            help="Graphviz layout (dot, svg, png, pdf): rows (stages wrapped into rows, the default), down (a stage per row) or across (one strip).",
        ),
    ] = None,
    persona: Annotated[
        str | None,
        typer.Option("--persona", "-p", help="Draw one persona's path: their touchpoints and their curve.", metavar="ID", autocompletion=_complete_personas),
    ] = None,
    measured: Annotated[
        str | None,
        typer.Option(
            "--measured",
            help="Show the numbers `cjmap measure -f json` wrote: reach, step conversion, the stage funnel and the real paths (HTML).",
            metavar="RESULTS.json",
        ),
    ] = None,
) -> None:
    """Draw journeys as a self-contained HTML map, Graphviz SVG/PNG/PDF/DOT, Mermaid or Markdown.

    Exit 0 when everything was written, 1 when a journey is invalid (nothing is written for it),
    2 when the command could not run as asked (bad option, unwritable output, no Graphviz).
    """
    from cjmap.commands.render import Drawing, run_render

    raise typer.Exit(run_render(
        paths or [],
        output=output,
        output_format=output_format,
        templates=templates,
        max_file_size=max_file_size,
        stdin_name=stdin_filename,
        force=force,
        drawing=Drawing(graphviz_timeout=graphviz_timeout, direction=direction, persona=persona),
        measured=measured,
    ))


@app.command()
def measure(
    journey: Annotated[str, typer.Argument(help="The journey file whose touchpoints name their events (events:, fails:).", metavar="JOURNEY", show_default=False)],
    events: Annotated[
        str | None,
        typer.Option(
            "--events", "-e",
            help="Event data: a file, folder or glob of CSV, CSV.GZ, Parquet or JSON lines. Default: [measure] events in .cjmap.toml.",
            metavar="PATH|GLOB",
        ),
    ] = None,
    columns: Annotated[
        str | None,
        typer.Option("--columns", help="Name the columns: user=,time=,event=,session=,page=,value= (e.g. user=customer_id,time=ts).", metavar="ROLE=COLUMN,…"),
    ] = None,
    source: Annotated[
        MeasureSource | None,
        typer.Option("--source", help="The shape of the data: events (a flat table, the default) or ga4 (GA4's BigQuery export)."),
    ] = None,
    time_format: Annotated[
        str | None,
        typer.Option(
            "--time-format",
            help="How the time column is written, as strftime (e.g. %Y%m%d); default: ISO 8601 text, a timestamp, or epoch numbers.",
            metavar="FORMAT",
        ),
    ] = None,
    period: Annotated[
        str | None,
        typer.Option("--period", help="Only entries between these ISO dates, both included. Default: the whole span of the data.", metavar="FROM..TO"),
    ] = None,
    window: Annotated[
        str | None,
        typer.Option("--window", help="Conversion window from the entry event (e.g. 7d, 36h, 30m). Default: the journey's measure.window, else 7d.", metavar="DURATION"),
    ] = None,
    unit: Annotated[MeasureUnit | None, typer.Option("--unit", help="Count users (default) or sessions.")] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", help="Break the numbers down by persona (their segment:) or by a column of the entry event.", metavar="persona|COLUMN"),
    ] = None,
    engine: Annotated[MeasureEngine | None, typer.Option("--engine", help="duckdb (in process, the default) or spark (local[*], or --spark-remote).")] = None,
    spark_remote: Annotated[
        str | None,
        typer.Option("--spark-remote", help="Run on a Spark cluster through Spark Connect (implies --engine spark).", metavar="sc://HOST:PORT", envvar="SPARK_REMOTE"),
    ] = None,
    memory_limit: Annotated[
        str | None,
        typer.Option("--memory-limit", help="Memory the engine may use before it spills to disk (e.g. 2GB). Default: DuckDB's 80% of RAM.", metavar="SIZE"),
    ] = None,
    output_format: Annotated[
        MeasureFormat,
        typer.Option("--format", "-f", help="text (tables), json (MEASURE.md's fields; for render --measured) or markdown."),
    ] = "text",
    output: Annotated[str | None, typer.Option("--output", "-o", help="Write the results here instead of stdout.", metavar="FILE")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace OUT if it exists.")] = False,
    write: Annotated[
        bool,
        typer.Option("--write", help="Write the measured KPI actuals into the journey (kpis[].actual only; everything else kept byte for byte)."),
    ] = False,
) -> None:
    """Measure a journey on real event data: reach per touchpoint, the stage funnel, conversion
    along every planned edge, the paths the map does not have, deviations and KPI actuals.

    Exit 0 when measured, 1 when the journey or the data cannot be measured (invalid journey, no
    events: anywhere, an unknown or missing column, an unreadable time, an empty period), 2 when
    the command could not run as asked (bad option, no events found, engine unavailable).
    """
    from cjmap.commands.measure import MeasureOptions, run_measure

    raise typer.Exit(run_measure(
        journey,
        MeasureOptions(
            events=events, columns=columns, source=source, time_format=time_format, period=period, window=window, unit=unit, by=by,
            engine=engine, spark_remote=spark_remote, memory_limit=memory_limit,
        ),
        output_format=output_format,
        output=output,
        force=force,
        write=write,
    ))


@app.command()
def serve(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files and folders to follow (folders searched for *.journey.yaml / *.journey.yml). Default: the current directory.",
            show_default=False,
            metavar="PATH",
        ),
    ] = None,
    port: Annotated[
        int, typer.Option("--port", help="Port on 127.0.0.1; 0 (the default) picks a free one.", metavar="PORT", min=0, max=65535)
    ] = 0,
    open_browser: Annotated[bool, typer.Option("--open", help="Open the index in the default web browser.")] = False,
    templates: Annotated[
        str | None,
        typer.Option("--templates", help="Folder of templates that override the shipped ones by name.", metavar="DIR"),
    ] = None,
    max_file_size: MaxSizeOption = "5M",
) -> None:
    """Preview journeys in the browser while you edit them: each saved change re-renders the map
    and the open page reloads by itself.

    Serves on 127.0.0.1 only and writes nothing. A folder with no journeys yet is served
    too: the index fills as journey files appear. Ctrl-C stops it (exit 0); exit 2 when it
    could not start (a path missing, the port taken).
    """
    from cjmap.commands.serve import run_serve

    raise typer.Exit(run_serve(paths or [], port=port, open_browser=open_browser, templates=templates, max_file_size=max_file_size))


import_app = typer.Typer(help="Bring journeys in from Mermaid or CSV.", no_args_is_help=True, rich_markup_mode=None)
export_app = typer.Typer(help="Take journeys out to CSV.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(import_app, name="import")
app.add_typer(export_app, name="export")
OutputOption = Annotated[str | None, typer.Option("--output", "-o", help="Write here instead of stdout.", metavar="FILE")]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace OUT if it exists.")]
EncodingOption = Annotated[
    str, typer.Option("--encoding", help="The file's text encoding, e.g. cp1252 for Excel's \"CSV\" on Windows; never guessed.", metavar="NAME")
]


@import_app.command("mermaid")
def import_mermaid(
    path: Annotated[str, typer.Argument(help="A .mmd file, or a Markdown file with ```mermaid journey blocks.", metavar="FILE")],
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="Write here instead of stdout; a FOLDER/ takes one file per journey block.", metavar="FILE|FOLDER/"),
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="Title when the diagram has none.")] = None,
    lang: Annotated[LanguageChoice, typer.Option("--lang", "-l", help="The journey's language.")] = "en",
    score_scale: Annotated[
        str | None, typer.Option("--score-scale", help="Keep scores as written on this scale (e.g. 0..10) instead of mapping 1–5 to -2..2.", metavar="MIN..MAX")
    ] = None,
    block: Annotated[
        int | None,
        typer.Option("--block", min=1, help="Import only the Nth journey block of a Markdown file (1 is the first); by default each block is imported.", metavar="N"),
    ] = None,
    force: ForceOption = False,
    max_file_size: MaxSizeOption = "5M",
    encoding: EncodingOption = "utf-8",
) -> None:
    """Turn a Mermaid journey diagram into a journey file."""
    from cjmap.commands.import_mermaid import run_import_mermaid
    from cjmap.commands.reading import read_options

    reading = read_options(max_file_size=max_file_size, encoding=encoding)
    if isinstance(reading, int):
        raise typer.Exit(reading)
    raise typer.Exit(run_import_mermaid(path, output=output, title=title, language=lang, score_scale=score_scale, force=force, block=block, reading=reading))


@import_app.command("csv")
def import_csv(
    path: Annotated[str, typer.Argument(help="A CSV file with the columns `cjmap export csv` writes.", metavar="FILE")],
    output: OutputOption = None,
    base: Annotated[
        str | None, typer.Option("--base", help="Take everything but the touchpoints from this journey (round trip).", metavar="JOURNEY")
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="Title of a new journey (without --base).")] = None,
    lang: Annotated[LanguageChoice, typer.Option("--lang", "-l", help="Language of a new journey.")] = "en",
    journey_type: Annotated[JourneyTypeChoice, typer.Option("--type", "-t", help="Type of a new journey.")] = "current-state",
    score_scale: Annotated[
        str | None, typer.Option("--score-scale", help="The emotion scale of the `emotion` column (e.g. 0..10; default -2..2, or the base's).", metavar="MIN..MAX")
    ] = None,
    force: ForceOption = False,
    max_file_size: MaxSizeOption = "5M",
    encoding: EncodingOption = "utf-8",
) -> None:
    """Turn spreadsheet rows (one per touchpoint) into a journey file."""
    from cjmap.commands.interchange import run_import_csv
    from cjmap.commands.reading import read_options

    reading = read_options(max_file_size=max_file_size, encoding=encoding)
    if isinstance(reading, int):
        raise typer.Exit(reading)
    raise typer.Exit(
        run_import_csv(
            path, output=output, base=base, title=title, language=lang, journey_type=journey_type, force=force, score_scale=score_scale, reading=reading
        )
    )


@export_app.command("csv")
def export_csv(
    path: Annotated[str, typer.Argument(help="A journey file.", metavar="FILE")],
    output: OutputOption = None,
    force: ForceOption = False,
    max_file_size: MaxSizeOption = "5M",
) -> None:
    """Write one CSV row per touchpoint; cells a spreadsheet would run as formulas are neutralised."""
    from cjmap.commands.interchange import run_export_csv
    from cjmap.commands.reading import read_options

    reading = read_options(max_file_size=max_file_size, encoding="utf-8")
    if isinstance(reading, int):
        raise typer.Exit(reading)
    raise typer.Exit(run_export_csv(path, output=output, force=force, reading=reading))


@app.command()
def schema(
    folder: Annotated[
        str | None,
        typer.Argument(help="With --write: the folder to write journey.schema.json in. Default: the current directory.", metavar="FOLDER", show_default=False),
    ] = None,
    write: Annotated[
        bool, typer.Option("--write", "-w", help="Write journey.schema.json (for the editor modeline) instead of printing it; refreshes an older one.")
    ] = False,
) -> None:
    """Print the JSON Schema of journey files (for editors and the YAML language server), or
    write it beside the journeys with --write.

    Exit 0 when printed or written (or already current), 2 when it could not be written.
    """
    from cjmap.commands.schema import run_schema

    raise typer.Exit(run_schema(folder, write=write))


@app.command()
def completion(
    shell: Annotated[ShellChoice, typer.Argument(help="The shell: bash, zsh or fish.", metavar="SHELL")],
) -> None:
    """Print the shell completion script for bash, zsh or fish (see docs/terminal.md to install it)."""
    from cjmap.commands.completion import run_completion

    raise typer.Exit(run_completion(shell))


def main() -> None:
    """Console-script entry point: no traceback ever reaches the user."""
    import gc

    from cjmap.commands import process

    # A big journey is millions of long-lived objects, and CPython's default thresholds
    # (700, 10, 10) rescan them again and again: a 50k-touchpoint render took twice the CPU,
    # growing faster than the journey (docs/performance.md, "Scale"). Collect less often.
    gc.set_threshold(50_000, 20, 10)
    try:
        code = _run_app()
    except KeyboardInterrupt:
        code = process.stopped(process.EXIT_INTERRUPTED)
    except process.Terminated:
        code = process.stopped(process.EXIT_TERMINATED)
    except process.ReaderGone as gone:
        # Output piped into `head` and similar: stop quietly with exit 0, as Unix tools do.
        code = process.reader_gone(gone)
    except Exception as error:  # pragma: no cover - last line of defence
        if os.environ.get("CJMAP_DEBUG"):
            raise
        sys.stderr.write(
            f"cjmap: internal error: {type(error).__name__}: {error}\n"
            "This is a bug in cjmap; run again with CJMAP_DEBUG=1 for details and report it.\n"
        )
        code = 2
    sys.exit(code)


def _run_app() -> int | str | None:
    """Typer's exit code, once the output is flushed (a reader that left shows up here)."""
    from cjmap.commands.process import EXIT_INTERRUPTED, flush_standard_streams, prepare, stopped

    prepare()  # inside main's try: a signal that lands just after the handlers are set is handled
    if os.environ.get(COMPLETE_VAR):  # a shell's Tab (cjmap completion SHELL); typer answers in app()
        from cjmap.commands.completion import enable_shell_completion

        enable_shell_completion()
    try:
        app()
    except SystemExit as done:
        if done.code == EXIT_INTERRUPTED:
            # typer turns Ctrl-C into a silent Exit(130); no command returns 130 itself.
            return stopped(EXIT_INTERRUPTED)
        flush_standard_streams()
        return done.code
    flush_standard_streams()
    return 0
