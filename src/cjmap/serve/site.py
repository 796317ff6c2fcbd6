"""The journeys being served: a table from address to page, kept current as files change.

Addresses are looked up here, never joined to a filesystem path: ``/`` is the index and
``/journeys/SLUG`` a journey, where SLUG is made from the file's name when the file is first
seen and kept while the file is there or a page about it is open (a deleted file keeps its
address while a tab shows it, whose page then says the file is gone; the file coming back
brings the map back). A gone file that no open page asks about leaves the table, so files that
come and go (an editor's lock links) do not pile up over a session.

Pages are made by a ``Renderer`` the command hands in, in worker threads, so a journey that
takes long to render blocks nobody; at most one render per journey runs at a time, and saves
that arrive during it collapse into one more render. Finding the journeys again after a change
(a walk of every served folder) runs in a worker thread too, one at a time in the same way.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import threading
import unicodedata
from collections import Counter
from collections.abc import AsyncIterator, Callable, Coroutine, Iterable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any, Protocol, TypeVar

from cjmap.files.reading import Source, discover, journey_stem
from cjmap.serve.live import LIVE_SCRIPT, Broadcaster, digest, stamp

INDEX = "/"
JOURNEYS = "/journeys/"
PARALLEL_RENDERS = 4  # worker threads at once: enough for a folder, bounded for a thousand files
T = TypeVar("T")
log = logging.getLogger("cjmap.serve")


@dataclass(frozen=True)
class Page:
    html: str
    listing: object  # what the index shows for it, in the renderer's own terms


class Renderer(Protocol):
    """What the command knows and this package does not: how a journey becomes a page."""

    def page(self, source: Source, link: str) -> Page:
        """The map, or the located problems when the file does not validate; ``link`` is the
        page's address relative to the index."""
        ...

    def index(self, listings: Sequence[object]) -> str: ...

    def gone(self, name: str, listing: object) -> str:
        """The page of a file deleted or moved away; ``listing``: its last, or None."""
        ...


class Document:
    """One page as served: its HTML, stamped with its version, and its HTTP status."""

    def __init__(self) -> None:
        self.html, self.version, self.status = "", "", 200
        self.ready = asyncio.Event()  # set once the first HTML is in

    def publish(self, html: str, *, status: int = 200) -> bool:
        """Take new HTML; whether anything an open page shows changed."""
        version = digest(html)
        changed = (version, status) != (self.version, self.status)
        self.html, self.version, self.status = stamp(html, version), version, status
        self.ready.set()
        return changed


class Entry(Document):
    """A journey file and its page."""

    def __init__(self, source: Source, slug: str) -> None:
        super().__init__()
        self.source, self.slug = source, slug
        self.address = JOURNEYS + slug
        self.listing: object = None  # None until rendered once
        self.gone = False
        self.busy = self.again = False


