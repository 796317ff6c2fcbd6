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

from cjmap.commands.importing import ImportInput, emit, import_input, imported_yaml, refuse, say_written, shown_path, source_name, title_from, write_all
from cjmap.commands.inputs import EXIT_OK, EXIT_USAGE
from cjmap.commands.output import error
from cjmap.commands.reading import ReadOptions
from cjmap.interchange.located import LocatedError
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
    given = import_input(path, score_scale, reading)
    if not isinstance(given, ImportInput):
        return given
    found = journey_blocks(given.text)
    if not found.blocks:
        return refuse(path, LocatedError([found.why_none()]))
    if block is not None and block > len(found.blocks):
        error(f"--block {block}: {shown_path(path)} has {len(found.blocks)} journey block{'s' if len(found.blocks) != 1 else ''}")
        return EXIT_USAGE
    chosen = [found.blocks[block - 1]] if block is not None else found.blocks
    folder = output is not None and (output.endswith(("/", "\\")) or Path(output).is_dir())
    imports = _import_all(chosen, path=path, title=title, language=language, scale=given.scale)
    if isinstance(imports, int):
        return imports
    if len(imports) > 1 and not folder:
        return _too_many(path, imports)
    if block is not None and len(found.blocks) > 1:
        sys.stderr.write(f"cjmap: {_which(block, len(found.blocks), chosen[0])}: {visible(imports[0].title)}\n")
    if folder:
        return _write_each(imports, path=path, folder=Path(output or "."), force=force, reading=reading)
    _tell(imports[0], path)
    return emit(imports[0].imported, path=path, output=output, force=force, comment=_comment(path), reading=reading)


def _which(number: int, count: int, block: Block) -> str:
    return f"journey block {number} of {count} (line {block.fence_line})"


def _comment(path: str) -> str:
    return f"Imported from the Mermaid journey in {source_name(path)}"


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
    listed = "; ".join(f"{n} at line {i.block.fence_line}: {visible(i.title)!r}" for n, i in enumerate(imports, start=1))
    error(
        f"{visible(path)} has {len(imports)} journey blocks ({listed}); import one with --block N, "
        "or each to its own file with -o FOLDER/"
    )
    return EXIT_USAGE


def _tell(one: MermaidImport, path: str) -> None:
    """What Mermaid reads otherwise than the user likely meant (located), and what the journey
    got that the diagram did not say."""
    for warning in one.warnings:
        sys.stderr.write(warning.text(path) + "\n")
    for notice in one.notices:
        sys.stderr.write(f"cjmap: {notice}\n")


def _write_each(imports: list[MermaidImport], *, path: str, folder: Path, force: bool, reading: ReadOptions) -> int:
    """One file per block in ``folder``, named by the journey's id (made unique); each journey
    validated once, then all written or none (a file that exists, without --force, or a
    journey that is not valid, stops the import before anything is written)."""
    from cjmap.commands.modeline import complete, for_file
    from cjmap.interchange.ids import IdMaker

    names = IdMaker()
    targets = [folder / f"{names.make(one.imported.data['journey']['id'], 'journey')}.journey.yaml" for one in imports]
    existing = [target for target in targets if target.exists()]
    if existing and not force:
        listed = ", ".join(visible(str(t)) for t in existing)
        error(f"{listed} already exist{'s' if len(existing) == 1 else ''}; use --force to replace, nothing was written")
        return EXIT_USAGE
    plans = [for_file(target, keep=force) for target in targets]  # before anything is replaced
    texts = []
    for one, plan in zip(imports, plans, strict=True):
        text = imported_yaml(one.imported, path=path, comment=_comment(path), modeline=plan.line, reading=reading)
        if isinstance(text, int):
            return text
        texts.append(text)
    code = write_all(list(zip(targets, texts, strict=True)), inputs=[Path(path)], force=force)
    if code != EXIT_OK:
        return code
    for number, (one, target) in enumerate(zip(imports, targets, strict=True), start=1):
        # A file that is itself the diagram has no blocks to count.
        where = f"{_which(number, len(imports), one.block)}: " if one.block.fence_line else ""
        sys.stderr.write(f"cjmap: {where}{visible(one.title)} → {visible(str(target))}\n")
        _tell(one, path)
        say_written(one.imported, str(target))
    for plan in plans:
        complete(plan)  # one schema for the folder: the first writes it, the others find it there
    return EXIT_OK
