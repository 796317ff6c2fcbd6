"""The check: files through read -> validate -> lint, one at a time or in workers, in order.

``check_source`` reads and validates one file (``validate_file`` is the same for the library
API, by path); ``check_files`` runs it (and the linter) over many files: serially for a few,
in worker processes for many.

Worker processes pay their start-up (Python, pydantic, the models) once each, so they are
used only when there are enough files to win it back. Results come back slim (problems and
their source lines), in the order the files were given, so output is the same either way.
"""

from __future__ import annotations

import datetime
import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from cjmap.files.reading import Source, Unreadable, read_limited, read_source
from cjmap.loader import Limits
from cjmap.problems import FileResult
from cjmap.validation import validate_bytes
from cjmap.validation.pipeline import internal_error_result, validation_problem

# Below this many files one process is faster than starting workers (see docs/performance.md).
PARALLEL_FROM = 200
BATCH = 64


def check_source(source: Source, *, limits: Limits) -> FileResult:
    """One file read within the limits and validated; an unreadable file is CJ012 at 1:1."""
    return check_read(read_source(source, limits=limits), name=source.name, limits=limits)


def validate_file(path: str | Path, *, limits: Limits | None = None) -> FileResult:
    """Validate a journey file on disk (the library API); an unreadable file is CJ012."""
    limits = limits or Limits()
    started = time.perf_counter()
    result = check_read(read_limited(Path(path), limits=limits), name=str(path), limits=limits)
    return replace(result, seconds=time.perf_counter() - started)


def check_read(raw: bytes | Unreadable, *, name: str, limits: Limits) -> FileResult:
    """Bytes already read (or why they could not be) validated as ``name``: for a command that
    also needs the bytes themselves (``import csv --base`` edits them)."""
    if isinstance(raw, Unreadable):
        return FileResult(name, (validation_problem(raw.name, "CJ012", raw.message),))
    return validate_bytes(raw, file=name, limits=limits)


@dataclass(frozen=True)
class LintJob:
    """What the workers need to lint: everything picklable, configuration found per file."""

    select: frozenset[str] | None
    ignore: frozenset[str]
    config_file: str | None
    today: datetime.date
    stdin_name: str


def check_files(
    sources: Sequence[Source], *, limits: Limits, lint: LintJob | None = None, jobs: int | None = None, line_hashes: bool = False
) -> list[FileResult]:
    """Every file checked, in order. ``line_hashes``: also codeql-action's hash of each problem's
    line (SARIF's fingerprint), from the very bytes checked, so the report never reads a file again."""
    workers = jobs if jobs is not None else _default_workers(len(sources))
    if workers <= 1 or any(source.path is None for source in sources):
        return list(_check_batch(list(sources), limits, lint, line_hashes))
    from concurrent.futures import ProcessPoolExecutor  # only when there are many files

    batches = [list(sources[i : i + BATCH]) for i in range(0, len(sources), BATCH)]
    results: list[FileResult] = []
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_leave_signals_to_the_parent)
    try:
        for batch in pool.map(_check_batch_list, batches, [limits] * len(batches), [lint] * len(batches), [line_hashes] * len(batches)):
            results.extend(batch)
    except BaseException:
        # Ctrl-C or SIGTERM: the batches not started are cancelled; each worker finishes the one
        # it holds (64 files at most) and exits. Workers never see the signal themselves: one
        # interrupted while holding the pool's queue lock made the whole run hang for good.
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return results


def _leave_signals_to_the_parent() -> None:
    """Workers ignore Ctrl-C and SIGTERM (a terminal sends Ctrl-C to the whole process group):
    the parent decides, and stops the pool."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


def _default_workers(count: int) -> int:
    if count < PARALLEL_FROM:
        return 1
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cpus, count // BATCH))


def _check_batch_list(batch: list[Source], limits: Limits, lint: LintJob | None, line_hashes: bool) -> list[FileResult]:
    return list(_check_batch(batch, limits, lint, line_hashes))


def _check_batch(batch: list[Source], limits: Limits, lint: LintJob | None, line_hashes: bool = False) -> Iterator[FileResult]:
    # The linter (and its configuration's ConfigError) is imported only when linting:
    # `validate` needs none of the rules, and they cost start-up.
    linter = _Linter(lint) if lint is not None else None
    for source in batch:
        # Wall-clock time around the file's whole check (read, validate, lint), in whichever
        # process runs it: JUnit's ``time``.
        started = time.perf_counter()
        raw: bytes | Unreadable | None = None
        try:
            raw = read_source(source, limits=limits)
            result = check_read(raw, name=source.name, limits=limits)
            if linter is not None:
                result = linter.lint(result, source)
        except Exception as error:  # reported as CJ019; the next files still run
            if linter is not None and linter.is_config_error(error):
                raise  # a broken .cjmap.toml is the command's error (exit 2), not this file's
            result = internal_error_result(source.name, error)
        hashes = _line_hashes(raw, result) if line_hashes else {}
        yield replace(result.slim(), seconds=time.perf_counter() - started, line_hashes=hashes)


def _line_hashes(raw: bytes | Unreadable | None, result: FileResult) -> dict[int, str]:
    if not isinstance(raw, bytes) or not result.problems:
        return {}
    from cjmap.text.line_hashes import line_hashes

    # As Node decodes the file for codeql-action: bad bytes as U+FFFD, a byte-order mark kept.
    return line_hashes(raw.decode("utf-8", errors="replace"), {problem.line for problem in result.problems})


class _Linter:
    def __init__(self, job: LintJob) -> None:
        from cjmap.lint.config import ConfigFinder, read_config
        from cjmap.lint.linter import Selection

        self.job = job
        self.selection = Selection(select=job.select, ignore=job.ignore)
        self.explicit = read_config(Path(job.config_file)) if job.config_file else None
        self.finder = ConfigFinder()

    def lint(self, result: FileResult, source: Source) -> FileResult:
        from cjmap.lint.linter import lint_result

        # stdin has no path; --stdin-filename stands in for it (editor integrations).
        where = source.path or (Path(self.job.stdin_name) if self.job.stdin_name != "<stdin>" else None)
        config = self.explicit or self.finder.for_file(where)
        return lint_result(result, config=config, selection=self.selection, today=self.job.today, path=where)

    @staticmethod
    def is_config_error(error: Exception) -> bool:
        from cjmap.lint.config import ConfigError

        return isinstance(error, ConfigError)
