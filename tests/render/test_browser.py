"""The HTML map in a real browser: headless Chromium (Debian's package) driven by Playwright.

No browser is downloaded: Playwright drives the system's Chromium through ``executable_path``.
``scripts/setup`` (and so CI) installs it. Screenshots go to the test's temporary folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import chromium
from conftest import DATA, EXAMPLES, cli

HOSTILE = DATA / "hostile.journey.yaml"


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


def _open(browser, page_file: Path):
    page = browser.new_page(viewport={"width": 1600, "height": 1200})
    events = {"console": [], "requests": [], "dialogs": [], "errors": []}
    page.on("console", lambda message: events["console"].append(message) if message.type == "error" else None)
    page.on("request", lambda request: events["requests"].append(request.url))
    page.on("dialog", lambda dialog: (events["dialogs"].append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: events["errors"].append(str(error)))
    page.goto(page_file.as_uri())
    page.wait_for_load_state("load")
    return page, events


@pytest.mark.parametrize("journey", [EXAMPLES / "laptop-purchase.journey.yaml", EXAMPLES / "bank-account-opening.journey.yaml"], ids=lambda p: p.stem)
def test_map_renders_offline_without_errors(browser, tmp_path, journey):
    page_file = tmp_path / "map.html"
    assert cli("render", str(journey), "-o", str(page_file)).code == 0
    page, events = _open(browser, page_file)
    page.screenshot(path=str(tmp_path / "map.png"), full_page=True)
    assert events["requests"] == [page_file.as_uri()]  # the page itself, nothing else
    assert events["console"] == [] and events["errors"] == []
    assert page.get_by_role("table").count() == 1
    assert page.locator("svg.curve path").count() >= 1
    assert page.locator("th[scope=colgroup]:visible").count() == 5  # the print parts are hidden on screen
    assert (tmp_path / "map.png").stat().st_size > 10_000
    pdf = page.pdf(landscape=True, print_background=True)  # "Print to PDF" through the print stylesheet
    assert pdf.startswith(b"%PDF")


def test_hostile_strings_are_inert(browser, tmp_path):
    page_file = tmp_path / "hostile.html"
    assert cli("render", str(HOSTILE), "-o", str(page_file)).code == 0
    page, events = _open(browser, page_file)
    page.locator(".tp").first.hover(timeout=5000)  # mouse-over handlers would fire now
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert events["dialogs"] == [] and events["errors"] == []
    assert events["requests"] == [page_file.as_uri()]
    assert page.title().startswith("</title><script>")
    assert page.locator("script, iframe, img").count() == 0
