"""What a user trial of ``cjmap import csv`` found (issue 16): persona names that hold commas, new
spreadsheets without ids, Excel's empty rows, plain messages, and every problem of a file in one
run. Each test runs the CLI as people do: exit code, stdout and stderr."""

from __future__ import annotations

from pathlib import Path

import yaml

from conftest import EXAMPLES, cli

NOTHING = "cjmap: nothing was imported from {}\n"
# Every bundled example names its personas with a comma: "Luis, el estudiante cazador de ofertas".
LAPTOP = str(EXAMPLES / "laptop-purchase.journey.yaml")
LISTED = "write the id or name of one of its personas: ana (Ana, la profesional sin tiempo), luis (Luis, el estudiante cazador de ofertas)"


def _run(tmp_path: Path, text: str, *options: str) -> tuple[int, str, str]:
    source = tmp_path / "sheet.csv"
    source.write_text(text, encoding="utf-8")
    run = cli("import", "csv", str(source), *options)
    return run.code, run.stdout, run.stderr.replace(str(source), "sheet.csv")


def _imported(tmp_path: Path, text: str, *options: str) -> dict:
    code, out, err = _run(tmp_path, text, *options)
    assert code == 0, err
    return yaml.safe_load(out)


def _refused(tmp_path: Path, text: str, *options: str) -> str:
    code, out, err = _run(tmp_path, text, *options)
    assert (code, out) == (1, ""), err
    assert err.endswith(NOTHING.format("sheet.csv")), err
    return err.removesuffix(NOTHING.format("sheet.csv"))


def _touchpoints(data: dict) -> list[dict]:
    return [tp for stage in data["stages"] for tp in stage["touchpoints"]]


# -- 1. persona names that hold a comma -----------------------------------------------------------


def test_a_full_persona_name_with_a_comma_is_that_persona(tmp_path):
    text = (
        "stage_id,touchpoint_id,touchpoint,personas,emotion\n"
        'conciencia,blog,Blog,"Luis, el estudiante cazador de ofertas","Luis, el estudiante cazador de ofertas: 1"\n'
        'conciencia,tienda,Tienda,"Ana, la profesional sin tiempo\nLuis, el estudiante cazador de ofertas","Ana, la profesional sin tiempo: 2, luis: -1"\n'
        'conciencia,web,Web,"ana, luis",\n'
    )
    # The sheet keeps three touchpoints of the base: its KPIs measured between others (measure:) would
    # point at touchpoints the import removes (CJ031), so the base here measures none.
    base = tmp_path / "base.journey.yaml"
    base_text = Path(LAPTOP).read_text(encoding="utf-8")
    base_text = base_text.replace("        measure: {from: busqueda-compra, to: checkout-web, window: 1d}\n", "")
    base.write_text(base_text.replace(", measure: {from: checkout-web}}", "}"), encoding="utf-8")
    touchpoints = _touchpoints(_imported(tmp_path, text, "--base", str(base)))
    assert [(tp["id"], tp.get("personas"), tp.get("emotion")) for tp in touchpoints] == [
        ("blog", ["luis"], {"luis": 1}),
        ("tienda", ["ana", "luis"], {"ana": 2, "luis": -1}),
        ("web", ["ana", "luis"], None),
    ]


def test_a_name_with_a_comma_typed_not_quite_right_suggests_the_id(tmp_path):
    text = (
        "stage_id,touchpoint_id,touchpoint,personas,emotion\n"
        'conciencia,blog,Blog,"Luis, el estudiante cazador de ofertes","Luis, el estudiant: 1"\n'
    )
    way = "for the persona `Luis, el estudiante cazador de ofertas`, write its id `luis`"
    assert _refused(tmp_path, text, "--base", LAPTOP) == (
        "sheet.csv:2:4: error: column `personas`: `el estudiante cazador de ofertes` is not a persona of the base journey "
        f"(commas separate personas: `Luis, el estudiante cazador de ofertes` was split at them); {way}\n"
        f"sheet.csv:2:5: error: column `emotion`: `Luis, el estudiant` is not a persona of the base journey (commas separate personas); {way}\n"
    )