class Site:
    def __init__(self, paths: Sequence[str], renderer: Renderer) -> None:
        self._paths, self._renderer = list(paths), renderer
        self.broadcaster = Broadcaster()
        self.index = Document()
        self.rescans = 0  # walks of the served folders after a change, for the tests and logs
        self._by_key: dict[str, Entry] = {}
        self._by_slug: dict[str, Entry] = {}
        self._open: Counter[str] = Counter()  # address → event streams asking about it
        self._index_busy = self._index_again = False
        self._rescan_busy = self._rescan_again = False
        self._changed: set[str] = set()
        self._slots: asyncio.Semaphore | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        for source in discover(self._paths).sources:
            # One file reached two ways (a folder and a file in it, or a link) is one journey:
            # discovery tells them apart by the path as typed, the table by the real path.
            if _key(source) not in self._by_key:
                self._add(source)

    @property
    def count(self) -> int:
        return sum(not entry.gone for entry in self._by_key.values())

    def start(self) -> None:
        """Render every journey, then the index (on the server's event loop)."""
        self._slots = asyncio.Semaphore(PARALLEL_RENDERS)
        self.redraw()

    def document(self, address: str) -> Document | None:
        if address == INDEX:
            return self.index
        return self._by_slug.get(address[len(JOURNEYS) :]) if address.startswith(JOURNEYS) else None

    def versions(self, addresses: Iterable[str]) -> dict[str, str]:
        """The version of each page drawn; "" for an address with no page (an open tab on it
        reloads). A page not drawn yet (just after a restart) is left out until it is: its
        empty version would reload every open tab."""
        found = {address: self.document(address) for address in addresses}
        return {address: document.version if document is not None else "" for address, document in found.items()
                if document is None or document.ready.is_set()}

    async def events(self, addresses: Sequence[str]) -> AsyncIterator[bytes]:
        """The event stream of these pages; while it is open, their journeys stay in the table."""
        self._open.update(addresses)
        try:
            async for chunk in self.broadcaster.stream(lambda: self.versions(addresses)):
                yield chunk
        finally:
            self._open.subtract(addresses)
            self._open = +self._open  # forget the addresses no stream asks about

    def holds(self, path: str) -> bool:
        """Whether a journey being served lies under ``path`` (a real path): a folder deleted or
        moved away, which the watcher reports without the files inside."""
        under = path.rstrip(os.sep) + os.sep
        return any(key.startswith(under) for key in self._by_key)

    def refresh(self, changed: set[str]) -> None:
        """Files changed under the watched paths: find the journeys again (in a worker thread),
        render the ones that changed or appeared, and mark the ones that left."""
        self._changed |= changed
        if self._rescan_busy:
            self._rescan_again = True
            return
        self._rescan_busy = True
        self._spawn(self._rescanning())

    def redraw(self) -> None:
        """Render every journey again, then the index: a template changed."""
        for entry in list(self._by_key.values()):
            if not entry.gone:
                self._render(entry)
        self._render_index()

    def close(self) -> None:
        self.broadcaster.close()
        for task in self._tasks:
            task.cancel()

    async def _rescanning(self) -> None:
        try:
            while True:
                self._rescan_again = False
                changed, self._changed = self._changed, set()
                self.rescans += 1
                try:
                    found = await self._in_thread(discover, self._paths, slot=False)
                except Exception as problem:  # noqa: BLE001 - an unreadable folder must not stop following the others
                    log.error("the served folders could not be searched: %s: %s", type(problem).__name__, problem)
                else:
                    self._take({_key(source): source for source in found.sources}, changed)
                if not self._rescan_again:
                    break
        finally:
            self._rescan_busy = False

    def _take(self, found: dict[str, Source], changed: set[str]) -> None:
        left = False
        for key, entry in list(self._by_key.items()):
            if key not in found and not entry.gone:
                entry.gone = left = True
                if entry.address in self._open:  # an open tab says the file is gone
                    self._settle(entry, self._renderer.gone(entry.source.name, entry.listing), status=410)
            elif key in found and (entry.gone or key in changed):
                entry.gone = False
                self._render(entry)
        for key, entry in list(self._by_key.items()):
            if entry.gone and entry.address not in self._open:
                del self._by_key[key], self._by_slug[entry.slug]
        for key, source in found.items():
            if key not in self._by_key:
                self._render(self._add(source))
        if left:
            self._render_index()

    def _add(self, source: Source) -> Entry:
        entry = Entry(source, _slug(source.name, self._by_slug))
        self._by_key[_key(source)] = self._by_slug[entry.slug] = entry
        return entry

    def _render(self, entry: Entry) -> None:
        if entry.busy:
            entry.again = True  # a save during the render: one more render after it
            return
        entry.busy = True
        self._spawn(self._rendering(entry))

    async def _rendering(self, entry: Entry) -> None:
        try:
            while True:
                entry.again = False
                page = await self._drawn(entry)
                if not entry.again:
                    break
        finally:
            entry.busy = False
        if not entry.gone:
            entry.listing = page.listing
            self._settle(entry, page.html)

    async def _drawn(self, entry: Entry) -> Page:
        try:
            return await self._in_thread(self._renderer.page, entry.source, JOURNEYS.lstrip("/") + entry.slug)
        except Exception as problem:  # noqa: BLE001 - the renderer says its own failures; this is a bug's last stop, not the server's
            log.error("%s could not be drawn: %s: %s", entry.source.name, type(problem).__name__, problem)
            return Page(_failure(entry.source.name, problem), entry.listing)

    def _settle(self, entry: Entry, html: str, *, status: int = 200) -> None:
        if entry.publish(html, status=status):
            self.broadcaster.publish()
        self._render_index()

    def _render_index(self) -> None:
        # The first index waits for every journey's first page; later ones list what is ready.
        if not self.index.ready.is_set() and any(not e.ready.is_set() and not e.gone for e in self._by_key.values()):
            return
        if self._index_busy:
            self._index_again = True
            return
        self._index_busy = True
        self._spawn(self._indexing())

    async def _indexing(self) -> None:
        try:
            while True:
                self._index_again = False
                listings = [e.listing for e in self._by_key.values() if not e.gone and e.listing is not None]
                try:
                    html = await self._in_thread(self._renderer.index, listings)
                except Exception as problem:  # noqa: BLE001 - as in _drawn: the server stays up and says why
                    log.error("the index could not be drawn: %s: %s", type(problem).__name__, problem)
                    html = _failure("the index", problem)
                if not self._index_again:
                    break
        finally:
            self._index_busy = False
        if self.index.publish(html):
            self.broadcaster.publish()

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _in_thread(self, function: Callable[..., T], *args: object, slot: bool = True) -> T:
        """``function(*args)`` in a daemon thread: Ctrl-C never waits for a long render or a
        walk of a large tree to end (an executor's threads, ``asyncio.to_thread``'s, are joined
        at exit). Renders take one of PARALLEL_RENDERS slots; a rescan does not wait for them."""
        if self._slots is None:
            raise RuntimeError("Site.start() must run before anything is drawn")
        async with self._slots if slot else contextlib.nullcontext():
            loop = asyncio.get_running_loop()
            future: asyncio.Future[T] = loop.create_future()

            def work() -> None:
                try:
                    outcome: tuple[T | None, BaseException | None] = (function(*args), None)
                except BaseException as problem:  # noqa: BLE001 - handed to the awaiting task, which raises it
                    outcome = (None, problem)
                with contextlib.suppress(RuntimeError):  # the loop is closed: the server stopped while this rendered
                    loop.call_soon_threadsafe(_settle_future, future, *outcome)

            threading.Thread(target=work, name="cjmap-render", daemon=True).start()
            return await future


