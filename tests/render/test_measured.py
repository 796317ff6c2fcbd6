"""`cjmap render --measured RESULTS.json`: the HTML map with measure's numbers, through the CLI
(exit code, stdout and stderr together) and through the library (``render/measured*.py``).

The results files in tests/data/measured/ are hand-made in the shape of MEASURE.md's JSON and
consistent with their journeys. After an intended change of the page, re-record the golden with

    CJMAP_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/render/test_measured.py
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

import cjmap
from cjmap.render.measured import Numbers, build_measured, render_measured_html
from cjmap.render.measured_results import EXIT_DOES_NOT_FIT, EXIT_NOT_RESULTS, ResultsError, parse_results
from cjmap.text.labels import labels
from cjmap.text.templates import environment
from conftest import DATA, TESTS, cli, modules_loaded, run_cjmap

MEASURED = DATA / "measured"
SHOP, SHOP_RESULTS = MEASURED / "shop.journey.yaml", MEASURED / "shop.results.json"
TIENDA, TIENDA_RESULTS = MEASURED / "tienda.journey.yaml", MEASURED / "tienda.results.json"
GOLDEN = TESTS / "render" / "golden" / "measured" / "shop.html"


def _results(**changes: object) -> dict:
    data = json.loads(SHOP_RESULTS.read_text(encoding="utf-8"))
    data.update(changes)
    return data


def _render(tmp_path: Path, results: bytes | dict, *extra: str, journey: Path = SHOP):
    file = tmp_path / "results.json"
    file.write_bytes(results if isinstance(results, bytes) else json.dumps(results).encode())
    out = tmp_path / "map.html"
    return cli("render", str(journey), "--measured", str(file), "-o", str(out), *extra), out


# --- the page -----------------------------------------------------------------------------


def test_the_measured_map_matches_its_golden_bytes(tmp_path: Path) -> None:
    out = tmp_path / "shop.html"
    run = cli("render", str(SHOP), "--measured", str(SHOP_RESULTS), "-o", str(out))
    assert (run.code, run.stdout, run.stderr) == (0, "", f"cjmap: wrote {out}\n")
    actual = out.read_text(encoding="utf-8")
    if os.environ.get("CJMAP_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(actual, encoding="utf-8")
        pytest.fail("recorded the measured golden; run again without CJMAP_UPDATE_GOLDEN")
    assert actual == GOLDEN.read_text(encoding="utf-8"), "the measured map differs from tests/render/golden/measured/shop.html"


def test_a_fresh_process_writes_the_same_bytes_and_loads_no_engine(tmp_path: Path) -> None:
    out = tmp_path / "shop.html"
    run = run_cjmap("render", str(SHOP), "--measured", str(SHOP_RESULTS), "-o", str(out))
    assert (run.code, run.stdout) == (0, "")
    assert out.read_bytes() == GOLDEN.read_bytes()  # no hash seed or set order in the page
    loaded = modules_loaded("render", str(SHOP), "--measured", str(SHOP_RESULTS), "-o", str(tmp_path / "again.html"))
    assert not {"duckdb", "pyspark", "sqlglot", "pandas"} & {name.split(".")[0] for name in loaded}


def test_the_page_shows_reach_steps_funnel_paths_deviations_and_kpis() -> None:
    page = GOLDEN.read_text(encoding="utf-8")
    cells = re.findall(r'<td class="measured-cell">(.*?)</td>', page)
    assert len(cells) == 6  # one per touchpoint, in the screen table (the page fits: no print parts)
    assert "Reach: <strong>1,000</strong> users" in cells[0] and "Product search</bdi>: <strong>69%</strong>" in cells[0]
    assert "Add to cart</bdi>: <strong>18%</strong>" in cells[0]  # both planned steps out of the landing page
    assert "35 failed" in cells[3] and "Support chat</bdi>: <strong>13.3%</strong>" in cells[3]
    assert "Payment" not in cells[3].split("→")[0]  # the unplanned pay → cart is not a step of the map
    assert page.count('class="edge planned') == 6 and page.count('class="edge unplanned"') == 2
    assert page.count('<g class="node">') == 6
    assert re.findall(r'class="entered" x="0" y="0" width="([\d.]+)"', page) == ["300.0", "135.0", "15.0"]
    assert "<td class=\"num\">60 min</td><td class=\"num\">24 h</td>" in page  # p50 3600 s, p90 86400 s
    assert page.count('<li class="deviation dev-') == 4
    assert "Payment → Add to cart goes back against the journey&#39;s order: 66.7% of the steps out of Payment (90)" in page
    assert "Period</dt><dd>2024-01-01 to 2024-03-31" in page and "Conversion window</dt><dd>7d" in page
    # The map's KPI row shows the measured actual against the target.
    assert "Checkout conversion</strong> <span class=\"note inline\">(Conversion rate)</span>: 71.43% (target 60%)" in page
    assert "<script" not in page and not re.search(r'(src|href)="(?!#)|url\((?!#)', page)  # nothing to fetch: works offline


def test_spanish_words_and_numbers(tmp_path: Path) -> None:
    run, out = _render(tmp_path, TIENDA_RESULTS.read_bytes(), journey=TIENDA)
    assert run.code == 0, run.stderr
    page = out.read_text(encoding="utf-8")
    assert "Alcance: <strong>12\u00a0345</strong> sesiones" in page  # five digits grouped by a space
    assert "Alcance: <strong>4321</strong>" in page  # four digits are not (RAE)
    assert "<td class=\"num\">28,6\u00a0%</td>" in page and "<td class=\"num\">1,5 h</td>" in page
    assert "Ficha del producto</bdi>: <strong>32,4\u00a0%</strong>" in page  # no conversion in the file: 4000 / 12345
    assert "Embudo por etapas" in page and "No se encontró ninguna." in page and "fuera de objetivo" in page


def test_numbers_by_language() -> None:
    en, es = Numbers(labels("en")), Numbers(labels("es"))
    assert (en.whole(1234567), es.whole(1234567), es.whole(1234)) == ("1,234,567", "1\u00a0234\u00a0567", "1234")
    assert (en.percent(0.2857), es.percent(0.2857), en.percent(None)) == ("28.6%", "28,6\u00a0%", "—")
    assert (en.amount(71.43, "%"), en.amount(1900, "€"), en.amount(18.5, "points"), es.amount(3.0, None)) == ("71.43%", "1,900€", "18.5 points", "3")
    assert [en.duration(s) for s in (45, 89, 90, 5400, 86400, 129600, 201600.5)] == ["45 s", "89 s", "2 min", "1.5 h", "24 h", "1.5 d", "2.3 d"]
    assert en.decimal(-0.001, 2) == "0"


def test_a_kpi_note_follows_its_definition_as_measure_shows_it(tmp_path: Path) -> None:
    note = "the values run 0..100, not 0..10: is this column an NPS score? <b>&</b>"
    kpi = _results()["kpis"][0]
    unmeasured = dict(kpi, id="unmeasured", actual=None, on_target=None, reason="no unit had a `cart` event in the period", note="a doubt")
    run, out = _render(tmp_path, _results(kpis=[dict(kpi, note=note), unmeasured]))
    assert (run.code, run.stdout) == (0, "")
    page = out.read_text(encoding="utf-8")
    assert ('<span class="note">pair conversion cart → pay within 7d, users (the values run 0..100, not 0..10: '
            'is this column an NPS score? &lt;b&gt;&amp;&lt;/b&gt;)</span>') in page  # the data's words, escaped
    assert '<span class="note">not measured: no unit had a `cart` event in the period (a doubt)</span>' in page
    journey = cjmap.load_journey(SHOP)
    view = build_measured(journey, parse_results(json.dumps(_results(kpis=[dict(kpi, note="n")])).encode(), journey, stem="shop"))
    assert view.kpis[0].definition == "pair conversion cart → pay within 7d, users (n)"
    assert build_measured(journey, parse_results(SHOP_RESULTS.read_bytes(), journey, stem="shop")).kpis[0].definition == kpi["definition"]  # no note: none shown
    with pytest.raises(ResultsError) as caught:
        parse_results(json.dumps(_results(kpis=[dict(kpi, note=7)])).encode(), journey, stem="shop")
    assert (caught.value.where, caught.value.exit_code) == ("kpis[0].note", EXIT_NOT_RESULTS)


def test_hostile_names_are_escaped_and_cannot_reorder_the_picture(tmp_path: Path) -> None:
    evil = '<script>alert(1)</script> "quoted" \u202eevil\u202c & more'
    journey_text = SHOP.read_text(encoding="utf-8").replace("name: Landing page", f"name: {json.dumps(evil)}")
    journey = tmp_path / "shop.journey.yaml"
    journey.write_text(journey_text, encoding="utf-8")
    run, out = _render(tmp_path, SHOP_RESULTS.read_bytes(), journey=journey)
    assert run.code == 0, run.stderr
    page = out.read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    labels_in_svg = re.findall(r'<text class="node-name"[^>]*>([^<]*)</text>', page)
    assert labels_in_svg[0] == "&lt;script&gt;alert(1)&lt;…"  # cut to the box, without its bidi override
    assert not any("\u202e" in label for label in labels_in_svg)
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt; &#34;quoted&#34; \u202eevil\u202c &amp; more</title>" in page  # whole in the tooltip


# --- what is refused ----------------------------------------------------------------------

NOT_RESULTS = [
    (b"{not json", "not JSON: Expecting property name enclosed in double quotes at line 1, column 2"),
    (b"[1, 2]", "expected the JSON object `cjmap measure -f json` writes, found a list"),
    (b"\xff\xfe{}", "not UTF-8 text (byte 0): not the JSON `cjmap measure -f json` writes"),
    (b'{"journey": "shop", "x": NaN}', "not measure's JSON: NaN is not a number JSON allows"),
    (b"[" * 100_000 + b"]" * 100_000, "not measure's JSON: nested too deeply"),
    (json.dumps(_results(touchpoints=[{"id": "landing", "reach": "many", "failed": 0}])).encode(),
     'touchpoints[0].reach: expected a whole number ≥ 0, found the text "many"'),
    (json.dumps(_results(touchpoints=[{"id": "landing", "reach": True, "failed": 0}])).encode(), "touchpoints[0].reach: expected a whole number ≥ 0, found a boolean"),
    (json.dumps(_results(touchpoints=[{"id": "landing", "reach": -1, "failed": 0}])).encode(), "touchpoints[0].reach: expected a whole number ≥ 0, found the number -1"),
    (json.dumps(_results(funnel=[{"stage": "discover", "entered": 3, "converted": 1, "conversion": 33.3, "time_to_convert": None}])).encode(),
     "funnel[0].conversion: expected a share from 0 to 1, found 33.3"),
    (json.dumps(_results(edges={})).encode(), "edges: expected a list, found an object"),
    (json.dumps({k: v for k, v in _results().items() if k != "definition"}).encode(), "the file: missing `definition`"),
    (json.dumps(_results(deviations=[{"kind": "odd", "count": 1, "touchpoint": "pay"}])).encode(),
     'deviations[0].kind: expected one of missing, ad-hoc, irregular, failing, found the text "odd"'),
    (json.dumps(_results(touchpoints=[{"id": "pay", "reach": 1, "failed": 0}] * 2)).encode(), "touchpoints[1]: `pay` is listed twice"),
]


@pytest.mark.parametrize(("content", "message"), NOT_RESULTS, ids=range(len(NOT_RESULTS)))
def test_a_file_that_is_not_measures_json_is_a_usage_error(tmp_path: Path, content: bytes, message: str) -> None:
    run, out = _render(tmp_path, content)
    results = tmp_path / "results.json"
    assert (run.code, run.stdout) == (2, "")
    first, hint = run.stderr.splitlines()
    assert first == f"cjmap: error: --measured: {results}: {message}"
    assert hint == f"hint: give the file `cjmap measure {SHOP} --events DATA -f json -o RESULTS.json` writes"
    assert not out.exists()


DOES_NOT_FIT = [
    (_results(journey="other"), "journey: these results are for the journey `other`, not `shop`"),
    (_results(touchpoints=[{"id": "checkout", "reach": 1, "failed": 0}]),
     "touchpoints[0].id: the journey has no touchpoint `checkout`: it changed since it was measured"),
    (_results(edges=[{"from": "pay", "to": "<script>", "planned": False, "count": 1}]),
     "edges[0].to: the journey has no touchpoint `<script>`: it changed since it was measured"),
    (_results(funnel=[{"stage": "gone", "entered": 1, "converted": None, "conversion": None, "time_to_convert": None}]),
     "funnel[0].stage: the journey has no stage `gone`: it changed since it was measured"),
]


@pytest.mark.parametrize(("results", "message"), DOES_NOT_FIT, ids=range(len(DOES_NOT_FIT)))
def test_results_of_another_journey_or_an_older_one_exit_1(tmp_path: Path, results: dict, message: str) -> None:
    run, out = _render(tmp_path, results)
    assert (run.code, run.stdout) == (1, "")
    first, hint = run.stderr.splitlines()
    assert first == f"cjmap: error: --measured: {tmp_path / 'results.json'}: {message}"
    assert hint == f"hint: measure this journey again: cjmap measure {SHOP} --events DATA -f json -o RESULTS.json"
    assert not out.exists()


def test_how_it_is_asked_for(tmp_path: Path) -> None:
    results = str(SHOP_RESULTS)
    cases = [
        (("render", str(SHOP), "--measured", results, "-o", str(tmp_path / "map.md")),
         "--measured draws the HTML map, not markdown: write it with -o FILE.html (or --format html)"),
        (("render", str(SHOP), "--measured", results, "--format", "svg"), "--measured draws the HTML map, not svg: write it with -o FILE.html (or --format html)"),
        (("render", str(SHOP), str(TIENDA), "--measured", results, "-o", f"{tmp_path}/site/"),
         "--measured holds the results of one journey: render that one journey file with it"),
        (("render", str(SHOP), "--measured", results, "-p", "ana"),
         "--measured and --persona: the results measure the whole journey, not one persona's path; leave out one of them"),
        (("render", str(SHOP), "--measured", str(tmp_path / "none.json")), f"--measured: {tmp_path / 'none.json'}: cannot read the file: No such file or directory"),
        (("render", str(SHOP), "--measured", str(tmp_path)),
         f"--measured: {tmp_path}: not read: a folder, not a regular file; cjmap reads regular files and named pipes (use - for standard input)"),
        (("render", str(SHOP), "--measured", results, "--max-file-size", "1K"),
         f"--measured: {results}: larger than the size limit (1024 bytes); raise it with --max-file-size"),
    ]
    for args, message in cases:
        run = cli(*args)
        assert (run.code, run.stdout, run.stderr) == (2, "", f"cjmap: error: {message}\n"), args
    assert not list(tmp_path.iterdir())


def test_without_measured_the_map_is_the_plain_one(tmp_path: Path) -> None:
    plain = cli("render", str(SHOP))
    assert plain.code == 0 and "measured" not in plain.stdout and "m_" not in plain.stdout
    to_stdout = cli("render", str(SHOP), "--measured", str(SHOP_RESULTS))
    assert to_stdout.code == 0 and to_stdout.stdout == GOLDEN.read_text(encoding="utf-8")


# --- the library ---------------------------------------------------------------------------


def test_the_library_reads_the_minimal_shape_of_measure_md() -> None:
    """MEASURE.md's example fields alone (no units, anonymous, events per touchpoint, units per edge)."""
    minimal = {
        "journey": "shop", "definition": {"unit": "user", "window": "7d", "period": {"from": "2024-01-01", "to": "2024-06-30"}},
        "events": {"rows": 31106, "matched": 20000, "unmatched": 11106, "ambiguous": 0},
        "touchpoints": [{"id": "cart", "reach": 420, "failed": 0}],
        "edges": [{"from": "cart", "to": "pay", "planned": True, "count": 300}],
        "funnel": [{"stage": "buy", "entered": 420, "converted": 120, "conversion": 0.2857, "time_to_convert": {"p50": 3600, "p90": 86400, "mean": 20000}}],
        "kpis": [{"stage": "buy", "id": "checkout-conversion", "metric": "conversion_rate", "actual": 28.57, "target": 3.0}],
        "deviations": [{"kind": "ad-hoc", "from": "pay", "to": "support", "count": 40}],
    }
    journey = cjmap.load_journey(SHOP)
    results = parse_results(json.dumps(minimal).encode(), journey, stem="shop")
    view = build_measured(journey, results)
    assert view.touchpoints["cart"].reach == "420" and view.touchpoints["cart"].steps[0].rate == "—"  # no units: no rate
    assert view.touchpoints["landing"].measured is False
    assert [node.id for node in view.graph.nodes] == ["cart", "pay"]  # pay: an edge's end, though not listed
    assert view.funnel[0].conversion == "28.6%" and view.funnel[0].entered_width == "300.0" and view.funnel[0].converted_width == "85.7"
    assert view.deviations[0].kind_label == "Ad hoc"
    html = render_measured_html(journey, results, environment(), "shop.journey.yaml")
    assert html.count('<g class="node">') == 2


