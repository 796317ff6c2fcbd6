"""The index page of a many-journey render (and of ``cjmap serve``, which uses the same
template) in a real browser: its headers, dates and counts keep their words whole at any window
width, and a very long title or owner breaks inside its own cell instead of widening the table.

Before: the stylesheet put ``overflow-wrap: anywhere`` on the body, which lets a column of a
table laid out by its content shrink to one letter: at 700 px the examples' index showed
"Revi/ewe/d", "Touc/hpoin/ts" and "2026-/10-20", and at 1300 px "Stage/s".

A word is broken when its text spans more than one line: the boxes of a DOM Range over its
letters (``Range.getClientRects``) sit at more than one height.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import chromium
from conftest import EXAMPLES, cli
from sized_journeys import LONG_WORD, sized_journey

WIDTHS = (700, 1300)
WORD_200 = (LONG_WORD * 2)[:200]
TITLE_300 = ("Planning and booking a family trip across three countries with trains, ferries and a rental car, "
             "comparing every option on price, comfort and the time it takes, then changing the plan twice when the "
             "weather turns, and finally telling friends and colleagues how it went in long reviews on every site")
# The words of the cells whose text spans more than one line. A word may end with the hyphen a
# line may break after ("experiencia-cliente" wraps as "experiencia-" and "cliente").
BROKEN_WORDS = """selector => {
    const broken = [];
    for (const cell of document.querySelectorAll(selector)) {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const match of node.data.matchAll(/[^\\s-]+-?/g)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
                if (tops.size > 1) broken.push(match[0]);
            }
        }
    }
    return broken;
}"""
# Cells whose whole text spans more than one line.
WRAPPED_CELLS = """selector => [...document.querySelectorAll(selector)].filter(cell => {
    const range = document.createRange();
    range.selectNodeContents(cell);
    return new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size > 1;
}).map(cell => cell.textContent)"""
# What every index cell had before: the body's ``overflow-wrap: anywhere``, nothing else.
OLD_CELLS = ".index th, .index td { overflow-wrap: anywhere !important; min-width: 0 !important; white-space: normal !important; }"
OVERFLOWING = """selector => [...document.querySelectorAll(selector)].filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.textContent.slice(0, 60))"""


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """Two rendered folders, each with its index: the examples (an English index), and Spanish
    journeys with a 300-character title, a 200-letter word in a title, and one as an owner."""
    root = tmp_path_factory.mktemp("sites")
    journeys = root / "long"
    journeys.mkdir()
    (journeys / "long-title.journey.yaml").write_text(sized_journey(5, spanish=True, title=TITLE_300), encoding="utf-8")
    (journeys / "long-word.journey.yaml").write_text(sized_journey(6, spanish=True, title=f"Renovación {WORD_200}"), encoding="utf-8")
    owner = sized_journey(7, spanish=True, title="Alta de un cliente").replace("owner: cx-team", f"owner: {WORD_200}")
    (journeys / "long-owner.journey.yaml").write_text(owner, encoding="utf-8")
    found = {}
    for name, source in (("examples", EXAMPLES), ("long", journeys)):
        target = root / f"{name}-site"
        run = cli("render", str(source), "-o", str(target))
        assert run.code == 0, run.stderr
        assert run.stderr.endswith(f"cjmap: wrote {target / 'index.html'}\n")
        found[name] = target / "index.html"
    return found


def measure(browser, page_file: Path, width: int, *, style: str = "") -> dict[str, list[str] | int]:
    """What the index shows at a window ``width``, with ``style`` added to its stylesheet."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(page_file.as_uri())
    if style:
        page.add_style_tag(content=style)
    found = {
        "broken_headers": page.evaluate(BROKEN_WORDS, ".index thead th"),
        "broken_types": page.evaluate(BROKEN_WORDS, ".index td.type"),
        "wrapped_dates_and_counts": page.evaluate(WRAPPED_CELLS, ".index td.date, .index td.number"),
        "overflowing": page.evaluate(OVERFLOWING, ".index th, .index td"),
        "page_width": page.evaluate("document.documentElement.scrollWidth"),
        "main_scrolls": page.evaluate("(m => m.scrollWidth - m.clientWidth)(document.querySelector('main'))"),
        "rows": page.evaluate("document.querySelectorAll('.index tbody tr').length"),
    }
    page.close()
    return found


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("site", ["examples", "long"])
def test_index_headers_dates_and_counts_keep_their_words_and_nothing_runs_out(browser, sites, site, width):
    found = measure(browser, sites[site], width)
    assert found["rows"] == (4 if site == "examples" else 3)
    assert found["broken_headers"] == []
    assert found["broken_types"] == []
    assert found["wrapped_dates_and_counts"] == []
    assert found["overflowing"] == []
    assert found["page_width"] <= width  # no sideways scrolling, whatever the title or owner
    assert found["main_scrolls"] == 0


def test_the_long_title_and_word_break_inside_their_cells(browser, sites):
    page = browser.new_page(viewport={"width": 700, "height": 900})
    page.goto(sites["long"].as_uri())
    heights = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('.index tbody tr')].map(row =>
        [row.querySelector('th').textContent.slice(0, 12), row.querySelector('th').getBoundingClientRect().height]))""")
    owner = page.evaluate("""() => [...document.querySelectorAll('.index td.owner')].map(c => c.getBoundingClientRect().height)""")
    page.close()
    line = 14 * 1.45
    assert heights["Renovación D"] > 5 * line and heights["Planning and"] > 5 * line  # wrapped over many lines, in the cell
    assert max(owner) > 5 * line


def test_the_check_sees_words_broken_as_the_old_stylesheet_broke_them(browser, sites):
    """The measure is real: with ``overflow-wrap: anywhere`` on every cell, as the body's rule
    gave them before, the headers and dates of the examples' index break at 700 px."""
    found = measure(browser, sites["examples"], 700, style=OLD_CELLS)
    assert {"Reviewed", "Touchpoints"} <= set(found["broken_headers"])
    assert found["wrapped_dates_and_counts"] != []


@pytest.mark.parametrize("width", WIDTHS)
def test_a_journey_page_with_a_long_owner_and_word_keeps_its_labels_and_the_window_width(browser, tmp_path, width):
    """On the map page the long word and owner break (the map's columns and the header's values
    break anywhere), while the header's labels keep their words and only the map scrolls sideways."""
    source = tmp_path / "long.journey.yaml"
    source.write_text(sized_journey(26, spanish=True, long_word=True).replace("owner: cx-team", f"owner: {WORD_200}"), encoding="utf-8")
    target = tmp_path / "long.html"
    assert cli("render", str(source), "-o", str(target)).code == 0
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(target.as_uri())
    found = {
        "broken_labels": page.evaluate(BROKEN_WORDS, ".meta dt, .card h4, .map thead th.corner, .map th[scope=row]"),
        "overflowing": page.evaluate(OVERFLOWING, "table.map th, table.map td, .card, .meta dd"),
        "page_width": page.evaluate("document.documentElement.scrollWidth"),
        "owner_height": page.evaluate("document.querySelectorAll('.meta dd')[1].getBoundingClientRect().height"),
    }
    page.close()
    assert found["broken_labels"] == []
    assert found["overflowing"] == []
    assert found["page_width"] <= width
    assert found["owner_height"] > 1.5 * 14 * 1.45  # the owner wrapped in place
