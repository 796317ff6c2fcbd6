"""The parts of ``cjmap.serve`` through the library: addresses, versions, the guard, and the
site's render scheduling (a flood of saves collapses; a render never blocks the loop)."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import threading
import time
from collections.abc import Callable, Coroutine, Sequence
from typing import Any, TypeVar

import pytest

from cjmap.commands.serve import Pages
from cjmap.files.reading import Source
from cjmap.loader import Limits
from cjmap.serve.guard import Guard
from cjmap.serve.live import LIVE_SCRIPT, digest, stamp
from cjmap.serve.server import SO_EXCLUSIVEADDRUSE, address_options
from cjmap.serve.site import Page, Site, _slug
from cjmap.serve.watch import Watched, follow
from conftest import EXAMPLES

T = TypeVar("T")


@pytest.mark.parametrize(("name", "expected"), [
    ("examples/laptop-purchase.journey.yaml", "laptop-purchase"),
    ("compra-portátil.journey.yml", "compra-portátil"),
    ("Compra-Porta\u0301til.journey.yaml", "compra-portátil"),  # decomposed é: NFC
    ("ПОКУПКА.journey.yaml", "покупка"),
    ("购买 2.journey.yaml", "购买-2"),
    ("हिन्दी.journey.yaml", "हिन्दी"),  # vowel signs and virama are marks inside the word
    ("a\u202eb.journey.yaml", "a-b"),  # a right-to-left override is no letter
    ("../../etc/passwd", "passwd"),
    ("My Journey (v2).journey.yaml", "my-journey-v2"),
    ("..journey.yaml", "journey"),
    ("日本.journey.yaml", "日本"),
    ("🙂.journey.yaml", "journey"),
    ("a%2f..%2fb.journey.yaml", "a-2f-2fb"),
])
def test_addresses_are_plain(name, expected):
    assert _slug(name, {}) == expected


def test_addresses_are_unique():
    taken: dict[str, object] = {}
    for _ in range(3):
        taken[_slug("a/x.journey.yaml", taken)] = None  # type: ignore[arg-type]
    assert list(taken) == ["x", "x-2", "x-3"]


def test_a_version_is_stamped_on_the_script_only():
    forged = 'src=&#34;/_cjmap/live.js&#34; src="/elsewhere"'  # what journey text becomes once escaped
    html = f'<script src="{LIVE_SCRIPT}" defer></script><p>{forged}</p>'
    version = digest(html)
    assert stamp(html, version) == f'<script src="{LIVE_SCRIPT}?v={version}" defer></script><p>{forged}</p>'
    assert digest(html) == digest(str(html)) and len(version) == 16 and digest(html + " ") != version


def _scope(host: bytes | None = b"127.0.0.1:8000", *, method: str = "GET", target: bytes = b"/") -> dict[str, object]:
    headers = [(b"host", host)] if host is not None else []
    return {"type": "http", "method": method, "path": target.decode(), "raw_path": target, "headers": headers}


@pytest.mark.parametrize(("scope", "status"), [
    (_scope(), None),
    (_scope(b"localhost"), None),
    (_scope(b"[::1]:8000"), None),
    (_scope(b"127.0.0.1:8001"), 403),
    (_scope(b"evil.example:8000"), 403),
    (_scope(None), 403),
    (_scope(target=b"http://evil.example/"), 400),
    (_scope(method="POST"), 405),
    (_scope(b"evil.example", method="POST"), 403),
])
def test_the_guard(scope, status):
    refusal = Guard(lambda *_: None, port=8000).refusal(scope)  # type: ignore[arg-type,return-value]
    assert (refusal[0] if refusal else None) == status


class SlowPages:
    """A renderer that takes ``seconds`` per page and counts its calls."""

    def __init__(self, seconds: float) -> None:
        self.seconds, self.calls, self.lock = seconds, 0, threading.Lock()
        self.gate: threading.Event | None = None

    def page(self, source: Source, link: str) -> Page:
        with self.lock:
            self.calls += 1
            number = self.calls
        time.sleep(self.seconds)
        if self.gate is not None:
            assert self.gate.wait(10), "the test never let the render finish"
        return Page(f'<script src="{LIVE_SCRIPT}"></script>{link} render {number}', link)

    def index(self, listings: Sequence[object]) -> str:
        return f"index of {sorted(map(str, listings))}"

    def gone(self, name: str, listing: object) -> str:
        return f"{name} gone, was {listing}"


def test_a_flood_of_saves_collapses_and_the_loop_stays_free(tmp_path):
    journey = tmp_path / "a.journey.yaml"
    journey.write_text("x")
    pages, gate = SlowPages(0), threading.Event()
    pages.gate = gate  # a render waits here while the test holds it

    async def scenario() -> str:
        site = Site([str(tmp_path)], pages)
        gate.set()
        site.start()
        await site.document("/journeys/a").ready.wait()  # type: ignore[union-attr]
        gate.clear()  # the next render stays in flight until the saves are in
        for _ in range(20):
            site.refresh({os.path.realpath(journey)})
            await asyncio.sleep(0.01)  # the loop keeps turning: a render on it would hang here
        await _until(lambda: pages.calls == 2)
        assert site._by_slug["a"].busy and pages.calls == 2  # twenty saves, one render in flight
        gate.set()
        await _until(lambda: pages.calls >= 3 and not site._by_slug["a"].busy)
        site.close()
        return site.document("/journeys/a").html  # type: ignore[union-attr]

    html = bounded(scenario())
    assert pages.calls == 3  # the first render, the one in flight, and one more for the rest
    assert html.endswith("journeys/a render 3") and f'src="{LIVE_SCRIPT}?v=' in html


def bounded(scenario: Coroutine[Any, Any, T], seconds: float = 30) -> T:
    """Run a scenario with a time limit: a regression that stops a render or the index fails
    the test instead of hanging the suite (there is no pytest-timeout)."""
    return asyncio.run(asyncio.wait_for(scenario, seconds))


async def _until(condition: Callable[[], object], seconds: float = 10) -> None:
    """Wait while the site rescans and renders in its threads; fail after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the site never got there"
        await asyncio.sleep(0.01)


