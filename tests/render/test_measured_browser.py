"""The measured map in a real browser (Debian's Chromium through Playwright, as test_browser.py):
loaded from file:// with every other request aborted, it draws its inline SVG and asks for
nothing. The screenshot is kept in the test's temporary folder for a person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import chromium
from conftest import DATA, cli

SHOP = DATA / "measured" / "shop.journey.yaml"
RESULTS = DATA / "measured" / "shop.results.json"
ENTERED = (1000, 450, 50)  # the funnel's entered column in shop.results.json


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


def test_the_measured_map_draws_offline(browser, tmp_path: Path) -> None:
    page_file = tmp_path / "measured.html"
    assert cli("render", str(SHOP), "--measured", str(RESULTS), "-o", str(page_file)).code == 0
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    asked: list[str] = []
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    def only_files(route) -> None:  # the network is blocked: anything but file: is aborted, and counted
        asked.append(route.request.url)
        route.continue_() if route.request.url.startswith("file:") else route.abort()

    page.route("**/*", only_files)
    page.goto(page_file.as_uri())
    page.wait_for_load_state("load")
    page.screenshot(path=str(tmp_path / "measured.png"), full_page=True)
    assert asked == [page_file.as_uri()] and errors == []

    paths = page.locator("svg.paths")
    assert paths.is_visible() and paths.locator("g.node").count() == 6
    unplanned = paths.locator("g.edge.unplanned path")
    assert unplanned.count() == 2 and all(unplanned.nth(i).is_visible() for i in range(2))
    dashes = {unplanned.nth(i).evaluate("p => getComputedStyle(p).strokeDasharray") for i in range(2)}
    assert dashes == {"7px, 5px"}  # dashed, as the legend says
    planned = paths.locator("g.edge.planned path")
    assert planned.count() == 6 and planned.first.evaluate("p => getComputedStyle(p).strokeDasharray") == "none"
    assert paths.locator("g.edge text").all_text_contents()[:2] == ["720", "200"]

    bars = page.locator("svg.funnel-bar rect.entered")
    widths = [bars.nth(i).bounding_box()["width"] for i in range(bars.count())]
    assert len(widths) == 3 and widths[0] > 100
    for width, entered in zip(widths, ENTERED, strict=True):
        assert abs(width / widths[0] - entered / ENTERED[0]) < 0.01  # proportional to entered
    assert page.locator("tr.lane-measured td.measured-cell").first.inner_text().startswith("Reach: 1,000 users")
    assert (tmp_path / "measured.png").stat().st_size > 20_000
