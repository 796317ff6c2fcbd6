"""``cjmap lint``: validate each file, run the rules on the valid ones, report, exit code."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cjmap.check import LintJob, check_files
from cjmap.commands import clock
from cjmap.commands.findings import report_findings, wants_line_hashes
from cjmap.commands.inputs import EXIT_ERRORS, EXIT_OK, EXIT_USAGE, gather
from cjmap.commands.output import error, warning
from cjmap.files.reading import Source
from cjmap.lint import registry
from cjmap.lint.config import ConfigError, config_warnings
from cjmap.lint.linter import Selection
from cjmap.lint.skipping import left_to_validate
from cjmap.problems import fails


def run_lint(  # noqa: PLR0913 - one keyword per option of `cjmap lint`, as the CLI passes them
    paths: list[str],
    *,
    output_format: str,
    strict: bool,
    select: list[str],
    ignore: list[str],
    config_file: str | None,
    max_file_size: str,
    stdin_name: str,
    jobs: int | None = None,
    skip_invalid: bool = False,
) -> int:
    try:
        selection = Selection(
            select=frozenset(_expand(select, "--select")) if select else None,
            ignore=frozenset(_expand(ignore, "--ignore")) if ignore else frozenset(),
        )
        today = clock.today()
    except ValueError as problem:
        error(str(problem))
        return EXIT_USAGE
    inputs = gather(paths, max_file_size=max_file_size, stdin_name=stdin_name)
    if isinstance(inputs, int):
        return inputs
    job = LintJob(selection.select, selection.ignore, config_file, today, stdin_name)
    try:
        if config_file and not Path(config_file).exists():
            raise ConfigError(Path(config_file), "no such configuration file")
        _warn_about_configuration(config_file, inputs.sources, stdin_name)
        results = check_files(inputs.sources, limits=inputs.limits, lint=job, jobs=jobs, line_hashes=wants_line_hashes(output_format))
    except ConfigError as problem:
        error(f"bad configuration: {problem}")
        return EXIT_USAGE
    if skip_invalid:
        results = [left_to_validate(result) for result in results]
    report_findings(results, output_format=output_format, command="lint")
    if inputs.usage_error:
        return EXIT_USAGE
    failed = any(fails(problem, strict=strict) for result in results for problem in result.problems)
    return EXIT_ERRORS if failed else EXIT_OK


def _warn_about_configuration(config_file: str | None, sources: Sequence[Source], stdin_name: str) -> None:
    """Once per configuration file, here in the command's process (workers find the same files
    again, but they print nothing): the tables in it that configure nothing."""
    # stdin has no folder; --stdin-filename stands in for it, as when linting.
    stdin = Path(stdin_name) if stdin_name != "<stdin>" else None
    journeys = [source.path if source.path is not None else stdin for source in sources]
    for found in config_warnings(Path(config_file) if config_file else None, journeys):
        warning(str(found))


def _expand(values: list[str], option: str) -> set[str]:
    selectors = [part.strip() for value in values for part in value.split(",") if part.strip()]
    if not selectors:
        raise ValueError(f"{option}: give rule codes or names, e.g. {option} CJ101")
    try:
        return registry.expand(selectors)
    except KeyError as unknown:
        raise ValueError(f"{option}: {registry.unknown_rule_message(str(unknown.args[0]))}") from None