def test_semicolons_between_personas_are_named(tmp_path):
    text = "stage_id,touchpoint_id,touchpoint,personas\nconciencia,blog,Blog,ana; luis\n"
    assert _refused(tmp_path, text, "--base", LAPTOP) == (
        "sheet.csv:2:4: error: column `personas`: `ana; luis`: commas or line breaks separate personas, not semicolons; write `ana, luis`\n"
    )
    # Without a base the same cell would have made one persona "ana; luis".
    assert _refused(tmp_path, "stage_id,touchpoint,personas\ns,Blog,Ana; Luis\n") == (
        "sheet.csv:2:3: error: column `personas`: `Ana; Luis`: commas or line breaks separate personas, not semicolons; write `Ana, Luis`\n"
    )
    # A name that holds a comma cannot be listed with commas: one persona a line, and the
    # message (once, though two parts of the line found it) keeps every name ("Ana," was lost).
    way = "put each persona on its own line of the cell: Ana, la jefa / Luis"
    assert _refused(tmp_path, 'stage_id,touchpoint,personas\ns,Blog,"Ana, la jefa; Luis"\n') == (
        f"sheet.csv:2:3: error: column `personas`: `Ana, la jefa; Luis`: commas or line breaks separate personas, not semicolons; {way}\n"
    )


def test_without_a_base_a_name_with_a_comma_in_emotion_is_one_persona(tmp_path):
    text = 'stage_id,touchpoint,personas,emotion\ns,Blog,"Luis, el cazador","Luis, el cazador: 1"\ns,Web,Ana,\n'
    data = _imported(tmp_path, text)
    assert data["personas"] == [{"id": "ana", "name": "Ana"}, {"id": "luis-el-cazador", "name": "Luis, el cazador"}]
    assert [(tp.get("personas"), tp.get("emotion")) for tp in _touchpoints(data)] == [(["luis-el-cazador"], {"luis-el-cazador": 1}), (["ana"], None)]


# -- 2. no invented ids --------------------------------------------------------------------------


def test_a_sheet_without_ids_gets_ids_from_its_names(tmp_path):
    text = (
        "stage_name,touchpoint,emotion\n"
        "Descubrir,Ve un anuncio,1\n"
        "Descubrir,Ve un anuncio,0\n"  # the same name twice: two touchpoints
        "Покупка,Paga,2\n"
        "Descubrir,Lee reseñas,1\n"  # back to the first stage: the same name is the same stage
        "descubrir!,Otra,1\n"  # another name with the same slug: another stage
    )
    data = _imported(tmp_path, text)
    assert [(stage["id"], stage["name"], [tp["id"] for tp in stage["touchpoints"]]) for stage in data["stages"]] == [
        ("descubrir", "Descubrir", ["ve-un-anuncio", "ve-un-anuncio-2", "lee-resenas"]),
        ("pokupka", "Покупка", ["paga"]),
        ("descubrir-2", "descubrir!", ["otra"]),
    ]


def test_empty_id_cells_take_ids_from_names_and_never_a_written_one(tmp_path):
    text = "stage_id,stage_name,touchpoint_id,touchpoint\nbuy,Comprar,,Pay\nbuy,Comprar,pay,Pay by card\n,Comprar,,Ask\n"
    data = _imported(tmp_path, text)
    assert [(stage["id"], [tp["id"] for tp in stage["touchpoints"]]) for stage in data["stages"]] == [("buy", ["pay-2", "pay", "ask"])]


def test_a_row_with_no_stage_names_both_columns(tmp_path):
    text = "stage_id,stage_name,touchpoint\ns,S,A\n,,B\n"
    assert _refused(tmp_path, text) == "sheet.csv:3:1: error: column `stage_id`: this row names no stage: write its stage_id or its stage_name\n"


# -- 3. Excel's empty rows -----------------------------------------------------------------------------


def test_rows_of_empty_cells_are_skipped_like_blank_lines(tmp_path):
    text = "stage_id,touchpoint_id,touchpoint,emotion\r\ns,a,A,1\r\n,,,\r\n , ,,\r\ns,b,B,1\r\n,,,\r\n"
    assert [tp["id"] for tp in _touchpoints(_imported(tmp_path, text))] == ["a", "b"]
    # The rows are still counted: a problem after them is at the row the spreadsheet shows.
    assert _refused(tmp_path, text.replace("s,b,B,1", "s,b,B,x")) == (
        "sheet.csv:5:4: error: column `emotion`: emotion 'x' is not a whole number such as 2, nor scores by persona such as `ana: 1, luis: -1`\n"
    )


