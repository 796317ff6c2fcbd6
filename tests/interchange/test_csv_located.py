"""Every CSV problem at the row and column a spreadsheet shows (issue 16): ``file.csv:ROW:COLUMN``
with the column's header, whether the file cannot be read, a row cannot be used, or the
imported journey does not validate; never a line of the YAML built in between."""

from __future__ import annotations

from pathlib import Path

import pytest

from cjmap.interchange.csv_parse import CsvError, parse_table
from cjmap.interchange.csv_rows import read_rows
from conftest import cli

NOTHING = "cjmap: nothing was imported from {}\n"
INVALID = "cjmap: the journey imported from {} is not valid; nothing was written\n"
COLUMNS = (
    "stage_id, stage_name, stage_kind, stage_goal, touchpoint_id, touchpoint, description, channel, personas, initiator, owner, "
    "emotion, actions, thoughts, pain_points, opportunities, next, frontstage, backstage, support, evidence"
)
BASE = """\
cjmap: 1
journey:
  id: base
  title: Base
  emotion_scale: {min: 1, max: 5}
personas:
  - {id: ana, name: Ana López}
  - {id: luis, name: Luis}
  - {id: sam-a, name: Sam}
  - {id: sam-b, name: Sam}
stages:
  - id: buy
    name: Buy
    touchpoints:
      - {id: pay, name: Pay}
"""


def _refused(tmp_path: Path, text: str, *options: str, ending: str = NOTHING, name: str = "sheet.csv") -> str:
    """Import ``text`` (written as is, bytes kept) and return stderr without its last line,
    after checking the exit code, the empty stdout and that last line."""
    source = tmp_path / name
    source.write_bytes(text.encode("utf-8"))
    run = cli("import", "csv", str(source), *options)
    assert (run.code, run.stdout) == (1, ""), run.stderr
    assert run.stderr.endswith(ending.format(source)), run.stderr
    return run.stderr.removesuffix(ending.format(source)).replace(str(source), "sheet.csv")


def _base(tmp_path: Path) -> str:
    base = tmp_path / "base.journey.yaml"
    base.write_text(BASE, encoding="utf-8")
    return str(base)


# -- the file itself ------------------------------------------------------------------------


def test_an_unclosed_quote_is_at_its_row_after_a_multi_line_cell_and_a_blank_row(tmp_path):
    # Row 2 spans three lines of text and row 3 is blank: the quote opens row 4's fifth cell.
    text = 'stage_id,touchpoint_id,touchpoint,actions,emotion\ns,a,A,"one\ntwo\nthree",1\n\ns,b,B,x,"open\nmore\n'
    assert _refused(tmp_path, text) == (
        "sheet.csv:4:5: error: column `emotion`: this quote opens a cell that is never closed: the rest of the file (2 lines) "
        'would be read as one cell; close the cell with a quote, and write a quote inside a cell twice ("")\n'
    )


def test_text_after_a_closing_quote(tmp_path):
    text = 'stage_id,touchpoint_id,touchpoint,description\r\ns,a,"A\r\nlong",x\r\ns,b,B,"quoted" and more\r\n'
    assert _refused(tmp_path, text) == (
        "sheet.csv:3:4: error: column `description`: the quote before this point closes the cell, but the cell goes on; "
        'put the whole cell in quotes and write each quote inside it twice ("")\n'
    )


def test_a_cell_over_the_reader_limit(tmp_path):
    text = "stage_id,touchpoint_id,touchpoint,description\ns,a,A,ok\ns,b,B," + "x" * 140_000 + "\n"
    assert _refused(tmp_path, text) == (
        "sheet.csv:3:4: error: column `description`: this cell holds 140,000 characters, more than the 131,072 a cell may hold; shorten it\n"
    )


def test_text_under_no_column(tmp_path):
    assert _refused(tmp_path, "stage_id,touchpoint_id,touchpoint,,\ns,a,A,,lost?\n") == (
        "sheet.csv:2:5: error: column 5 (no name in the header): this text is under no column of the header; "
        "put it under a named column, or quote a cell that holds the delimiter\n"
    )


