"""The measure results as JSON, Markdown and text, from hand-made results (tests/measure_sample.py)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from rich.console import Console

from cjmap.measure import FORMATS
from cjmap.measure.formats import RENDERERS, Shown, as_json
from cjmap.measure.markdown_view import as_markdown
from cjmap.measure.text_view import text_view
from cjmap.measure.words import duration, kpi_how, number, percent, words
from conftest import ROOT, cli
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
    assert "31,118 rows read, 31,106 with a user; duckdb" in text  # SAMPLE: 12 rows without a user
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
    assert "### utm\\_source (no group): 1 user\n" in text


def test_markdown_in_spanish_for_a_spanish_journey() -> None:
    text = as_markdown(SAMPLE, Shown(language="es-MX"))
    assert text.startswith("# Medición: shop\n")
    assert "## Embudo por etapas" in text and "| etapa | entran | convierten | conversión |" in text


def test_no_deviation_is_said() -> None:
    assert "No deviation: the real paths follow the map." in as_markdown(sample(deviations=[]), Shown())
    assert "No deviation: the real paths follow the map." in _text(sample(deviations=[]))


def test_text_view_shows_the_definition_and_every_table() -> None:
    text = _text(SAMPLE, Shown(engine="spark", title="Shop"))
    assert text.splitlines()[0] == "Measured: Shop (31,118 rows read, 31,106 with a user; spark)"
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
     "definition": "mean total value per unit of the events of `purchase` in the period, over the 12 units with a value"},
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
    assert text.splitlines()[0] == "Medición: shop (31\u00a0118 filas leídas, 31\u00a0106 con usuario; duckdb)"  # the RAE: spaced thousands from five digits
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


# The columns that played each role, the journey's event names no row holds, the most frequent
# unmatched events (keys newer than some results files: a view shows them when present).
COLUMNS = {"user": "userId", "time": "ts", "event": "event", "session": None, "page": None, "value": "revenue"}
EVENTS = dict(SAMPLE["events"], unseen=[{"touchpoint": "formulario", "event": "signup_strat", "did_you_mean": "signup_start"},
                                        {"touchpoint": "pay", "event": "paid", "did_you_mean": None}],
              top_unmatched=[{"event": "scroll", "rows": 1204}, {"event": "view_item", "rows": 3}])
NEWER = sample(definition=dict(SAMPLE["definition"], columns=COLUMNS), events=EVENTS)


def test_the_header_says_which_column_played_which_role() -> None:
    line = "columns: user=userId, time=ts, event=event, value=revenue; no session, page column"
    assert line in " ".join(_text(NEWER).split())
    assert f"\n{line.replace('_', '_')}\n" in as_markdown(NEWER, Shown())
    spanish = "columnas: usuario=userId, hora=ts, evento=event, valor=revenue; sin columna de sesión, página"
    assert spanish in " ".join(_text(NEWER, Shown(language="es")).split()) and spanish in as_markdown(NEWER, Shown(language="es"))
    # A column name is the data's: visible in the terminal, escaped in Markdown.
    hostile = sample(definition=dict(SAMPLE["definition"], columns=dict(COLUMNS, user="u|x @bob\x1b[2J")))
    assert "user=u|x @bob\\x1b[2J" in _text(hostile) and "\x1b" not in _text(hostile)
    markdown = as_markdown(hostile, Shown())
    assert "user=u\\|x @\u200bbob" in markdown and "\x1b" not in markdown


def test_event_names_no_row_holds_and_the_top_unmatched_are_said() -> None:
    text = " ".join(_text(NEWER).split())
    assert "`signup_strat` (formulario) is in no row: did you mean `signup_start`?" in text
    assert "`paid` (pay) is in no row." in text
    assert "Most frequent unmatched events: `scroll` 1,204, `view_item` 3." in text
    markdown = as_markdown(NEWER, Shown())
    assert "- \\`signup\\_strat\\` (formulario) is in no row: did you mean \\`signup\\_start\\`?\n" in markdown
    assert "- Most frequent unmatched events: \\`scroll\\` 1,204, \\`view\\_item\\` 3.\n" in markdown
    spanish = " ".join(_text(NEWER, Shown(language="es")).split())
    assert "`signup_strat` (formulario) no aparece en ninguna fila: ¿quizás `signup_start`?" in spanish
    assert "Eventos sin asignar más frecuentes: `scroll` 1204, `view_item` 3." in spanish


@pytest.mark.parametrize("events", [
    SAMPLE["events"],  # results written before the keys existed
    dict(SAMPLE["events"], unseen=[], top_unmatched=[]),
    dict(SAMPLE["events"], unseen="?", top_unmatched=[1, None, {"event": "x"}]),  # not the shape: what can be read is shown
])
def test_results_without_the_newer_keys_still_read(events: dict) -> None:
    results = sample(events=events)
    text, markdown = _text(results), as_markdown(results, Shown())
    assert "is in no row" not in text and "columns:" not in text and "columns:" not in markdown
    assert ("Most frequent unmatched events: `x` —." in " ".join(text.split())) is (events.get("top_unmatched") == [1, None, {"event": "x"}])


def test_touchpoint_names_stand_beside_their_ids() -> None:
    names = {"home": "Home page", "cart": "The cart, with every item the customer chose before paying", "pay": "Pay"}
    wide = _text(SAMPLE, Shown(names=names), width=140)
    assert any(line.split()[:4] == ["browse", "home", "Home", "page"] and line.split()[-3:] == ["1,000", "0", "5,000"] for line in wide.splitlines())
    # At 80 columns a long name wraps in its column; at 60 a column of names does not fit: each
    # name goes under its id, ids whole.
    middle = _text(SAMPLE, Shown(names=names), width=80).splitlines()
    assert any(line.split()[:4] == ["purchase", "cart", "The", "cart,"] and line.split()[-3:] == ["420", "0", "800"] for line in middle)
    narrow = _text(SAMPLE, Shown(names=names), width=60).splitlines()
    at = next(i for i, line in enumerate(narrow) if line.split()[:2] == ["purchase", "cart"])
    assert narrow[at].split()[2:] == ["420", "0", "800"] and narrow[at + 1].split()[:3] == ["The", "cart,", "with"]
    assert all(len(line) <= 80 for line in middle) and all(len(line) <= 60 for line in narrow)
    markdown = as_markdown(SAMPLE, Shown(names=dict(names, pay="Pay | now @team")))
    assert "| stage | touchpoint | name | reach | failed | events |\n|---|---|---|---:|---:|---:|\n| browse | home | Home page | 1,000 | 0 | 5,000 |" in markdown
    assert "| purchase | pay | Pay \\| now @\u200bteam | 120 | 30 | 150 |" in markdown
    assert "| stage | touchpoint | reach |" in as_markdown(SAMPLE, Shown())  # a results file alone: ids only


def test_markdown_keeps_the_code_spans_of_our_kpi_sentences() -> None:
    kpis = [dict(LONG_KPIS[0]), dict(LONG_KPIS[1], definition="values of the events of `a|b`, `purchase`")]
    markdown = as_markdown(sample(kpis=kpis), Shown())
    assert "| 100 minus the % of units with a `cart` event in the period that reach `purchase` within 7d (pair conversion) |" in markdown
    assert "values of the events of `a\\|b`, `purchase` |" in markdown  # a | in a code span cannot end the cell
    # Data values are still escaped: a breakdown key with backticks is text, not code.
    keyed = as_markdown(sample(breakdown={"by": "plan", "groups": [{"key": "`x`", "units": 1, "touchpoints": [], "funnel": SAMPLE["funnel"]}]}), Shown())
    assert "### plan \\`x\\`: 1 user" in keyed


# Every sentence measure/kpis.py writes, as a Spanish journey's views say it.
SENTENCES = [
    ("% of units entering `visita` that reach `compra` within 7d of their entry (stage funnel)",
     "% de las unidades que entran en `visita` y llegan a `compra` en menos de 7d desde su entrada (embudo por etapas)"),
    ("100 minus the % of units with a `carrito` event in the period that reach `pago` within 1d (pair conversion)",
     "100 menos el % de las unidades con un evento de `carrito` en el periodo que llegan a `pago` en menos de 1d (conversión entre dos puntos)"),
    ("% of units with a `carrito` event in the period that reach `pago` within 2h 30m (pair conversion)",
     "% de las unidades con un evento de `carrito` en el periodo que llegan a `pago` en menos de 2h 30m (conversión entre dos puntos)"),
    ("% of sessions starting in the period at `a`, `b` that hold no other touchpoint event",
     "% de las sesiones que empiezan en el periodo en `a`, `b` sin otro evento de punto de contacto"),
    ("mean time (min) from an event of `a` in the period to the next row of its session",
     "tiempo medio (min) desde un evento de `a` en el periodo hasta la fila siguiente de su sesión"),
    ("values of the events of `a`, `b`", "valores de los eventos de `a`, `b`"),
    ("mean total value per unit of the events of `pago` in the period, over the 1 unit with a value",
     "valor total medio por unidad de los eventos de `pago` en el periodo, sobre la única unidad con valor"),
    ("mean total value per unit of the events of `pago` in the period, over the 12 units with a value",
     "valor total medio por unidad de los eventos de `pago` en el periodo, sobre las 12 unidades con valor"),
    ("% of values ≥ 9 minus % of values ≤ 6, of the 40 valued events of `resena` in the period",
     "% de valores ≥ 9 menos % de valores ≤ 6, de los 40 eventos con valor de `resena` en el periodo"),
    ("mean value of the 3 valued events of `a` in the period (values seen: 1..5)", "valor medio de los 3 eventos con valor de `a` en el periodo (valores vistos: 1..5)"),
    ("custom metric", "métrica propia"), ("stage funnel conversion", "conversión del embudo por etapas"), ("pair conversion", "conversión entre dos puntos"),
    ("bounce rate", "tasa de rebote"), ("time on page", "tiempo en la página"),
]
REASONS = [
    ("a custom KPI is measured only with `measure: {from: TOUCHPOINT, to: TOUCHPOINT}`", "un KPI propio solo se mide con `measure: {from: TOUCHPOINT, to: TOUCHPOINT}`"),
    ("the stage `x` has no touchpoint with `events:`", "la etapa `x` no tiene ningún punto de contacto con `events:`"),
    ("the stage `x` has no touchpoint with `events:`: say `measure: {from: TOUCHPOINT, to: TOUCHPOINT}`",
     "la etapa `x` no tiene ningún punto de contacto con `events:`: escribe `measure: {from: TOUCHPOINT, to: TOUCHPOINT}`"),
    ("the stage `x` has one touchpoint with `events:`: say `measure: {from: TOUCHPOINT, to: TOUCHPOINT}`",
     "la etapa `x` tiene un solo punto de contacto con `events:`: escribe `measure: {from: TOUCHPOINT, to: TOUCHPOINT}`"),
    ("the touchpoint `y` has no `events:`", "el punto de contacto `y` no tiene `events:`"),
    ("no unit entered the stage in the period", "ninguna unidad entró en la etapa en el periodo"),
    ("2 values of these events are not a number below 1e20 in size: check the value column (--columns value=COLUMN)",
     "2 valor(es) de estos eventos no es un número de tamaño menor que 1e20: revisa la columna del valor (--columns value=COLUMN)"),
    ("no unit had a `y` event in the period", "ninguna unidad tuvo un evento de `y` en el periodo"),
    ("no session started at these touchpoints in the period", "ninguna sesión empezó en estos puntos de contacto en el periodo"),
    ("no event of these touchpoints is followed by another in its session", "ningún evento de estos puntos de contacto va seguido de otro en su sesión"),
    ("the data has no value for these events: name the value column with --columns value=COLUMN",
     "los datos no tienen valor para estos eventos: nombra la columna del valor con --columns value=COLUMN"),
]


@pytest.mark.parametrize(("english", "spanish"), SENTENCES)
def test_each_kpi_sentence_in_spanish(english: str, spanish: str) -> None:
    row = {"stage": "s", "id": "k", "metric": "custom", "actual": 1, "target": 2, "on_target": False, "definition": english}
    assert kpi_how(row, words("es")) == spanish
    assert kpi_how(row, words("en")) == english  # the JSON's words, as written


@pytest.mark.parametrize(("english", "spanish"), REASONS)
def test_each_reason_in_spanish(english: str, spanish: str) -> None:
    row = {"stage": "s", "id": "k", "metric": "custom", "actual": None, "target": 2, "on_target": None, "definition": "custom metric", "reason": english}
    assert kpi_how(row, words("es")) == f"sin medir: {spanish}"


# Words a Spanish view may not hold (ids and data values aside).
ENGLISH = ("missing", "ad-hoc", "irregular", "failing", "source", "events ", " rows", " read", " with ", " user", "session ", " the ",
           " of ", "unit ", "custom", "Metric", "measured", "within", "minus", "1w")


def test_a_spanish_view_has_no_english_words_but_ids_and_data() -> None:
    results = sample(definition=dict(NEWER["definition"], unit="session", source="ga4"), events=EVENTS, kpis=[
        dict(LONG_KPIS[0]), {"stage": "purchase", "id": "effort", "metric": "custom", "actual": None, "target": 3, "on_target": None,
                             "definition": "custom metric", "reason": REASONS[0][0]}],
        deviations=[{"kind": "missing", "touchpoint": "cart", "count": 1}, {"kind": "ad-hoc", "from": "home", "to": "pay", "count": 9, "share": 0.1},
                    *SAMPLE["deviations"]],
        funnel=[dict(SAMPLE["funnel"][0], time_to_convert={"p50": 700000, "p90": 1300000, "mean": 900000}), SAMPLE["funnel"][1]],
        breakdown={"by": "persona", "groups": [{"key": None, "units": 1, "touchpoints": [], "funnel": SAMPLE["funnel"]}]})
    for view in (" ".join(_text(results, Shown(language="es", names={"home": "Inicio"})).split()), as_markdown(results, Shown(language="es"))):
        assert "fuente exportación de GA4" in view and "unidad sesión" in view and "1 sesión" in view
        assert "ausente" in view and "no previsto" in view and "retroceso" in view and "con fallos" in view
        assert "Métrica propia" in view and "1sem 1d" in view
        for english in ENGLISH:
            assert english not in view.replace("`events:`", "").replace("fails:", ""), (english, view)


def _kpi_rows() -> Iterator[tuple[str, dict[str, Any]]]:
    """Every KPI row measure writes: the cases' expected results, and a real run of each bundled example."""
    for expected in sorted((ROOT / "tests" / "measure" / "cases").glob("*/expected.json")):
        for row in json.loads(expected.read_text(encoding="utf-8")).get("kpis", []):
            yield expected.parent.name, row
    for name, events in (("laptop-purchase", "laptop-purchase.jsonl.gz"), ("retail-store", "retail-store.csv.gz")):
        run = cli("measure", str(ROOT / "examples" / f"{name}.journey.yaml"), "--events", str(ROOT / "examples" / "events" / events), "-f", "json")
        assert run.code == 0, run.stderr
        for row in json.loads(run.stdout)["kpis"]:
            yield name, row


