"""``cjmap lint``: validate each file, run the rules on the valid ones, report, exit code."""

from __future__ import annotations

import sys
from pathlib import Path

from cjmap.commands import clock
from cjmap.commands.files import EXIT_ERRORS, EXIT_OK, EXIT_USAGE, check_source, gather
from cjmap.commands.output import error, use_color
from cjmap.lint import registry
from cjmap.lint.config import ConfigError, ConfigFinder, LintConfig, read_config
from cjmap.lint.linter import Selection, fails, lint_result
from cjmap.reporters import auto_format, render


def run_lint(
    paths: list[str],
    *,
    output_format: str,
    strict: bool,
    select: list[str],
    ignore: list[str],
    config_file: str | None,
    max_file_size: str,
    stdin_name: str,
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
    try:
        explicit = read_config(_path(config_file)) if config_file else None
        finder = ConfigFinder()
        results = []
        for source in inputs.sources:
            # stdin has no path; --stdin-filename stands in for it (editor integrations).
            where = source.path or (Path(stdin_name) if stdin_name != "<stdin>" else None)
            config: LintConfig = explicit or finder.for_file(where)
            checked = check_source(source, limits=inputs.limits)
            results.append(lint_result(checked, config=config, selection=selection, today=today, path=where))
    except ConfigError as problem:
        error(f"bad configuration: {problem}")
        return EXIT_USAGE
    fmt = auto_format() if output_format == "auto" else output_format
    sys.stdout.write(render(fmt, results, color=use_color(sys.stdout), strict=strict))
    if inputs.usage_error:
        return EXIT_USAGE
    failed = any(fails(problem, strict=strict) for result in results for problem in result.problems)
    return EXIT_ERRORS if failed else EXIT_OK


def _expand(values: list[str], option: str) -> set[str]:
    selectors = [part.strip() for value in values for part in value.split(",") if part.strip()]
    if not selectors:
        raise ValueError(f"{option}: give rule codes or names, e.g. {option} CJ101")
    try:
        return registry.expand(selectors)
    except KeyError as unknown:
        raise ValueError(f"{option}: {registry.unknown_rule_message(str(unknown.args[0]))}") from None


def _path(text: str) -> Path:
    path = Path(text)
    if not path.is_file():
        raise ConfigError(path, "no such configuration file")
    return path
