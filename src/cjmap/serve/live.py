"""Live reload: the script an open page runs, the shared worker that listens for every page,
and the event stream that says which page changed.

Each page is served with its version (a digest of its HTML) in the address of its script,
``/_cjmap/live.js?v=VERSION``. The server sends versions on ``/_cjmap/events?page=P&page=Q``
(Server-Sent Events: plain HTTP, so uvicorn needs no WebSocket library): a JSON object of page
address → version, for every page asked about on connecting, then for the pages that changed.
A version other than the page's own means the page is stale: the script keeps the scroll
position in sessionStorage and reloads. Sending the version, not "changed", closes the gap
between a page loading and its stream opening (a save in that gap is still seen) and survives
a server restart (versions are digests, the same from run to run).

One stream per browser, not per page: a browser opens at most six HTTP/1.1 connections to one
host and port, shared by all its tabs, so six pages each holding a stream left the seventh
waiting for ever. The page script connects to one ``SharedWorker`` (``/_cjmap/live-worker.js``,
same origin: the pages' ``script-src 'self'`` allows it, as ``worker-src`` falls back to
``script-src``), which holds the one stream for the pages of every tab and tells each tab the
versions of its own page. Where SharedWorker is missing (or fails to start), the page opens
its own stream, and closes it while the tab is hidden, so only the tabs in view hold a
connection; back in view, the first version sent reloads the page if it went stale.

Nothing here imports starlette: ``app.py`` serves it.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import AsyncIterator, Callable, Mapping

LIVE_SCRIPT = "/_cjmap/live.js"
LIVE_WORKER = "/_cjmap/live-worker.js"
EVENTS = "/_cjmap/events"
KEEP_ALIVE = 15.0  # seconds between comments on an idle stream, so a dead peer is noticed
RETRY = 1000  # milliseconds before a page or the worker opens a refused stream again
SHRINK = 2000  # milliseconds the worker waits after a tab leaves before it asks for fewer pages

# The page's script. `page` is the decoded path, as the server names pages (a slug may hold
# letters of any script, which location.pathname gives percent-encoded).
SCRIPT = """\
// cjmap serve: reload this page when the server says it changed (see cjmap/serve/live.py).
(function () {
  "use strict";
  var script = document.currentScript;
  var mine = script ? new URL(script.src).searchParams.get("v") : null;
  var page = location.pathname;
  try { page = decodeURIComponent(page); } catch (malformed) { /* served pages decode */ }
  var place = "cjmap-scroll " + page;
  var kept = sessionStorage.getItem(place);
  var leaving = false;
  var stop = function () {};
  if (kept !== null) {
    sessionStorage.removeItem(place);
    var xy = kept.split(" ");
    window.scrollTo(Number(xy[0]), Number(xy[1]));
  }
  function told(version) {
    if (version === mine || leaving) { return; }
    leaving = true;
    stop();
    sessionStorage.setItem(place, window.scrollX + " " + window.scrollY);
    location.reload();
  }
  function alone() {
    // This page's own stream, open only while the tab is in view.
    var events = null, again = null;
    function open() {
      if (events !== null || leaving || document.visibilityState === "hidden") { return; }
      var opened = events = new EventSource("@EVENTS@?page=" + encodeURIComponent(page));
      opened.onmessage = function (message) {
        var versions = JSON.parse(message.data);
        if (Object.prototype.hasOwnProperty.call(versions, page)) { told(versions[page]); }
      };
      opened.onerror = function () {
        // A dropped stream is retried by the browser itself; a refused one (the server is
        // restarting) is closed for good, so start again until the server is back.
        if (opened.readyState === EventSource.CLOSED && events === opened) {
          events = null;
          again = setTimeout(open, @RETRY@);
        }
      };
    }
    stop = function () {
      clearTimeout(again);
      if (events !== null) { events.close(); events = null; }
    };
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { stop(); } else { open(); }
    });
    open();
  }
  function shared() {
    var worker;
    try {
      worker = new SharedWorker("@WORKER@", {name: "cjmap-live"});
    } catch (refused) {
      return false;
    }
    var fellBack = false;
    worker.onerror = function () {  // the worker's script did not load or run
      if (!fellBack) { fellBack = true; alone(); }
    };
    worker.port.onmessage = function (message) {
      if (message.data && message.data.page === page) { told(message.data.version); }
    };
    var hello = function () { worker.port.postMessage({page: page}); };
    hello();
    window.addEventListener("pagehide", function () { worker.port.postMessage({bye: true}); });
    window.addEventListener("pageshow", function (event) { if (event.persisted) { hello(); } });
    return true;
  }
  if (typeof SharedWorker !== "function" || !shared()) { alone(); }
})();
"""

# The shared worker: one stream for the pages of every tab. It asks for the pages its tabs
# show (reopening the stream when a tab shows a new one, and a while after tabs leave), so
# the server knows which pages are open.
WORKER = """\
// cjmap serve: one event stream for every open page of this browser (see cjmap/serve/live.py).
"use strict";
var tabs = [];
var stream = null;
var asked = "";
var latest = {};
var shrink = null;

