"""``lint --skip-invalid``: a file with validation errors stands as one CJ099 finding, so with
both pre-commit hooks each problem is reported once (its errors are ``cjmap validate``'s), and
every format still shows the file, once, as checked and failed (a JSON, SARIF or JUnit reader
sees why the run failed)."""

from __future__ import annotations

from dataclasses import replace

from cjmap.problems import FileResult, Problem
from cjmap.validation.codes import CODES, name_of

NOT_LINTED = "CJ099"
# A bug in cjmap is never folded into CJ099: it may have struck in the linter, after validation
# passed, and `cjmap validate` would then not report it.
_INTERNAL_ERROR = "CJ019"


def left_to_validate(result: FileResult) -> FileResult:
    """``result`` as it is when the file is valid; else its problems replaced by one CJ099 at
    its first validation error."""
    errors = [problem for problem in result.problems if _validation_error(problem)]
    if not errors or any(problem.code == _INTERNAL_ERROR for problem in result.problems):
        return result
    first = min(errors)  # problems order by file, then position, then code
    count = len(errors)
    message = f"not linted: {count} validation error{'s' if count != 1 else ''} (`cjmap validate` reports {'them' if count != 1 else 'it'})"
    finding = Problem(first.file, first.line, first.column, NOT_LINTED, CODES[NOT_LINTED].severity, message, "", name_of(NOT_LINTED))
    return replace(result, problems=(finding,))


def _validation_error(problem: Problem) -> bool:
    code = CODES.get(problem.code)
    return problem.severity == "error" and code is not None and not code.by_linter
