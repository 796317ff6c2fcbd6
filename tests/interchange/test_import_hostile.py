"""Imports that lose nothing (issue 12): a file is imported whole or refused with a located
reason; nothing is guessed; every import says what it read and wrote."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import stat
import time
from pathlib import Path

import pytest
import yaml

from cjmap.interchange.csv_journey import import_csv
from cjmap.interchange.csv_parse import CsvError, parse_table
from cjmap.interchange.csv_rows import read_rows, rows_to_stages
from cjmap.interchange.ids import IdMaker
from cjmap.interchange.mermaid_in import MermaidError, import_mermaid, parse_mermaid
from cjmap.interchange.numbers import whole_number
from conftest import cli, within

HEADER = "stage_id,touchpoint_id,touchpoint,emotion,description\n"
PRECIOUS = "precious: the user's own file\n"
# The line after "read …, wrote …": the schema the written modeline names (docs/editors.md).
_SCHEMA_WRITTEN = "the schema the modeline names (editor completion and checks: docs/editors.md)"
_SCHEMA_MISSING = "the modeline names journey.schema.json, not in the current folder yet: `cjmap schema --write` writes it (docs/editors.md)"


def _table(rows: list[list[str]], header: tuple[str, ...] = ("stage_id", "touchpoint_id", "touchpoint", "emotion", "description")) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _import(kind: str, source: Path, *options: str, out: Path | None = None):
    """Run the import into ``out`` (created beforehand with precious content, replaced only on success)."""
    args = ["import", kind, str(source), *options]
    if out is not None:
        args += ["-o", str(out), "--force"]
    return cli(*args)


@pytest.fixture
def precious(tmp_path: Path) -> Path:
    target = tmp_path / "out.journey.yaml"
    target.write_text(PRECIOUS, encoding="utf-8")
    return target


def _refused(run, target: Path) -> None:
    """Exit 1, a reason, no traceback, and the output untouched."""
    assert run.code == 1, run.stderr
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr
    assert target.read_text(encoding="utf-8") == PRECIOUS
    assert run.stdout == ""


# -- the whole file or nothing --------------------------------------------------------------


def test_a_csv_over_the_size_limit_is_refused_not_truncated(tmp_path, precious):
    # The case: 5.4 MiB, over the default 5 MiB. It used to import the first 47 of 55
    # rows and say "wrote".
    rows = [["s", f"t{i}", f"Touchpoint {i}", "0", "word " * 1000] for i in range(1100)]
    source = tmp_path / "big.csv"
    source.write_text(_table(rows), encoding="utf-8")
    assert 5.2 * 2**20 < source.stat().st_size < 6 * 2**20
    run = _import("csv", source, out=precious)
    _refused(run, precious)
    assert "larger than the 5.0 MiB limit; nothing was imported" in run.stderr
    assert "--max-file-size 6M" in run.stderr
    # The option the message names exists, and with it every row arrives.
    run = _import("csv", source, "--max-file-size", "8M", out=precious)
    assert run.code == 0, run.stderr[:2000]
    # The whole stderr: what was read and written, then the schema its modeline names, written beside it.
    assert run.stderr == (f"cjmap: read 1,100 rows, wrote 1,100 touchpoints in 1 stage to {precious}\n"
                          f"cjmap: wrote {precious.parent / 'journey.schema.json'}, {_SCHEMA_WRITTEN}\n")
    data = yaml.safe_load(precious.read_text(encoding="utf-8"))
    assert len(data["stages"][0]["touchpoints"]) == 1100


def test_a_small_max_file_size_applies_to_mermaid_too(tmp_path, precious):
    source = tmp_path / "j.mmd"
    source.write_text("journey\n  section S\n" + "    Task: 3: Me\n" * 200, encoding="utf-8")
    run = _import("mermaid", source, "--max-file-size", "1K", out=precious)
    _refused(run, precious)
    assert "larger than the 1,024 bytes limit" in run.stderr


BAD_OPTIONS = [("--max-file-size", value) for value in ("lots", "0", "-5M", "５M")] + [
    ("--encoding", name) for name in ("klingon", "zlib", "base64")  # unknown, or not a text encoding
]


@pytest.mark.parametrize(("option", "value"), BAD_OPTIONS)
def test_a_bad_size_or_encoding_is_a_usage_error(tmp_path, option, value):
    source = tmp_path / "t.csv"
    source.write_text(_table([["s", "a", "A", "1", ""]]), encoding="utf-8")
    run = cli("import", "csv", str(source), option, value)
    assert run.code == 2 and f"cjmap: error: {option}: " in run.stderr, run.stderr
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr


# -- located CSV problems -------------------------------------------------------------------


def test_an_unclosed_quote_is_located_where_it_opens(tmp_path, precious):
    # It used to swallow every following row into one cell, with exit 0.
    source = tmp_path / "t.csv"
    source.write_text(HEADER + 's,a,A,1,fine\ns,b,B,1,"never closed\ns,c,C,1,x\ns,d,D,1,y\n', encoding="utf-8")
    run = _import("csv", source, out=precious)
    _refused(run, precious)
    assert f"{source}:3:5: error: column `description`: this quote opens a cell that is never closed" in run.stderr
    assert "(3 lines)" in run.stderr
    with pytest.raises(CsvError) as raised:
        read_rows(source.read_text(encoding="utf-8"))
    assert [(p.line, p.column) for p in raised.value.problems] == [(3, 5)]  # row 3, column E


def test_text_after_a_closing_quote_is_located(tmp_path, precious):
    source = tmp_path / "t.csv"
    source.write_text(HEADER + 's,a,A,1,"quoted" and more\n', encoding="utf-8")
    run = _import("csv", source, out=precious)
    _refused(run, precious)
    assert f"{source}:2:5: error: column `description`: the quote before this point closes the cell" in run.stderr


def test_a_cell_over_the_csv_limit_is_located_and_bounded(tmp_path, precious):
    # It used to be an internal `_csv.Error: field larger than field limit (131072)`.
    source = tmp_path / "t.csv"
    source.write_text(HEADER + "s,a,A,1,ok\n" + "s,b,B,1," + "x" * 140_000 + "\n", encoding="utf-8")
    run = _import("csv", source, out=precious)
    _refused(run, precious)
    assert f"{source}:3:5: error: column `description`: this cell holds 140,000 characters, more than the 131,072" in run.stderr
    # Quoted cells count the same way, and the limit is the reader's own, not the csv module's.
    with pytest.raises(CsvError) as raised:
        parse_table('a,b\n1,"' + "y" * 50 + '"\n', delimiter=",", max_cell=40)
    assert (raised.value.problems[0].line, raised.value.problems[0].column) == (2, 2)


def test_a_value_over_the_validation_budget_is_reported_at_its_cell(tmp_path, precious):
    # Under the cell limit, over the budget for one value: located at the CSV cell, not at a
    # line of the YAML built in between.
    source = tmp_path / "t.csv"
    source.write_text(_table([["s", "a", "A", "1", "ok"], ["s", "b", "B", "1", "z" * 20_000]]), encoding="utf-8")
    run = _import("csv", source, out=precious)
    _refused(run, precious)
    assert f"{source}:3:5: error CJ014 column `description`: this text is 20,000 characters long" in run.stderr


def test_one_bad_byte_is_located_not_guessed_as_cp1252(tmp_path, precious):
    # It used to read the whole UTF-8 file as Windows-1252: café became cafÃ©.
    source = tmp_path / "t.csv"
    source.write_bytes((HEADER + "s,a,A,1,café\ns,b,B,1,ma").encode("utf-8") + b"\xe9" + b"s\n")
    offset = source.read_bytes().index(b"\xe9")
    run = _import("csv", source, out=precious)
    _refused(run, precious)
    assert f"{source}:3:11: error: byte 0xe9 at offset {offset} is not valid utf-8; save the file as UTF-8" in run.stderr
    assert "--encoding cp1252" in run.stderr and "Ã" not in run.stderr


def test_an_explicit_encoding_reads_a_windows_file(tmp_path):
    source = tmp_path / "t.csv"
    source.write_bytes((HEADER + "s,a,A,1,café\n").encode("cp1252"))
    run = cli("import", "csv", str(source), "--encoding", "cp1252")
    assert run.code == 0, run.stderr
    assert "café" in run.stdout and "Ã" not in run.stdout


def test_cells_nobody_would_read_are_refused_not_dropped(tmp_path, precious):
    source = tmp_path / "t.csv"
    source.write_text(HEADER + "s,a,A,1,desc,stray text\n", encoding="utf-8")
    run = _import("csv", source, out=precious)
    _refused(run, precious)
    assert f"{source}:2:6: error: column 6 (no name in the header): this text is under no column of the header" in run.stderr
    source.write_text("stage_id,touchpoint_id,touchpoint,notes\ns,a,A,keep me\n", encoding="utf-8")
    run = _import("csv", source, out=precious)
    _refused(run, precious)
    assert f"{source}:1:4: error: `notes` is not a column cjmap reads" in run.stderr
    # Unnamed columns (spreadsheets save trailing ones) are fine while empty.
    source.write_text("stage_id,touchpoint_id,touchpoint,,\ns,a,A,,\n", encoding="utf-8")
    assert _import("csv", source).code == 0
    source.write_text("stage_id,touchpoint_id,touchpoint,,\ns,a,A,,lost?\n", encoding="utf-8")
    run = _import("csv", source, out=precious)
    _refused(run, precious)
    assert f"{source}:2:5: error: column 5 (no name in the header): this text is under no column" in run.stderr


def test_a_wide_header_is_linear_and_reported_once(tmp_path, precious):
    source = tmp_path / "t.csv"
    source.write_text("stage_id,touchpoint_id,touchpoint," + ",".join(f"c{i}" for i in range(100_000)) + "\n", encoding="utf-8")
    run = _import("csv", source, out=precious)
    _refused(run, precious)
    assert "`c0`, `c1`" in run.stderr and "and 99,990 more are not columns cjmap reads" in run.stderr
    assert len(run.stderr.splitlines()) == 2


def test_line_breaks_inside_quoted_cells_do_not_shift_rows(tmp_path):
    text = 'stage_id,touchpoint_id,touchpoint,actions\r\ns,a,A,"one\r\ntwo\r\nthree"\r\ns,b,B,x\r\n'
    rows = read_rows(text)
    assert [(row.number, row.at("actions")) for row in rows] == [(2, (2, 4)), (3, (3, 4))]
    assert rows[0].values["actions"] == "one\ntwo\nthree"


def test_the_reader_agrees_with_the_csv_module_on_what_csv_writer_writes():
    cells = ['plain', 'with, comma', 'with "quotes"', 'multi\nline', '', ' spaced ', 'semi;colon', '""', 'tab\there', "\r\n"]
    rows = [cells, list(reversed(cells)), ["only"]]
    for delimiter in (",", ";"):
        out = io.StringIO()
        csv.writer(out, delimiter=delimiter).writerows([["h"] * len(cells), *rows])
        parsed = [[cell.text for cell in row] for _, row in parse_table(out.getvalue(), delimiter=delimiter)]
        assert parsed == [["h"] * len(cells), *rows]


# -- ASCII digits only ----------------------------------------------------------------------


@pytest.mark.parametrize("written", ["١", "1_0", "٣", "１", "²", "1e3", "+", ""])
def test_only_ascii_digits_are_numbers(written):
    assert whole_number(written) is None


@pytest.mark.parametrize(("written", "value"), [("1", 1), (" -2 ", -2), ("+3", 3), ("0", 0)])
def test_ascii_numbers_still_read(written, value):
    assert whole_number(written) == value


def test_csv_emotions_in_other_digits_are_located_errors(tmp_path, precious):
    # `١` (Arabic-Indic one) used to be read as 1 and `1_0` as 10.
    source = tmp_path / "t.csv"
    source.write_text(_table([["s", "a", "A", "١", ""], ["s", "b", "B", "1_0", ""], ["s", "c", "C", "ana: ٢", ""]]), encoding="utf-8")
    run = _import("csv", source, out=precious)
    _refused(run, precious)
    for line in (2, 3, 4):
        assert f"{source}:{line}:4: error: column `emotion`: emotion" in run.stderr
    assert "'١' is not a whole number such as 2" in run.stderr


def test_mermaid_scores_in_other_digits_are_errors(tmp_path, precious):
    source = tmp_path / "j.mmd"
    source.write_text("journey\n  section S\n    A: ١: Me\n    B: 1_0: Me\n    C: 3: Me\n", encoding="utf-8")
    run = _import("mermaid", source, out=precious)
    _refused(run, precious)
    # JavaScript's Number() reads neither (Mermaid draws NaN): cjmap says so, at the score.
    assert f"{source}:3:8: error: the score '١' of task 'A' is not a number (Mermaid draws it as NaN)" in run.stderr
    assert f"{source}:4:8: error: the score '1_0' of task 'B' is not a number" in run.stderr


@pytest.mark.parametrize("scale", ["٠..١٠", "0..1_0", "0..99999999999999999999"])
def test_score_scales_in_other_digits_are_usage_errors(tmp_path, scale):
    source = tmp_path / "j.mmd"
    source.write_text("journey\n  section S\n    A: 3: Me\n", encoding="utf-8")
    run = cli("import", "mermaid", str(source), "--score-scale", scale)
    assert run.code == 2 and "--score-scale" in run.stderr and "Traceback" not in run.stderr


# -- problems at the imported file's rows, and the summary -----------------------------------


def test_validation_problems_point_at_csv_rows_and_columns(tmp_path, precious):
    source = tmp_path / "t.csv"
    source.write_text("stage_id,touchpoint_id,touchpoint,emotion,next\ns,a,A,1,nowhere\ns,a,B,1,\n", encoding="utf-8")
    run = _import("csv", source, out=precious)
    _refused(run, precious)
    assert f"{source}:2:5: error CJ031 column `next`: no touchpoint has the id `nowhere`" in run.stderr
    assert f"{source}:3:2: error CJ030 column `touchpoint_id`: the touchpoint id `a` is already used (at row 2)" in run.stderr
    # A score outside the scale is found before validation, at its cell (tests/interchange/test_csv_located.py).
    source.write_text("stage_id,touchpoint_id,touchpoint,emotion\ns,a,A,5\n", encoding="utf-8")
    run = _import("csv", source, out=precious)
    _refused(run, precious)
    assert f"{source}:2:4: error CJ032 column `emotion`: the score is 5, outside the default scale -2..2" in run.stderr
    assert "<imported>" not in run.stderr and str(precious) not in run.stderr


def test_validation_problems_point_at_mermaid_task_lines(tmp_path, precious):
    source = tmp_path / "j.mmd"
    source.write_text("journey\n  section S\n    Fine: 3: Me\n    " + "n" * 12_000 + ": 3: Me\n", encoding="utf-8")
    run = _import("mermaid", source, out=precious)
    _refused(run, precious)
    assert f"{source}:4:5: error CJ014 task 'nnnn" in run.stderr and "12,000 characters long" in run.stderr


def test_every_import_says_what_it_read_and_wrote(tmp_path):
    source = tmp_path / "t.csv"
    source.write_text(_table([["s1", "a", "A", "1", ""], ["s1", "b", "B", "0", ""], ["s2", "c", "C", "-1", ""]]), encoding="utf-8")
    run = cli("import", "csv", str(source), cwd=tmp_path)
    assert (run.code, run.stderr) == (0, ("cjmap: read 3 rows, wrote 3 touchpoints in 2 stages to standard output\n"
                                          f"cjmap: {_SCHEMA_MISSING}\n"))
    diagram = tmp_path / "j.mmd"
    diagram.write_text("journey\n  section S\n    A: 3: Me\n  section T\n    B: 4: Me\n", encoding="utf-8")
    out = tmp_path / "j.journey.yaml"
    run = cli("import", "mermaid", str(diagram), "-o", str(out))
    assert (run.code, run.stderr) == (0, (f"cjmap: read 2 tasks, wrote 2 touchpoints in 2 stages to {out}\n"
                                          f"cjmap: wrote {tmp_path / 'journey.schema.json'}, {_SCHEMA_WRITTEN}\n"))
    # Written once: the next import into the folder says only what it read and wrote.
    run = cli("import", "mermaid", str(diagram), "-o", str(out), "--force")
    assert (run.code, run.stderr) == (0, f"cjmap: read 2 tasks, wrote 2 touchpoints in 2 stages to {out}\n")


def test_control_characters_in_messages_are_shown_not_sent(tmp_path):
    source = tmp_path / "t.csv"
    source.write_text(_table([["s", "a", "A", "\x1b[2J", ""]]), encoding="utf-8")
    run = cli("import", "csv", str(source))
    assert run.code == 1 and "\x1b" not in run.stderr and "\\x1b[2J" in run.stderr


def test_the_library_reports_rows_read_and_origins():
    imported = import_csv(_table([["s", "a", "A", "1", ""], ["s", "b", "B", "2", ""]]), base=None, title="T", language="en", journey_type="current-state")
    assert imported.read == "2 rows" and imported.counts() == (2, 1)
    assert import_csv(_table([["s", "a", "A", "1", ""]]), base=None, title="T", language="en", journey_type="current-state").data["stages"][0]["id"] == "s"
    with pytest.raises(MermaidError) as raised:
        import_mermaid("journey\n  section S\n    no colon here\n", title="T", language="en", scale=None)
    assert [(p.line, p.message[:10]) for p in raised.value.problems] == [(3, "not a task")]


# -- linear work ---------------------------------------------------------------------------


def test_repeated_mermaid_task_names_are_linear():
    # 20,000 tasks of one name took 53 s (ids tried name-2, name-3, … from 2 each time).
    text = "journey\n  section S\n" + "    Same task: 3: Me\n" * 20_000 + "    Same task 2: 3: Me\n"
    with within(20):
        imported = import_mermaid(text, title="T", language="en", scale=None)
    ids = [tp["id"] for tp in imported.data["stages"][0]["touchpoints"]]
    assert len(set(ids)) == len(ids) == 20_001
    assert ids[:3] == ["same-task", "same-task-2", "same-task-3"] and ids[-1] == "same-task-2-2"


def test_a_long_accdescr_block_is_linear():
    # Each line of the block was added to the description so far: quadratic in its length.
    lines = "xxxxxxxxxx\n" * 400_000
    with within(10):
        diagram = parse_mermaid(f"journey\n  accDescr {{\n{lines}  }}\n  section S\n    A: 3: Me\n")
    assert len(diagram.diagram.acc_descr.strip()) == 400_000 * 11 - 1


def test_ids_skip_suffixes_taken_by_literal_names():
    maker = IdMaker()
    assert [maker.make(name, "x") for name in ("a", "a-2", "a", "a", "a-3")] == ["a", "a-2", "a-3", "a-4", "a-3-2"]


@pytest.mark.parametrize(
    "line",
    ["a:5" + " " * 80_000 + "x", "a" + " " * 80_000 + "x", "a: 3:" + " ," * 40_000, "a:" + " \t" * 40_000 + ":"],
)
def test_a_long_mermaid_task_line_is_linear(line):
    # The task pattern took 16 s on a 20,000-character line and 271 s on 80,000.
    started = time.monotonic()
    with within(10), contextlib.suppress(MermaidError):
        import_mermaid(f"journey\n  section S\n    {line}\n    {line}\n", title="T", language="en", scale=None)
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("cell", ["x [a=" * 26_000, "x [a" * 32_000 + "]", "x [a=]" * 15_000 + "x [a=" * 5_000 + "]"])
def test_a_long_list_cell_is_linear(cell):
    # The list-cell pattern (`text [id=…, severity=…]`) took 54 s on a 128 KB cell.
    text = _table([["s", "a", "A", cell]], header=("stage_id", "touchpoint_id", "touchpoint", "pain_points"))
    with within(10):
        stages = rows_to_stages(read_rows(text))
    assert len(stages[0]["touchpoints"][0]["pain_points"]) == 1


def test_export_and_the_base_journey_take_max_file_size(tmp_path):
    # The size message tells the user to raise --max-file-size: every command that says so has it.
    journey = tmp_path / "j.journey.yaml"
    journey.write_text(cli("import", "csv", str(_write_table(tmp_path))).stdout, encoding="utf-8")
    run = cli("export", "csv", str(journey), "--max-file-size", "100")
    assert run.code == 1 and "larger than the 100 bytes limit" in run.stderr and run.stdout == ""
    assert cli("export", "csv", str(journey), "--max-file-size", "1M").code == 0
    run = cli("import", "csv", str(_write_table(tmp_path)), "--base", str(journey), "--max-file-size", "100")
    assert run.code == 1 and f"{journey}:1:1: error CJ006" in run.stderr


def _write_table(tmp_path: Path) -> Path:
    source = tmp_path / "t.csv"
    source.write_text(_table([["s", "a", "A", "1", "x" * 80]]), encoding="utf-8")
    return source


def test_imports_write_only_through_the_atomic_writer(tmp_path):
    # `import mermaid … -o /dev/null --force`, as root, replaced the device with a plain file.
    # Tests cannot own /dev/null: a FIFO is refused by the same check of the file's type.
    diagram = tmp_path / "j.mmd"
    diagram.write_text("journey\n  section S\n    A: 3: Me\n", encoding="utf-8")
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    run = cli("import", "mermaid", str(diagram), "-o", str(fifo), "--force")
    assert run.code == 2 and "not a regular file" in run.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    # Nor does --force let an import replace the file it reads.
    run = cli("import", "mermaid", str(diagram), "-o", str(diagram), "--force")
    assert run.code == 2 and diagram.read_text(encoding="utf-8").startswith("journey")


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["plain", "byte-order mark"])
def test_a_bad_byte_after_a_byte_order_mark_is_located_at_itself(tmp_path, precious, bom):
    # `cjmap export csv` and Excel start a file with a byte-order mark; it was not counted, and
    # the message named the byte three before the bad one.
    source = tmp_path / "t.csv"
    source.write_bytes(bom + (HEADER + "s,b,B,1,ma").encode("utf-8") + b"\xe9" + b"s\n")
    offset = source.read_bytes().index(b"\xe9")
    run = _import("csv", source, out=precious)
    _refused(run, precious)
    assert f"{source}:2:11: error: byte 0xe9 at offset {offset} is not valid utf-8" in run.stderr


def test_imports_read_standard_input_and_named_pipes(tmp_path):
    """A path the user typed is read as validate reads it: - for stdin, a named pipe too."""
    text = HEADER + "s,a,A,1,ok\n"
    from_stdin = cli("import", "csv", "-", stdin=text.encode("utf-8"))
    assert from_stdin.code == 0, from_stdin.stderr
    assert "cjmap: read 1 row" in from_stdin.stderr and "name: A" in from_stdin.stdout
    journey = tmp_path / "a.journey.yaml"
    journey.write_text(from_stdin.stdout, encoding="utf-8")
    exported = cli("export", "csv", "-", stdin=journey.read_bytes())
    assert exported.code == 0 and exported.stdout.startswith("\ufeffstage_id,"), exported.stderr
    missing = cli("export", "csv", str(tmp_path / "none.journey.yaml"))
    assert missing.code == 2 and "none.journey.yaml: no such file" in missing.stderr


def test_an_import_from_standard_input_takes_the_starter_title():
    # It was titled `-`, "# Imported from -".
    run = cli("import", "mermaid", "-", "--lang", "es", stdin=b"journey\n  section A\n    Ir: 5: Ana\n")
    assert run.code == 0, run.stderr
    assert "title: Mi recorrido del cliente" in run.stdout and "# Imported from the Mermaid journey in standard input" in run.stdout


@pytest.mark.parametrize("parts", [500, 2000])
def test_splitting_a_personas_cell_of_many_commas_is_linear(monkeypatch, parts):
    # Every length up to the longest comma name was tried at every part, each a join: an 8 KB
    # cell took 113 s. The work (keys made) is counted, not timed.
    from cjmap.interchange import csv_people
    from cjmap.interchange.csv_journey import import_csv
    made = []
    key = csv_people.person_key

    def counted(text):
        made.append(len(text))
        return key(text)

    monkeypatch.setattr(csv_people, "person_key", counted)
    text = "stage_id,touchpoint_id,touchpoint,personas,emotion\n" + f's,t,T,"{",".join(["y"] * parts)}","{",".join(["x"] * parts)}: 1"\n'
    import_csv(text, base=None, title="t", language="en", journey_type="current-state")
    assert sum(made) <= 40 * parts, (sum(made), parts)


def test_standard_input_is_named_so_in_messages():
    run = cli("import", "mermaid", "-", "--block", "2", stdin=b"journey\ntitle A\nsection S\n  T: 3: Me\n")
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == "cjmap: error: --block 2: standard input has 1 journey block\n"
