"""``cjmap import mermaid``: a Mermaid ``journey`` diagram (a .mmd file, or the journey blocks of a
Markdown file) into journey files.

Every journey block of a Markdown file becomes its own journey: with ``-o FOLDER/`` (or an
existing folder) one file per block, named by the journey's id; ``--block N`` takes one. Several
blocks and one output (a file, or standard output) is refused, naming the blocks.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from cjmap.commands.inputs import EXIT_ERRORS, EXIT_OK, EXIT_USAGE
from cjmap.commands.interchange import emit, parse_scale, refuse, source_name, title_from
from cjmap.commands.output import error
from cjmap.commands.reading import ReadOptions, read_input
from cjmap.interchange.located import Located, LocatedError
from cjmap.text.safe import visible

if TYPE_CHECKING:
    from cjmap.interchange.markdown_blocks import Block
    from cjmap.interchange.mermaid_in import MermaidImport


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
    from cjmap.interchange.markdown_blocks import journey_blocks

    reading = reading or ReadOptions()
    scale = parse_scale(score_scale)
    if isinstance(scale, int):
        return scale
    text = read_input(path, reading)
    if not isinstance(text, str):
        return text
    found = journey_blocks(text)
    if not found.blocks:
        return refuse(path, LocatedError([Located(0, 0, found.why_none())]))
    if block is not None and block > len(found.blocks):
        error(f"--block {block}: {visible(path)} has {len(found.blocks)} journey block{'s' if len(found.blocks) != 1 else ''}")
        return EXIT_USAGE
    chosen = [found.blocks[block - 1]] if block is not None else found.blocks
    folder = output is not None and (output.endswith(("/", "\\")) or Path(output).is_dir())
    imports = _import_all(chosen, path=path, title=title, language=language, scale=scale)
    if isinstance(imports, int):
        return imports
    if len(imports) > 1 and not folder:
        return _too_many(path, imports)
    if block is not None and len(found.blocks) > 1:
        sys.stderr.write(f"cjmap: journey block {block} of {len(found.blocks)} (line {chosen[0].first_line - 1}): {visible(imports[0].title)!s}\n")
    if folder:
        return _write_each(imports, path=path, folder=Path(output or "."), force=force, reading=reading)
    return _emit(imports[0], path=path, output=output, force=force, reading=reading)


def _import_all(blocks: list[Block], *, path: str, title: str | None, language: str, scale: tuple[int, int] | None) -> list[MermaidImport] | int:
    """Every block imported, or exit 1 after reporting every problem of every block."""
    from cjmap.interchange.mermaid_in import MermaidError, import_block

    fallback = title or title_from(path, language, Path(path).stem.split(".")[0])
    imports, problems = [], []
    for block in blocks:
        try:
            imports.append(import_block(block, title=fallback, language=language, scale=scale))
        except MermaidError as problem:  # noqa: PERF203 - every block's problems are reported, not only the first block's
            problems.extend(problem.problems)
    if problems:
        return refuse(path, LocatedError(problems))
    return imports


def _too_many(path: str, imports: list[MermaidImport]) -> int:
    listed = "; ".join(f"{n} at line {i.block.first_line - 1}: {visible(i.title)!r}" for n, i in enumerate(imports, start=1))
    error(
        f"{visible(path)} has {len(imports)} journey blocks ({listed}); import one with --block N, "
        "or each to its own file with -o FOLDER/"
    )
    return EXIT_USAGE


def _emit(one: MermaidImport, *, path: str, output: str | None, force: bool, reading: ReadOptions) -> int:
    for notice in one.notices:
        sys.stderr.write(f"cjmap: {notice}\n")
    return emit(one.imported, path=path, output=output, force=force, comment=f"Imported from the Mermaid journey in {source_name(path)}", reading=reading)


def _write_each(imports: list[MermaidImport], *, path: str, folder: Path, force: bool, reading: ReadOptions) -> int:
    """One file per block in ``folder``, named by the journey's id (made unique); nothing is
    written when a file exists (without --force) or a journey is not valid."""
    from cjmap.interchange.ids import IdMaker
    from cjmap.interchange.yaml_out import journey_yaml
    from cjmap.validation import validate_text

    names = IdMaker()
    targets = [folder / f"{names.make(one.imported.data['journey']['id'], 'journey')}.journey.yaml" for one in imports]
    existing = [target for target in targets if target.exists()]
    if existing and not force:
        error(f"{', '.join(visible(str(t)) for t in existing)} already exist{'s' if len(existing) == 1 else ''}; use --force to replace, nothing was written")
        return EXIT_USAGE
    for one in imports:  # all valid before any is written
        result = validate_text(journey_yaml(one.imported.data), file="<imported>")
        if result.journey is None:
            for problem in result.problems:
                sys.stderr.write(one.imported.locate(problem).text(path) + "\n")
            sys.stderr.write(f"cjmap: the journeys imported from {visible(path)} are not all valid; nothing was written\n")
            return EXIT_ERRORS
    folder.mkdir(parents=True, exist_ok=True)
    for number, (one, target) in enumerate(zip(imports, targets, strict=True), start=1):
        sys.stderr.write(f"cjmap: journey block {number} of {len(imports)} (line {one.block.first_line - 1}): {visible(one.title)} → {visible(str(target))}\n")
        code = _emit(one, path=path, output=str(target), force=force, reading=reading)
        if code != EXIT_OK:
            return code
    return EXIT_OK