def test_files_that_appear_and_leave(tmp_path):
    first = tmp_path / "a.journey.yaml"
    first.write_text("x")
    pages = SlowPages(0)

    async def scenario() -> list[str]:
        site = Site([str(tmp_path)], pages)
        site.start()
        await site.index.ready.wait()
        seen = [site.index.html]
        # A tab shows a's page: its event stream asks about it.
        stream = site.events(["/journeys/a"])
        assert await anext(stream) == b"retry: 500\n\n"
        assert json.loads((await anext(stream))[len(b"data: "):]) == {"/journeys/a": site.document("/journeys/a").version}  # type: ignore[union-attr]
        (tmp_path / "b.journey.yaml").write_text("y")
        first.unlink()
        site.refresh(set())
        await _until(lambda: site.document("/journeys/b") is not None and site.document("/journeys/b").ready.is_set())  # type: ignore[union-attr]
        await _until(lambda: "journeys/b" in site.index.html)
        gone = site.document("/journeys/a")
        assert gone is not None
        # The open tab hears of it: the stream sends the gone page's version.
        assert json.loads((await anext(stream))[len(b"data: "):]) == {"/journeys/a": gone.version}
        seen += [site.index.html, gone.html, str(gone.status)]
        # The tab closes: the next rescan forgets a; its address finds nothing.
        await stream.aclose()
        site.refresh(set())
        await _until(lambda: site.document("/journeys/a") is None)
        site.close()
        return seen

    assert bounded(scenario()) == ["index of ['journeys/a']", "index of ['journeys/b']", f"{first} gone, was journeys/a", "410"]


def test_a_file_given_twice_is_one_journey(tmp_path):
    # The folder and a file in it: discovery keeps both spellings; the page of the second was
    # left in the table, never drawn, and its address hung for good.
    (tmp_path / "a.journey.yaml").write_text("x")
    (tmp_path / "sub").mkdir()

    async def scenario() -> tuple[int, list[str]]:
        site = Site([str(tmp_path), str(tmp_path / "sub" / ".." / "a.journey.yaml")], SlowPages(0))
        site.start()
        await asyncio.wait_for(site.index.ready.wait(), 10)
        document = site.document("/journeys/a")
        assert document is not None
        await asyncio.wait_for(document.ready.wait(), 10)
        addresses = [address for address in ("/journeys/a", "/journeys/a-2", "/journeys/a-3") if site.document(address) is not None]
        site.close()
        return site.count, addresses

    assert bounded(scenario()) == (1, ["/journeys/a"])


