"""The server: a socket on 127.0.0.1, uvicorn serving the app on it, and a clean stop.

The socket is bound here rather than by uvicorn so that port 0 gives a free port whose number
is known before serving, and so that a taken port is a message, not a log line. Ctrl-C and
SIGTERM are handled on the event loop instead of by uvicorn (which would raise the signal
again once stopped, and wait for every open event stream to end): the first one closes the
event streams at once and stops the server; a second one stops it without waiting.

Any local program can send ``Upgrade: websocket`` (or any ``Upgrade``); uvicorn, built without
a WebSocket library on purpose (live reload uses Server-Sent Events), answers it as plain HTTP
but logs two warnings that advise installing one: they are dropped, the request is not.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import os
import signal
import socket
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import uvicorn

from cjmap.serve.app import build
from cjmap.serve.site import Renderer, Site
from cjmap.serve.watch import Watched

HOST = "127.0.0.1"
GRACE = 1  # seconds open answers are given to end at shutdown before they are cancelled
# uvicorn's warnings on a request with an Upgrade header (uvicorn/protocols/http/h11_impl.py).
UPGRADE_WARNINGS = ("Unsupported upgrade request.", "No supported WebSocket library detected.")


def run(
    paths: Sequence[str],
    renderer: Renderer,
    *,
    port: int,
    on_listening: Callable[[str, int], None],
    log_config: dict[str, Any] | None,
    templates: str | None = None,
) -> int | str:
    """Serve the journeys under ``paths`` until a signal; the signal's number, or why the
    server could not start. ``on_listening(url, journeys)`` is called once it listens; a change
    in the ``templates`` folder redraws every page."""
    listener = bind(port)
    if isinstance(listener, str):
        return listener
    site = Site(paths, renderer)
    bound = listener.getsockname()[1]
    config = uvicorn.Config(
        build(site, Watched.of(paths, templates=templates), port=bound),
        lifespan="on",
        http="h11",  # pure Python, no optional speedups to look for
        ws="none",  # live reload uses Server-Sent Events
        log_config=log_config,
        log_level="warning",
        access_log=False,
        server_header=False,
        proxy_headers=False,
        timeout_graceful_shutdown=GRACE,
    )
    logging.getLogger("uvicorn.error").addFilter(_no_upgrade_advice)  # after the Config: it configures logging
    server = _Server(config, lambda: on_listening(f"http://{HOST}:{bound}/", site.count))
    with listener:
        return asyncio.run(_serve(server, listener, site))


def bind(port: int, *, windows: bool = os.name == "nt") -> socket.socket | str:
    """A listening socket on 127.0.0.1 (never another interface), or why not, in words."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        for level, option, value in address_options(windows=windows):
            listener.setsockopt(level, option, value)
        listener.bind((HOST, port))
        listener.listen(128)
    except OSError as problem:
        listener.close()
        if problem.errno == errno.EADDRINUSE:
            return f"port {port} on {HOST} is in use by another program; choose another with --port, or leave --port out for a free one"
        if problem.errno == errno.EACCES:
            return f"port {port} on {HOST}: permission denied (ports below 1024 need privileges); choose one from 1024 up"
        return f"cannot listen on {HOST}:{port}: {problem.strerror or problem}"
    listener.set_inheritable(False)
    return listener


# Windows' value (winsock2.h: ~SO_REUSEADDR); the socket module names it only on Windows.
SO_EXCLUSIVEADDRUSE = getattr(socket, "SO_EXCLUSIVEADDRUSE", -5)


def address_options(*, windows: bool) -> tuple[tuple[int, int, int], ...]:
    """How the port is held. On POSIX, SO_REUSEADDR lets a restart take the port at once,
    past connections still in TIME_WAIT, while a port another program listens on stays
    refused. On Windows SO_REUSEADDR means something else: a second socket may bind the same
    port and take its connections (``socket.create_server`` leaves it off there for this
    reason); SO_EXCLUSIVEADDRUSE keeps every other socket off the port instead. See
    https://learn.microsoft.com/windows/win32/winsock/using-so-reuseaddr-and-so-exclusiveaddruse"""
    if windows:
        return ((socket.SOL_SOCKET, SO_EXCLUSIVEADDRUSE, 1),)
    return ((socket.SOL_SOCKET, socket.SO_REUSEADDR, 1),)


def _no_upgrade_advice(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith(UPGRADE_WARNINGS)


class _Server(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, on_listening: Callable[[], None]) -> None:
        super().__init__(config)
        self._on_listening = on_listening

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield  # _serve below handles them

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started and not self.should_exit:
            self._on_listening()


async def _serve(server: _Server, listener: socket.socket, site: Site) -> int:
    loop = asyncio.get_running_loop()
    stopped_by: list[int] = []

    def stop(number: int) -> None:
        if stopped_by:
            server.force_exit = True  # asked twice: do not wait for anything
            return
        stopped_by.append(number)
        site.close()  # event streams end now, or the server would wait for them
        server.should_exit = True

    previous = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    # A signal the parent chose to ignore stays ignored (as commands/process.py does).
    handled = [number for number, handler in previous.items() if handler is not signal.SIG_IGN]
    for number in handled:
        _on_signal(loop, number, stop)
    try:
        await server.serve(sockets=[listener])
    finally:
        for number in handled:
            with contextlib.suppress(NotImplementedError):
                loop.remove_signal_handler(number)
            signal.signal(number, previous[number])
    return stopped_by[0] if stopped_by else 0


def _on_signal(loop: asyncio.AbstractEventLoop, number: int, stop: Callable[[int], None]) -> None:
    try:
        loop.add_signal_handler(number, stop, number)
    except NotImplementedError:  # Windows' event loop: a plain handler that hands over to the loop
        signal.signal(number, lambda caught, _frame: loop.call_soon_threadsafe(stop, caught))
