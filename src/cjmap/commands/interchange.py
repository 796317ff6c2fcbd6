"""``cjmap import mermaid|csv`` and ``cjmap export csv``: journeys in and out of other formats.

What is imported is validated before anything is written; an output file that exists is not
overwritten unless --force is given; files are written atomically.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from cjmap.commands.files import EXIT_ERRORS, EXIT_OK, EXIT_USAGE
from cjmap.commands.output import error, use_color
from cjmap.loader import Limits
from cjmap.reporters import render as report
from cjmap.sources import read_limited

_SCALE = re.compile(r"^\s*(-?\d+)\s*(?:\.\.|:)\s*(-?\d+)\s*$")


def run_import_mermaid(path: str, *, output: str | None, title: str | None, language: str, score_scale: str | None, force: bool) -> int:
    from cjmap.interchange.mermaid_in import MermaidError, diagram_to_journey, extract_diagram, parse_mermaid

    scale = None
    if score_scale is not None:
        match = _SCALE.match(score_scale)
        if match is None or int(match.group(1)) >= int(match.group(2)):
            error(f"--score-scale: {score_scale!r} is not a range such as 0..10")
            return EXIT_USAGE
        scale = (int(match.group(1)), int(match.group(2)))
    text = _read_text(path)
    if text is None:
        return EXIT_USAGE
    body, first_line = extract_diagram(text)
    try:
        diagram = parse_mermaid(body, first_line, scale=scale)
    except MermaidError as problem:
        for line, message in problem.problems:
            sys.stderr.write(f"{path}:{line}: error: {message}\n")
        return EXIT_ERRORS
    data = diagram_to_journey(diagram, title=title or Path(path).stem.split(".")[0], language=language, scale=scale)
    return _emit(data, output=output, force=force, comment=f"Imported from the Mermaid journey in {Path(path).name}")


def run_import_csv(path: str, *, output: str | None, base: str | None, title: str | None, language: str, journey_type: str, force: bool) -> int:
    from cjmap.interchange.csv_io import CsvError
    from cjmap.interchange.csv_journey import journey_from_csv

    base_journey = None
    if base is not None:
        base_journey = _load_valid(base)
        if base_journey is None:
            return EXIT_USAGE if not Path(base).is_file() else EXIT_ERRORS
    text = _read_text(path)
    if text is None:
        return EXIT_USAGE
    try:
        data = journey_from_csv(text, base=base_journey, title=title or Path(path).stem, language=language, journey_type=journey_type)
    except CsvError as problem:
        for row, message in problem.problems:
            sys.stderr.write(f"{path}:{row}: error: {message}\n")
        return EXIT_ERRORS
    return _emit(data, output=output, force=force, comment=f"Imported from {Path(path).name}")


def run_export_csv(path: str, *, output: str | None, force: bool) -> int:
    from cjmap.interchange.csv_io import export_csv

    journey = _load_valid(path)
    if journey is None:
        return EXIT_USAGE if not Path(path).is_file() else EXIT_ERRORS
    return _write(export_csv(journey), output=output, force=force, inputs=[Path(path)])


def _read_text(path: str) -> str | None:
    file = Path(path)
    if not file.is_file():
        error(f"{path}: no such file")
        return None
    raw = read_limited(file, limits=Limits())
    if not isinstance(raw, bytes):
        error(f"{path}: {raw.message}")
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" in the Windows-1252 code page.
        sys.stderr.write(f"cjmap: note: {path} is not UTF-8; reading it as Windows-1252\n")
        return raw.decode("cp1252", errors="replace")


def _load_valid(path: str) -> Any:
    """A valid journey; None after reporting why not (missing: exit 2 is decided by the caller)."""
    from cjmap.validation import validate_file

    if not Path(path).is_file():
        error(f"{path}: no such file")
        return None
    result = validate_file(path)
    if result.journey is None:
        sys.stderr.write(report("text", [result], color=use_color(sys.stderr)))
    return result.journey


def _emit(data: dict[str, Any], *, output: str | None, force: bool, comment: str) -> int:
    from cjmap.interchange.yaml_out import journey_yaml
    from cjmap.validation import validate_text

    text = journey_yaml(data, comment=comment)
    result = validate_text(text, file=output or "<imported>")
    if result.journey is None:
        sys.stderr.write("cjmap: error: the imported journey is not valid; nothing was written:\n")
        sys.stderr.write(report("text", [result], color=use_color(sys.stderr)))
        return EXIT_ERRORS
    return _write(text, output=output, force=force, inputs=[])


def _write(text: str, *, output: str | None, force: bool, inputs: list[Path]) -> int:
    from cjmap.render.writer import OutputError, write_atomically

    if output is None:
        sys.stdout.write(text)
        return EXIT_OK
    target = Path(output)
    if target.exists() and not force:
        error(f"{output} already exists; use --force to replace it")
        return EXIT_USAGE
    try:
        write_atomically(target, text.encode("utf-8"), inputs=inputs)
    except OutputError as problem:
        error(str(problem))
        return EXIT_USAGE
    sys.stderr.write(f"cjmap: wrote {output}\n")
    return EXIT_OK