def test_files_that_come_and_go_leave_nothing_behind(tmp_path):
    # A scratch journey saved and removed again and again (an export, a copy to try something):
    # each time at the same address, and gone from the table once removed.
    (tmp_path / "x.journey.yaml").write_text("x")
    draft = tmp_path / "draft.journey.yaml"

    async def scenario() -> None:
        site = Site([str(tmp_path)], SlowPages(0))
        site.start()
        await site.index.ready.wait()
        for _ in range(5):
            draft.write_text("y")
            site.refresh(set())
            await _until(lambda: site.document("/journeys/draft") is not None)  # the same address each time: nothing kept it
            draft.unlink()
            site.refresh(set())
            await _until(lambda: site.document("/journeys/draft") is None)
        assert site.document("/journeys/x") is not None and site.count == 1
        site.close()

    bounded(scenario())


class BrokenPages(SlowPages):
    def page(self, source: Source, link: str) -> Page:
        raise RuntimeError("<b>a bug</b>")


def test_a_renderer_that_fails_leaves_the_server_up(tmp_path, caplog):
    (tmp_path / "a.journey.yaml").write_text("x")

    async def scenario() -> tuple[str, str]:
        site = Site([str(tmp_path)], BrokenPages(0))
        site.start()
        await site.index.ready.wait()  # the index does not wait for ever on a page that failed
        page = site.document("/journeys/a")
        site.close()
        return page.html, site.index.html  # type: ignore[union-attr]

    html, index = bounded(scenario())
    assert "a.journey.yaml could not be drawn: RuntimeError: &lt;b&gt;a bug&lt;/b&gt;" in html and f'src="{LIVE_SCRIPT}?v=' in html
    assert index == "index of []"
    assert "could not be drawn: RuntimeError" in caplog.text


def _guarded(scope: dict[str, object]) -> tuple[list[str], list[dict[str, object]]]:
    """What the guarded app saw and what was sent, for one connection of ``scope``."""
    reached: list[str] = []
    sent: list[dict[str, object]] = []

    async def app(scope: dict[str, object], _receive: object, _send: object) -> None:
        reached.append(str(scope["type"]))

    async def receive() -> dict[str, object]:
        return {"type": "websocket.connect"}

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    asyncio.run(Guard(app, port=8000)(scope, receive, send))  # type: ignore[arg-type]
    return reached, sent


def test_the_guard_passes_the_lifespan_and_refuses_other_connections():
    assert _guarded({"type": "lifespan"}) == (["lifespan"], [])
    websocket = {**_scope(), "type": "websocket", "scheme": "ws"}
    assert _guarded(websocket) == ([], [{"type": "websocket.close", "code": 1008}])  # closed before accepting: HTTP 403
    assert _guarded({**_scope(), "type": "webtransport"}) == ([], [])


def test_the_port_is_held_exclusively_on_windows():
    # On Windows SO_REUSEADDR would let another socket bind the port the server listens on.
    assert address_options(windows=True) == ((socket.SOL_SOCKET, SO_EXCLUSIVEADDRUSE, 1),)
    assert SO_EXCLUSIVEADDRUSE == -5  # winsock2.h: ~SO_REUSEADDR (4 there)
    assert [option for _, option, _ in address_options(windows=False)] == [socket.SO_REUSEADDR]


def test_each_stream_sends_its_pages_and_then_only_those_that_moved(tmp_path):
    for name in ("a", "b"):
        (tmp_path / f"{name}.journey.yaml").write_text(name)
    pages = SlowPages(0)

    async def scenario() -> list[dict[str, str]]:
        site = Site([str(tmp_path)], pages)
        site.start()
        await site.index.ready.wait()
        both = site.events(["/journeys/a", "/journeys/b", "/journeys/nothing"])
        await anext(both)  # retry: 500
        said = [json.loads((await anext(both))[len(b"data: "):])]
        site.refresh({os.path.realpath(tmp_path / "b.journey.yaml")})  # only b is drawn again (a new number: a new version)
        said.append(json.loads((await anext(both))[len(b"data: "):]))
        await both.aclose()
        site.close()
        return said

    first, then = bounded(scenario())
    assert set(first) == {"/journeys/a", "/journeys/b", "/journeys/nothing"} and first["/journeys/nothing"] == ""
    assert len(first["/journeys/a"]) == 16 and first["/journeys/a"] != first["/journeys/b"]
    assert list(then) == ["/journeys/b"] and then["/journeys/b"] not in (first["/journeys/b"], "")


