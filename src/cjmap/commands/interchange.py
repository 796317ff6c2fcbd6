"""``cjmap import csv`` (onto a base journey too) and ``cjmap export csv``; ``cjmap import
mermaid`` is :mod:`cjmap.commands.import_mermaid`, and what every import shares is
:mod:`cjmap.commands.importing`.

What is imported is validated before anything is written; an output file that exists is not
overwritten unless --force is given; files are written atomically.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cjmap.commands.importing import emit, parse_scale, refuse, refuse_oversized, say_written, source_name, title_from, validated, write_output
from cjmap.commands.inputs import EXIT_ERRORS, EXIT_OK, EXIT_USAGE, one_file_read
from cjmap.commands.output import error, use_color
from cjmap.commands.reading import ReadOptions, read_input
from cjmap.files.reading import STDIN
from cjmap.interchange.located import LocatedError
from cjmap.reporters import render as report

if TYPE_CHECKING:
    from cjmap.interchange.origins import Imported
    from cjmap.model import Journey


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
    scale = parse_scale(score_scale)  # a bad scale is reported before anything is read
    if isinstance(scale, int):
        return scale
    if base == STDIN and path == STDIN:
        error("the rows and --base cannot both come from standard input; give one of them as a file")
        return EXIT_USAGE
    based: _ValidJourney | None = None
    if base is not None:
        found = _valid_journey(base, max_bytes=reading.max_bytes)
        if isinstance(found, int):
            return found
        based = found
    text = read_input(path, reading)
    if not isinstance(text, str):
        return text
    try:
        imported = import_csv(
            text,
            base=based.journey if based else None,
            title=title or title_from(path, language, Path(path).stem),
            language=language,
            journey_type=journey_type,
            scale=scale,
        )
    except ScaleMismatch as mismatch:  # the options disagree with the base: a usage error
        error(str(mismatch))
        return EXIT_USAGE
    except LocatedError as problem:
        return refuse(path, problem)
    if base is not None and based is not None:
        return _emit_onto_base(imported, based, base=base, path=path, output=output, force=force, reading=reading)
    return emit(imported, path=path, output=output, force=force, comment=f"Imported from {source_name(path)}", reading=reading)


def _emit_onto_base(imported: Imported, based: _ValidJourney, *, base: str, path: str, output: str | None, force: bool, reading: ReadOptions) -> int:
    """The base file with only what the rows changed (its comments, order and quoting kept: see
    files/yaml_edit), validated before anything is written. Its modeline is the base's, the
    path it names made to work from the output's folder, or the replaced file's own
    (commands/modeline.for_base)."""
    from cjmap.commands.modeline import complete, for_base
    from cjmap.files.schema_location import with_modeline
    from cjmap.files.yaml_edit import YamlEditError, rebased, updated_yaml
    from cjmap.loader import Limits, load_bytes

    refused = refuse_oversized(imported, path)
    if refused is not None:
        return refused
    loaded = load_bytes(based.raw, limits=Limits(max_bytes=max(reading.max_bytes, len(based.raw))))  # the bytes validated as the base
    if loaded.data is None:  # pragma: no cover - they were valid a moment ago
        error(f"--base: {base} could not be read again")
        return EXIT_ERRORS
    # The rows were merged into the model's dump of the base; carried onto the file's own data,
    # what the dump writes differently (defaults, normal forms) is not a change.
    data = rebased(loaded.data, based.journey.model_dump(mode="json", exclude_unset=True), imported.data)
    try:
        text = updated_yaml(based.raw.decode("utf-8"), data, current=loaded)
    except YamlEditError as problem:
        error(f"--base: {base}: {problem}")
        return EXIT_ERRORS
    plan = for_base(text, base=base, output=output, keep=force)
    if plan is not None:
        text = with_modeline(text, plan.line)
    checked = validated(imported, text, path=path, file=output or "<imported>", reading=reading)
    if isinstance(checked, int):
        return checked
    code = write_output(text, output=output, force=force, inputs=[Path(path)], announce=False)
    if code == EXIT_OK:
        say_written(imported, output, onto=base)
        if plan is not None:
            complete(plan)
    return code


def run_export_csv(path: str, *, output: str | None, force: bool, reading: ReadOptions | None = None) -> int:
    from cjmap.interchange.csv_io import export_csv

    found = _valid_journey(path, max_bytes=(reading or ReadOptions()).max_bytes)
    if isinstance(found, int):
        return found
    return write_output(export_csv(found.journey), output=output, force=force, inputs=[Path(path)])


@dataclass(frozen=True)
class _ValidJourney:
    """A journey file given to a command (--base, export's input), valid, and the bytes it was
    read from (which import --base edits)."""

    journey: Journey
    raw: bytes


def _valid_journey(path: str, *, max_bytes: int) -> _ValidJourney | int:
    """The journey at ``path`` read once (standard input too) and validated as validate would;
    an exit code after saying why not (2: no such file; 1: unreadable or not valid)."""
    from cjmap.loader import Limits

    found = one_file_read(path, limits=Limits(max_bytes=max_bytes))
    if found is None:
        return EXIT_USAGE
    result, raw = found
    if result.journey is None:
        sys.stderr.write(report("text", [result], color=use_color(sys.stderr)))
        return EXIT_ERRORS
    return _ValidJourney(result.journey, raw)
