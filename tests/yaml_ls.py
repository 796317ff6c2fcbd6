"""A small LSP client for the YAML language server that VS Code's YAML extension runs.

It speaks JSON-RPC with ``Content-Length`` framing over the server's standard input and output
(the Language Server Protocol's base protocol). A reader thread reads every message: responses
are matched to their request by id, requests from the server are answered (the settings for
``workspace/configuration``, as VS Code would send them; ``null`` for the rest), and
notifications are collected. Every wait has a timeout that fails with the server's stderr.

The settings are those of a VS Code user with the extension's defaults, except that the schema
store is off (it would fetch a catalogue from the network) and ``http.proxy`` points at a local
trap (:class:`ProxyTrap`) that counts every connection: any schema the server tries to download
goes there, and the tests assert that nothing does.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SERVER = ROOT / "tests" / "yaml_language_server" / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
TIMEOUT = 30.0


class LanguageServerError(AssertionError):
    """The server did not answer as the protocol says (or in time); the message holds its stderr."""


class ProxyTrap:
    """A TCP listener on 127.0.0.1 that accepts connections, records the first bytes of each
    (``CONNECT cjmap.dev:443 …`` or ``GET http://…``), answers 502 and closes them."""

    def __init__(self) -> None:
        self._socket = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._socket.getsockname()[1]}"
        self.requests: list[bytes] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self._socket.accept()
            except OSError:  # closed
                return
            with connection:
                connection.settimeout(5)
                try:
                    self.requests.append(connection.recv(4096))
                    # Refused at once, so the server gives up instead of waiting on the proxy.
                    connection.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                except OSError:
                    self.requests.append(b"")

    def close(self) -> None:
        self._socket.close()


def settings(proxy: str) -> dict[str, Any]:
    """The sections the server asks for (``yaml``, ``http``, ``[yaml]``, ``editor``), as VS Code sends them."""
    return {
        "yaml": {
            "validate": True, "hover": True, "completion": True, "format": {"enable": True},
            "schemaStore": {"enable": False}, "schemas": {}, "customTags": [], "maxItemsComputed": 5000,
            "disableDefaultProperties": False, "suggest": {"parentSkeletonSelectedFirst": False},
        },
        "http": {"proxy": proxy, "proxyStrictSSL": True},
        "[yaml]": {"editor.tabSize": 2, "editor.insertSpaces": True},
        "editor": {"tabSize": 4, "insertSpaces": True},
    }


