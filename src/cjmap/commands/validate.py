"""``cjmap validate``: discover files, validate each, report, choose the exit code."""

from __future__ import annotations

from cjmap.check import check_files
from cjmap.commands.findings import report_findings, wants_line_hashes
from cjmap.commands.inputs import EXIT_ERRORS, EXIT_OK, EXIT_USAGE, gather


def run_validate(paths: list[str], *, output_format: str, max_file_size: str, stdin_name: str, jobs: int | None = None) -> int:
    inputs = gather(paths, max_file_size=max_file_size, stdin_name=stdin_name)
    if isinstance(inputs, int):
        return inputs
    results = check_files(inputs.sources, limits=inputs.limits, jobs=jobs, line_hashes=wants_line_hashes(output_format))
    report_findings(results, output_format=output_format, command="validate")
    if inputs.usage_error:
        return EXIT_USAGE
    return EXIT_OK if all(result.ok for result in results) else EXIT_ERRORS
