"""The file watcher: watchfiles (the operating system's notifications, no polling loop of
ours) over the folders and files being served, telling the site what changed.

Folders are watched recursively. A file named on the command line is watched through its
folder, not by itself: an editor that saves by writing a temporary file and renaming it over
the original replaces the file, and a watch on the old file would see nothing after that.

Only changes that can change the table of journeys are handed on, because each one makes the
site search the served folders again: files with a journey suffix, folders that appear (a
folder moved in reports itself, not the files inside), and paths that disappear with served
journeys under them (a folder deleted or moved away). A ``render -o out/`` into a served
folder, an editor's swap and backup files, or a build writing hundreds of files cause nothing.
A ``--templates`` folder is watched too: any change there redraws every page.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cjmap.files.reading import JOURNEY_SUFFIXES

if TYPE_CHECKING:
    import watchfiles

# Milliseconds: yield a batch once the files have been quiet for STEP, and at the latest
# after DEBOUNCE of continuous changes. A save is seen in tens of milliseconds, and the
# truncate-then-write of one save arrives as one batch.
STEP, DEBOUNCE = 30, 300


@dataclass(frozen=True)
class Watched:
    folders: tuple[str, ...]  # absolute, watched recursively
    files: frozenset[str]  # real paths of the files named on the command line
    templates: str | None = None  # absolute: the --templates folder

    @classmethod
    def of(cls, paths: Sequence[str], *, templates: str | None = None) -> Watched:
        absolute = [os.path.abspath(path) for path in paths]
        return cls(
            tuple(p for p in absolute if os.path.isdir(p)),
            frozenset(os.path.realpath(p) for p in absolute if not os.path.isdir(p)),
            os.path.abspath(templates) if templates is not None else None,
        )


def journey_changes(holds: Callable[[str], bool]) -> Callable[[watchfiles.Change, str], bool]:
    """The changes in a served folder worth a new search: watchfiles' default filter (no
    ``.git``, ``node_modules``, swap files), then journey files, new folders, and removed paths
    that ``holds`` (given a real path) says had journeys under them."""
    import watchfiles

    default = watchfiles.DefaultFilter()

    def wanted(change: watchfiles.Change, path: str) -> bool:
        if not default(change, path):
            return False
        if path.endswith(JOURNEY_SUFFIXES):
            return True
        if change == watchfiles.Change.added:
            return os.path.isdir(path)
        return change == watchfiles.Change.deleted and holds(os.path.realpath(path))

    return wanted


async def follow(
    watched: Watched,
    on_change: Callable[[set[str]], None],
    stop: asyncio.Event,
    *,
    holds: Callable[[str], bool],
    on_templates: Callable[[], None],
) -> None:
    """Call ``on_change`` with the real paths of each batch of changes (as the site keys its
    files), and ``on_templates`` when a template changed, until ``stop``."""
    import watchfiles

    def stream(*paths: str, recursive: bool, keep: Callable[[watchfiles.Change, str], bool]) -> AsyncIterator[set[tuple[watchfiles.Change, str]]]:
        return watchfiles.awatch(*paths, watch_filter=keep, step=STEP, debounce=DEBOUNCE, stop_event=stop, recursive=recursive)

    async def pump(changes: AsyncIterator[set[tuple[watchfiles.Change, str]]], tell: Callable[[set[str]], None]) -> None:
        async for batch in changes:
            tell({os.path.realpath(path) for _, path in batch})

    pumps = []
    if watched.folders:
        pumps.append(pump(stream(*watched.folders, recursive=True, keep=journey_changes(holds)), on_change))
    if watched.files:
        parents = sorted({os.path.dirname(path) for path in watched.files})

        def named(_change: watchfiles.Change, path: str) -> bool:
            return os.path.realpath(path) in watched.files

        pumps.append(pump(stream(*parents, recursive=False, keep=named), on_change))
    if watched.templates is not None:
        pumps.append(pump(stream(watched.templates, recursive=True, keep=watchfiles.DefaultFilter()), lambda _paths: on_templates()))
    await asyncio.gather(*pumps)
