"""What a spreadsheet holds comes back (issue 16): line breaks in cells, persona names where ids
belong, scores on the scale given with --score-scale; in the shapes real spreadsheets save."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import cjmap
from cjmap.interchange.csv_io import export_csv, list_cell
from cjmap.interchange.csv_journey import import_csv
from cjmap.interchange.csv_rows import list_items
from conftest import cli


def _journey(text: str) -> cjmap.Journey:
    return cjmap.load_journey(text.encode("utf-8"), name="imported.journey.yaml")


def _touchpoint(**fields: object) -> cjmap.Journey:
    data = {
        "cjmap": 1,
        "journey": {"id": "j", "title": "J"},
        "personas": [{"id": "ana", "name": "Ana"}],
        "stages": [{"id": "s", "name": "Stage", "touchpoints": [{"id": "t", "name": "T", **fields}]}],
    }
    return cjmap.load_journey(json.dumps(data, ensure_ascii=False).encode("utf-8"), name="j.journey.yaml")


def _through_csv(journey: cjmap.Journey) -> cjmap.Journey:
    data = import_csv(export_csv(journey), base=journey, title="J", language="en", journey_type="current-state").data
    return cjmap.load_journey(json.dumps(data, ensure_ascii=False).encode("utf-8"), name="back.journey.yaml")


# -- line breaks ----------------------------------------------------------------------------


MULTI = {
    "name": "Pays at the till\nwith a card",
    "description": "First line.\n\nA second paragraph.",
    "actions": ["Queues\nfor ten minutes", "Pays"],
    "thoughts": ["One line", "Two\nlines", "  kept spaces  "],
    "pain_points": [{"id": "queue", "text": "The queue\nnever moves", "severity": "high"}, "Plain pain"],
    "owner": "Store team\n(weekends)",
}


def test_line_breaks_in_cells_survive_export_and_import():
    journey = _touchpoint(**MULTI)
    assert _through_csv(journey) == journey


def test_one_line_items_stay_one_per_line():
    assert list_cell(["a", "b"]) == "a\nb"
    assert list_cell(["a", "b\nc"]) == "a\n\nb\nc"
    # A lone item with line breaks is followed by a blank line (else it reads as two items); a
    # blank line inside an item cannot be told from the one between items: one break.
    assert list_cell(["a\n\nb"]) == "a\nb\n\n"
    assert list_items(list_cell(["a\nb"])) == ["a\nb"]


def test_items_as_people_type_them():
    assert list_items("a\nb\n") == ["a", "b"]  # the cell's last line break is no blank line
    assert list_items("\n\na\nb") == ["a", "b"]  # blank lines before the first item do not count
    assert list_items("a\n\nb\n") == ["a", "b"]  # one-line paragraphs: the same items as one per line
    assert list_items("a\nb\n\n") == ["a\nb"]  # a blank line after an item: items keep their line breaks
    assert list_items("a\nb\n   \nc") == ["a\nb", "c"]  # a line of spaces is a blank line
    assert list_items("  indented\nnext") == ["  indented", "next"]


_LINE = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=12).filter(lambda line: line.strip() != "")
_TEXT = st.lists(_LINE, min_size=1, max_size=3).map("\n".join)


@settings(max_examples=60, deadline=None)
@given(name=_TEXT, description=_TEXT, actions=st.lists(_TEXT, min_size=1, max_size=4), goal=_TEXT)
def test_any_text_with_line_breaks_comes_back(name, description, actions, goal):
    data = {
        "cjmap": 1,
        "journey": {"id": "j", "title": "J"},
        "personas": [{"id": "ana"}],
        "stages": [{"id": "s", "goal": goal, "touchpoints": [{"id": "t", "name": name, "description": description, "actions": actions}]}],
    }
    journey = cjmap.load_journey(json.dumps(data, ensure_ascii=False).encode("utf-8"), name="j.journey.yaml")
    assert _through_csv(journey) == journey


def _spreadsheet(tmp_path: Path, rows: list[list[str]], *, delimiter: str = ",", inside: str = "\n", bom: bool = True) -> Path:
    """Rows as a spreadsheet saves them: CR LF after each row, ``inside`` for a line break
    within a cell, a byte-order mark (Excel's "CSV UTF-8")."""
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows([[cell.replace("\n", inside) for cell in row] for row in rows])
    path = tmp_path / "sheet.csv"
    path.write_bytes(("\ufeff" if bom else "").encode() + out.getvalue().encode("utf-8"))
    return path


HEADER = ["stage_id", "stage_goal", "touchpoint_id", "touchpoint", "description", "actions"]
ROW = ["s", "Goal\nin two lines", "t", "Name\nbroken", "Para one\n\nPara two", "Queues\nlong\n\nPays"]


def test_excel_lf_inside_cells_crlf_rows_and_a_bom(tmp_path):
    run = cli("import", "csv", str(_spreadsheet(tmp_path, [HEADER, ROW])))
    assert run.code == 0, run.stderr
    stage = _journey(run.stdout).stages[0]
    tp = stage.touchpoints[0]
    assert (stage.goal, tp.name, tp.description, tp.actions) == ("Goal\nin two lines", "Name\nbroken", "Para one\n\nPara two", ["Queues\nlong", "Pays"])


def test_crlf_inside_cells_and_semicolons(tmp_path):
    # LibreOffice and Numbers on some systems write CR LF inside a cell too; a Spanish Excel,
    # semicolons.
    source = _spreadsheet(tmp_path, [HEADER, ROW], delimiter=";", inside="\r\n")
    assert b'"Name\r\nbroken"' in source.read_bytes()
    run = cli("import", "csv", str(source))
    assert run.code == 0, run.stderr
    tp = _journey(run.stdout).stages[0].touchpoints[0]
    assert (tp.name, tp.description, tp.actions) == ("Name\nbroken", "Para one\n\nPara two", ["Queues\nlong", "Pays"])


def test_export_writes_line_breaks_inside_quoted_cells(tmp_path):
    source = tmp_path / "j.journey.yaml"
    source.write_text(json.dumps({
        "cjmap": 1, "journey": {"id": "j", "title": "J"}, "personas": [{"id": "ana"}],
        "stages": [{"id": "s", "touchpoints": [{"id": "t", "name": "Two\nlines", "actions": ["a\nb", "c"]}]}],
    }, ensure_ascii=False), encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(cli("export", "csv", str(source)).stdout.removeprefix("\ufeff"))))
    assert (rows[0]["touchpoint"], rows[0]["actions"]) == ("Two\nlines", "a\nb\n\nc")


