"""The parts of ``cjmap.serve`` through the library: addresses, versions, the guard, and the
site's render scheduling (a flood of saves collapses; a render never blocks the loop)."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import Sequence

import pytest

from cjmap.files.reading import Source
from cjmap.serve.guard import Guard
from cjmap.serve.live import LIVE_SCRIPT, digest, stamp
from cjmap.serve.site import Page, Site, _slug


@pytest.mark.parametrize(("name", "expected"), [
    ("examples/laptop-purchase.journey.yaml", "laptop-purchase"),
    ("compra-portátil.journey.yml", "compra-portatil"),
    ("../../etc/passwd", "passwd"),
    ("My Journey (v2).journey.yaml", "my-journey-v2"),
    ("..journey.yaml", "journey"),
    ("日本.journey.yaml", "journey"),
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

    def page(self, source: Source, link: str) -> Page:
        with self.lock:
            self.calls += 1
            number = self.calls
        time.sleep(self.seconds)
        return Page(f'<script src="{LIVE_SCRIPT}"></script>{link} render {number}', link)

    def index(self, listings: Sequence[object]) -> str:
        return f"index of {sorted(map(str, listings))}"

    def gone(self, name: str) -> str:
        return f"{name} gone"


def test_a_flood_of_saves_collapses_and_the_loop_stays_free(tmp_path):
    journey = tmp_path / "a.journey.yaml"
    journey.write_text("x")
    pages = SlowPages(0.4)

    async def scenario() -> tuple[float, str]:
        site = Site([str(tmp_path)], pages)
        site.start()
        await site.document("/journeys/a").ready.wait()  # type: ignore[union-attr]
        started = time.monotonic()
        for _ in range(20):
            site.refresh({os.path.realpath(journey)})
            await asyncio.sleep(0.01)  # the loop keeps turning while the thread renders
        busy_for = time.monotonic() - started
        while pages.calls < 3 or site._by_slug["a"].busy:
            await asyncio.sleep(0.05)
        site.close()
        return busy_for, site.document("/journeys/a").html  # type: ignore[union-attr]

    busy_for, html = asyncio.run(scenario())
    assert busy_for < 0.4  # twenty saves taken in while one render sleeps
    assert pages.calls == 3  # the first render, the one in flight, and one more for the rest
    assert html.endswith("journeys/a render 3") and f'src="{LIVE_SCRIPT}?v=' in html


def test_files_that_appear_and_leave(tmp_path):
    first = tmp_path / "a.journey.yaml"
    first.write_text("x")
    pages = SlowPages(0)

    async def scenario() -> list[str]:
        site = Site([str(tmp_path)], pages)
        site.start()
        await site.index.ready.wait()
        seen = [site.index.html]
        (tmp_path / "b.journey.yaml").write_text("y")
        first.unlink()
        site.refresh(set())
        while site.document("/journeys/b") is None or not site.document("/journeys/b").ready.is_set():  # type: ignore[union-attr]
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.1)
        seen += [site.index.html, site.document("/journeys/a").html, str(site.document("/journeys/a").status)]  # type: ignore[union-attr]
        site.close()
        return seen

    assert asyncio.run(scenario()) == ["index of ['journeys/a']", "index of ['journeys/b']", f"{first} gone", "410"]


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

    html, index = asyncio.run(scenario())
    assert "a.journey.yaml could not be drawn: RuntimeError: &lt;b&gt;a bug&lt;/b&gt;" in html and f'src="{LIVE_SCRIPT}?v=' in html
    assert index == "index of []"
    assert "could not be drawn: RuntimeError" in caplog.text
