"""Mermaid and CSV in and out, with inputs shaped like real ones, and the round trips."""

from __future__ import annotations

import csv
import io

import pytest
import yaml

import cjmap
from cjmap.interchange.csv_io import export_csv, neutralise, restore
from conftest import DATA, EXAMPLES, cli

INTERCHANGE = DATA / "interchange"


def _journey(text: str) -> cjmap.Journey:
    return cjmap.load_journey(text.encode("utf-8"), name="imported.journey.yaml")


def test_mermaid_from_a_readme_block():
    run = cli("import", "mermaid", str(INTERCHANGE / "readme-with-journey.md"))
    assert (run.code, run.stderr.splitlines()[0]) == (0, "cjmap: read 6 tasks, wrote 6 touchpoints in 3 stages to standard output")
    journey = _journey(run.stdout)
    assert journey.journey.title == "Opening a savings account"
    # Mermaid keeps the line break of an accDescr { } block.
    assert journey.journey.description == "How new customers open a savings account,\nfrom the first ad to the first deposit."
    assert [s.name for s in journey.stages] == ["Discover", "Sign up", "Retención"]
    assert [s.kind for s in journey.stages] == ["awareness", "custom", "retention"]
    assert [(p.id, p.name) for p in journey.personas] == [("marta-gomez", "Marta Gómez"), ("chen", "Chen")]
    touchpoints = [tp for _, tp in journey.touchpoints()]
    assert [tp.name for tp in touchpoints] == [
        "See an ad on social media", "Read the fees page", "Fill in the form", "Identity check", "Café con el gestor ☕", "First deposit",
    ]
    assert [tp.emotion for tp in touchpoints] == [1, -1, -1, -2, 2, 0]
    assert touchpoints[3].personas == []  # a task without actors names nobody (not everyone)
    assert touchpoints[2].personas == ["marta-gomez", "chen"]


def test_scores_outside_one_to_five_are_errors_with_a_way_out(tmp_path):
    run = cli("import", "mermaid", str(INTERCHANGE / "wide-scores.mmd"))
    assert run.code == 1 and run.stdout == ""
    assert f"{INTERCHANGE / 'wide-scores.mmd'}:4:19: error: the score 9 of task 'Open the app' is outside 1–5" in run.stderr
    assert "--score-scale 0..10" in run.stderr and ":5:23: error: the score 0" in run.stderr
    kept = cli("import", "mermaid", str(INTERCHANGE / "wide-scores.mmd"), "--score-scale", "0..10")
    journey = _journey(kept.stdout)
    assert (journey.journey.emotion_scale.min, journey.journey.emotion_scale.max) == (0, 10)
    assert [tp.emotion for _, tp in journey.touchpoints()] == [9, 0]


def test_broken_diagrams_report_every_line():
    run = cli("import", "mermaid", str(INTERCHANGE / "broken.mmd"))
    assert run.code == 1
    assert ":4:5: error: not a task" in run.stderr and ":5:14: error: the score 'five'" in run.stderr


def test_not_a_journey():
    run = cli("import", "mermaid", str(EXAMPLES / "laptop-purchase.journey.yaml"))
    assert run.code == 1 and "expected a Mermaid `journey` diagram" in run.stderr


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.journey.yaml")), ids=lambda p: p.stem)
def test_render_mermaid_then_import_keeps_sections_tasks_scores_and_actors(tmp_path, example):
    mermaid = tmp_path / "j.mmd"
    mermaid.write_text(cli("render", str(example), "--format", "mermaid").stdout, encoding="utf-8")
    imported = tmp_path / "j.journey.yaml"
    assert cli("import", "mermaid", str(mermaid), "-o", str(imported)).code == 0
    again = cli("render", str(imported), "--format", "mermaid").stdout
    assert again == mermaid.read_text(encoding="utf-8")