class LanguageServer:
    """``yaml-language-server --stdio`` in a child process, initialised for ``root`` (a folder)."""

    def __init__(self, root: Path, *, settings: dict[str, Any]) -> None:
        node = shutil.which("node")
        if node is None or not SERVER.is_file():
            raise LanguageServerError(f"node ({node}) or {SERVER} is missing: run scripts/setup (npm ci in tests/yaml_language_server)")
        self.settings = settings
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 - kept open for the server's life, closed by stop()
        environment = {**os.environ, "HTTP_PROXY": settings["http"]["proxy"], "HTTPS_PROXY": settings["http"]["proxy"], "NO_PROXY": ""}
        self._process = subprocess.Popen(
            [node, str(SERVER), "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr, env=environment, cwd=root,
        )
        self._lock = threading.Condition()
        self._sending = threading.Lock()
        self._responses: dict[int, dict[str, Any]] = {}
        self.notifications: list[dict[str, Any]] = []
        self.server_requests: list[str] = []
        self._next_id = 0
        self._next_version = 0
        self._reader = threading.Thread(target=self._read_all, daemon=True)
        self._reader.start()
        self.capabilities = self.request("initialize", {
            "processId": os.getpid(), "rootUri": root.as_uri(), "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
            "capabilities": {
                "workspace": {"configuration": True, "didChangeConfiguration": {"dynamicRegistration": True}, "workspaceFolders": True},
                "textDocument": {
                    "completion": {"completionItem": {"snippetSupport": True, "documentationFormat": ["markdown", "plaintext"]}},
                    "hover": {"contentFormat": ["markdown", "plaintext"]},
                    "publishDiagnostics": {"relatedInformation": True},
                },
            },
        })["capabilities"]
        self.notify("initialized", {})
        # The server pulls its settings once initialised; documents opened before it has them
        # would be checked without a schema and checked again after.
        self.wait(lambda: "workspace/configuration" in self.server_requests, "the server to ask for its settings")

    # -- the base protocol ------------------------------------------------------------------

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self._process.stdin is not None
        with self._sending:  # the reader thread answers the server's requests meanwhile
            self._process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self._process.stdin.flush()

    def _read_all(self) -> None:
        stream = self._process.stdout
        assert stream is not None
        while True:
            headers: dict[str, str] = {}
            while (line := stream.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("ascii").partition(":")
                headers[name.strip().lower()] = value.strip()
            if not headers:  # end of output: the server exited
                with self._lock:
                    self._lock.notify_all()
                return
            self._dispatch(json.loads(stream.read(int(headers["content-length"]))))

    def _dispatch(self, message: dict[str, Any]) -> None:
        if "method" in message and "id" in message:  # a request from the server, counted once answered
            self._send({"id": message["id"], "result": self._answer(message["method"], message.get("params") or {})})
        with self._lock:
            if "method" in message and "id" in message:
                self.server_requests.append(message["method"])
            if "method" not in message:
                self._responses[message["id"]] = message
            elif "id" not in message:
                self.notifications.append(message)
            self._lock.notify_all()

    def _answer(self, method: str, params: dict[str, Any]) -> Any:
        if method == "workspace/configuration":
            return [self.settings.get(item.get("section", ""), {}) for item in params.get("items", [])]
        return None  # client/registerCapability, window/workDoneProgress/create: accepted

    def request(self, method: str, params: dict[str, Any], *, timeout: float = TIMEOUT) -> Any:
        with self._lock:
            self._next_id += 1
            number = self._next_id
        self._send({"id": number, "method": method, "params": params})
        self.wait(lambda: number in self._responses, f"the answer to {method}", timeout=timeout)
        with self._lock:
            response = self._responses.pop(number)
        if "error" in response:
            raise LanguageServerError(f"{method} failed: {response['error']}\n{self.stderr()}")
        return response.get("result")

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    def wait(self, done: Callable[[], bool], what: str, *, timeout: float = TIMEOUT) -> None:
        """Until ``done()`` holds (checked under the lock, after each message), or fail."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while not done():
                left = deadline - time.monotonic()
                if left <= 0 or self._process.poll() is not None:
                    state = "exited" if self._process.poll() is not None else f"no answer in {timeout:g} s"
                    raise LanguageServerError(f"waiting for {what}: the server {state}\n--- its stderr:\n{self.stderr()}")
                self._lock.wait(min(left, 0.5))

    def stderr(self) -> str:
        self._stderr.seek(0)
        return self._stderr.read().decode("utf-8", errors="replace")[-5000:]

    # -- documents --------------------------------------------------------------------------

    def open(self, path: Path, text: str | None = None) -> str:
        """Open ``path`` (its text on disk unless ``text``) as VS Code would; its URI."""
        uri = path.as_uri()
        content = path.read_text(encoding="utf-8") if text is None else text
        # The server caches a parsed document by URI and version: a document opened again
        # with other text needs a version it has not seen.
        with self._lock:
            self._next_version += 1
            version = self._next_version
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": version, "text": content}})
        return uri

    def close(self, uri: str) -> None:
        """Close ``uri`` and wait for the empty diagnostics the server sends then, so that they
        are not taken for the next opening's."""
        with self._lock:
            after = len(self.notifications)
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        self.diagnostics(uri, after=after)

    def diagnostics(self, uri: str, *, after: int = 0) -> list[dict[str, Any]]:
        """The first diagnostics published for ``uri`` among the notifications from index ``after``."""
        def published() -> dict[str, Any] | None:
            return next((n for n in self.notifications[after:] if n["method"] == "textDocument/publishDiagnostics" and n["params"]["uri"] == uri), None)

        self.wait(lambda: published() is not None, f"diagnostics for {uri}")
        found = published()
        assert found is not None
        return list(found["params"]["diagnostics"])

    def check(self, path: Path, text: str | None = None) -> list[dict[str, Any]]:
        """Open ``path``, wait for its diagnostics, close it: what VS Code would underline."""
        with self._lock:
            after = len(self.notifications)
        uri = self.open(path, text)
        try:
            return self.diagnostics(uri, after=after)
        finally:
            self.close(uri)

    def at(self, method: str, uri: str, line: int, character: int) -> Any:
        """A ``textDocument/<method>`` request at a position (0-based, as LSP counts)."""
        return self.request(f"textDocument/{method}", {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})

    # -- the end ----------------------------------------------------------------------------

    def stop(self) -> None:
        """Shut the server down as the protocol asks; kill it when it does not go."""
        try:
            if self._process.poll() is None:
                self.request("shutdown", {}, timeout=5)
                self.notify("exit", {})
                self._process.wait(timeout=5)
        except (LanguageServerError, OSError, subprocess.TimeoutExpired):
            pass
        finally:
            if self._process.poll() is None:
                self._process.kill()
                self._process.wait(timeout=10)
            for stream in (self._process.stdin, self._process.stdout):
                if stream is not None:
                    stream.close()
            self._reader.join(timeout=5)
            self._stderr.close()

    @property
    def pid(self) -> int:
        return self._process.pid

    @property
    def returncode(self) -> int | None:
        return self._process.poll()