def test_the_paths_graph_draws_planned_solid_and_unplanned_dashed_below() -> None:
    journey = cjmap.load_journey(SHOP)
    view = build_measured(journey, parse_results(SHOP_RESULTS.read_bytes(), journey, stem="shop"))
    edges = {(edge.title.split(":")[0]): edge for edge in view.graph.edges}
    straight, arc_above = edges["Landing page → Product search"], edges["Landing page → Add to cart"]
    backwards = edges["Payment → Add to cart"]
    node_top = view.graph.nodes[0].y
    assert straight.path.startswith("M") and " L" in straight.path and straight.stroke == "8.0"  # the busiest edge: widest
    assert arc_above.planned and int(arc_above.path.split("Q")[1].split()[1]) < node_top  # control point above the boxes
    assert not backwards.planned and int(backwards.path.split("Q")[1].split()[1]) > node_top  # unplanned: below
    assert float(edges["Support chat → Review"].stroke) < float(edges["Cart → Pay".replace("Cart", "Add to cart").replace("Pay", "Payment")].stroke)
    assert view.graph.width == 16 * 2 + 6 * 192 - 56


def test_results_error_carries_its_exit_code() -> None:
    journey = cjmap.load_journey(SHOP)
    with pytest.raises(ResultsError) as caught:
        parse_results(json.dumps(_results(journey="x")).encode(), journey, stem="shop")
    assert (caught.value.exit_code, caught.value.where) == (EXIT_DOES_NOT_FIT, "journey")
    with pytest.raises(ResultsError) as caught:
        parse_results(b"null", journey, stem="shop")
    assert caught.value.exit_code == EXIT_NOT_RESULTS
