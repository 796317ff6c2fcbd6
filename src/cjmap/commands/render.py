"""``cjmap render``: journeys to HTML, SVG, PNG, PDF, DOT, Mermaid or Markdown.

One journey goes to ``-o FILE`` (format from ``--format`` or the extension) or to stdout for
text formats. Several journeys, or a folder, go to ``-o DIR/``: one file per journey and an
``index.html``. An invalid journey is reported as ``validate`` reports it, and nothing is
written for it; one journey that cannot be written does not stop the others.
"""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from cjmap.check import check_source
from cjmap.commands.inputs import EXIT_ERRORS, EXIT_OK, EXIT_USAGE, gather, templates_folder
from cjmap.commands.output import error, use_color
from cjmap.files.reading import Source, journey_stem
from cjmap.reporters import render as report
from cjmap.text.safe import visible

if TYPE_CHECKING:
    import jinja2

    from cjmap.loader import Limits
    from cjmap.model import Journey
    from cjmap.problems import FileResult
    from cjmap.render.index import IndexEntry


@dataclass(frozen=True)
class Drawing:
    """How each journey is drawn, beyond its format."""

    graphviz_timeout: float | None = None  # seconds per journey (--graphviz-timeout)
    direction: str | None = None  # the Graphviz layout (--direction); None: the default
    persona: str | None = None  # draw this persona's path only (--persona)


@dataclass(frozen=True)
class Plan:
    fmt: str
    target: Path | None  # a file, or a folder when ``many``; None: standard output
    many: bool
    drawing: Drawing = Drawing()


def run_render(
    paths: list[str],
    *,
    output: str | None,
    output_format: str | None,
    templates: str | None,
    max_file_size: str,
    stdin_name: str,
    force: bool = False,
    drawing: Drawing = Drawing(),
    measured: str | None = None,
) -> int:
    from cjmap.render import FORMATS

    inputs = gather(paths, max_file_size=max_file_size, stdin_name=stdin_name)
    if isinstance(inputs, int):
        return inputs
    plan = _plan(paths, inputs.sources, output, output_format)
    if isinstance(plan, str):
        error(plan)
        return EXIT_USAGE
    plan = replace(plan, drawing=drawing)
    measured_raw = _measured_input(measured, plan, inputs.limits) if measured is not None else None
    if isinstance(measured_raw, int):
        return measured_raw
    if drawing.direction is not None and not (FORMATS[plan.fmt].laid_out or plan.fmt == "dot"):
        error(f"--direction lays out the Graphviz picture (dot, svg, png, pdf), not {plan.fmt}")
        return EXIT_USAGE
    folder = templates_folder(templates)
    if isinstance(folder, int):
        return folder
    if plan.target is None and FORMATS[plan.fmt].binary:
        error(f"{plan.fmt.upper()} is binary: write it to a file with -o FILE.{plan.fmt}")
        return EXIT_USAGE
    if plan.many and plan.target is not None and not force and _foreign_index(plan.target / "index.html"):
        error(f"{plan.target / 'index.html'} exists and was not written by cjmap; use --force to replace it, or render into another folder")
        return EXIT_USAGE
    if FORMATS[plan.fmt].laid_out:
        from cjmap.render.graphviz import warm_up

        warm_up()  # Graphviz's process loads while the first journey is validated
    status = _render_all(inputs.sources, plan, templates=folder, limits=inputs.limits, measured=measured_raw)
    return EXIT_USAGE if inputs.usage_error else status


def _plan(paths: list[str], sources: tuple[Source, ...], output: str | None, output_format: str | None) -> Plan | str:
    from cjmap.render import format_for

    folder_given = bool(output and (output.endswith(("/", os.sep)) or Path(output).is_dir()))
    many = len(sources) > 1 or any(Path(p).is_dir() for p in paths) or folder_given
    if many and output is None:
        return "several journeys: give a folder to write them to, e.g. -o site/"
    if many and output is not None and not folder_given and format_for(Path(output)) is not None:
        return f"several journeys go to a folder, not to {output!r}: end the path with / (e.g. -o site/)"
    fmt = output_format
    if fmt is None and output is not None and not many:
        fmt = format_for(Path(output))
        if fmt is None:
            return f"cannot tell the format from {output!r}: use --format, or an extension such as .html, .svg, .md"
    return Plan(fmt or "html", Path(output) if output else None, many)


class _Run:
    """One render run: the template environment, what was written, and what went wrong."""

    def __init__(self, sources: tuple[Source, ...], plan: Plan, env: jinja2.Environment) -> None:
        self.plan, self.env = plan, env
        self.inputs = [source.path for source in sources if source.path is not None]
        self.names = _output_names(sources, plan)
        self.status = EXIT_OK
        self.invalid: list[FileResult] = []
        self.entries: list[IndexEntry] = []
        self.unavailable = ""  # why Graphviz could not run (said once, at the end)
        self.measured: Measured | None = None  # --measured: the results file, read