def test_header_problems_are_in_row_one(tmp_path):
    assert _refused(tmp_path, "stage_id,touchpoint_id,touchpoint,notes\ns,a,A,keep me\n") == (
        f"sheet.csv:1:4: error: `notes` is not a column cjmap reads; rename to one of {COLUMNS}, or delete\n"
    )
    assert _refused(tmp_path, "stage_id,touchpoint_id,touchpoint,touchpoint\n") == (
        "sheet.csv:1:4: error: column `touchpoint`: this column appears twice; keep one\n"
    )
    # A missing column is placed where it can be added: after the last one. Only what a file
    # needs is named, not the 21 columns export writes.
    needs = "a file needs the column `touchpoint` and a column `stage_id` or `stage_name`, the other columns are optional"
    assert _refused(tmp_path, "stage_id,touchpoint_id\ns,a\n") == f"sheet.csv:1:3: error: the header lacks the column `touchpoint`; {needs}\n"
    assert _refused(tmp_path, "touchpoint,emotion\nA,1\n") == f"sheet.csv:1:3: error: the header lacks a column `stage_id` or `stage_name`; {needs}\n"
    assert _refused(tmp_path, "notes\n") == (
        f"sheet.csv:1:1: error: `notes` is not a column cjmap reads; rename to one of {COLUMNS}, or delete\n"
        f"sheet.csv:1:2: error: the header lacks the column `touchpoint` and a column `stage_id` or `stage_name`; {needs}\n"
    )
    assert _refused(tmp_path, "") == (
        "sheet.csv:1:1: error: the file holds no rows; its first row names the columns, and a file needs the column `touchpoint` "
        "and a column `stage_id` or `stage_name`\n"
    )
    assert _refused(tmp_path, "stage_id,touchpoint\n") == "sheet.csv:2:1: error: the file holds only its header; add a row for each touchpoint\n"


# -- rows that cannot be used ----------------------------------------------------------------


def test_row_problems_semicolons_bom_and_crlf_inside_cells(tmp_path):
    # As Excel in a Spanish locale saves: a BOM, semicolons, CR LF rows; the multi-line cell of
    # row 2 does not shift row 3.
    text = '\ufeffstage_id;touchpoint_id;touchpoint;description;emotion\r\ns;a;A;"line one\r\nline two";high\r\n;b;B;x;1\r\n'
    assert _refused(tmp_path, text) == (
        "sheet.csv:2:5: error: column `emotion`: emotion 'high' is not a whole number such as 2, nor scores by persona such as `ana: 1, luis: -1`\n"
        "sheet.csv:3:1: error: column `stage_id`: this row names no stage: write its stage_id or its stage_name\n"
    )


def test_rows_of_one_stage_that_disagree(tmp_path):
    # Each disagreeing cell names the row it disagrees with: the stage's first row that gave it.
    text = "stage_id,stage_name,stage_kind,touchpoint_id,touchpoint\ns,One,,a,A\nt,T,,x,X\ns,One,,b,B\ns,Two,,c,C\n"
    assert _refused(tmp_path, text) == (
        "sheet.csv:5:2: error: column `stage_name`: this row's stage name differs from row 2's, for the same stage `s`; make the rows of a stage agree\n"
    )
    text = "stage_id,stage_name,stage_kind,touchpoint_id,touchpoint\ns,One,purchase,a,A\nt,T,,x,X\ns,Two,awareness,c,C\n"
    assert _refused(tmp_path, text) == (
        "sheet.csv:4:2: error: column `stage_name`: this row's stage name differs from row 2's, for the same stage `s`; make the rows of a stage agree\n"
        "sheet.csv:4:3: error: column `stage_kind`: this row's stage kind differs from row 2's, for the same stage `s`; make the rows of a stage agree\n"
    )


