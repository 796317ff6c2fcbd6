"""`cjmap measure` as users call it: exit code, stdout and stderr together (CliRunner; subprocesses
where the process matters: start-up imports, the Spark engine)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import EXAMPLES, cli, modules_loaded, run_cjmap, top_level

ENGINES = {"duckdb", "pyspark", "sqlglot", "pandas", "py4j"}

JOURNEY = """\
# the shop, measured
cjmap: 1
journey:
  id: shop
  title: Shop
  measure: {window: 1d}
personas:
  - id: ana
stages:
  - id: browse
    touchpoints:
      - id: home
        name: Home
        events: page_view
  - id: purchase
    touchpoints:
      - id: cart
        name: Cart
        events: add_to_cart
      - id: pay
        name: Pay
        events: [payment]   # paid
        fails: payment_error
    kpis:
      - id: conversion   # cart to pay
        metric: conversion_rate
        target: 50
        actual: 10       # typed by hand
      - {id: bought, metric: custom, target: 1, measure: {from: home, to: pay}}
"""
# Four users: u1 buys, u2 stops at the cart, u3 fails to pay then pays, u4 only looks.
EVENTS = """\
user_id,timestamp,event
u1,2024-01-01T10:00:00Z,page_view
u1,2024-01-01T10:05:00Z,add_to_cart
u1,2024-01-01T10:10:00Z,payment
u2,2024-01-02T09:00:00Z,page_view
u2,2024-01-02T09:01:00Z,add_to_cart
u3,2024-01-03T12:00:00Z,page_view
u3,2024-01-03T12:02:00Z,add_to_cart
u3,2024-01-03T12:03:00Z,payment_error
u3,2024-01-03T12:04:00Z,payment
u4,2024-01-04T08:00:00Z,page_view
u4,2024-01-04T08:00:30Z,scroll
"""


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    (tmp_path / "shop.journey.yaml").write_text(JOURNEY, encoding="utf-8")
    (tmp_path / "events.csv").write_text(EVENTS, encoding="utf-8")
    return tmp_path


def _measure(folder: Path, *args: str, env: dict[str, str] | None = None):
    return cli("measure", "shop.journey.yaml", *args, cwd=folder, env=env)


def _error(run, code: int, *pieces: str) -> list[str]:
    """A failed run: the exit code, nothing on stdout, the error and its hint on stderr, no traceback."""
    assert run.code == code, run
    assert run.stdout == ""
    assert "Traceback" not in run.stderr
    lines = run.stderr.splitlines()
    assert lines[0].startswith("cjmap measure: error: "), run.stderr
    assert lines[1].startswith("hint: "), run.stderr
    for piece in pieces:
        assert piece in run.stderr, (piece, run.stderr)
    return lines


# Start-up: neither engine is imported unless measure runs.

@pytest.mark.parametrize("args", [("--help",), ("measure", "--help"), ("validate", str(EXAMPLES))])
def test_help_and_validate_import_no_engine(args: tuple[str, ...]) -> None:
    loaded = top_level(modules_loaded(*args))
    assert not loaded & ENGINES, loaded & ENGINES


# Success: each format.

def test_json(shop: Path) -> None:
    run = _measure(shop, "--events", "events.csv", "-f", "json")
    assert (run.code, run.stderr) == (0, ""), run
    results = json.loads(run.stdout)
    assert results["journey"] == "shop"
    assert results["events"]["rows"] == 11 and results["events"]["unmatched"] == 1
    assert results["definition"]["window"] == "1d" and results["definition"]["period"] == {"from": "2024-01-01", "to": "2024-01-04"}
    assert [(t["id"], t["reach"], t["failed"]) for t in results["touchpoints"]] == [("home", 4, 0), ("cart", 3, 0), ("pay", 2, 1)]
    assert [(f["stage"], f["entered"], f["converted"]) for f in results["funnel"]] == [("browse", 4, 3), ("purchase", 3, None)]
    conversion = next(k for k in results["kpis"] if k["id"] == "conversion")
    assert conversion["actual"] == pytest.approx(66.67)
    assert run.stdout == _measure(shop, "--events", "events.csv", "-f", "json").stdout  # byte-identical again


def test_text(shop: Path) -> None:
    run = _measure(shop, "--events", "events.csv")
    assert (run.code, run.stderr) == (0, ""), run
    lines = run.stdout.splitlines()
    assert lines[0] == "Measured: Shop (11 rows read, 11 with a user; duckdb)"
    assert "window 1d" in lines[1]
    assert "4 users with a touchpoint event in the period." in run.stdout
    assert all(len(line) <= 80 for line in lines)  # a pipe gets the fixed width
    assert "\x1b[" not in run.stdout


def test_markdown(shop: Path) -> None:
    run = _measure(shop, "--events", "events.csv", "--format", "markdown")
    assert (run.code, run.stderr) == (0, ""), run
    assert run.stdout.startswith("# Measured: Shop\n")
    assert "| browse | 4 | 3 | 75% |" in run.stdout



@pytest.mark.parametrize("output_format", ["text", "markdown"])
def test_a_spanish_journey_is_measured_in_spanish(output_format: str) -> None:
    # The bundled Spanish example on its own events: every word of ours in Spanish (ids, event
    # names, YAML keys, engine and option names excepted), each touchpoint's name beside its id.
    run = cli("measure", str(EXAMPLES / "laptop-purchase.journey.yaml"), "--events", str(EXAMPLES / "events" / "laptop-purchase.jsonl.gz"),
              "--by", "persona", "-f", output_format, env={"COLUMNS": "120"})
    assert (run.code, run.stderr) == (0, ""), run
    view = " ".join(run.stdout.split())
    assert "filas leídas," in view and "Recorridos" in view and "Búsqueda" in view  # a touchpoint's name
    ours = view.replace("`events:`", "").replace("fails:", "").replace("--columns value=COLUMN", "").replace("measure: {from: TOUCHPOINT, to: TOUCHPOINT}", "")
    for english in ("missing", "ad-hoc", "irregular", "failing", "source", " rows", " read", " with ", " user", "session ", " the ", " of ", "unit ",
                    "custom", "Metric", "measured", "within", "minus", "not in the map", "no value", "pair conversion", "1w"):
        assert english not in ours, english

def test_output_file_and_force(shop: Path) -> None:
    run = _measure(shop, "--events", "events.csv", "-f", "json", "-o", "results.json")
    assert (run.code, run.stdout, run.stderr) == (0, "", "cjmap: wrote results.json\n")
    first = (shop / "results.json").read_bytes()
    assert json.loads(first)["journey"] == "shop"
    again = _measure(shop, "--events", "events.csv", "-f", "json", "-o", "results.json")
    _error(again, 2, "results.json: exists", "--force")
    assert (shop / "results.json").read_bytes() == first
    forced = _measure(shop, "--events", "events.csv", "-f", "json", "-o", "results.json", "--force")
    assert (forced.code, forced.stderr) == (0, "cjmap: wrote results.json\n")
    assert (shop / "results.json").read_bytes() == first


def test_text_to_a_file_is_plain_and_fixed_width(shop: Path) -> None:
    run = _measure(shop, "--events", "events.csv", "-o", "results.txt", env={"FORCE_COLOR": "1", "COLUMNS": "200"})
    assert run.code == 0, run
    text = (shop / "results.txt").read_text(encoding="utf-8")
    assert "\x1b[" not in text and text.startswith("Measured: Shop")
    assert max(len(line) for line in text.splitlines()) <= 100


def test_write_changes_only_the_actuals(shop: Path) -> None:
    run = _measure(shop, "--events", "events.csv", "-f", "json", "--write")
    assert run.code == 0, run
    results = json.loads(run.stdout)
    written = [f"purchase/{k['id']}" for k in results["kpis"] if k["actual"] is not None]
    assert run.stderr == f"cjmap: wrote {len(written)} KPI actual{'s' if len(written) > 1 else ''} to shop.journey.yaml: {', '.join(written)}\n"
    after = (shop / "shop.journey.yaml").read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(JOURNEY.splitlines(), after.splitlines(), strict=True) if a != b]
    assert changed[0] == ("        actual: 10       # typed by hand", "        actual: 66.67    # typed by hand")
    assert all("actual" in b for _, b in changed)
    again = _measure(shop, "--events", "events.csv", "-f", "json", "--write")
    assert again.code == 0 and again.stderr.startswith("cjmap: the KPI actuals in shop.journey.yaml are up to date")
    assert (shop / "shop.journey.yaml").read_text(encoding="utf-8") == after



def test_write_names_the_actuals_it_kept_without_measuring_them(shop: Path) -> None:
    # `bought` says how to be measured but its `to` has no events now: its actual typed earlier
    # stays in the file, and stderr says so by name with the reason; stdout is the results as ever.
    journey = JOURNEY.replace("measure: {from: home, to: pay}}", "actual: 0.5, measure: {from: home, to: checkout}}") + \
        "  - id: after\n    touchpoints:\n      - id: checkout\n        name: Checkout\n"
    (shop / "shop.journey.yaml").write_text(journey, encoding="utf-8")
    plain = _measure(shop, "--events", "events.csv", "-f", "json")
    run = _measure(shop, "--events", "events.csv", "-f", "json", "--write")
    assert (run.code, run.stdout) == (0, plain.stdout), run
    bought = next(k for k in json.loads(run.stdout)["kpis"] if k["id"] == "bought")
    assert bought["actual"] is None and bought["reason"]
    assert run.stderr == ("cjmap: wrote 1 KPI actual to shop.journey.yaml: purchase/conversion\n"
                          f"cjmap: kept 1 KPI actual that this run could not measure: purchase/bought ({bought['reason']})\n")
    assert "actual: 0.5, measure: {from: home, to: checkout}}" in (shop / "shop.journey.yaml").read_text(encoding="utf-8")
    again = _measure(shop, "--events", "events.csv", "-f", "json", "--write")
    assert again.code == 0 and again.stderr.splitlines()[1:] == [f"cjmap: kept 1 KPI actual that this run could not measure: purchase/bought ({bought['reason']})"]
    # All measured: the one line, nothing more.
    (shop / "shop.journey.yaml").write_text(JOURNEY, encoding="utf-8")
    assert _measure(shop, "--events", "events.csv", "-f", "json", "--write").stderr.count("\n") == 1

def test_configuration_names_the_events(shop: Path) -> None:
    (shop / "data").mkdir()
    (shop / "events.csv").rename(shop / "data" / "events.csv")
    (shop / ".cjmap.toml").write_text('[measure]\nevents = "data/*.csv"\nwindow = "2d"\n', encoding="utf-8")
    run = _measure(shop, "-f", "json")
    assert run.code == 0, run
    # The configuration's window beats the journey's; the command line beats both.
    assert json.loads(run.stdout)["definition"]["window"] == "2d"
    assert json.loads(_measure(shop, "-f", "json", "--window", "3h").stdout)["definition"]["window"] == "3h"


# Exit 1: this journey or this data cannot be measured.

def test_invalid_journey_is_reported_as_validate_does(shop: Path) -> None:
    (shop / "shop.journey.yaml").write_text(JOURNEY.replace("  title: Shop\n", "  title: Shop\n  chanel: web\n"), encoding="utf-8")
    run = _measure(shop, "--events", "events.csv")
    assert (run.code, run.stdout) == (1, "")
    assert "shop.journey.yaml:6:3: error CJ021" in run.stderr and "chanel" in run.stderr
    assert "Traceback" not in run.stderr


def test_unknown_column_is_located_in_the_journey(shop: Path) -> None:
    (shop / "shop.journey.yaml").write_text(JOURNEY.replace("        events: page_view\n", "        events: [{event: page_view, where: {utm_medium: email}}]\n"),
                                            encoding="utf-8")
    run = _measure(shop, "--events", "events.csv")
    _error(run, 1, "utm_medium", "shop.journey.yaml:")


# Exit 2: the command line, the files or the engine.

@pytest.mark.parametrize(("args", "pieces"), [
    ((), ("--events: no event data given", "[measure]")),
    (("--events", "nothing-*.csv"), ("nothing-*.csv: matches no event file",)),
    (("--events", "events.csv", "--period", "2024-02-30..2024-03-01"), ("--period: 2024-02-30 is not a date",)),
    (("--events", "events.csv", "--period", "2024-03-01..2024-02-01"), ("--period: 2024-03-01 is after 2024-02-01",)),
    (("--events", "events.csv", "--window", "7days"), ("--window: `7days` is not a duration",)),
    (("--events", "events.csv", "--columns", "user=a,user=b"), ("--columns: `user` is named twice",)),
    (("--events", "events.csv", "--columns", "user="), ("the user column is required",)),
    (("--events", "events.csv", "--memory-limit", "lots"), ("--memory-limit",)),
])
def test_usage_errors(shop: Path, args: tuple[str, ...], pieces: tuple[str, ...]) -> None:
    _error(_measure(shop, *args), 2, *pieces)


def test_write_refuses_standard_input(shop: Path) -> None:
    run = cli("measure", "-", "--events", "events.csv", "--write", cwd=shop, stdin=JOURNEY.encode())
    _error(run, 2, "--write: the journey comes from standard input")


def test_missing_journey(shop: Path) -> None:
    run = cli("measure", "gone.journey.yaml", "--events", "events.csv", cwd=shop)
    _error(run, 2, "gone.journey.yaml: no such file")


def test_broken_configuration_is_located(shop: Path) -> None:
    (shop / ".cjmap.toml").write_text('[measure]\nengine = "spork"\n', encoding="utf-8")
    run = _measure(shop, "--events", "events.csv")
    _error(run, 2, ".cjmap.toml:2:1: `engine` must be one of duckdb, spark", "[measure]")


def test_hostile_file_names_are_shown_escaped(shop: Path) -> None:
    run = _measure(shop, "--events", "ev\x1b[2J\u202e*.csv")
    lines = _error(run, 2, "matches no event file")
    assert "\x1b" not in run.stderr and "\u202e" not in run.stderr
    assert "\\x1b[2J\\u202e" in lines[0]


# The Spark engine, once, in its own process: its JVM ends with it.

def test_spark_gives_the_same_json(shop: Path) -> None:
    duck = _measure(shop, "--events", "events.csv", "-f", "json")
    spark = run_cjmap("measure", "shop.journey.yaml", "--events", "events.csv", "-f", "json", "--engine", "spark", cwd=shop)
    assert (spark.code, spark.stderr) == (0, ""), spark
    assert spark.stdout == duck.stdout


def test_configured_engine_and_remote_give_way_to_the_command_line(shop: Path) -> None:
    (shop / ".cjmap.toml").write_text('[measure]\nengine = "spark"\nspark_remote = "sc://nowhere.invalid:1"\n', encoding="utf-8")
    run = _measure(shop, "--events", "events.csv", "--engine", "duckdb", "-f", "json")
    assert (run.code, run.stderr) == (0, ""), run