def _failure(name: str, problem: Exception) -> str:
    """A page for what the renderer could not draw, with the reload script: the next save
    that fixes it brings the page back."""
    said = escape(f"{name} could not be drawn: {type(problem).__name__}: {problem}")
    return f'<!DOCTYPE html>\n<meta charset="utf-8">\n<script src="{LIVE_SCRIPT}" defer></script>\n<title>cjmap serve</title>\n<p>{said}</p>\n'


def _settle_future(future: asyncio.Future[T], result: T | None, problem: BaseException | None) -> None:
    if future.cancelled():
        return
    if problem is not None:
        future.set_exception(problem)
    else:
        future.set_result(result)  # type: ignore[arg-type]  # None only with a problem


def _key(source: Source) -> str:
    """A file as the watcher names it: the real path (macOS reports /private/tmp for /tmp)."""
    return os.path.realpath(source.path) if source.path is not None else source.name


def _slug(name: str, taken: dict[str, Entry]) -> str:
    """An address segment from a file name: its letters (of any script, lowercased, NFC), marks
    and digits, and ``_``; every other run of characters becomes one ``-``. Links
    percent-encode it (``render.index.relative_url``); it can hold no ``/``, ``.`` or ``%``.
    Unique among the addresses given out."""
    base = journey_stem(name)
    # Marks (category M) are kept: Devanagari's vowel signs and viramas are marks inside words.
    kept = "".join(char if unicodedata.category(char)[0] in "LMN" or char == "_" else "-" for char in unicodedata.normalize("NFC", base.lower()))
    slug = "-".join(part for part in kept.split("-") if part) or "journey"
    candidate, counter = slug, 2
    while candidate in taken:
        candidate, counter = f"{slug}-{counter}", counter + 1
    return candidate