def test_persona_names_unknown_to_the_base(tmp_path):
    text = "stage_id,touchpoint_id,touchpoint,personas,emotion\nbuy,pay,Pay,Anna,Lius: 2\nbuy,ask,Ask,Sam,\n"
    listed = "write the id or name of one of its personas: ana (Ana López), luis (Luis), sam-a (Sam), sam-b (Sam)"
    assert _refused(tmp_path, text, "--base", _base(tmp_path)) == (
        f"sheet.csv:2:4: error: column `personas`: `Anna` is not a persona of the base journey (did you mean `ana`?); {listed}\n"
        f"sheet.csv:2:5: error: column `emotion`: `Lius` is not a persona of the base journey (did you mean `luis`?); {listed}\n"
        "sheet.csv:3:4: error: column `personas`: `Sam` is the name of 2 personas of the base journey (sam-a, sam-b); write the id\n"
    )


def test_one_persona_twice_in_an_emotion(tmp_path):
    assert _refused(tmp_path, "stage_id,touchpoint_id,touchpoint,emotion\ns,a,A,\"Ana: 1, ANA: 2\"\n") == (
        "sheet.csv:2:4: error: column `emotion`: `Ana` and `ANA` name the same persona, `ana`; give each persona one score\n"
    )


# -- scores and their scale -------------------------------------------------------------------


def test_scores_outside_the_default_scale_name_the_scale_that_holds_all_of_them(tmp_path):
    # The hint is computed from every score of the file, 0 and 5 included, not from the first.
    text = "stage_id,touchpoint_id,touchpoint,emotion\ns,a,A,0\ns,b,B,4\ns,c,C,\"kim: 5, lee: 1\"\n"
    hint = "the file's scores run from 0 to 5: to keep them as written, import with --score-scale 0..5"
    assert _refused(tmp_path, text) == (
        f"sheet.csv:3:4: error CJ032 column `emotion`: the score is 4, outside the default scale -2..2; {hint}\n"
        f"sheet.csv:4:4: error CJ032 column `emotion`: the score of `kim` is 5, outside the default scale -2..2; {hint}\n"
    )


def test_scores_outside_a_given_scale(tmp_path):
    text = "stage_id,touchpoint_id,touchpoint,emotion\ns,a,A,7\ns,b,B,-1\n"
    assert _refused(tmp_path, text, "--score-scale", "0..5") == (
        "sheet.csv:2:4: error CJ032 column `emotion`: the score is 7, outside the scale 0..5 given with --score-scale; "
        "the file's scores run from -1 to 7: to keep them as written, import with --score-scale -10..10\n"
        "sheet.csv:3:4: error CJ032 column `emotion`: the score is -1, outside the scale 0..5 given with --score-scale; "
        "the file's scores run from -1 to 7: to keep them as written, import with --score-scale -10..10\n"
    )


def test_scores_beyond_any_scale(tmp_path):
    assert _refused(tmp_path, "stage_id,touchpoint_id,touchpoint,emotion\ns,a,A,5000\n") == (
        "sheet.csv:2:4: error CJ032 column `emotion`: the score is 5000, outside the default scale -2..2; "
        "the file's scores run from 5000 to 5000, beyond any scale a journey holds (±1,000); correct the scores\n"
    )


def test_scores_outside_the_base_scale(tmp_path):
    assert _refused(tmp_path, "stage_id,touchpoint_id,touchpoint,emotion\nbuy,pay,Pay,6\n", "--base", _base(tmp_path)) == (
        "sheet.csv:2:4: error CJ032 column `emotion`: the score is 6, outside the base journey's scale 1..5; "
        "use a score in the scale, or widen the base's `journey.emotion_scale`\n"
    )