# -- persona names --------------------------------------------------------------------------


def test_persona_names_make_personas_without_a_base(tmp_path):
    source = _spreadsheet(tmp_path, [
        ["stage_id", "touchpoint_id", "touchpoint", "personas", "emotion"],
        ["s", "a", "A", "Ana López, Ærlig Østby", "Ana López: 1, ærlig østby: -1"],
        ["s", "b", "B", "ANA LOPEZ\nМария", "2"],
        ["s", "c", "C", "luis, Luis", ""],
        ["s", "d", "D", "ana-lopez", ""],  # the id the name "Ana López" makes, written: the same persona
    ])
    run = cli("import", "csv", str(source))
    assert run.code == 0, run.stderr
    journey = _journey(run.stdout)
    assert [(p.id, p.name) for p in journey.personas] == [("aerlig-ostby", "Ærlig Østby"), ("ana-lopez", "Ana López"), ("luis", "Luis"), ("mariia", "Мария")]
    a, b, c, d = (tp for _, tp in journey.touchpoints())
    assert (a.personas, a.emotion) == (["ana-lopez", "aerlig-ostby"], {"ana-lopez": 1, "aerlig-ostby": -1})
    assert b.personas == ["ana-lopez", "mariia"]
    assert (c.personas, d.personas) == (["luis"], ["ana-lopez"])  # the id written and the name typed are one persona


def test_persona_names_map_to_the_base_personas(tmp_path):
    base = tmp_path / "base.journey.yaml"
    base.write_text(json.dumps({
        "cjmap": 1, "journey": {"id": "j", "title": "J"},
        "personas": [{"id": "ana", "name": "Ana López"}, {"id": "luis", "name": "Luis Pérez"}, {"id": "pat", "name": "ana"}],
        "stages": [{"id": "s", "touchpoints": [{"id": "a", "name": "A"}]}],
    }, ensure_ascii=False), encoding="utf-8")
    source = _spreadsheet(tmp_path, [
        ["stage_id", "touchpoint_id", "touchpoint", "personas", "emotion"],
        # "ana" is Pat's name and Ana's id: the id wins. Names match without case or accents.
        ["s", "a", "A", "ana lopez, LUIS PEREZ, Ana", "Ana López: 2, luis pérez: -1"],
    ])
    run = cli("import", "csv", str(source), "--base", str(base))
    assert run.code == 0, run.stderr
    tp = _journey(run.stdout).stages[0].touchpoints[0]
    assert (tp.personas, tp.emotion) == (["ana", "luis"], {"ana": 2, "luis": -1})


# -- --score-scale --------------------------------------------------------------------------


def test_a_given_scale_keeps_the_scores_as_written(tmp_path):
    source = _spreadsheet(tmp_path, [["stage_id", "touchpoint_id", "touchpoint", "emotion"], ["s", "a", "A", "0"], ["s", "b", "B", "kim: 10, lee: 3"]])
    run = cli("import", "csv", str(source), "--score-scale", "0..10")
    assert run.code == 0, run.stderr
    journey = _journey(run.stdout)
    assert (journey.journey.emotion_scale.min, journey.journey.emotion_scale.max) == (0, 10)
    assert [tp.emotion for _, tp in journey.touchpoints()] == [0, {"kim": 10, "lee": 3}]


def test_following_the_hint_imports_the_file(tmp_path):
    source = _spreadsheet(tmp_path, [["stage_id", "touchpoint_id", "touchpoint", "emotion"], ["s", "a", "A", "1"], ["s", "b", "B", "7"]])
    refused = cli("import", "csv", str(source))
    hint = refused.stderr.split("import with ")[1].split("\n")[0]
    assert (refused.code, hint) == (1, "--score-scale 1..7")
    run = cli("import", "csv", str(source), *hint.split())
    assert run.code == 0, run.stderr
    assert [tp.emotion for _, tp in _journey(run.stdout).touchpoints()] == [1, 7]
