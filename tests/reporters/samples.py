"""Hand-built results for the reporter tests: no file is read, no command is run."""

from __future__ import annotations

from cjmap.problems import FileResult, Problem, Severity

# Everything a message or file name could carry into a report: terminal escapes, a bare CR and
# LF, C1 and bidi controls, markup of each format, and the characters GitHub's commands escape.
HOSTILE = "evil\x1b[2J\r\nx\x9b\u202e<b>&\"'%,:]]>"
NAMES = {"error": "unknown-field", "warning": "stale-review", "info": "touchpoint-without-actions"}
CODES = {"error": "CJ021", "warning": "CJ101", "info": "CJ124"}


def problem(line: int, column: int = 1, severity: Severity = "error", *, file: str = "a.journey.yaml",
            message: str = "", path: str = "") -> Problem:
    return Problem(file, line, column, CODES[severity], severity, message or f"{severity} at {line}:{column}", path, NAMES[severity])


def result(file: str, *problems: Problem, lines: dict[int, str] | None = None) -> FileResult:
    """One file's result: its problems (given in any order) and the source lines they point at."""
    return FileResult(file, tuple(problems), None, None, lines or {})


def mixed() -> list[FileResult]:
    """Two files with findings of every severity, and a clean file between them."""
    first = result(
        "a.journey.yaml",
        problem(3, 5, "error", message="unknown field `chanel`", path="stages[0].chanel"),
        problem(7, 1, "warning", message="review is stale"),
        problem(9, 3, "info", message="no actions"),
        lines={3: "    chanel: web", 7: "reviewed: 2020-01-01", 9: "  - id: t1"},
    )
    clean = result("b.journey.yaml")
    last = result("c.journey.yaml", problem(2, 1, "warning", file="c.journey.yaml", message="review is stale"))
    return [first, clean, last]


def many(errors: int, warnings: int, infos: int, *, files: int = 7) -> list[FileResult]:
    """``errors + warnings + infos`` problems spread over ``files`` files, severities interleaved
    (an info first, then a warning, then an error, …) so a cap that keeps the most severe must
    pick them out of the report's order. No source lines: nothing is read."""
    left = {"error": errors, "warning": warnings, "info": infos}
    cycle: tuple[Severity, ...] = ("info", "warning", "error")
    found: list[Problem] = []
    while any(left.values()):
        for severity in cycle:
            if left[severity]:
                left[severity] -= 1
                found.append(problem(len(found) + 1, 1, severity, file=f"f{len(found) % files}.journey.yaml"))
    by_file = {name: tuple(sorted(p for p in found if p.file == name)) for name in sorted({p.file for p in found})}
    return [FileResult(name, problems, None, None, {}) for name, problems in by_file.items()]