def _render_all(sources: tuple[Source, ...], plan: Plan, *, templates: Path | None, limits: Limits, measured: Measured | None = None) -> int:
    import jinja2

    from cjmap.text.templates import environment

    run = _Run(sources, plan, environment(templates))
    run.measured = measured
    try:
        for source in sources:
            _render_one(run, source, limits)
        _write_index(run)
    except jinja2.TemplateError as problem:
        error(_template_error(problem))
        return EXIT_USAGE
    if run.invalid:
        sys.stderr.write(report("text", run.invalid, color=use_color(sys.stderr)))
    if run.unavailable:
        error(run.unavailable)
    return run.status


def _render_one(run: _Run, source: Source, limits: Limits) -> None:
    from cjmap.files.writing import OutputError, write_atomically
    from cjmap.render.graphviz import GraphvizFailed, GraphvizUnavailable
    from cjmap.render.measured_results import ResultsError
    from cjmap.render.mermaid import DiagramTooLarge

    result = check_source(source, limits=limits)
    if result.journey is None:
        run.invalid.append(result)
        run.status = max(run.status, EXIT_ERRORS)
        return
    plan = run.plan
    journey: Journey | None = result.journey
    if plan.drawing.persona is not None:
        journey = _persona_journey(result.journey, plan.drawing.persona, source.name)
    if journey is None:
        run.status = max(run.status, EXIT_USAGE)
        return
    target = plan.target / run.names[source.name] if plan.many and plan.target else plan.target
    try:
        content = _produce(run, journey, source.name, target)
        if target is None:
            sys.stdout.buffer.write(content)
            sys.stdout.buffer.flush()
            return
        write_atomically(target, content, inputs=run.inputs)
    except GraphvizUnavailable as problem:
        run.unavailable, run.status = str(problem), EXIT_USAGE
        return
    except (OutputError, GraphvizFailed) as problem:
        error(str(problem))
        run.status = EXIT_USAGE
        return
    except DiagramTooLarge as problem:
        error(f"{visible(source.name)}: {problem}")
        run.status = EXIT_USAGE
        return
    except ResultsError as problem:
        assert run.measured is not None  # only --measured raises it
        _results_error(problem, run.measured.name, source.name)
        run.status = max(run.status, problem.exit_code)
        return
    sys.stderr.write(f"cjmap: wrote {visible(str(target))}\n")
    from cjmap.render.index import index_entry

    run.entries.append(index_entry(journey, run.names.get(source.name, target.name)))


def _persona_journey(journey: Journey, persona: str, source: str) -> Journey | None:
    """The journey as ``persona`` walks it (``--persona``), or None, said on stderr, when the
    journey has no such persona: the other journeys of the run are still drawn."""
    from cjmap.model.persona_path import persona_journey
    from cjmap.text.labels import labels
    from cjmap.text.suggest import did_you_mean

    if persona not in journey.persona_ids:
        error(f"{visible(source)}: --persona: no persona has the id `{visible(persona)}`{did_you_mean(persona, journey.persona_ids)}")
        return None
    return persona_journey(journey, persona, title=labels(journey.journey.language)["persona_path"])


def _write_index(run: _Run) -> None:
    from cjmap.files.writing import OutputError, write_atomically
    from cjmap.render.index import render_index

    if not (run.plan.many and run.plan.target is not None and run.entries):
        return
    index = run.plan.target / "index.html"
    try:
        write_atomically(index, render_index(run.entries, run.env).encode("utf-8"), inputs=run.inputs)
    except OutputError as problem:
        error(str(problem))
        run.status = EXIT_USAGE
        return
    sys.stderr.write(f"cjmap: wrote {visible(str(index))}\n")


