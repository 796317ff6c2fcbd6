"""``cjmap init [PATH]``: write a starter journey; never over an existing file.

Its modeline names the nearest ``journey.schema.json`` (written beside the journey when there
is none: commands/modeline.py), or what ``--schema`` gives, as given.
"""

from __future__ import annotations

import sys
from pathlib import Path

from cjmap.commands import clock
from cjmap.commands.inputs import EXIT_OK, EXIT_USAGE
from cjmap.commands.output import error
from cjmap.text.safe import visible


def run_init(path: str | None, *, journey_type: str, language: str, title: str | None, schema: str | None) -> int:
    from cjmap.commands.modeline import complete, for_file
    from cjmap.commands.writes import write_file
    from cjmap.interchange.starter import default_title, slug, starter_text

    title = title or default_title(language)
    target = Path(path) if path else Path(f"{slug(title)}.journey.yaml")
    # A folder (existing, or named with a trailing /, or without a .yaml/.yml name) gets the file inside.
    if target.is_dir() or (path and (path.endswith(("/", "\\")) or target.suffix not in (".yaml", ".yml"))):
        target = target / f"{slug(title)}.journey.yaml"
    try:
        plan = for_file(target, given=schema)
        text = starter_text(title=title, journey_type=journey_type, language=language, modeline=plan.line, today=clock.today())
    except ValueError as problem:
        error(str(problem))
        return EXIT_USAGE
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as problem:
        error(f"{target.parent}: cannot create the folder: {problem.strerror or problem}")
        return EXIT_USAGE
    # replace=False: the file gets its name only if the name is free, so nothing the user
    # wrote is overwritten, and an interrupted init leaves no half-written starter.
    exists = f"{target} already exists; choose another path (cjmap init never overwrites a file)"
    if write_file(target, text.encode("utf-8"), replace=False, exists=exists) != EXIT_OK:
        return EXIT_USAGE
    shown = visible(str(target))
    sys.stderr.write(f"cjmap: wrote {shown}\n")
    complete(plan)
    sys.stderr.write(f"Next: edit it, then run `cjmap validate {shown}` and `cjmap lint {shown}`.\n")
    return EXIT_OK