function query() {
  var pages = [];
  tabs.forEach(function (tab) { if (pages.indexOf(tab.page) < 0) { pages.push(tab.page); } });
  pages.sort();
  return pages.map(function (page) { return "page=" + encodeURIComponent(page); }).join("&");
}

function open() {
  var wanted = query();
  if (stream !== null && wanted === asked) { return; }
  if (stream !== null) { stream.close(); stream = null; }
  latest = {};
  asked = wanted;
  if (wanted === "") { return; }
  var opened = stream = new EventSource("@EVENTS@?" + wanted);
  opened.onmessage = function (message) {
    var versions = JSON.parse(message.data);
    Object.keys(versions).forEach(function (page) { latest[page] = versions[page]; });
    tabs.forEach(function (tab) {
      if (Object.prototype.hasOwnProperty.call(versions, tab.page)) {
        tab.port.postMessage({page: tab.page, version: versions[tab.page]});
      }
    });
  };
  opened.onerror = function () {
    latest = {};  // nothing is known until the stream is back and says the versions again
    if (opened.readyState === EventSource.CLOSED && stream === opened) {
      stream = null;
      setTimeout(open, @RETRY@);
    }
  };
}

onconnect = function (event) {
  var tab = {port: event.ports[0], page: null};
  tab.port.onmessage = function (message) {
    if (message.data && typeof message.data.page === "string") {
      tab.page = message.data.page;
      if (tabs.indexOf(tab) < 0) { tabs.push(tab); }
      // A page already asked about learns the last version at once (the stream says it only
      // when it changes); a new page is asked about by opening the stream again.
      if (stream !== null && stream.readyState === EventSource.OPEN &&
          Object.prototype.hasOwnProperty.call(latest, tab.page)) {
        tab.port.postMessage({page: tab.page, version: latest[tab.page]});
      }
      open();
    } else if (message.data && message.data.bye) {
      tabs = tabs.filter(function (other) { return other !== tab; });
      clearTimeout(shrink);
      shrink = setTimeout(open, @SHRINK@);
    }
  };
};
"""


def _filled(script: str) -> str:
    for name, value in (("@EVENTS@", EVENTS), ("@WORKER@", LIVE_WORKER), ("@RETRY@", str(RETRY)), ("@SHRINK@", str(SHRINK))):
        script = script.replace(name, value)
    return script


SCRIPT, WORKER = _filled(SCRIPT), _filled(WORKER)


def digest(html: str) -> str:
    """A page's version: the same HTML has the same version in every run."""
    return hashlib.sha256(html.encode("utf-8")).hexdigest()[:16]


def stamp(html: str, version: str) -> str:
    """The page with its version in the address of its script. Journey text cannot forge the
    attribute: the templates escape every ``"`` in it, so the first match is the template's."""
    return html.replace(f'src="{LIVE_SCRIPT}"', f'src="{LIVE_SCRIPT}?v={version}"', 1)


def event(versions: Mapping[str, str]) -> bytes:
    """One Server-Sent Event: page address → version, as one line of ASCII JSON (addresses
    may hold letters of any script; ``\\u`` escapes keep them on the line)."""
    return f"data: {json.dumps(dict(versions), sort_keys=True, separators=(',', ':'))}\n\n".encode("ascii")


class Broadcaster:
    """Wakes every open event stream when any page changes; each stream sends the versions of
    its pages that moved. Lives on the server's event loop."""

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

    async def stream(self, versions_of: Callable[[], Mapping[str, str]]) -> AsyncIterator[bytes]:
        """Server-Sent Events for some pages: their versions now, then each page's new one."""
        yield b"retry: 500\n\n"  # reconnect quickly after a dropped stream
        sent: dict[str, str] = {}
        while not self.closed:
            waiter = self._changed  # taken before reading the versions: no change slips between
            moved = {page: version for page, version in versions_of().items() if sent.get(page) != version}
            if moved:
                yield event(moved)
                sent.update(moved)
            try:
                await asyncio.wait_for(waiter.wait(), KEEP_ALIVE)
            except asyncio.TimeoutError:  # the builtin TimeoutError only from Python 3.11
                yield b": keep-alive\n\n"
