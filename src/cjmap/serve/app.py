"""The preview's routes: the index, each journey, the live-reload script and its events.

Nothing else answers: there is no static folder and no directory listing, and a journey's
address is looked up in the site's table (``site.py``), never turned into a file path, so
``..``, encoded or not, finds nothing. The lifespan starts the renders and the file watcher
and stops them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from cjmap.serve.guard import ASGIApp, Guard
from cjmap.serve.live import EVENTS, LIVE_SCRIPT, LIVE_WORKER, SCRIPT, WORKER
from cjmap.serve.site import INDEX, JOURNEYS, Site
from cjmap.serve.watch import Watched, follow

STOP_WATCHING = 2.0  # seconds the watcher is given to stop at shutdown
NOT_FOUND = "not found\n"
log = logging.getLogger("cjmap.serve")


def build(site: Site, watched: Watched, *, port: int) -> ASGIApp:
    async def page(request: Request) -> Response:
        document = site.document(request.scope["path"])
        if document is None:
            return PlainTextResponse(NOT_FOUND, status_code=404)
        await document.ready.wait()  # the first render of this page, in a worker thread
        return HTMLResponse(document.html, status_code=document.status)

    async def script(_request: Request) -> Response:
        return Response(SCRIPT, media_type="text/javascript; charset=utf-8")

    async def worker(_request: Request) -> Response:
        return Response(WORKER, media_type="text/javascript; charset=utf-8")

    async def events(request: Request) -> Response:
        addresses = tuple(dict.fromkeys(request.query_params.getlist("page")))  # each page once, in the order asked
        return StreamingResponse(site.events(addresses), media_type="text/event-stream")

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        stop = asyncio.Event()
        site.start()
        watcher = asyncio.create_task(follow(watched, site.refresh, stop, holds=site.holds, on_templates=site.redraw))
        watcher.add_done_callback(_say_why_watching_stopped)
        try:
            yield
        finally:
            site.close()
            stop.set()
            # Said already by the callback if it failed; the server stops either way.
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await asyncio.wait_for(watcher, STOP_WATCHING)

    routes = [
        Route(INDEX, page, methods=["GET"]),
        Route(JOURNEYS + "{slug}", page, methods=["GET"]),
        Route(LIVE_SCRIPT, script, methods=["GET"]),
        Route(LIVE_WORKER, worker, methods=["GET"]),
        Route(EVENTS, events, methods=["GET"]),
    ]
    async def not_found(_request: Request, _problem: Exception) -> Response:
        return PlainTextResponse(NOT_FOUND, status_code=404)  # one answer for every unknown address

    app = Starlette(routes=routes, lifespan=lifespan, exception_handlers={404: not_found})
    app.router.redirect_slashes = False  # no redirect whose Location comes from the request
    return Guard(app, port=port)


def _say_why_watching_stopped(watcher: asyncio.Task[None]) -> None:
    """The pages stay up when the watcher fails (a watched folder removed, the system's limit
    of watches reached), but the user must know they no longer follow the files."""
    if not watcher.cancelled() and watcher.exception() is not None:
        log.error("the file watcher stopped, pages no longer follow the files: %s", watcher.exception())