def _produce(run: _Run, journey: Journey, source: str, target: Path | None) -> bytes:
    from cjmap.files.writing import write_atomically
    from cjmap.render import DEFAULT_DIRECTION
    from cjmap.render.formats import TEXT_RENDERERS, RenderOptions, render_dot
    from cjmap.render.graphviz import GraphvizUnavailable, layout
    from cjmap.render.mermaid import dropped

    shown_source = Path(source).name  # the footer names the file, never the machine's paths
    options = RenderOptions(direction=run.plan.drawing.direction or DEFAULT_DIRECTION)
    if run.measured is not None:
        from cjmap.render.measured import render_measured_html
        from cjmap.render.measured_results import parse_results

        results = parse_results(run.measured.raw, journey, stem=journey_stem(source))
        return render_measured_html(journey, results, run.env, shown_source).encode("utf-8")
    if run.plan.fmt in TEXT_RENDERERS:
        if run.plan.fmt == "mermaid":
            lost = dropped(journey)
            if lost:
                sys.stderr.write(f"cjmap: note: the Mermaid journey diagram of {visible(source)} leaves out {', '.join(lost)}\n")
        return TEXT_RENDERERS[run.plan.fmt](journey, run.env, shown_source, options).encode("utf-8")
    dot_text = render_dot(journey, run.env, shown_source, options)
    try:
        return layout(dot_text, run.plan.fmt, name=source, timeout=run.plan.drawing.graphviz_timeout)
    except GraphvizUnavailable as problem:
        if target is None:
            raise GraphvizUnavailable(f"{problem}; `--format dot` prints the graph as DOT") from None
        dot_file = target.with_suffix(".dot")
        write_atomically(dot_file, dot_text.encode("utf-8"), inputs=run.inputs)
        sys.stderr.write(f"cjmap: wrote {visible(str(dot_file))} (DOT, for lack of Graphviz)\n")
        raise GraphvizUnavailable(f"{problem}; the graphs were written as DOT instead") from None


@dataclass(frozen=True)
class Measured:
    """``--measured RESULTS.json``: its name as typed, and its bytes (read before any journey)."""

    name: str
    raw: bytes


def _measured_input(name: str, plan: Plan, limits: Limits) -> Measured | int:
    """The results file ``--measured`` names, read within the size limit, or EXIT_USAGE after
    saying why not: it draws one journey's HTML map, for the whole journey."""
    from cjmap.files.reading import Unreadable, read_limited

    if plan.fmt != "html":
        error(f"--measured draws the HTML map, not {plan.fmt}: write it with -o FILE.html (or --format html)")
        return EXIT_USAGE
    if plan.many:
        error("--measured holds the results of one journey: render that one journey file with it")
        return EXIT_USAGE
    if plan.drawing.persona is not None:
        error("--measured and --persona: the results measure the whole journey, not one persona's path; leave out one of them")
        return EXIT_USAGE
    raw = read_limited(Path(name), limits=limits, name=name)
    if isinstance(raw, Unreadable):
        error(f"--measured: {raw.name}: {raw.message}")
        return EXIT_USAGE
    if len(raw) > limits.max_bytes:
        error(f"--measured: {name}: larger than the size limit ({limits.max_bytes} bytes); raise it with --max-file-size")
        return EXIT_USAGE
    return Measured(name, raw)


def _results_error(problem: Exception, results: str, journey: str) -> None:
    from cjmap.render.measured_results import EXIT_NOT_RESULTS

    error(f"--measured: {results}: {problem}")
    if getattr(problem, "exit_code", EXIT_NOT_RESULTS) == EXIT_NOT_RESULTS:
        hint = f"give the file `cjmap measure {journey} --events DATA -f json -o RESULTS.json` writes"
    else:
        hint = f"measure this journey again: cjmap measure {journey} --events DATA -f json -o RESULTS.json"
    sys.stderr.write(f"hint: {visible(hint)}\n")


def _foreign_index(index: Path) -> bool:
    """Whether the folder holds an index.html that cjmap did not write: the user's own page,
    not to be replaced without --force. cjmap's index carries a generator tag in its head."""
    from cjmap.files.reading import read_limited
    from cjmap.loader import Limits
    from cjmap.text.templates import GENERATOR_TAG

    try:
        if not stat.S_ISREG(os.lstat(index).st_mode):
            return False  # none, or a link or device: the writer refuses those with its own message
    except OSError:
        return False
    head = read_limited(index, limits=Limits(max_bytes=8191), pipes=False)
    # Unreadable: not known to be the user's; writing over it then fails with a clear message.
    return isinstance(head, bytes) and GENERATOR_TAG.encode() not in head


def _template_error(problem: Exception) -> str:
    name = getattr(problem, "filename", None) or getattr(problem, "name", None) or "a template"
    line = getattr(problem, "lineno", None)
    where = f"{name}:{line}" if line else str(name)
    return f"template {where}: {getattr(problem, 'message', None) or problem}"


def _output_names(sources: tuple[Source, ...], plan: Plan) -> dict[str, str]:
    """File names inside the output folder: the journey's file name, made unique."""
    from cjmap.render import FORMATS

    names: dict[str, str] = {}
    taken: set[str] = {"index.html"}
    extension = FORMATS[plan.fmt].extension
    for source in sources:
        stem = journey_stem(source.name) or "journey"
        candidate, counter = f"{stem}{extension}", 2
        while candidate in taken:
            candidate = f"{stem}-{counter}{extension}"
            counter += 1
        taken.add(candidate)
        names[source.name] = candidate
    return names