def test_another_scale_than_the_base_is_a_usage_error(tmp_path):
    source = tmp_path / "sheet.csv"
    source.write_text("stage_id,touchpoint_id,touchpoint,emotion\nbuy,pay,Pay,3\n", encoding="utf-8")
    run = cli("import", "csv", str(source), "--base", _base(tmp_path), "--score-scale", "0..10")
    assert (run.code, run.stdout) == (2, "")
    assert "--score-scale 0..10 is not the base journey's scale, 1..5" in run.stderr and "Traceback" not in run.stderr
    # The base's own scale, given again, is no conflict.
    assert cli("import", "csv", str(source), "--base", _base(tmp_path), "--score-scale", "1..5").code == 0


# -- the imported journey does not validate -------------------------------------------------


def test_validation_problems_are_at_rows_and_columns(tmp_path):
    text = (
        "stage_id,touchpoint_id,touchpoint,personas,emotion,next\n"
        's,a,A,Ana,"Luis: 1",nowhere\n'
        's,a,"Two\nlines",,1,\n'
        "s,c,C,,1,-\n"
    )
    assert _refused(tmp_path, text, ending=INVALID) == (
        "sheet.csv:2:5: error CJ033 column `emotion`: `luis` is not on this touchpoint (personas: ana): add them to `personas` or remove the emotion\n"
        "sheet.csv:2:6: error CJ031 column `next`: no touchpoint has the id `nowhere`\n"
        # The first use is named by its row, not by a path of the YAML the user never saw.
        "sheet.csv:3:2: error CJ030 column `touchpoint_id`: the touchpoint id `a` is already used (at row 2); give each touchpoint its own id\n"
    )


def test_a_long_persona_name_is_at_the_cell_that_first_names_it(tmp_path):
    name = "N" * 10_500
    text = f"stage_id,touchpoint_id,touchpoint,personas\ns,a,A,Ana\ns,b,B,{name}\ns,c,C,{name}\n"
    assert _refused(tmp_path, text, ending=INVALID) == (
        "sheet.csv:3:4: error CJ014 column `personas`: this text is 10,500 characters long, over the budget of 10,000 for one value; shorten it\n"
    )


def test_a_problem_at_no_one_place_says_so(tmp_path):
    title = "T" * 10_500
    assert _refused(tmp_path, "stage_id,touchpoint_id,touchpoint\ns,a,A\n", "--title", title, ending=INVALID) == (
        "sheet.csv: error CJ014 `journey.title` of the imported journey, at no one place in the file: this value is 10,500 characters long, "
        "over the budget of 10,000 for one value; shorten it, or keep the long text elsewhere and link to it (for example under `evidence:`)\n"
    )


# -- the library ----------------------------------------------------------------------------


def test_rows_know_their_spreadsheet_row_and_column():
    text = '\ufeffstage_id,touchpoint_id,touchpoint,actions\r\ns,a,A,"one\r\ntwo\r\nthree"\r\n\r\ns,b,B,x\r\n'
    rows = read_rows(text)
    assert [(row.number, row.at("actions"), row.at("emotion")) for row in rows] == [(2, (2, 4), (2, 0)), (4, (4, 4), (4, 0))]
    assert rows[0].values["actions"] == "one\ntwo\nthree"  # CR LF inside a cell is a line break


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ('a,b\n1,"' + "y" * 50 + '"\n', (2, 2)),
        ('a,b\n"x\ny",2\n3,"open\n', (3, 2)),
        ('a,b\n1,"x"y\n', (2, 2)),
    ],
)
def test_reader_problems_carry_row_and_column(text, place):
    with pytest.raises(CsvError) as raised:
        parse_table(text, delimiter=",", max_cell=40)
    assert [(p.line, p.column) for p in raised.value.problems] == [place]


def test_a_row_shorter_than_the_header_is_placed_at_the_header_column(tmp_path):
    # The row has no cell under `touchpoint`: the problem was at "sheet.csv:3:", no column.
    assert _refused(tmp_path, "stage_id,touchpoint_id,touchpoint\ns,a,A\ns\n").startswith("sheet.csv:3:3: error: column `touchpoint`: ")
