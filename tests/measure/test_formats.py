"""The measure results as JSON, Markdown and text, from hand-made results (tests/measure_sample.py)."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from rich.console import Console

from cjmap.measure import FORMATS
from cjmap.measure.formats import RENDERERS, Shown, as_json
from cjmap.measure.markdown_view import as_markdown
from cjmap.measure.text_view import text_view
from cjmap.measure.words import duration, number, percent
from measure_sample import SAMPLE, sample

PLAIN = Shown()


def _text(results: dict, shown: Shown = PLAIN, width: int = 120) -> str:
    buffer = StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False)
    for part in text_view(results, shown):
        console.print(part)
    return buffer.getvalue()


def test_every_cli_format_has_a_renderer() -> None:
    assert tuple(RENDERERS) == FORMATS


def test_json_is_the_results_in_their_order_and_deterministic() -> None:
    text = as_json(SAMPLE, Shown(engine="spark"))
    assert json.loads(text) == SAMPLE
    assert list(json.loads(text)) == list(SAMPLE)
    assert text == as_json(sample(), Shown(engine="duckdb"))  # the engine is not in the JSON
    assert text.endswith("}\n") and "\n  \"definition\": {" in text


def test_json_keeps_text_readable_and_controls_escaped() -> None:
    results = sample(journey="café\u202e\x1b[2J")
    text = as_json(results, Shown())
    assert "café" in text and "\x1b" not in text and "\u202e" not in text
    assert json.loads(text)["journey"] == "café\u202e\x1b[2J"


@pytest.mark.parametrize(("seconds", "shown"), [(0.4, "0.4s"), (45, "45s"), (59.6, "60s"), (3900, "1h 5m"), (86400, "1d"), (90061, "1d 1h"),
                                                (20000.5, "5h 33m"), (7 * 86400 + 3600, "1w"), (None, "—")])
def test_durations_read_as_people_write_them(seconds: float | None, shown: str) -> None:
    assert duration(seconds) == shown


def test_numbers_and_percentages() -> None:
    assert percent(0.2857) == "28.57%"
    assert percent(0.42) == "42%"
    assert percent(None) == "—"
    assert number(28.57, "%") == "28.57%"
    assert number(1234.5, "EUR") == "1,234.5 EUR"
    assert number(3.0) == "3"


def test_markdown_has_every_section_with_its_definition() -> None:
    text = as_markdown(SAMPLE, Shown(title="Shop"))
    assert text.startswith("# Measured: Shop\n")
    assert "unit user · window 7d · session timeout 30m · period 2024-01-01..2024-01-31" in text
    assert "31,106 rows read with duckdb" in text
    for heading in ("## Touchpoints", "## Stage funnel", "## Paths", "## Deviations from the map", "## KPI actuals"):
        assert f"\n{heading}\n" in text
    assert "| browse | 1,000 | 420 | 42% | 1h 5m | 1d | 5h 33m |" in text
    assert "| pay → home | not in the map | 40 | 35 | 29.17% |" in text
    assert "| purchase | nps | Net Promoter Score | — | 40 | — | not measured: no value column |" in text
    assert "Stages not measured (no events:): advocacy" in text


def test_markdown_escapes_data_from_the_events() -> None:
    results = sample(breakdown={"by": "utm_source", "groups": [
        {"key": "x|y @alice <b>#12", "units": 3, "touchpoints": [], "funnel": SAMPLE["funnel"]},
        {"key": None, "units": 1, "touchpoints": [], "funnel": SAMPLE["funnel"]},
    ]})
    text = as_markdown(results, Shown())
    assert "## Breakdown by utm\\_source" in text
    group_line = next(line for line in text.splitlines() if line.startswith("### utm"))
    assert "x\\|y" in group_line and "<b>" not in group_line and "@alice" not in group_line and "#12" not in group_line
    assert "### utm\\_source (no group): 1 users" in text


def test_markdown_in_spanish_for_a_spanish_journey() -> None:
    text = as_markdown(SAMPLE, Shown(language="es-MX"))
    assert text.startswith("# Medición: shop\n")
    assert "## Embudo por etapas" in text and "| etapa | entran | convierten | conversión |" in text


def test_no_deviation_is_said() -> None:
    assert "No deviation: the real paths follow the map." in as_markdown(sample(deviations=[]), Shown())
    assert "No deviation: the real paths follow the map." in _text(sample(deviations=[]))


def test_text_view_shows_the_definition_and_every_table() -> None:
    text = _text(SAMPLE, Shown(engine="spark", title="Shop"))
    assert text.splitlines()[0] == "Measured: Shop (31,106 rows read with spark)"
    assert "unit user · window 7d · session timeout 30m · period 2024-01-01..2024-01-31 (entries in the period)" in text
    assert "1,000 users with a touchpoint event in the period." in text
    for title in ("Touchpoints", "Stage funnel", "Paths", "Deviations from the map", "KPI actuals"):
        assert any(line.strip() == title for line in text.splitlines()), title
    funnel = next(line for line in text.splitlines() if line.strip().startswith("browse") and "42%" in line)
    assert funnel.split() == ["browse", "1,000", "420", "42%", "1h", "5m", "1d", "5h", "33m"]
    assert "within 7d of its entry" in text
    assert "not in the map" in text and "✓" in text and "✗" not in text


def test_text_view_escapes_hostile_keys_and_units() -> None:
    kpis = [dict(SAMPLE["kpis"][0], unit="\x1b]52;c;aGk=\x07")]
    results = sample(kpis=kpis, breakdown={"by": "plan", "groups": [{"key": "[bold]x\x1b[2J", "units": 2, "touchpoints": [], "funnel": SAMPLE["funnel"]}]})
    text = _text(results)
    assert "\x1b" not in text and "\x07" not in text
    assert "\\x1b]52;c;aGk=\\x07" in text.replace("\n", "")
    assert "plan [bold]x\\x1b[2J: 2 users" in text  # rich markup shown as typed, not applied


def test_text_view_for_sessions_and_a_breakdown() -> None:
    results = sample(definition=dict(SAMPLE["definition"], unit="session"), breakdown={"by": "persona", "groups": [
        {"key": "ana", "units": 700, "touchpoints": [], "funnel": SAMPLE["funnel"]},
    ]})
    text = _text(results)
    assert "1,000 sessions with a touchpoint event in the period." in text
    assert "Breakdown by persona" in text and "persona ana: 700 sessions" in text


LONG_KPIS = [
    {"stage": "purchase", "id": "cart-abandonment", "metric": "cart_abandonment", "actual": 46.35, "target": 60, "on_target": True,
     "definition": "100 minus the % of units with a `cart` event in the period that reach `purchase` within 7d (pair conversion)"},
    {"stage": "order", "id": "customer-lifetime-value", "metric": "clv", "actual": 1490.25, "target": 1200, "unit": "EUR", "on_target": True,
     "definition": "mean total value per unit of the events of `purchase` in the period"},
]


@pytest.mark.parametrize("width", [80, 120])
def test_text_view_keeps_ids_numbers_and_words_whole_at_80_and_120_columns(width: int) -> None:
    text = _text(sample(kpis=LONG_KPIS), width=width)
    lines = text.splitlines()
    assert all(len(line) <= width for line in lines)
    rows = {line.split()[1]: line.split()[2:] for line in lines if line.strip().startswith(("purchase ", "order "))}
    # Each KPI's row: its whole id, then its actual and target whole (a number and its unit on one line).
    assert rows["cart-abandonment"] == ["46.35%", "60%", "✓"]
    assert rows["customer-lifetime-value"] == ["1,490.25", "EUR", "1,200", "EUR", "✓"]
    # Under the table: each id with its metric and how it was measured, the words whole.
    below = " ".join(" ".join(lines[next(i for i, line in enumerate(lines) if "customer-lifetime-value" in line and "EUR" in line) + 1:]).split())
    assert "cart-abandonment Cart abandonment: 100 minus the % of units with a `cart` event in the period that reach `purchase` within 7d (pair conversion)" in below
    assert "customer-lifetime-value Customer lifetime value: mean total value per unit" in below
    assert "p50, p90, mean: time to convert" in " ".join(text.split())  # said once, in the funnel's caption


def test_a_spanish_journey_reads_in_spanish_with_its_number_forms() -> None:
    text = _text(sample(kpis=LONG_KPIS, breakdown={"by": "persona", "groups": [{"key": None, "units": 31106, "touchpoints": [], "funnel": SAMPLE["funnel"]}]}),
                 Shown(language="es"), width=80)
    assert text.splitlines()[0] == "Medición: shop (31\u00a0106 filas leídas con duckdb)"  # the RAE: spaced thousands from five digits
    assert "unidad usuario · ventana 7d" in text
    for title in ("Puntos de contacto", "Embudo por etapas", "Recorridos", "KPI medidos", "Desglose por persona"):
        assert any(line.strip() == title for line in text.splitlines()), title
    assert "46,35\u00a0%" in text and "1490,25 EUR" in text and "42\u00a0%" in text  # decimal comma, 1490 whole
    assert "persona (sin grupo): 31\u00a0106 usuarios" in text
    assert "Abandono del carrito:" in text and "media: tiempo hasta convertir" in " ".join(text.split())
    markdown = as_markdown(sample(kpis=LONG_KPIS), Shown(language="es"))
    assert "| 46,35 % | 60 % |" in markdown and "unidad usuario" in markdown


def test_on_a_very_narrow_terminal_cells_fold_rather_than_lose_their_end() -> None:
    # 44 columns cannot hold the KPI table's whole ids and amounts: they fold, nothing is cropped.
    text = _text(sample(kpis=LONG_KPIS), width=44)
    table = text[text.index("KPI actuals"):text.index("cart-abandonment  ")] if "cart-abandonment  " in text else text[text.index("KPI actuals"):]
    assert all(len(line) <= 44 for line in text.splitlines())
    assert table.count("EUR") == 2 and "…" not in text