def test_import_never_overwrites_without_force(tmp_path):
    target = tmp_path / "mine.journey.yaml"
    target.write_text("precious", encoding="utf-8")
    run = cli("import", "mermaid", str(INTERCHANGE / "readme-with-journey.md"), "-o", str(target))
    assert run.code == 2 and "already exists" in run.stderr and target.read_text(encoding="utf-8") == "precious"
    assert cli("import", "mermaid", str(INTERCHANGE / "readme-with-journey.md"), "-o", str(target), "--force").code == 0
    assert "Opening a savings account" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.journey.yaml")), ids=lambda p: p.stem)
def test_csv_export_then_import_keeps_the_journey(tmp_path, example):
    table = tmp_path / "j.csv"
    assert cli("export", "csv", str(example), "-o", str(table)).code == 0
    back = cli("import", "csv", str(table), "--base", str(example))
    assert back.code == 0, back.stderr
    assert _journey(back.stdout) == cjmap.load_journey(example)


def test_csv_edits_in_a_spreadsheet_come_back(tmp_path):
    example = EXAMPLES / "retail-store.journey.yaml"
    rows = list(csv.DictReader(io.StringIO(cli("export", "csv", str(example)).stdout)))
    rows[0]["touchpoint"] = "Search online for the nearest store"
    rows[0]["emotion"] = "maya: 2"
    rows[1]["pain_points"] = "Nobody answers the phone [id=no-answer, severity=high]"
    table = tmp_path / "edited.csv"
    with table.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    journey = _journey(cli("import", "csv", str(table), "--base", str(example)).stdout)
    first, second = [tp for _, tp in journey.touchpoints()][:2]
    assert first.name == "Search online for the nearest store" and first.emotion == {"maya": 2}
    assert [(p.id, p.text, p.severity) for p in second.pain_points] == [("no-answer", "Nobody answers the phone", "high")]


def test_csv_without_a_base_makes_a_new_journey(tmp_path):
    table = tmp_path / "j.csv"
    table.write_text(cli("export", "csv", str(EXAMPLES / "travel-booking.journey.yaml")).stdout, encoding="utf-8")
    run = cli("import", "csv", str(table), "--title", "From the sheet", "--lang", "es")
    journey = _journey(run.stdout)
    assert journey.journey.title == "From the sheet" and journey.journey.language == "es"
    assert [c.id for c in journey.channels] == ["travel-agency"]
    assert len(list(journey.touchpoints())) == 12


def test_csv_import_reports_bad_rows(tmp_path):
    table = tmp_path / "bad.csv"
    table.write_text("stage_id,touchpoint_id,touchpoint,emotion\ns,a,A,high\n,b,B,1\n", encoding="utf-8")
    run = cli("import", "csv", str(table))
    assert run.code == 1
    assert f"{table}:2:4: error: column `emotion`: emotion 'high' is not a whole number such as 2" in run.stderr
    assert f"{table}:3:1: error: column `stage_id`: this row names no stage: write its stage_id or its stage_name" in run.stderr


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://evil\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "=1+1"])
def test_formula_cells_are_neutralised_and_restored(cell):
    assert neutralise(cell) == "'" + cell
    assert restore(neutralise(cell)) == cell


@pytest.mark.parametrize("cell", ["-1", "+2", "3.5", "plain", ""])
def test_numbers_and_text_are_left_alone(cell):
    assert neutralise(cell) == cell


def test_exported_hostile_journey_has_no_live_formula(tmp_path):
    text = (DATA / "hostile.journey.yaml").read_text(encoding="utf-8")
    text = text.replace('name: "<<html>> label"', 'name: "=HYPERLINK(\\"http://evil\\",\\"x\\")"')
    text = text.replace('actions: ["<a href', 'actions: ["@SUM(A1)", "+cmd|\' /C calc\'!A0", "<a href')
    journey = cjmap.load_journey(text.encode(), name="h.yaml")
    for row in csv.reader(io.StringIO(export_csv(journey))):
        for cell in row:
            for line in cell.split("\n")[:1]:
                assert not line.startswith(("=", "+", "@")) or line == "", cell