def test_every_kpi_sentence_measure_writes_reads_in_spanish() -> None:
    # Each definition, reason and note alone (kpi_how joins them), then as the views show them; ids (code spans) are data.
    rows = list(_kpi_rows())
    assert {"definition", "reason"} <= {key for _, row in rows for key in row}, "the cases hold no reason"  # a note: test_a_kpi_note_follows_its_sentence
    for where, row in rows:
        for key in ("definition", "reason", "note"):
            if row.get(key):
                alone = {"metric": "custom", "actual": 1, "definition": row[key]}
                assert kpi_how(alone, words("es")) != row[key], ("no Spanish for", where, key, row[key])
        spanish = re.sub(r"`[^`]*`", "``", kpi_how(row, words("es")))
        for english in ENGLISH:
            assert english not in spanish, (where, english, spanish)


def test_a_kpi_note_follows_its_sentence() -> None:
    english, spanish = next(pair for pair in SENTENCES if pair[0].startswith("% of values ≥ 9"))  # nps: the one KPI with a note
    row = {"stage": "s", "id": "nps", "metric": "nps", "actual": 12, "target": 2, "on_target": True, "definition": english,
           "note": "the values run 0..100, not 0..10: is this column an NPS score?"}
    assert kpi_how(row, words("en")) == f"{english} (the values run 0..100, not 0..10: is this column an NPS score?)"
    assert kpi_how(row, words("es")) == f"{spanish} (los valores van de 0..100, no de 0..10: ¿es esta columna una puntuación NPS?)"
