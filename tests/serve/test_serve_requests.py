"""Hostile requests to a running ``cjmap serve``: traversal (plain and encoded), the journey's
source, folders, foreign hosts (DNS rebinding), proxy-style targets and methods that change
things. None gets file contents or a listing; each gets a 4xx; nothing is written."""

from __future__ import annotations

import shutil

import pytest
from serving import Serving, running, snapshot

from conftest import EXAMPLES

SECRET = "cjmap-secret-7f3a"  # in a file beside the served folder: never in any answer


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    base = tmp_path_factory.mktemp("serve")
    folder = base / "journeys"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(EXAMPLES / "retail-store.journey.yaml", folder)
    shutil.copy(EXAMPLES / "laptop-purchase.journey.yaml", folder / "sub")
    (base / "secret.txt").write_text(SECRET)
    (folder / "notes.txt").write_text(SECRET)
    before = snapshot(base)
    # h11 refuses a request with two Host headers, or none in HTTP/1.1, before cjmap sees it.
    with running(str(folder), also=frozenset({"cjmap: warning: Invalid HTTP request received."})) as serving:
        yield serving, base, folder
    assert snapshot(base) == before  # nothing written, nothing removed, nothing changed


def _forbidden_content(body: bytes, folder) -> list[str]:
    text = body.decode("utf-8", "replace")
    found = [needle for needle in (SECRET, "root:", "cjmap: 1", "touchpoints:", "notes.txt", "sub/", "<a ") if needle in text]
    return found + [path.name for path in folder.rglob("*") if path.name in text]


def test_the_index_and_a_map_are_served(served):
    serving = served[0]
    assert serving.first_line == f"Serving 2 journeys at http://127.0.0.1:{serving.port}/ (Ctrl-C to stop)\n"
    status, headers, body = serving.get("/")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert 'href="./journeys/retail-store"' in body.decode() and 'href="./journeys/laptop-purchase"' in body.decode()
    status, _, body = serving.get("/journeys/laptop-purchase")
    assert status == 200 and "Compra de un portátil Dell en la tienda online" in body.decode()


@pytest.mark.parametrize("target", ["/", "/journeys/retail-store", "/_cjmap/live.js", "/_cjmap/live-worker.js", "/nothing-here", "/../etc/passwd"])
def test_every_answer_carries_the_security_headers(served, target):
    status, headers, _ = served[0].get(target)
    assert status in (200, 404)
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["cache-control"] == "no-store"
    assert "default-src 'none'" in headers["content-security-policy"] and "frame-ancestors 'none'" in headers["content-security-policy"]
    assert "server" not in headers


@pytest.mark.parametrize("target", [
    "/../etc/passwd",
    "/../../../../../../etc/passwd",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
    "/journeys/..%2f..%2f..%2fetc%2fpasswd",
    "/journeys/../../secret.txt",
    "/journeys/%2e%2e/%2e%2e/secret.txt",
    "/journeys/retail-store/../../secret.txt",
    "//etc/passwd",
    "/etc/passwd",
    "/secret.txt",
    "/notes.txt",
    "/retail-store.journey.yaml",
    "/journeys/retail-store.journey.yaml",
    "/sub/laptop-purchase.journey.yaml",
    "/journeys/sub/laptop-purchase",
    "/journeys/",
    "/journeys",
    "/sub/",
    "/sub",
    "/_cjmap/",
    "/index.html",
    "/journeys/retail-store%00.yaml",
    "/journeys/retail-store?file=../secret.txt#",
])
def test_paths_outside_the_table_find_nothing(served, target):
    serving, _, folder = served
    status, _, body = serving.get(target)
    if target.startswith("/journeys/retail-store?"):
        assert status == 200  # the map itself: a query string changes nothing
        assert SECRET not in body.decode()
        return
    assert (status, body) == (404, b"not found\n"), (target, status, body[:200])  # one answer, whatever route missed
    assert _forbidden_content(body, folder) == []


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1.evil.example", "localhost.evil.example:{port}",
                                  "127.0.0.1:1", "", "127.0.0.2:{port}", "0.0.0.0:{port}"])
def test_a_foreign_host_is_refused(served, host):
    serving, _, folder = served
    status, headers, body = serving.get("/journeys/retail-store", headers={"Host": host.format(port=serving.port)})
    assert status == 403 and "nosniff" in headers["x-content-type-options"]
    assert _forbidden_content(body, folder) == [] and b"Buying clothes" not in body


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.1:{port}", "localhost", "LOCALHOST:{port}", "[::1]", "[::1]:{port}"])
def test_the_local_names_are_accepted(served, host):
    serving = served[0]
    status, _, body = serving.get("/journeys/retail-store", headers={"Host": host.format(port=serving.port)})
    assert status == 200 and b"Buying clothes at a Northlane store" in body


def test_two_host_headers_are_refused(served):
    serving: Serving = served[0]
    answer = serving.raw(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{serving.port}\r\nHost: evil.example\r\n\r\n".encode())
    assert answer.startswith((b"HTTP/1.1 403", b"HTTP/1.1 400")), answer[:100]
    assert b"Journeys" not in answer


def test_an_absolute_target_is_refused(served):
    serving: Serving = served[0]
    for target in ("http://evil.example/", f"http://127.0.0.1:{serving.port}/journeys/retail-store", "file:///etc/passwd", "*"):
        answer = serving.raw(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{serving.port}\r\n\r\n".encode())
        assert answer.startswith(b"HTTP/1.1 400"), (target, answer[:100])
        assert b"Buying clothes" not in answer and b"root:" not in answer


def test_without_a_host_header_nothing_is_served(served):
    serving: Serving = served[0]
    answer = serving.raw(b"GET /journeys/retail-store HTTP/1.0\r\n\r\n")
    assert answer.startswith((b"HTTP/1.1 403", b"HTTP/1.0 403")), answer[:100]
    assert b"Buying clothes" not in answer


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND"])
def test_only_get_and_head(served, method):
    serving, _, folder = served
    status, headers, body = serving.get("/journeys/retail-store", method=method)
    assert status == 405 and headers["allow"] == "GET, HEAD"
    assert _forbidden_content(body, folder) == [] and b"Buying clothes" not in body


def test_head_gives_the_headers_only(served):
    status, headers, body = served[0].get("/journeys/retail-store", method="HEAD")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 1000


def test_the_event_stream_sends_the_page_version(served):
    serving: Serving = served[0]
    _, _, page = serving.get("/journeys/retail-store")
    version = page.decode().split('src="/_cjmap/live.js?v=', 1)[1].split('"', 1)[0]
    answer = serving.raw(f"GET /_cjmap/events?page=/journeys/retail-store HTTP/1.1\r\nHost: 127.0.0.1:{serving.port}\r\n\r\n".encode())
    assert b"content-type: text/event-stream" in answer.lower()
    assert f'data: {{"/journeys/retail-store":"{version}"}}\n\n'.encode() in answer


def test_the_worker_is_a_script_of_this_origin(served):
    # A SharedWorker must come from the page's own origin, as a script (script-src 'self').
    status, headers, body = served[0].get("/_cjmap/live-worker.js")
    assert (status, headers["content-type"]) == (200, "text/javascript; charset=utf-8")
    assert b"onconnect" in body and b"new EventSource(\"/_cjmap/events?\"" in body and b"http" not in body
