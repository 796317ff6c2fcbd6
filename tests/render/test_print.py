"""The HTML map on paper (issue 15): printed to PDF by the system Chromium, read back page by page.

Before: Chromium's "Print to PDF" of a 26-touchpoint map gave columns one word wide with words
running into the next column, and a 13-touchpoint map put its lanes on a page without the stage
and touchpoint header rows (Chromium repeats a <thead> only while it takes at most a quarter of
the page, and the touchpoint details made it taller). Now a map wider than six columns prints
as print-only parts of at most six columns, each from a new page with its own header rows.

Each journey is rendered with the CLI as users do, printed on landscape A4 and Letter with
Playwright (through the print stylesheet, as "Print to PDF" does) and once with Chromium's own
``--headless --print-to-pdf``, and read back with ``pdftotext``: the text of each page
(``-f N -l N``) and the box of each word (``-bbox-layout``).
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pytest

import cjmap
from browser import ARGS, CHROMIUM, chromium
from cjmap.render.print_parts import PRINT_COLUMNS
from cjmap.render.view import JourneyView, build_view
from conftest import EXAMPLES, cli
from sized_journeys import LONG_WORD, sized_journey

SIZED = {
    "sized-5": sized_journey(5),  # fits a page's width: the screen table prints, no print copy
    "sized-13": sized_journey(13),
    "sized-26": sized_journey(26),
    "sized-26-blueprint": sized_journey(26, blueprint=True),
    "sized-26-es-long-word": sized_journey(26, spanish=True, long_word=True),
    "sized-40": sized_journey(40),  # stages of 8 columns: each printed in two pieces
}
EXAMPLE_NAMES = sorted(p.name.split(".")[0] for p in EXAMPLES.glob("*.journey.yaml"))
JOURNEYS = [*EXAMPLE_NAMES, *SIZED]
PAPERS = ("A4", "Letter")
# The narrowest a touchpoint column may print: about 15 characters a line at the print font size.
READABLE_COLUMN_PX = 110
# Each paper's printable area in landscape within the stylesheet's 10 mm margins, in CSS px.
PRINTABLE_PX = {"A4": (round(277 / 25.4 * 96), round(190 / 25.4 * 96)), "Letter": (round(259.4 / 25.4 * 96), round(195.9 / 25.4 * 96))}
XHTML = "{http://www.w3.org/1999/xhtml}"
LANE_HEAD_PT = 90  # the lane headers' column in print, 7.5rem
CELLS = """() => [...document.querySelectorAll('table.map th, table.map td')].filter(cell => cell.offsetParent !== null)"""


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Journey:
    source: Path
    page: Path
    view: JourneyView


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def journeys(tmp_path_factory) -> Callable[[str], Journey]:
    """A journey by name, rendered once per module with the CLI, and its view model."""
    folder = tmp_path_factory.mktemp("maps")
    done: dict[str, Journey] = {}

    def journey(name: str) -> Journey:
        if name not in done:
            source = EXAMPLES / f"{name}.journey.yaml"
            if name in SIZED:
                source = folder / f"{name}.journey.yaml"
                source.write_text(SIZED[name], encoding="utf-8")
            page = folder / f"{name}.html"
            run = cli("render", str(source), "-o", str(page))
            assert (run.code, run.stdout, run.stderr) == (0, "", f"cjmap: wrote {page}\n")
            done[name] = Journey(source, page, build_view(cjmap.load_journey(source)))
        return done[name]

    return journey


@pytest.fixture(scope="module")
def printed(browser, journeys) -> Callable[[str, str], Path]:
    """A journey printed to PDF on a paper, once per module."""
    done: dict[tuple[str, str], Path] = {}

    def pdf(name: str, paper: str) -> Path:
        if (name, paper) not in done:
            done[name, paper] = print_to_pdf(browser, journeys(name).page, paper)
        return done[name, paper]

    return pdf


def print_to_pdf(browser, page_file: Path, paper: str) -> Path:
    page = browser.new_page()
    page.goto(page_file.as_uri())
    target = page_file.with_name(f"{page_file.stem}.{paper}.pdf")
    target.write_bytes(page.pdf(prefer_css_page_size=True, print_background=True, format=paper))
    page.close()
    return target


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


def page_words(pdf: Path, number: int) -> tuple[tuple[float, float], list[Word]]:
    """One page's size and words, with their boxes in points (``pdftotext -f N -l N -bbox-layout``)."""
    command = ["pdftotext", "-f", str(number), "-l", str(number), "-bbox-layout", str(pdf), "-"]
    root = ElementTree.fromstring(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
    page = next(root.iter(f"{XHTML}page"))
    words = [Word(w.text or "", *(float(w.get(k, 0)) for k in ("xMin", "yMin", "xMax", "yMax"))) for w in page.iter(f"{XHTML}word")]
    return (float(page.get("width", 0)), float(page.get("height", 0))), words


def overlapping(words: list[Word], tolerance: float = 0.5) -> list[tuple[str, str]]:
    """Pairs of words whose boxes overlap by more than ``tolerance`` points both ways."""
    ordered = sorted(words, key=lambda w: w.y0)
    found = []
    for index, a in enumerate(ordered):
        for b in ordered[index + 1:]:
            if b.y0 >= a.y1 - tolerance:
                break
            if min(a.x1, b.x1) - max(a.x0, b.x0) > tolerance and min(a.y1, b.y1) - max(a.y0, b.y0) > tolerance:
                found.append((a.text, b.text))
    return found


def pieces(word: str) -> list[str]:
    """A word cut after each hyphen, where a line may break ("check-in" prints as "check-" and "in")."""
    return re.findall(r"[^-]+-?|-", word)


def leading_words(name: str) -> set[str]:
    """The first words of a name: what a header shows of it (a long name is cut to a few lines),
    in pieces, as a line may break them."""
    return {piece for word in name.split()[:3] for piece in pieces(word)}


def tables(view: JourneyView) -> list[tuple[list[str], list[str]]]:
    """Each printed table's stage names and touchpoint names: the print parts, or the whole map."""
    parts = [part.stages for part in view.print_parts] or [view.stages]
    return [([stage.name for stage in stages], [tp.name for stage in stages for tp in stage.touchpoints]) for stages in parts]


def lane_titles(view: JourneyView) -> list[str]:
    """The row headers that mark a page as carrying map lanes, as printed (upper case). "Pain
    points" is left out: the persona cards print that title too."""
    text = view.label
    titles = [text["touchpoint_details"], *(lane.title for lane in view.lanes if lane.kind != "line")]
    titles += [text["goal"]] if view.goal_row else []
    titles += [text["kpis"]] if view.kpi_row else []
    return [title.upper() for title in titles if title != text["pain_points"]]


def check_pages(view: JourneyView, pdf: Path, paper_points: tuple[float, float] | None) -> int:
    """Every page is landscape with no overlapping words; every page with map lanes carries the
    stage header and the touchpoint names of one printed table, above its lanes, and more than
    the KPI row alone. Returns the number of pages with map lanes."""
    wanted = tables(view)
    corner = view.label["stage"]
    with_lanes = 0
    for number in range(1, page_count(pdf) + 1):
        (width, height), words = page_words(pdf, number)
        where = f"{pdf.name} page {number}"
        assert width > height, where
        if paper_points:
            assert abs(width - paper_points[0]) < 2 and abs(height - paper_points[1]) < 2, where
        assert overlapping(words) == [], where
        edge = min((w.x0 for w in words), default=0)
        left = {w.text for w in words if w.x0 < edge + LANE_HEAD_PT}  # the lane headers' column
        lanes = [title for title in lane_titles(view) if set(title.split()) <= left]
        if not lanes:
            continue
        with_lanes += 1
        assert lanes != [view.label["kpis"].upper()], f"{where} holds only the KPI row under the header rows"
        heads = [w for w in words if w.text == corner]
        assert heads, f"{where} carries {lanes} without the '{corner}' header"
        firsts = {title.split()[0] for title in lanes}
        rows = [w for w in words if w.text in firsts and w.x0 <= heads[0].x1]  # the row headers of the lanes
        assert rows and all(w.y0 > heads[0].y0 for w in rows), f"{where}: the header rows are not above the lanes"
        # pdftotext reads a row of header cells line by line across the cells, so names are
        # looked for word by word, among the words above the page's first lane.
        header = {piece for w in words if w.y1 <= min(w.y0 for w in rows) for piece in pieces(w.text)}
        shown = [stages for stages, names in wanted if all(leading_words(name) <= header for name in [*stages, *names])]
        assert shown, f"{where} carries {lanes} without the stage and touchpoint names of any part above them"
    return with_lanes


PAPER_POINTS = {"A4": (842, 595), "Letter": (792, 612)}


def page_texts(pdf: Path) -> list[str]:
    """Each page's text, its white space made single spaces."""
    return [" ".join(subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split())
            for n in range(1, page_count(pdf) + 1)]


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("name", JOURNEYS)
def test_every_printed_page_with_lanes_has_its_header_rows_and_no_words_overlap(journeys, printed, name, paper):
    journey = journeys(name)
    assert check_pages(journey.view, printed(name, paper), PAPER_POINTS[paper]) >= len(tables(journey.view))


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("name", JOURNEYS)
def test_the_source_prints_once_in_the_header_and_no_page_is_left_to_it(journeys, printed, name, paper):
    """Before, the footer ("Made with cjmap from ...") came after the map and began a page of its
    own whenever the last part filled its page (26 and 40 touchpoints, on A4 and Letter)."""
    journey = journeys(name)
    source = f"{journey.view.label['generated_by']} {journey.source.name}"
    texts = page_texts(printed(name, paper))
    assert [number for number, text in enumerate(texts, 1) if source in text] == [1]
    assert texts[0].index(source) < texts[0].index(journey.view.title)  # at the top, beside the kind of map
    assert all(text and text != source for text in texts)


def test_chromium_print_to_pdf_from_the_command_line(journeys, tmp_path):
    """What a user's "Print to PDF" gives: Chromium's own printing, with its default paper
    (Letter here) and its header and footer lines (date, title, address, page numbers)."""
    journey = journeys("sized-26")
    pdf = tmp_path / "map.pdf"
    completed = subprocess.run([CHROMIUM, "--headless", *ARGS, f"--print-to-pdf={pdf}", journey.page.as_uri()],
                               capture_output=True, text=True, timeout=120, check=False)
    assert completed.returncode == 0, completed.stderr
    assert check_pages(journey.view, pdf, None) == 5  # the five stages, six or five columns each, one page each


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("name", JOURNEYS)
def test_under_print_media_no_cell_overflows_and_columns_stay_readable(browser, journeys, name, paper):
    journey = journeys(name)
    width, height = PRINTABLE_PX[paper]
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(journey.page.as_uri())
    page.emulate_media(media="print")
    found = page.evaluate(f"""() => {{
        const cells = ({CELLS})();
        const visible = element => element.offsetParent !== null;
        return {{
            overflowing: cells.filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.textContent.slice(0, 60)),
            columns: [...document.querySelectorAll('tr.lane-touchpoints th[scope=col]')].filter(visible).map(c => c.getBoundingClientRect().width),
            heads: [...document.querySelectorAll('table.map thead')].filter(visible).map(h => h.getBoundingClientRect().height),
            tables: [...document.querySelectorAll('table.map')].filter(visible).length,
            right: Math.max(...[...document.querySelectorAll('table.map')].filter(visible).map(t => t.getBoundingClientRect().right)),
            widths: [...document.querySelectorAll('table.map')].filter(visible).map(t => t.getBoundingClientRect().width),
        }};
    }}""")
    page.close()
    assert found["overflowing"] == []
    assert found["tables"] == len(tables(journey.view))
    assert len(found["columns"]) == journey.view.columns - sum(1 for stage in journey.view.stages if not stage.touchpoints)
    assert min(found["columns"]) >= READABLE_COLUMN_PX
    assert found["right"] <= width + 1  # nothing runs off the paper
    # Every table, a part of a few columns too, is as wide as the page (before, a part of five
    # columns took 85% of it, of two columns 41%, the right of the page blank).
    assert min(found["widths"]) >= 0.95 * width
    # Chromium repeats header rows only while they take at most a quarter of the page.
    assert max(found["heads"]) < height / 4


def test_the_source_is_in_the_footer_on_screen_and_in_the_header_on_paper(browser, journeys):
    journey = journeys("sized-26")
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    page.goto(journey.page.as_uri())
    shown = """() => ['footer', 'header .made-with'].map(s => document.querySelector(s)).map(e => e.offsetParent !== null ? e.innerText : null)"""
    on_screen = page.evaluate(shown)
    page.emulate_media(media="print")
    on_paper = page.evaluate(shown)
    page.close()
    source = f"{journey.view.label['generated_by']} {journey.source.name}"
    assert on_screen == [source, None]
    assert on_paper == [None, source]


def test_on_screen_a_long_word_wraps_in_its_cell(browser, journeys):
    journey = journeys("sized-26-es-long-word")
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    page.goto(journey.page.as_uri())
    found = page.evaluate(f"""() => {{
        const cells = ({CELLS})();
        const long = cells.filter(c => c.innerText.includes({LONG_WORD[:40]!r}));
        return {{
            overflowing: cells.filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.textContent.slice(0, 60)),
            long: long.map(c => [c.scrollWidth, c.clientWidth, c.getBoundingClientRect().height]),
        }};
    }}""")
    page.close()
    assert found["overflowing"] == []
    assert found["long"], "the long word is on the screen map"
    assert all(scroll <= client + 1 and height > 100 for scroll, client, height in found["long"])  # wrapped over many lines


def test_parts_follow_the_stages_and_a_wide_stage_is_continued(journeys):
    view = journeys("sized-40").view
    assert [[(stage.name, stage.span) for stage in part.stages] for part in view.print_parts][:3] == [
        [("Awareness", 4)], [("Awareness (continued)", 4)], [("Consideration", 4)],
    ]
    # A stage that fits stays whole, and neighbours share a part while they fit.
    assert [[(stage.name, stage.span) for stage in part.stages] for part in journeys("travel-booking").view.print_parts] == [
        [("Discovery", 2), ("Compare and plan", 3)], [("Booking", 2), ("Check-in and travel", 3)], [("Advocacy", 2)],
    ]
    assert all(part.columns <= PRINT_COLUMNS for name in JOURNEYS for part in journeys(name).view.print_parts)
    assert journeys("sized-5").view.print_parts == ()


def test_a_stage_s_kpis_print_once_on_its_first_piece(journeys):
    view = journeys("sized-40").view
    pieces = [stage for part in view.print_parts for stage in part.stages]
    assert any(stage.continued for stage in pieces)
    assert all(stage.kpis == () for stage in pieces if stage.continued)
    assert [stage.kpis for stage in pieces if not stage.continued] == [stage.kpis for stage in view.stages]


def test_a_stage_name_cut_in_the_printed_header_is_printed_in_full(browser, tmp_path):
    # A printed stage header shows three lines; the rest of a long name must reach the paper too.
    name = "Stagename " + " ".join(f"word{n:03}" for n in range(40)) + " ENDMARK"
    source = tmp_path / "long-stage.journey.yaml"
    source.write_text(sized_journey(9).replace("    name: Awareness\n", f"    name: {name}\n"), encoding="utf-8")  # the stage's, not its KPI's
    page_file = tmp_path / "long-stage.html"
    assert cli("render", str(source), "-o", str(page_file)).code == 0
    pdf = print_to_pdf(browser, page_file, "A4")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "ENDMARK" in text
    assert [stage.long_name for stage in build_view(cjmap.load_journey(source)).stages] == [True, False, False, False, False]


def test_a_name_of_wide_characters_counts_their_columns():
    # 45 Japanese characters take the room of 90 Latin ones: cut in the header, given in full below.
    japanese = "顧客がアプリをダウンロードしてアカウントを作成する" * 2  # 50 characters, 100 columns
    text = sized_journey(8).replace("Sees an ad on social media (1)", japanese[:45])
    names = {tp.name: tp.long_name for stage in build_view(cjmap.load_journey(text.encode())).stages for tp in stage.touchpoints}
    assert names[japanese[:45]] is True
    assert names["Searches for the price (3)"] is False


def test_a_name_cut_in_the_printed_header_is_printed_in_full_below(browser, journeys):
    journey = journeys("sized-26-es-long-word")
    long_names = [tp.name for stage in journey.view.stages for tp in stage.touchpoints if len(tp.name) > 80]
    assert long_names
    page = browser.new_page(viewport={"width": 1000, "height": 700})
    page.goto(journey.page.as_uri())
    page.emulate_media(media="print")
    shown = page.evaluate("() => [...document.querySelectorAll('.print-parts .full-name')]"
                          ".filter(e => e.offsetParent !== null).map(e => e.textContent)")
    page.close()
    assert sorted(shown) == sorted(long_names)


@pytest.mark.parametrize("name", JOURNEYS)
def test_the_print_copy_reuses_the_curve_and_repeats_no_id(journeys, name):
    """The print parts show windows on the one curve drawing (<use>), so path data is not
    copied per part; they carry no ids, so every id and link target stays unique."""
    journey = journeys(name)
    html = journey.page.read_text(encoding="utf-8")
    assert html.count('<path class="line"') == len(journey.view.curve.series)
    assert html.count('<use href="#curve-drawing"/>') == len(journey.view.print_parts)
    ids = re.findall(r' id="([^"]*)"', html)
    assert len(ids) == len(set(ids))
    assert html.count('<table class="map') == 1 + len(journey.view.print_parts)


def test_the_print_copy_is_deterministic(journeys, tmp_path):
    journey = journeys("sized-26-blueprint")
    again = tmp_path / "again.html"
    assert cli("render", str(journey.source), "-o", str(again)).code == 0
    assert again.read_bytes() == journey.page.read_bytes()