def test_files_that_are_not_journeys_cause_no_search_and_folders_moved_in_are_seen(tmp_path):
    served, outside = tmp_path / "served", tmp_path / "outside"
    (served / "out").mkdir(parents=True)
    (served / "a.journey.yaml").write_text("a")
    (outside / "team").mkdir(parents=True)
    (outside / "team" / "b.journey.yaml").write_text("b")

    async def scenario() -> tuple[int, int]:
        site = Site([str(served)], SlowPages(0))
        site.start()
        await site.index.ready.wait()
        stop = asyncio.Event()
        watcher = asyncio.create_task(follow(Watched.of([str(served)]), site.refresh, stop, holds=site.holds, on_templates=site.redraw))
        # A journey saved until the site searches proves the watch is up: the noise after it
        # must then be seen and let through by nothing (a sleep let a slow start pass unseen).
        deadline = time.monotonic() + 10
        while site.rescans == 0:
            assert time.monotonic() < deadline, "the watcher never reported the sentinel journey"
            (served / "sentinel.journey.yaml").write_text("s")
            await asyncio.sleep(0.1)
        await asyncio.sleep(0.5)  # the sentinel's last saves reported
        before = site.rescans
        # What `render -o out/` and editors write: maps, an index, swap and backup files.
        for number in range(200):
            name = ("map-{}.html", "map-{}.svg", ".a.journey.yaml.swp{}", "a.journey.yaml~{}")[number % 4].format(number)
            (served / "out" / name if number % 2 else served / name).write_text("x" * 100)
        await asyncio.sleep(1.0)  # several batches' worth of quiet
        after_noise = site.rescans - before
        (outside / "team").rename(served / "team")  # the folder reports itself, not the file inside
        await _until(lambda: site.document("/journeys/b") is not None)
        (served / "team").rename(outside / "gone")  # and leaves: its journey goes with it
        await _until(lambda: site.document("/journeys/b") is None)
        stop.set()
        await watcher
        site.close()
        return after_noise, site.rescans - before

    after_noise, at_end = bounded(scenario())
    assert after_noise == 0
    assert 2 <= at_end <= 4  # the folder in, the folder out (each perhaps in two batches)


def test_the_index_speaks_the_language_of_the_journeys_that_are_drawn(tmp_path):
    spanish = tmp_path / "es.journey.yaml"
    spanish.write_bytes((EXAMPLES / "laptop-purchase.journey.yaml").read_bytes())
    broken = tmp_path / "roto.journey.yaml"
    broken.write_text("journey: [\n", encoding="utf-8")  # no language of its own
    pages = Pages(templates=None, limits=Limits())
    listings = [pages.page(Source(str(path), path), f"journeys/{path.name.split('.')[0]}").listing for path in (spanish, broken)]
    index = pages.index(listings)
    assert '<html lang="es">' in index and ">roto.journey.yaml no es válido</a>" in index and pages.language == "es"
    # Alone, the broken file is listed in English; its page too, without a language to go by.
    assert '<html lang="en">' in pages.index(listings[1:]) and "roto.journey.yaml does not validate" in pages.index(listings[1:])
    assert "<h1>roto.journey.yaml does not validate</h1>" in pages.page(Source(str(broken), broken), "journeys/roto").html


def test_a_page_not_drawn_yet_has_no_version_to_send(tmp_path):
    # Just after a restart the open tabs reconnect before their pages are drawn again: an
    # empty version then would reload every one of them, changed or not.
    (tmp_path / "a.journey.yaml").write_text("a")

    async def scenario() -> tuple[dict[str, str], str]:
        site = Site([str(tmp_path)], SlowPages(0.3))
        site.start()
        stream = site.events(["/journeys/a"])
        await anext(stream)  # retry: 500
        said = json.loads((await anext(stream))[len(b"data: "):])
        version = site.document("/journeys/a").version  # type: ignore[union-attr]
        await stream.aclose()
        site.close()
        return said, version

    said, version = bounded(scenario())
    assert said == {"/journeys/a": version} and len(version) == 16