# -- 4. plain messages ---------------------------------------------------------------------------------


def test_the_digit_limit_is_said_only_when_it_is_the_cause(tmp_path):
    text = 'stage_id,touchpoint_id,touchpoint,emotion\ns,a,A,1234567890123456789\ns,b,B,"ana: 1.5, luis: 99999999999999999999"\n'
    assert _refused(tmp_path, text) == (
        "sheet.csv:2:4: error: column `emotion`: emotion '1234567890123456789' has 19 digits, more than the 18 a number may have\n"
        "sheet.csv:3:4: error: column `emotion`: emotion 'ana: 1.5': the score '1.5' is not a whole number such as 2\n"
        "sheet.csv:3:4: error: column `emotion`: emotion 'luis: 99999999999999999999': the score '99999999999999999999' has 20 digits, "
        "more than the 18 a number may have\n"
    )


def test_two_spellings_of_one_persona_are_named_as_such(tmp_path):
    text = 'stage_id,touchpoint_id,touchpoint,emotion\ns,a,A,"Ana López: 1, ana-lopez: 2"\n'
    assert _refused(tmp_path, text) == (
        "sheet.csv:2:4: error: column `emotion`: `Ana López` and `ana-lopez` name the same persona, `ana-lopez`; give each persona one score\n"
    )


# -- 5. one bad cell hides nothing -----------------------------------------------------------------


def test_every_problem_of_the_file_in_one_run(tmp_path):
    rows = [f"s,t{number},T {number},1," for number in range(2, 10)]
    rows[1] = "s,t3,T 3,lots,"  # row 3: a cell that cannot be read
    rows[5] = "s,t2,T 7,1,"  # row 7: an id already used
    rows[6] = "s,t8,T 8,1,"
    rows[7] = "s,t9,T 9,1,nowhere"  # row 9: an unknown next
    text = "stage_id,touchpoint_id,touchpoint,emotion,next\n" + "\n".join(rows) + "\nt,t10,T 10,\"Ana: 1, Ana: 2\",\n,,,,\n,t11,T 11,1,\n"
    assert _refused(tmp_path, text) == (
        "sheet.csv:3:4: error: column `emotion`: emotion 'lots' is not a whole number such as 2, nor scores by persona such as `ana: 1, luis: -1`\n"
        "sheet.csv:7:2: error CJ030 column `touchpoint_id`: the touchpoint id `t2` is already used (at row 2); give each touchpoint its own id\n"
        "sheet.csv:9:5: error CJ031 column `next`: no touchpoint has the id `nowhere`\n"
        "sheet.csv:10:4: error: column `emotion`: emotion: `Ana` has two scores; give each persona one\n"
        "sheet.csv:12:1: error: column `stage_id`: this row names no stage: write its stage_id or its stage_name\n"
    )


def test_a_score_outside_the_scale_is_reported_once(tmp_path):
    text = "stage_id,touchpoint_id,touchpoint,emotion\ns,a,A,7\ns,a,B,x\n"
    assert _refused(tmp_path, text) == (
        "sheet.csv:2:4: error CJ032 column `emotion`: the score is 7, outside the default scale -2..2; "
        "the file's scores run from 7 to 7: to keep them as written, import with --score-scale 1..7\n"
        "sheet.csv:3:2: error CJ030 column `touchpoint_id`: the touchpoint id `a` is already used (at row 2); give each touchpoint its own id\n"
        "sheet.csv:3:4: error: column `emotion`: emotion 'x' is not a whole number such as 2, nor scores by persona such as `ana: 1, luis: -1`\n"
    )


# -- 6. names with no letter in any script ---------------------------------------------------------


def test_a_pictograph_name_gives_the_kind_of_thing_as_id(tmp_path):
    data = _imported(tmp_path, "stage_id,touchpoint_id,touchpoint,channel\n☕,☕,Coffee,☕\n")
    stage = data["stages"][0]
    assert (stage["id"], stage["name"], stage["touchpoints"][0]["id"], stage["touchpoints"][0]["channel"]) == ("stage", "☕", "touchpoint", "channel")
    assert data["channels"] == [{"id": "channel", "name": "channel"}]
