"""The file watcher: watchfiles (the operating system's notifications, no polling loop of
ours) over the folders and files being served, telling the site what changed.

Folders are watched recursively. A file named on the command line is watched through its
folder, not by itself: an editor that saves by writing a temporary file and renaming it over
the original replaces the file, and a watch on the old file would see nothing after that.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass

# Milliseconds: yield a batch once the files have been quiet for STEP, and at the latest
# after DEBOUNCE of continuous changes. A save is seen in tens of milliseconds, and the
# truncate-then-write of one save arrives as one batch.
STEP, DEBOUNCE = 30, 300


@dataclass(frozen=True)
class Watched:
    folders: tuple[str, ...]  # absolute, watched recursively
    files: frozenset[str]  # real paths of the files named on the command line

    @classmethod
    def of(cls, paths: Sequence[str]) -> Watched:
        absolute = [os.path.abspath(path) for path in paths]
        return cls(tuple(p for p in absolute if os.path.isdir(p)), frozenset(os.path.realpath(p) for p in absolute if not os.path.isdir(p)))


async def follow(watched: Watched, on_change: Callable[[set[str]], None], stop: asyncio.Event) -> None:
    """Call ``on_change`` with the real paths of each batch of changes (as the site keys its
    files), until ``stop``."""
    import watchfiles

    streams: list[AsyncIterator[set[tuple[watchfiles.Change, str]]]] = []
    if watched.folders:
        streams.append(watchfiles.awatch(*watched.folders, step=STEP, debounce=DEBOUNCE, stop_event=stop, recursive=True))
    if watched.files:
        parents = sorted({os.path.dirname(path) for path in watched.files})

        def named(_change: watchfiles.Change, path: str) -> bool:
            return os.path.realpath(path) in watched.files

        streams.append(watchfiles.awatch(*parents, watch_filter=named, step=STEP, debounce=DEBOUNCE, stop_event=stop, recursive=False))

    async def pump(stream: AsyncIterator[set[tuple[watchfiles.Change, str]]]) -> None:
        async for changes in stream:
            on_change({os.path.realpath(path) for _, path in changes})

    await asyncio.gather(*(pump(stream) for stream in streams))
