"""What every import command shares (``cjmap import csv``, ``cjmap import mermaid``): reading
--score-scale and the input, the fallback title, refusing with every located problem,
validating what was imported before anything is written, writing one file or several (all or
none), and the one line that says what was read and written.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cjmap.commands.inputs import EXIT_ERRORS, EXIT_OK, EXIT_USAGE
from cjmap.commands.output import error
from cjmap.commands.reading import ReadOptions, read_input
from cjmap.files.reading import STDIN
from cjmap.text.safe import visible

if TYPE_CHECKING:
    from cjmap.interchange.located import Located, LocatedError
    from cjmap.interchange.origins import Imported

# ASCII digits only, at most 9 of them: a scale is a small range.
_SCALE = re.compile(r"\s*(-?[0-9]{1,9})\s*(?:\.\.|:)\s*(-?[0-9]{1,9})\s*", re.ASCII)


@dataclass(frozen=True)
class ImportInput:
    """The --score-scale asked for (None: the format's own) and the input's text."""

    scale: tuple[int, int] | None
    text: str


def import_input(path: str, score_scale: str | None, reading: ReadOptions) -> ImportInput | int:
    """The prologue of every import: --score-scale, then the input read; an exit code after
    saying what is wrong (a bad scale is reported before the input is read)."""
    scale = parse_scale(score_scale)
    if isinstance(scale, int):
        return scale
    text = read_input(path, reading)
    if not isinstance(text, str):
        return text
    return ImportInput(scale, text)


def parse_scale(score_scale: str | None) -> tuple[int, int] | int | None:
    """``--score-scale MIN..MAX`` as a pair; None when not given; EXIT_USAGE after saying why not."""
    from cjmap.model.types import SCALE_BOUND

    if score_scale is None:
        return None
    match = _SCALE.fullmatch(score_scale)
    if match is None:
        error(f"--score-scale: {score_scale!r} is not a range such as 0..10")
        return EXIT_USAGE
    low, high = int(match.group(1)), int(match.group(2))
    if low >= high:
        error(f"--score-scale: {score_scale!r}: the first number must be below the second, as in 0..10")
        return EXIT_USAGE
    if max(abs(low), abs(high)) > SCALE_BOUND:
        error(f"--score-scale: {score_scale!r} goes beyond ±{SCALE_BOUND:,}, the widest scale a journey holds")
        return EXIT_USAGE
    return low, high


def title_from(path: str, language: str, stem: str) -> str:
    """The file's name makes the title; standard input has none, so the starter's title."""
    from cjmap.interchange.starter import default_title

    return default_title(language) if path == STDIN else stem


def source_name(path: str) -> str:
    return "standard input" if path == STDIN else Path(path).name


def shown_path(path: str) -> str:
    """A path as messages name it: ``-`` is standard input; anything else made visible."""
    return "standard input" if path == STDIN else visible(path)


def refuse(path: str, problem: LocatedError) -> int:
    for located in problem.problems:
        sys.stderr.write(located.text(path) + "\n")
    sys.stderr.write(f"cjmap: nothing was imported from {shown_path(path)}\n")
    return EXIT_ERRORS


def invalid(path: str, problems: list[Located]) -> int:
    for problem in problems:
        sys.stderr.write(problem.text(path) + "\n")
    sys.stderr.write(f"cjmap: the journey imported from {visible(path)} is not valid; nothing was written\n")
    return EXIT_ERRORS


def imported_yaml(imported: Imported, *, path: str, comment: str, modeline: str, reading: ReadOptions, file: str = "<imported>") -> str | int:
    """The imported journey as a new journey file under ``modeline``, validated; EXIT_ERRORS
    after reporting its problems where they are in the imported file."""
    from cjmap.interchange.yaml_out import journey_yaml

    refused = refuse_oversized(imported, path)
    if refused is not None:
        return refused
    return validated(imported, journey_yaml(imported.data, modeline=modeline, comment=comment), path=path, file=file, reading=reading)


def refuse_oversized(imported: Imported, path: str) -> int | None:
    """EXIT_ERRORS after reporting texts over the budget for one value, at their row or line
    (validation could only point at the YAML built in between); None when there are none."""
    from cjmap.loader import Limits

    found = imported.oversized(Limits().max_scalar_chars)
    return None if not found else invalid(path, found)


def validated(imported: Imported, text: str, *, path: str, file: str, reading: ReadOptions) -> str | int:
    """``text``, the journey file an import made, if it validates; else EXIT_ERRORS after
    reporting each problem where it is in the imported file. The input was read within
    --max-file-size already: the file it makes may be larger (YAML spells out what a CSV row
    packs), and is not held to that limit."""
    from cjmap.loader import Limits
    from cjmap.validation import validate_text

    limits = Limits(max_bytes=max(reading.max_bytes, Limits().max_bytes, len(text.encode("utf-8"))))
    result = validate_text(text, file=file, limits=limits)
    if result.journey is None:
        return invalid(path, [imported.locate(problem) for problem in result.problems])
    return text


def emit(imported: Imported, *, path: str, output: str | None, force: bool, comment: str, reading: ReadOptions) -> int:
    """Validate the imported journey, write it, and say what was read and written. Its modeline
    names the nearest schema (written when there is none), or keeps the one of the file it
    replaces (commands/modeline.py)."""
    from cjmap.commands.modeline import complete, for_file, for_stdout

    plan = for_stdout() if output is None else for_file(Path(output), keep=force)
    text = imported_yaml(imported, path=path, comment=comment, modeline=plan.line, reading=reading, file=output or "<imported>")
    if isinstance(text, int):
        return text
    code = write_output(text, output=output, force=force, inputs=[Path(path)], announce=False)
    if code == EXIT_OK:
        say_written(imported, output)
        complete(plan)
    return code


def say_written(imported: Imported, output: str | None, *, onto: str | None = None) -> None:
    """``cjmap: read N rows, wrote N touchpoints in N stages [onto BASE] to OUTPUT``."""
    touchpoints, stages = imported.counts()
    counted = f"{touchpoints:,} touchpoint{'s' if touchpoints != 1 else ''} in {stages:,} stage{'s' if stages != 1 else ''}"
    where = visible(output) if output else "standard output"
    sys.stderr.write(f"cjmap: read {imported.read}, wrote {counted}{f' onto {shown_path(onto)}' if onto else ''} to {where}\n")


def write_output(text: str, *, output: str | None, force: bool, inputs: list[Path], announce: bool = True) -> int:
    """``text`` to ``output`` (standard output when None), atomically; without --force an
    existing file is left alone (exit 2)."""
    from cjmap.commands.writes import write_file

    if output is None:
        sys.stdout.write(text)
        return EXIT_OK
    # Without --force the finished file takes its name only if the name is still free.
    if write_file(Path(output), text.encode("utf-8"), inputs=inputs, replace=force, exists=f"{output} already exists; use --force to replace it") != EXIT_OK:
        return EXIT_USAGE
    if announce:
        sys.stderr.write(f"cjmap: wrote {visible(output)}\n")
    return EXIT_OK


def write_all(files: list[tuple[Path, str]], *, inputs: list[Path], force: bool) -> int:
    """Every file written, or none (files.writing.write_all_atomically), saying why not."""
    from cjmap.files.writing import OutputError, OutputExists, write_all_atomically

    try:
        write_all_atomically([(target, text.encode("utf-8")) for target, text in files], inputs=inputs, replace=force)
    except OutputExists as exists:
        error(f"{exists}; use --force to replace, nothing was written")
        return EXIT_USAGE
    except OutputError as problem:
        error(str(problem) if problem.named is not None else f"{problem}; nothing was written")
        return EXIT_USAGE
    return EXIT_OK