def test_export_writes_nothing_for_an_invalid_journey(write, tmp_path):
    bad = write("bad.journey.yaml", "cjmap: 2\n")
    run = cli("export", "csv", str(bad), "-o", str(tmp_path / "out.csv"))
    assert run.code == 1 and "CJ024" in run.stderr and not (tmp_path / "out.csv").exists()


def test_imported_yaml_is_block_style_with_the_modeline():
    text = cli("import", "mermaid", str(INTERCHANGE / "readme-with-journey.md")).stdout
    assert text.startswith("# yaml-language-server: $schema=")
    assert "stages:\n  - id: discover\n" in text
    assert yaml.safe_load(text)["cjmap"] == 1


@pytest.mark.parametrize("cell", ["'=already quoted", "'plain apostrophe", "''double"])
def test_apostrophes_survive_the_round_trip(cell):
    assert restore(neutralise(cell)) == cell


def test_semicolon_csv_from_a_spanish_spreadsheet(tmp_path):
    text = cli("export", "csv", str(EXAMPLES / "laptop-purchase.journey.yaml")).stdout
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    table = tmp_path / "excel.csv"
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    table.write_bytes(out.getvalue().encode("cp1252", errors="replace"))
    run = cli("import", "csv", str(table), "--base", str(EXAMPLES / "laptop-purchase.journey.yaml"), "--encoding", "cp1252")
    assert run.code == 0, run.stderr
    assert [tp.id for _, tp in _journey(run.stdout).touchpoints()] == [tp.id for _, tp in cjmap.load_journey(EXAMPLES / "laptop-purchase.journey.yaml").touchpoints()]


def test_export_starts_with_a_bom_for_excel():
    assert cli("export", "csv", str(EXAMPLES / "retail-store.journey.yaml")).stdout.startswith("\ufeffstage_id,")


def test_rows_of_one_stage_must_agree(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("stage_id,stage_name,touchpoint_id,touchpoint\ns,One,a,A\ns,Two,b,B\n", encoding="utf-8")
    run = cli("import", "csv", str(table))
    assert run.code == 1 and f"{table}:3:2: error: column `stage_name`: this row's stage name differs" in run.stderr


def test_names_typed_where_ids_belong_become_ids(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("stage_id,touchpoint_id,touchpoint,channel\nDescubrimiento,Anuncio en redes,Anuncio,Kiosco Central\n", encoding="utf-8")
    journey = _journey(cli("import", "csv", str(table)).stdout)
    assert [(s.id, s.name, s.kind) for s in journey.stages] == [("descubrimiento", "Descubrimiento", "awareness")]
    assert [(tp.id, tp.channel) for _, tp in journey.touchpoints()] == [("anuncio-en-redes", "kiosco-central")]


def test_mermaid_front_matter_and_compact_keywords():
    journey = _journey(cli("import", "mermaid", str(INTERCHANGE / "frontmatter.md")).stdout)
    # The front matter's title is the diagram's title, as Mermaid shows it; accTitle is only
    # the accessible title (used when there is no other).
    assert (journey.journey.title, journey.journey.description) == ("The front matter title", "A one-line block")
    assert [tp.name for _, tp in journey.touchpoints()] == ["Pay"]


@pytest.mark.parametrize("title", ["1e+21", "012", "true", "0x1F", "1.5"])
def test_a_title_that_reads_as_a_number_gives_a_journey_that_validates(tmp_path, title):
    # The id made from "1e+21" is `1e-21`: YAML 1.1 (PyYAML's writer) calls it text, cjmap's
    # YAML 1.2 loader a number; written unquoted, the imported journey failed validation.
    source = tmp_path / "t.mmd"
    source.write_text(f"journey\n  title {title}\n  section S\n    t: 3: A\n", encoding="utf-8")
    target = tmp_path / "t.journey.yaml"
    assert cli("import", "mermaid", str(source), "-o", str(target)).code == 0
    run = cli("validate", str(target))
    assert (run.code, run.stdout) == (0, "1 file checked: no problems.\n")
    assert _journey(target.read_text(encoding="utf-8")).journey.title == title
