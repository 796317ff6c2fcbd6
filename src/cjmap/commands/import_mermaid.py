"""``cjmap import mermaid``: a Mermaid ``journey`` diagram (a .mmd file, or the journey blocks of a
Markdown file) into journey files."""

from __future__ import annotations

from pathlib import Path

from cjmap.commands.interchange import emit, parse_scale, refuse, source_name, title_from
from cjmap.commands.reading import ReadOptions, read_input
from cjmap.interchange.located import LocatedError


def run_import_mermaid(
    path: str,
    *,
    output: str | None,
    title: str | None,
    language: str,
    score_scale: str | None,
    force: bool,
    block: int | None = None,
    reading: ReadOptions | None = None,
) -> int:
    from cjmap.interchange.mermaid_in import import_mermaid

    reading = reading or ReadOptions()
    scale = parse_scale(score_scale)
    if isinstance(scale, int):
        return scale
    text = read_input(path, reading)
    if not isinstance(text, str):
        return text
    try:
        imported = import_mermaid(text, title=title or title_from(path, language, Path(path).stem.split(".")[0]), language=language, scale=scale)
    except LocatedError as problem:
        return refuse(path, problem)
    return emit(imported, path=path, output=output, force=force, comment=f"Imported from the Mermaid journey in {source_name(path)}", reading=reading)
