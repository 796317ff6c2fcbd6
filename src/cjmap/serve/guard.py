"""What a request may ask of the preview server, checked before any route sees it.

- The ``Host`` header must name this machine (127.0.0.1, localhost or [::1], with or without
  the server's port): a page on another site whose name the attacker points at 127.0.0.1 (DNS
  rebinding) would otherwise read the journeys through the user's browser. 403 otherwise.
- The target is a path (origin form, ``/…``); an absolute URL (``GET http://evil.example/``,
  a proxy request) is refused with 400.
- GET and HEAD only: the server changes nothing. 405 otherwise.
- HTTP and the lifespan only: a WebSocket (which uvicorn is not built to accept here) is
  closed before it is accepted, and any other kind of connection gets no answer at all.

Every answer, refusals and errors included, carries the security headers: a
Content-Security-Policy as strict as the pages' own, no MIME sniffing, no referrer, no caching
(a stale map is the one thing a preview must never show), and no framing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")
METHODS = ("GET", "HEAD")
POLICY_VIOLATION = 1008  # WebSocket close code (RFC 6455, 7.4.1)
POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'self'; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", POLICY.encode("ascii")),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-resource-policy", b"same-origin"),
)
_OURS = {name for name, _ in SECURITY_HEADERS}


class Guard:
    """ASGI middleware around the app: refuses what it must, adds the headers to every answer."""

    def __init__(self, app: ASGIApp, *, port: int) -> None:
        self.app = app
        self.hosts = frozenset({*LOCAL_HOSTS, *(f"{host}:{port}" for host in LOCAL_HOSTS)})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": POLICY_VIOLATION})  # before accepting: an HTTP 403
            return
        if scope["type"] != "http":
            return  # nothing else is served

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(name, value) for name, value in message.get("headers", []) if name.lower() not in _OURS]
                message["headers"] = [*kept, *SECURITY_HEADERS]
            await send(message)

        refusal = self.refusal(scope)
        if refusal is None:
            await self.app(scope, receive, send_with_headers)
            return
        status, reason, extra = refusal
        body = f"{reason}\n".encode("ascii")
        headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode("ascii")), *extra]
        await send_with_headers({"type": "http.response.start", "status": status, "headers": headers})
        await send_with_headers({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})

    def refusal(self, scope: Scope) -> tuple[int, str, list[tuple[bytes, bytes]]] | None:
        """Why the request is refused (status, reason, extra headers), or None."""
        hosts = [value for name, value in scope["headers"] if name.lower() == b"host"]
        if len(hosts) != 1 or hosts[0].decode("latin-1").lower() not in self.hosts:
            return 403, "cjmap serve answers only requests addressed to 127.0.0.1, localhost or [::1]", []
        if not scope.get("raw_path", scope["path"].encode()).startswith(b"/"):
            return 400, "the request target must be a path such as /", []
        if scope["method"] not in METHODS:
            return 405, "cjmap serve only shows pages: GET and HEAD", [(b"allow", b"GET, HEAD")]
        return None
