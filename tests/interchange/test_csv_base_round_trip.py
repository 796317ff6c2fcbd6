"""``cjmap import csv --base``: the base file with only what the spreadsheet changed, diffed
line by line before and after, through the CLI as people call it."""

from __future__ import annotations

import csv
import difflib
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.conftest import EXAMPLES, cli
from tests.sized_journeys import sized_journey

from cjmap.files.yaml_edit import updated_yaml
from cjmap.loader import load_bytes

JOURNEYS = sorted(EXAMPLES.glob("*.journey.yaml"))


def _changed(before: str, after: str) -> list[str]:
    return [line for line in difflib.ndiff(before.splitlines(keepends=True), after.splitlines(keepends=True)) if line[:1] in "+-"]


def _export(journey: Path, tmp_path: Path) -> Path:
    rows = tmp_path / "rows.csv"
    run = cli("export", "csv", str(journey), "-o", str(rows))
    assert run.code == 0, run.stderr
    return rows


def _edit_cell(rows: Path, row: int, column: str, value: str) -> None:
    text = rows.read_text(encoding="utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    table[row][table[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(table)
    rows.write_text(out.getvalue(), encoding="utf-8")


@pytest.mark.parametrize("journey", JOURNEYS, ids=lambda p: p.name)
def test_an_unedited_round_trip_gives_the_same_bytes(journey: Path, tmp_path: Path) -> None:
    rows = _export(journey, tmp_path)
    run = cli("import", "csv", str(rows), "--base", str(journey))
    assert (run.code, run.stdout) == (0, journey.read_text(encoding="utf-8"))
    assert "onto" in run.stderr and "touchpoint" in run.stderr


def test_the_examples_include_spanish_and_english() -> None:
    languages = {line.split(":")[1].strip() for p in JOURNEYS for line in p.read_text(encoding="utf-8").splitlines() if line.startswith("  language:")}
    assert {"en", "es"} <= languages


@pytest.mark.parametrize("journey", JOURNEYS, ids=lambda p: p.name)
def test_one_edited_cell_changes_one_line(journey: Path, tmp_path: Path) -> None:
    rows = _export(journey, tmp_path)
    _edit_cell(rows, 2, "touchpoint", "Renamed in the spreadsheet")
    base = tmp_path / "j.journey.yaml"
    base.write_bytes(journey.read_bytes())
    before = base.read_text(encoding="utf-8")
    refused = cli("import", "csv", str(rows), "--base", str(base), "-o", str(base))
    assert refused.code == 2 and "use --force" in refused.stderr and base.read_text(encoding="utf-8") == before
    run = cli("import", "csv", str(rows), "--base", str(base), "-o", str(base), "--force")
    assert run.code == 0, run.stderr
    changed = _changed(before, base.read_text(encoding="utf-8"))
    assert len(changed) == 2 and changed[0].startswith("-") and changed[1].endswith("name: Renamed in the spreadsheet\n"), changed


HAND_WRITTEN = """\
# yaml-language-server: $schema=https://example.org/our/journey.schema.json
cjmap: 1
journey:
  id: trip
  title: 'Trip: booking'
  language: en
personas:
  - {id: ana, name: "Ana"}
stages:
  - id: plan
    name: "Plan"
    touchpoints:
      # The first thing people do
      - id: search
        name: 'Search'
        channel: web
        actions: [compare, read]

      # Where most of them leave
      - id: book
        name: Book  # the money moment
        channel: web
"""


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_a_hand_written_base_keeps_comments_quotes_flow_lists_and_its_modeline(newline: str, tmp_path: Path) -> None:
    base = tmp_path / "trip.journey.yaml"
    original = HAND_WRITTEN.replace("\n", newline)
    base.write_bytes(original.encode("utf-8"))
    rows = _export(base, tmp_path)
    same = cli("import", "csv", str(rows), "--base", str(base))
    assert (same.code, same.stdout) == (0, original)
    _edit_cell(rows, 1, "touchpoint", "Search again")
    run = cli("import", "csv", str(rows), "--base", str(base), "-o", str(base), "--force")
    assert run.code == 0, run.stderr
    after = base.read_bytes().decode("utf-8")
    assert _changed(original, after) == [f"-         name: 'Search'{newline}", f"+         name: 'Search again'{newline}"]


def test_an_invalid_merge_writes_nothing(tmp_path: Path) -> None:
    base = tmp_path / "trip.journey.yaml"
    base.write_text(HAND_WRITTEN, encoding="utf-8")
    rows = _export(base, tmp_path)
    _edit_cell(rows, 1, "personas", "nobody")
    run = cli("import", "csv", str(rows), "--base", str(base), "-o", str(base), "--force")
    assert run.code == 1 and "rows.csv:2:" in run.stderr and "`personas`" in run.stderr and "nothing was" in run.stderr
    assert base.read_text(encoding="utf-8") == HAND_WRITTEN


def test_a_base_with_aliases_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    base = tmp_path / "trip.journey.yaml"
    aliased = HAND_WRITTEN.replace("channel: web\n        actions", "channel: &web web\n        actions")
    aliased = aliased.replace("moment\n        channel: web", "moment\n        channel: *web")
    assert aliased.count("*web") == 1
    base.write_text(aliased, encoding="utf-8")
    rows = _export(base, tmp_path)
    _edit_cell(rows, 1, "touchpoint", "Search again")
    run = cli("import", "csv", str(rows), "--base", str(base))
    assert run.code == 1 and run.stdout == "" and "the alias *web" in run.stderr and "Traceback" not in run.stderr


def test_a_big_base_with_comments_keeps_all_but_the_edited_lines(tmp_path: Path) -> None:
    # Edits far apart in a 300-touchpoint file are made where they are (files/yaml_edit edits
    # each in place); the comments people added stay, byte for byte.
    base = tmp_path / "big.journey.yaml"
    text = sized_journey(300).replace("      - id: tp-151\n", "      # halfway: reviewed with the team\n      - id: tp-151\n")
    base.write_text("# yaml-language-server: $schema=./journey.schema.json\n" + text, encoding="utf-8")
    before = base.read_text(encoding="utf-8")
    rows = _export(base, tmp_path)
    same = cli("import", "csv", str(rows), "--base", str(base))
    assert (same.code, same.stdout) == (0, before)
    _edit_cell(rows, 3, "touchpoint", "Third, renamed")
    _edit_cell(rows, 150, "touchpoint", "Just before the comment")
    _edit_cell(rows, 299, "channel", "email")
    run = cli("import", "csv", str(rows), "--base", str(base), "-o", str(base), "--force")
    assert run.code == 0, run.stderr
    changed = _changed(before, base.read_text(encoding="utf-8"))
    assert [line[0] for line in changed] == ["-", "+"] * 3, changed
    assert changed[1].endswith('name: "Third, renamed"\n') and changed[3].endswith('name: "Just before the comment"\n') and changed[5].endswith("channel: email\n")
    assert "      # halfway: reviewed with the team\n      - id: tp-151\n" in base.read_text(encoding="utf-8")


# The user trial of issue 16: a comment above a stage's first touchpoint, then a spreadsheet
# without that stage's rows (or every stage emptied) was written as broken YAML; a moved
# first row left its comment behind.

LAPTOP = EXAMPLES / "laptop-purchase.journey.yaml"


def _commented_laptop(tmp_path: Path) -> tuple[Path, str]:
    base = tmp_path / "lp.journey.yaml"
    text = LAPTOP.read_text(encoding="utf-8").replace("      - id: busqueda-dell\n", "      # reviewed by Marta\n      - id: busqueda-dell\n", 1)
    assert text.count("# reviewed by Marta") == 1
    base.write_text(text, encoding="utf-8")
    return base, text


def _rows_where(rows: Path, keep: Callable[[dict[str, str]], bool]) -> None:
    table = list(csv.reader(io.StringIO(rows.read_text(encoding="utf-8-sig"))))
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([table[0], *(row for row in table[1:] if keep(dict(zip(table[0], row, strict=True))))])
    rows.write_text(out.getvalue(), encoding="utf-8")


def test_a_stage_without_rows_keeps_the_comment_of_its_first_touchpoint(tmp_path: Path) -> None:
    base, _text = _commented_laptop(tmp_path)
    rows = _export(base, tmp_path)
    gone = {"busqueda-dell", "resena-blog", "busqueda-cupon"}
    _rows_where(rows, lambda row: row["stage_id"] != "consideracion")
    table = rows.read_text(encoding="utf-8")
    for name in gone:  # `next` cells that pointed into the stage
        table = table.replace(f", {name}", "").replace(f"{name}, ", "").replace(f",{name},", ",,")
    rows.write_text(table, encoding="utf-8")
    run = cli("import", "csv", str(rows), "--base", str(base))
    assert run.code == 0, run.stderr
    assert "    touchpoints: []\n      # reviewed by Marta\n    kpis:\n" in run.stdout
    assert not any(name in run.stdout for name in gone)
    checked = tmp_path / "out.journey.yaml"
    checked.write_text(run.stdout, encoding="utf-8")
    assert cli("validate", str(checked)).code == 0


def test_every_stage_emptied_keeps_every_comment(tmp_path: Path) -> None:
    # What a spreadsheet with only its header row would ask (the CLI refuses such a file now,
    # so this is the library's part of it).
    _base, text = _commented_laptop(tmp_path)
    data = load_bytes(text.encode("utf-8")).data
    assert data is not None
    for stage in data["stages"]:
        stage["touchpoints"] = []
    out = updated_yaml(text, data)
    assert load_bytes(out.encode("utf-8")).data == data
    comments = [line.strip() for line in text.splitlines() if line.lstrip().startswith("#")]
    assert [line.strip() for line in out.splitlines() if line.lstrip().startswith("#")] == comments
    assert out.count("touchpoints: []") == text.count("    touchpoints:\n") and "- id: busqueda" not in out


def test_a_moved_first_row_takes_its_comment_along(tmp_path: Path) -> None:
    base, text = _commented_laptop(tmp_path)
    rows = _export(base, tmp_path)
    table = list(csv.reader(io.StringIO(rows.read_text(encoding="utf-8-sig"))))
    ids = [row[table[0].index("touchpoint_id")] for row in table]
    dell = table.pop(ids.index("busqueda-dell"))
    table.insert(ids.index("busqueda-cupon"), dell)  # below busqueda-cupon (the pop shifted it up by one)
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(table)
    rows.write_text(out.getvalue(), encoding="utf-8")
    run = cli("import", "csv", str(rows), "--base", str(base))
    assert run.code == 0, run.stderr
    assert "# reviewed by Marta\n      - id: busqueda-dell\n" in run.stdout
    assert run.stdout.index("- id: busqueda-cupon") < run.stdout.index("# reviewed by Marta")
    assert "    touchpoints:\n      - id: resena-blog\n" in run.stdout
    assert sorted(run.stdout.splitlines()) == sorted(text.splitlines())  # a move, and nothing else


def test_a_cell_with_a_line_break_is_written_as_a_literal_block(tmp_path: Path) -> None:
    rows = _export(LAPTOP, tmp_path)
    _edit_cell(rows, 1, "touchpoint", "Búsqueda en Google\nsin marca en mente")
    run = cli("import", "csv", str(rows), "--base", str(LAPTOP))
    assert run.code == 0, run.stderr
    assert _changed(LAPTOP.read_text(encoding="utf-8"), run.stdout) == [
        "-         name: Búsqueda \"nuevos portátiles con Windows\"\n",
        "+         name: |-\n", "+           Búsqueda en Google\n", "+           sin marca en mente\n"]


# A row moved to another stage (its stage_id changed): the touchpoint is the same one, so its
# lines move as they are, the comment above it, its flow lists and its quotes included.

def test_a_row_moved_to_another_stage_moves_its_own_lines(tmp_path: Path) -> None:
    base = tmp_path / "lp.journey.yaml"
    text = LAPTOP.read_text(encoding="utf-8")
    text = text.replace("      - id: busqueda-cupon\n", "      # coupons: ask the CRM team first\n      - id: busqueda-cupon\n", 1)
    text = text.replace("        personas: [luis]\n", "        personas: [ana, luis]\n", 1)
    assert text.count("# coupons: ask") == 1 and text.count("personas: [ana, luis]") == 1
    base.write_text(text, encoding="utf-8")
    rows = _export(base, tmp_path)
    table = list(csv.reader(io.StringIO(rows.read_text(encoding="utf-8-sig"))))
    head = table[0]
    ids = [row[head.index("touchpoint_id")] for row in table]
    cupon = table.pop(ids.index("busqueda-cupon"))
    into = table[ids.index("busqueda-compra") - 1]  # a row of the stage it goes to (the pop shifted it up by one)
    for column in ("stage_id", "stage_name", "stage_kind", "stage_goal"):
        cupon[head.index(column)] = into[head.index(column)]
    table.insert(ids.index("busqueda-compra"), cupon)  # below busqueda-compra
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(table)
    rows.write_text(out.getvalue(), encoding="utf-8")
    run = cli("import", "csv", str(rows), "--base", str(base), "-o", str(base), "--force")
    assert run.code == 0, run.stderr
    after = base.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    first = lines.index("      # coupons: ask the CRM team first\n")
    end = lines.index("    kpis:\n", first)
    moved = lines[first:end]  # the comment and the touchpoint's lines, `next` included
    assert "        personas: [ana, luis]\n" in moved and any('text: "Las webs de cupones' in line for line in moved)
    changed = _changed(text, after)
    assert [line[2:] for line in changed if line[0] == "-"] == moved
    assert [line[2:] for line in changed if line[0] == "+"] == moved
    assert after.index("- id: busqueda-compra") < after.index("# coupons: ask") < after.index("- id: checkout-web")
    assert cli("validate", str(base)).code == 0


def test_the_base_can_come_from_standard_input_and_is_read_once(tmp_path: Path) -> None:
    # It was read twice (once to validate, once to edit): the second read of "-" found no file.
    base = EXAMPLES / "retail-store.journey.yaml"
    rows = tmp_path / "rows.csv"
    rows.write_text(cli("export", "csv", str(base)).stdout, encoding="utf-8")
    run = cli("import", "csv", str(rows), "--base", "-", stdin=base.read_bytes())
    assert (run.code, run.stdout) == (0, base.read_text(encoding="utf-8"))
    assert "onto standard input to standard output" in run.stderr


def test_rows_and_base_cannot_both_be_standard_input() -> None:
    run = cli("import", "csv", "-", "--base", "-", stdin=b"stage_id,touchpoint\n")
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == "cjmap: error: the rows and --base cannot both come from standard input; give one of them as a file\n"


def test_a_missing_or_invalid_base_is_said_once(tmp_path: Path) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text("stage_id,touchpoint_id,touchpoint\ns,t,T\n", encoding="utf-8")
    missing = cli("import", "csv", str(rows), "--base", str(tmp_path / "nope.yaml"))
    assert (missing.code, missing.stdout, missing.stderr) == (2, "", f"cjmap: error: {tmp_path / 'nope.yaml'}: no such file\n")
    broken = tmp_path / "broken.journey.yaml"
    broken.write_text("cjmap: 1\njourney: [\n", encoding="utf-8")
    run = cli("import", "csv", str(rows), "--base", str(broken))
    assert (run.code, run.stdout) == (1, "") and f"{broken}:" in run.stderr and "Traceback" not in run.stderr


@pytest.mark.parametrize(
    ("scale", "said"),
    [
        ("5..1", "the first number must be below the second, as in 0..10"),
        ("0..0", "the first number must be below the second, as in 0..10"),
        ("-1000000..1000000", "goes beyond ±1,000, the widest scale a journey holds"),
        ("0..1001", "goes beyond ±1,000, the widest scale a journey holds"),
    ],
)
@pytest.mark.parametrize("kind", ["csv", "mermaid"])
def test_a_score_scale_a_journey_cannot_hold_is_a_usage_error(tmp_path: Path, scale: str, said: str, kind: str) -> None:
    # It was taken, and the import then failed as CJ023 "of the imported journey, at no one place".
    source = tmp_path / ("rows.csv" if kind == "csv" else "j.mmd")
    source.write_text("stage_id,touchpoint_id,touchpoint\ns,t,T\n" if kind == "csv" else "journey\n  t: 3: A\n", encoding="utf-8")
    run = cli("import", kind, str(source), "--score-scale", scale)
    assert (run.code, run.stdout, run.stderr) == (2, "", f"cjmap: error: --score-scale: {scale!r}: {said}\n".replace(f"{scale!r}: goes", f"{scale!r} goes"))


def test_a_journey_larger_than_its_csv_is_not_held_to_the_input_limit(tmp_path: Path) -> None:
    # The CSV passed --max-file-size (5M by default); the YAML it makes spells out more (a list
    # item per persona, a key per score), and was refused as "the file is larger than the 5.0
    # MiB limit", advice about an option that limits the input.
    rows = tmp_path / "rows.csv"
    lines = ["stage_id,touchpoint,personas,emotion"]
    for n in range(22_000):
        one, two = f"Persona number {n % 200}, of group {n % 7}", f"Persona number {(n + 1) % 200}, of group {(n + 1) % 7}"
        lines.append(f's{n % 10},Touch {n},"{one}\n{two}","{one}: 1, {two}: -1"')
    rows.write_text("\n".join(lines) + "\n", encoding="utf-8")
    target = tmp_path / "j.journey.yaml"
    run = cli("import", "csv", str(rows), "-o", str(target))
    assert run.code == 0, run.stderr
    assert rows.stat().st_size < 5 * 1024 * 1024 < target.stat().st_size


def test_the_events_measure_reads_survive_an_edited_round_trip(tmp_path: Path) -> None:
    # No CSV column holds `events:`/`fails:` (issue 18): a row for a touchpoint of the base keeps them.
    base = tmp_path / "shop.journey.yaml"
    base.write_text(
        "cjmap: 1\njourney: {title: Shop}\npersonas: [{id: ana}]\nstages:\n  - id: purchase\n    touchpoints:\n"
        "      - id: cart\n        name: Cart\n        events: add_to_cart\n"
        "      - id: pay\n        name: Pay\n        events: [payment_details]  # the form\n        fails: [payment_error]\n",
        encoding="utf-8",
    )
    rows = _export(base, tmp_path)
    _edit_cell(rows, 2, "touchpoint", "Payment")
    run = cli("import", "csv", str(rows), "--base", str(base), "-o", str(tmp_path / "out.journey.yaml"))
    assert run.code == 0, run.stderr
    out = (tmp_path / "out.journey.yaml").read_text(encoding="utf-8")
    assert _changed(base.read_text(encoding="utf-8"), out) == ["-         name: Pay\n", "+         name: Payment\n"]
