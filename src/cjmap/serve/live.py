"""Live reload: the script an open page runs, and the event stream that tells it to reload.

Each page is served with its version (a digest of its HTML) in the address of its script,
``/_cjmap/live.js?v=VERSION``. The script opens ``/_cjmap/events?page=PATH`` (Server-Sent
Events: plain HTTP, so uvicorn needs no WebSocket library) and the server sends the current
version of that page, at once and after every change. A version other than the page's own
means the page is stale: the script keeps the scroll position in sessionStorage and reloads.
Sending the version, not "changed", closes the gap between a page loading and its stream
opening (a save in that gap is still seen) and survives a server restart (versions are
digests, the same from run to run). Nothing here imports starlette: ``app.py`` serves it.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator, Callable

LIVE_SCRIPT = "/_cjmap/live.js"
EVENTS = "/_cjmap/events"
KEEP_ALIVE = 15.0  # seconds between comments on an idle stream, so a dead peer is noticed

SCRIPT = """\
// cjmap serve: reload this page when the server says it changed (see cjmap/serve/live.py).
(function () {
  "use strict";
  var script = document.currentScript;
  var mine = script ? new URL(script.src).searchParams.get("v") : null;
  var place = "cjmap-scroll " + location.pathname;
  var kept = sessionStorage.getItem(place);
  if (kept !== null) {
    sessionStorage.removeItem(place);
    var xy = kept.split(" ");
    window.scrollTo(Number(xy[0]), Number(xy[1]));
  }
  function listen() {
    var events = new EventSource("@EVENTS@?page=" + encodeURIComponent(location.pathname));
    events.onmessage = function (message) {
      if (message.data === mine) { return; }
      events.close();
      sessionStorage.setItem(place, window.scrollX + " " + window.scrollY);
      location.reload();
    };
    events.onerror = function () {
      // A dropped stream is retried by the browser itself; a refused one (the server is
      // restarting) is closed for good, so start again until the server is back.
      if (events.readyState === EventSource.CLOSED) { setTimeout(listen, 1000); }
    };
  }
  listen();
})();
""".replace("@EVENTS@", EVENTS)


def digest(html: str) -> str:
    """A page's version: the same HTML has the same version in every run."""
    return hashlib.sha256(html.encode("utf-8")).hexdigest()[:16]


def stamp(html: str, version: str) -> str:
    """The page with its version in the address of its script. Journey text cannot forge the
    attribute: the templates escape every ``"`` in it, so the first match is the template's."""
    return html.replace(f'src="{LIVE_SCRIPT}"', f'src="{LIVE_SCRIPT}?v={version}"', 1)


class Broadcaster:
    """Wakes every open event stream when any page changes; each stream sends its own page's
    version when that one moved. Lives on the server's event loop."""

    def __init__(self) -> None:
        self._changed = asyncio.Event()
        self.closed = False

    def publish(self) -> None:
        woken, self._changed = self._changed, asyncio.Event()
        woken.set()

    def close(self) -> None:
        """End every stream now (Ctrl-C): the server waits for open answers before it stops."""
        self.closed = True
        self.publish()

    async def stream(self, version_of: Callable[[], str]) -> AsyncIterator[bytes]:
        """Server-Sent Events for one page: its version now, then each new one."""
        yield b"retry: 500\n\n"  # reconnect quickly after a dropped stream
        sent = None
        while not self.closed:
            waiter = self._changed  # taken before reading the version: no change slips between
            current = version_of()
            if current != sent:
                yield f"data: {current}\n\n".encode("ascii")
                sent = current
            try:
                await asyncio.wait_for(waiter.wait(), KEEP_ALIVE)
            except asyncio.TimeoutError:  # the builtin TimeoutError only from Python 3.11
                yield b": keep-alive\n\n"
