"""``cjmap render``: journeys to HTML, SVG, PNG, PDF, DOT, Mermaid or Markdown.

One journey goes to ``-o FILE`` (format from ``--format`` or the extension) or to stdout for
text formats. Several journeys, or a folder, go to ``-o DIR/``: one file per journey and an
``index.html``. An invalid journey is reported as ``validate`` reports it, and nothing is
written for it.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from cjmap.commands.files import EXIT_ERRORS, EXIT_OK, EXIT_USAGE, check_source, gather
from cjmap.commands.output import error, use_color
from cjmap.reporters import render as report
from cjmap.sources import JOURNEY_SUFFIXES, Source


@dataclass(frozen=True)
class Plan:
    fmt: str
    target: Path | None  # a file, or a folder when ``many``; None: standard output
    many: bool


def run_render(
    paths: list[str], *, output: str | None, output_format: str | None, templates: str | None, max_file_size: str, stdin_name: str
) -> int:
    from cjmap.render.formats import FORMATS

    inputs = gather(paths, max_file_size=max_file_size, stdin_name=stdin_name)
    if isinstance(inputs, int):
        return inputs
    plan = _plan(paths, inputs.sources, output, output_format)
    if isinstance(plan, str):
        error(plan)
        return EXIT_USAGE
    if templates is not None and not Path(templates).is_dir():
        error(f"--templates: {templates} is not a folder")
        return EXIT_USAGE
    if plan.target is None and FORMATS[plan.fmt].binary:
        error(f"{plan.fmt.upper()} is binary: write it to a file with -o FILE.{plan.fmt}")
        return EXIT_USAGE
    status = _render_all(inputs.sources, plan, templates=Path(templates) if templates else None, limits=inputs.limits)
    return EXIT_USAGE if inputs.usage_error else status


def _plan(paths: list[str], sources: tuple[Source, ...], output: str | None, output_format: str | None) -> Plan | str:
    from cjmap.render.formats import format_for

    many = len(sources) > 1 or any(Path(p).is_dir() for p in paths) or bool(
        output and (output.endswith(("/", os.sep)) or Path(output).is_dir())
    )
    if many and output is None:
        return "several journeys: give a folder to write them to, e.g. -o site/"
    fmt = output_format
    if fmt is None and output is not None and not many:
        fmt = format_for(Path(output))
        if fmt is None:
            return f"cannot tell the format from {output!r}: use --format, or an extension such as .html, .svg, .md"
    return Plan(fmt or "html", Path(output) if output else None, many)


def _render_all(sources: tuple[Source, ...], plan: Plan, *, templates: Path | None, limits) -> int:  # type: ignore[no-untyped-def]
    from cjmap.render.environment import environment
    from cjmap.render.graphviz import GraphvizUnavailable
    from cjmap.render.index import index_entry, render_index
    from cjmap.render.writer import OutputError, write_atomically

    env = environment(templates)
    inputs = [source.path for source in sources if source.path is not None]
    names = _output_names(sources, plan)
    status, entries = EXIT_OK, []
    for source in sources:
        result = check_source(source, limits=limits)
        if result.journey is None:
            sys.stderr.write(report("text", [result], color=use_color(sys.stderr)))
            status = max(status, EXIT_ERRORS)
            continue
        target = plan.target / names[source.name] if plan.many and plan.target else plan.target
        try:
            content = _produce(result.journey, plan.fmt, env, source.name, target)
            if target is None:
                sys.stdout.buffer.write(content)
                sys.stdout.buffer.flush()
                continue
            write_atomically(target, content, inputs=inputs)
        except GraphvizUnavailable as problem:
            error(str(problem))
            return EXIT_USAGE
        except OutputError as problem:
            error(str(problem))
            return EXIT_USAGE
        sys.stderr.write(f"cjmap: wrote {target}\n")
        entries.append(index_entry(result.journey, names.get(source.name, target.name)))
    if plan.many and plan.target is not None and entries:
        index = plan.target / "index.html"
        try:
            write_atomically(index, render_index(entries, env).encode("utf-8"), inputs=inputs)
        except OutputError as problem:
            error(str(problem))
            return EXIT_USAGE
        sys.stderr.write(f"cjmap: wrote {index}\n")
    return status


def _produce(journey, fmt: str, env, source: str, target: Path | None) -> bytes:  # type: ignore[no-untyped-def]
    from cjmap.render.formats import TEXT_RENDERERS, render_dot
    from cjmap.render.graphviz import GraphvizUnavailable, layout
    from cjmap.render.mermaid import dropped
    from cjmap.render.writer import write_atomically

    if fmt in TEXT_RENDERERS:
        if fmt in ("mermaid", "markdown"):
            lost = dropped(journey)
            if lost:
                sys.stderr.write(f"cjmap: note: the Mermaid journey diagram of {source} leaves out {', '.join(lost)}\n")
        return TEXT_RENDERERS[fmt](journey, env, source).encode("utf-8")
    dot_text = render_dot(journey, env, source)
    try:
        return layout(dot_text, fmt)
    except GraphvizUnavailable as problem:
        if target is not None:
            dot_file = target.with_suffix(".dot")
            write_atomically(dot_file, dot_text.encode("utf-8"))
            raise GraphvizUnavailable(f"{problem}; the graph was written as DOT to {dot_file}") from None
        raise GraphvizUnavailable(f"{problem}; `--format dot` prints the graph as DOT") from None


def _output_names(sources: tuple[Source, ...], plan: Plan) -> dict[str, str]:
    """File names inside the output folder: the journey's file name, made unique."""
    from cjmap.render.formats import FORMATS

    names: dict[str, str] = {}
    taken: set[str] = {"index.html"}
    for source in sources:
        stem = _stem(source.name)
        candidate, counter = f"{stem}{FORMATS[plan.fmt].extension}", 2
        while candidate in taken:
            candidate = f"{stem}-{counter}{FORMATS[plan.fmt].extension}"
            counter += 1
        taken.add(candidate)
        names[source.name] = candidate
    return names


def _stem(name: str) -> str:
    base = Path(name).name
    for suffix in (*JOURNEY_SUFFIXES, ".yaml", ".yml"):
        if base.endswith(suffix):
            return base[: -len(suffix)] or "journey"
    return base or "journey"
