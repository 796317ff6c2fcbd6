"""A ``cjmap serve`` in a real process, as users start it: the console script, its address
read from stdout, stopped with Ctrl-C (SIGINT). ``running`` runs one for a ``with`` block and
never leaves it running, whatever the test does: a server left behind holds its port and its
folder, and later tests would meet it."""

from __future__ import annotations

import contextlib
import http.client
import os
import select
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from conftest import ROOT, clean_environment

CJMAP = Path(sys.executable).parent / "cjmap"
START = 30.0  # seconds for the server to print its address


@dataclass
class Stopped:
    code: int
    stdout: str
    stderr: str
    seconds: float  # from SIGINT to exit


@dataclass
class Serving:
    process: subprocess.Popen[bytes]
    first_line: str
    url: str
    port: int
    stopped: Stopped | None = field(default=None)

    def get(self, target: str, *, method: str = "GET", headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        """One request, sent as written (no normalising of the target)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request(method, target, headers=headers or {})
            answer = connection.getresponse()
            return answer.status, {name.lower(): value for name, value in answer.getheaders()}, answer.read()
        finally:
            connection.close()

    def raw(self, request: bytes) -> bytes:
        """Bytes on a socket, the answer until the server closes or 2 s of quiet."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=2) as connection:
            connection.sendall(request)
            chunks = []
            try:
                while chunk := connection.recv(65536):
                    chunks.append(chunk)
                    if b"\r\n\r\n" in b"".join(chunks) and _complete(b"".join(chunks)):
                        break
            except TimeoutError:
                pass
            return b"".join(chunks)

    @contextmanager
    def listening(self, *pages: str) -> Iterator[bytes]:
        """An event stream asking about ``pages``, open for the block, as an open tab keeps
        one; yields what the server sent up to the pages' versions."""
        query = "&".join(f"page={quote(page)}" for page in pages)
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as stream:
            stream.sendall(f"GET /_cjmap/events?{query} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n\r\n".encode())
            received = b""
            while b"data: " not in received:
                chunk = stream.recv(4096)
                assert chunk, received
                received += chunk
            yield received

    def wait_for(self, target: str, needle: str, *, seconds: float = 10) -> str:
        """The page at ``target`` once it contains ``needle`` (the watcher and the render run
        in the background); fails after ``seconds``."""
        deadline = time.monotonic() + seconds
        while True:
            _, _, body = self.get(target)
            text = body.decode("utf-8")
            if needle in text or time.monotonic() > deadline:
                assert needle in text, f"{target} never showed {needle!r}"
                return text
            time.sleep(0.05)

    def interrupt(self, *, timeout: float = 10) -> Stopped:
        """Ctrl-C, and how it stopped; a server still running after ``timeout`` is killed and
        the test fails."""
        if self.stopped is None:
            started = time.monotonic()
            self.process.send_signal(signal.SIGINT)
            try:
                out, err = self.process.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
                raise AssertionError(f"cjmap serve did not stop within {timeout} s of Ctrl-C: killed") from None
            self.stopped = Stopped(self.process.returncode, self.first_line + out.decode(), err.decode(), time.monotonic() - started)
        return self.stopped

    def kill(self) -> None:
        """End the process if it still runs, and reap it (no zombie, no open pipes)."""
        if self.process.poll() is None:
            self.process.kill()
        with contextlib.suppress(ValueError, OSError):  # already read to the end by interrupt()
            self.process.communicate(timeout=10)


def _complete(data: bytes) -> bool:
    head, _, body = data.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return len(body) >= int(line.split(b":")[1])
    return False


def start(*args: str, env: dict[str, str] | None = None) -> Serving:
    """``cjmap serve ARGS`` until it prints its address; fails with its output if it exits."""
    process = subprocess.Popen([str(CJMAP), "serve", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
                               env=clean_environment(env))
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], START)
    line = os.read(process.stdout.fileno(), 4096).decode() if ready else ""
    if "http://" not in line:
        process.kill()
        out, err = process.communicate()
        raise AssertionError(f"cjmap serve did not start: {line!r} {out!r} {err!r}")
    url = line.split(" at ", 1)[1].split()[0]
    return Serving(process, line, url, int(url.rsplit(":", 1)[1].strip("/")))


@contextmanager
def running(*args: str, env: dict[str, str] | None = None, also: frozenset[str] = frozenset()) -> Iterator[Serving]:
    """``cjmap serve ARGS`` for the ``with`` block: stopped with Ctrl-C at its end and checked
    as ``finish`` checks (unless the block stopped it itself), and killed if it is still
    running however the block ended (a failed assertion included)."""
    serving = start(*args, env=env)
    try:
        yield serving
        finish(serving, also=also)
    finally:
        serving.kill()


def finish(serving: Serving, *, also: frozenset[str] = frozenset()) -> Stopped:
    """Stop it (if the test did not) and check it stopped as the contract says: exit 0 and
    one line; ``also``: other lines the test caused (uvicorn's one-line warnings)."""
    stopped = serving.interrupt()
    *before, last = stopped.stderr.splitlines()
    assert (stopped.code, last) == (0, "cjmap: stopped"), stopped
    assert set(before) <= also, stopped
    return stopped


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` and its bytes: the server writes nothing there."""
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}
