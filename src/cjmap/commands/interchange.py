"""``cjmap import csv`` and ``cjmap export csv``, and what every import shares (validate, write, say
what was written); ``cjmap import mermaid`` is :mod:`cjmap.commands.import_mermaid`.

What is imported is validated before anything is written; an output file that exists is not
overwritten unless --force is given; files are written atomically.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from cjmap.commands.inputs import EXIT_ERRORS, EXIT_OK, EXIT_USAGE, one_file
from cjmap.commands.output import error, use_color
from cjmap.commands.reading import ReadOptions, read_input
from cjmap.files.reading import STDIN, typed_source
from cjmap.interchange.located import Located, LocatedError
from cjmap.reporters import render as report
from cjmap.text.safe import visible

if TYPE_CHECKING:
    from cjmap.interchange.origins import Imported
    from cjmap.model import Journey

# ASCII digits only, at most 9 of them: a scale is a small range.
_SCALE = re.compile(r"\s*(-?[0-9]{1,9})\s*(?:\.\.|:)\s*(-?[0-9]{1,9})\s*", re.ASCII)


def parse_scale(score_scale: str | None) -> tuple[int, int] | int | None:
    """``--score-scale MIN..MAX`` as a pair; None when not given; EXIT_USAGE after saying why not."""
    if score_scale is None:
        return None
    match = _SCALE.fullmatch(score_scale)
    if match is None or int(match.group(1)) >= int(match.group(2)):
        error(f"--score-scale: {score_scale!r} is not a range such as 0..10")
        return EXIT_USAGE
    return int(match.group(1)), int(match.group(2))


def run_import_csv(
    path: str,
    *,
    output: str | None,
    base: str | None,
    title: str | None,
    language: str,
    journey_type: str,
    force: bool,
    score_scale: str | None = None,
    reading: ReadOptions | None = None,
) -> int:
    from cjmap.interchange.csv_journey import ScaleMismatch, import_csv

    reading = reading or ReadOptions()
    scale = parse_scale(score_scale)
    if isinstance(scale, int):
        return scale
    base_journey = None
    if base is not None:
        base_journey = _load_valid(base, max_bytes=reading.max_bytes)
        if base_journey is None:
            return EXIT_USAGE if typed_source(base) is None else EXIT_ERRORS
    text = read_input(path, reading)
    if not isinstance(text, str):
        return text
    try:
        imported = import_csv(
            text, base=base_journey, title=title or title_from(path, language, Path(path).stem), language=language, journey_type=journey_type, scale=scale
        )
    except ScaleMismatch as mismatch:  # the options disagree with the base: a usage error
        error(str(mismatch))
        return EXIT_USAGE
    except LocatedError as problem:
        return refuse(path, problem)
    if base is not None and base_journey is not None:
        return _emit_onto_base(imported, base_journey, base=base, path=path, output=output, force=force, reading=reading)
    return emit(imported, path=path, output=output, force=force, comment=f"Imported from {source_name(path)}", reading=reading)


def _emit_onto_base(imported: Imported, base_journey: Journey, *, base: str, path: str, output: str | None, force: bool, reading: ReadOptions) -> int:
    """The base file with only what the rows changed (its comments, order, quoting and
    modeline kept: see files/yaml_edit), validated before anything is written."""
    from cjmap.files.reading import read_limited
    from cjmap.files.yaml_edit import YamlEditError, rebased, updated_yaml
    from cjmap.loader import Limits, load_bytes
    from cjmap.validation import validate_text

    limits = Limits(max_bytes=max(reading.max_bytes, Limits().max_bytes))
    oversized = imported.oversized(limits.max_scalar_chars)
    if oversized:
        return _invalid(path, oversized)
    raw = read_limited(Path(base), limits=limits)
    loaded = load_bytes(raw, limits=limits) if isinstance(raw, bytes) else None
    if not isinstance(raw, bytes) or loaded is None or loaded.data is None:  # it was read and valid a moment ago
        error(f"--base: {base} changed while it was being read; try again")
        return EXIT_ERRORS
    # The rows were merged into the model's dump of the base; carried onto the file's own data,
    # what the dump writes differently (defaults, normal forms) is not a change.
    data = rebased(loaded.data, base_journey.model_dump(mode="json", exclude_unset=True), imported.data)
    try:
        text = updated_yaml(raw.decode("utf-8"), data)
    except YamlEditError as problem:
        error(f"--base: {base}: {problem}")
        return EXIT_ERRORS
    result = validate_text(text, file=output or "<imported>", limits=limits)
    if result.journey is None:
        return _invalid(path, [imported.locate(problem) for problem in result.problems])
    code = _write(text, output=output, force=force, inputs=[Path(path)], announce=False)
    if code == EXIT_OK:
        touchpoints, stages = imported.counts()
        where = visible(output) if output else "standard output"
        sys.stderr.write(f"cjmap: read {imported.read}, wrote {touchpoints:,} touchpoint{'s' if touchpoints != 1 else ''} "
                         f"in {stages:,} stage{'s' if stages != 1 else ''} onto {visible(base)} to {where}\n")
    return code


def title_from(path: str, language: str, stem: str) -> str:
    """The file's name makes the title; standard input has none, so the starter's title."""
    from cjmap.interchange.starter import default_title

    return default_title(language) if path == STDIN else stem


def source_name(path: str) -> str:
    return "standard input" if path == STDIN else Path(path).name


def refuse(path: str, problem: LocatedError) -> int:
    for located in problem.problems:
        sys.stderr.write(located.text(path) + "\n")
    sys.stderr.write(f"cjmap: nothing was imported from {visible(path)}\n")
    return EXIT_ERRORS


def run_export_csv(path: str, *, output: str | None, force: bool, reading: ReadOptions | None = None) -> int:
    from cjmap.interchange.csv_io import export_csv

    journey = _load_valid(path, max_bytes=(reading or ReadOptions()).max_bytes)
    if journey is None:
        return EXIT_USAGE if typed_source(path) is None else EXIT_ERRORS
    return _write(export_csv(journey), output=output, force=force, inputs=[Path(path)])


def _load_valid(path: str, *, max_bytes: int) -> Journey | None:
    """A valid journey, read as validate reads a file it is given; None after reporting why
    not (missing: exit 2 is decided by the caller)."""
    from cjmap.loader import Limits

    result = one_file(path, limits=Limits(max_bytes=max_bytes))
    if result is None:
        return None
    if result.journey is None:
        sys.stderr.write(report("text", [result], color=use_color(sys.stderr)))
    return result.journey


def emit(imported: Imported, *, path: str, output: str | None, force: bool, comment: str, reading: ReadOptions) -> int:
    """Validate the imported journey, report its problems where they are in the imported file,
    write it, and say what was read and written."""
    from cjmap.interchange.yaml_out import journey_yaml
    from cjmap.loader import Limits
    from cjmap.validation import validate_text

    limits = Limits(max_bytes=max(reading.max_bytes, Limits().max_bytes))
    oversized = imported.oversized(limits.max_scalar_chars)
    if oversized:
        return _invalid(path, oversized)
    text = journey_yaml(imported.data, comment=comment)
    result = validate_text(text, file=output or "<imported>", limits=limits)
    if result.journey is None:
        return _invalid(path, [imported.locate(problem) for problem in result.problems])
    # The import's own summary line says what was written where.
    code = _write(text, output=output, force=force, inputs=[Path(path)], announce=False)
    if code == EXIT_OK:
        touchpoints, stages = imported.counts()
        where = visible(output) if output else "standard output"
        counted = f"{touchpoints:,} touchpoint{'s' if touchpoints != 1 else ''} in {stages:,} stage{'s' if stages != 1 else ''}"
        sys.stderr.write(f"cjmap: read {imported.read}, wrote {counted} to {where}\n")
    return code


def _invalid(path: str, problems: list[Located]) -> int:
    for problem in problems:
        sys.stderr.write(problem.text(path) + "\n")
    sys.stderr.write(f"cjmap: the journey imported from {visible(path)} is not valid; nothing was written\n")
    return EXIT_ERRORS


def _write(text: str, *, output: str | None, force: bool, inputs: list[Path], announce: bool = True) -> int:
    from cjmap.files.writing import OutputError, OutputExists, write_atomically

    if output is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        # Without --force the finished file takes its name only if the name is still free.
        write_atomically(Path(output), text.encode("utf-8"), inputs=inputs, replace=force)
    except OutputExists:
        error(f"{output} already exists; use --force to replace it")
        return EXIT_USAGE
    except OutputError as problem:
        error(str(problem))
        return EXIT_USAGE
    if announce:
        sys.stderr.write(f"cjmap: wrote {visible(output)}\n")
    return EXIT_OK
