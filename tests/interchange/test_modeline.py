"""The modeline of a new journey (issue 17, Deliver 3): ``init`` and the importers name the nearest
journey.schema.json, relative, and write one beside the journey when there is none; a journey
that replaces a file keeps that file's own modeline; ``--schema`` is written as given."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cjmap.files.schema_location import (
    existing_modeline,
    modeline,
    modeline_in,
    nearest_schema,
    reference,
    relative_schema,
    search_folders,
    with_modeline,
    with_schema,
)
from cjmap.model.schema import schema_json
from conftest import ROOT, TODAY, cli, within

CSV = ROOT / "tests" / "cli" / "data" / "retail-store.csv"
README = ROOT / "tests" / "data" / "interchange" / "readme-with-journey.md"
MARKDOWN = "# Two\n\n```mermaid\njourney\n  title First\n  section S\n    A: 3: Me\n```\n\n```mermaid\njourney\n  title Second\n  section S\n    B: 4: Me\n```\n"


def _repository(root: Path) -> Path:
    (root / ".git").mkdir(parents=True)
    return root


def _first_line(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("\n", 1)[0]


def _schema(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "journey.schema.json").write_text(schema_json(), encoding="utf-8")
    return folder / "journey.schema.json"


# -- init -----------------------------------------------------------------------------------


def test_init_names_the_schema_at_the_repository_root_and_writes_none(tmp_path):
    repo = _repository(tmp_path / "repo")
    _schema(repo)
    run = cli("init", "journeys/web/", "--title", "Checkout", cwd=repo, env=TODAY)
    written = repo / "journeys" / "web" / "checkout.journey.yaml"
    assert run.code == 0 and run.stderr.startswith("cjmap: wrote journeys/web/checkout.journey.yaml\nNext:")
    assert _first_line(written) == "# yaml-language-server: $schema=../../journey.schema.json"
    assert sorted(p.name for p in written.parent.iterdir()) == ["checkout.journey.yaml"]


def test_init_writes_the_schema_beside_the_journey_when_there_is_none(tmp_path):
    run = cli("init", "--title", "Checkout", cwd=tmp_path, env=TODAY)
    assert (run.code, run.stdout) == (0, "")
    assert run.stderr.splitlines()[:2] == [
        "cjmap: wrote checkout.journey.yaml",
        "cjmap: wrote journey.schema.json, the schema the modeline names (editor completion and checks: docs/editors.md)",
    ]
    assert _first_line(tmp_path / "checkout.journey.yaml") == "# yaml-language-server: $schema=journey.schema.json"
    assert (tmp_path / "journey.schema.json").read_text(encoding="utf-8") == schema_json()


@pytest.mark.parametrize(("lang", "words"), [("en", "The whole format"), ("es", "Formato completo")])
def test_the_starter_points_at_the_format_on_the_web(tmp_path, lang, words):
    # A user's folder has no docs/: the comment names the page where the project publishes it.
    assert cli("init", "x.journey.yaml", "--lang", lang, cwd=tmp_path).code == 0
    lines = (tmp_path / "x.journey.yaml").read_text(encoding="utf-8").split("\n")
    assert lines[2] == f"# {words}: https://github.com/cjmap/cjmap/blob/main/docs/format.md"
    assert (ROOT / "docs" / "format.md").is_file()  # the path the address ends with


def test_the_search_stops_at_the_repository_root(tmp_path):
    _schema(tmp_path)  # above the repository: never named
    repo = _repository(tmp_path / "repo")
    assert cli("init", "a/", cwd=repo).code == 0
    assert _first_line(repo / "a" / "my-customer-journey.journey.yaml") == "# yaml-language-server: $schema=journey.schema.json"
    assert (repo / "a" / "journey.schema.json").is_file() and not (repo / "journey.schema.json").exists()


def test_outside_a_repository_the_search_stops_at_the_current_folder(tmp_path):
    here = tmp_path / "work"
    _schema(here)
    assert cli("init", "deep/er/", cwd=here).code == 0  # under the current folder: up to it
    assert _first_line(here / "deep" / "er" / "my-customer-journey.journey.yaml") == "# yaml-language-server: $schema=../../journey.schema.json"
    elsewhere = tmp_path / "elsewhere"
    _schema(tmp_path)  # above both: never named, the current folder is below it
    assert cli("init", str(elsewhere) + "/", cwd=here).code == 0  # not under it: its own folder only
    assert _first_line(elsewhere / "my-customer-journey.journey.yaml") == "# yaml-language-server: $schema=journey.schema.json"
    assert (elsewhere / "journey.schema.json").is_file()


def test_init_writes_a_given_schema_as_given_and_no_file(tmp_path):
    for number, given in enumerate(("https://example.org/journey.json", "../../shared/journey.schema.json", "/abs/journey.schema.json")):
        name = f"{number}.journey.yaml"
        assert cli("init", name, "--schema", given, cwd=tmp_path).code == 0
        assert _first_line(tmp_path / name) == f"# yaml-language-server: $schema={given}"
    assert not (tmp_path / "journey.schema.json").exists()


@pytest.mark.parametrize("given", ["a b.json", "a\nb: 1", "x\r.json", "\u202eevil.json", "", "a\u2028b", "tab\there"])
def test_init_refuses_a_schema_that_would_break_the_modeline(tmp_path, given):
    run = cli("init", "x.journey.yaml", "--schema", given, cwd=tmp_path)
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr.startswith("cjmap: error: the schema path or URL ") and run.stderr.count("\n") == 1
    assert "a modeline needs one word without spaces or control characters" in run.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_failed_init_writes_no_schema(tmp_path):
    (tmp_path / "taken.journey.yaml").write_text("mine", encoding="utf-8")
    assert cli("init", "taken.journey.yaml", cwd=tmp_path).code == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken.journey.yaml"]


def test_finding_the_schema_imports_no_pydantic(tmp_path):
    # The search looks at names only: with the schema there, init stays as cheap as before.
    _schema(tmp_path)
    script = (
        "import sys\nfrom cjmap.commands.init import run_init\n"
        "code = run_init('sub/', journey_type='current-state', language='en', title=None, schema=None)\n"
        "print(code, 'pydantic' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, check=True, timeout=60)
    assert done.stdout == "0 False\n", done.stderr


# -- import ---------------------------------------------------------------------------------


def test_an_import_to_a_file_names_the_nearest_schema_or_writes_one(tmp_path):
    repo = _repository(tmp_path / "repo")
    _schema(repo / "journeys")
    run = cli("import", "csv", str(CSV), "-o", "journeys/shop/retail.journey.yaml", cwd=repo)
    assert run.code == 0 and run.stderr == "cjmap: read 12 rows, wrote 12 touchpoints in 5 stages to journeys/shop/retail.journey.yaml\n"
    assert _first_line(repo / "journeys" / "shop" / "retail.journey.yaml") == "# yaml-language-server: $schema=../journey.schema.json"
    run = cli("import", "mermaid", str(README), "-o", "other/bank.journey.yaml", cwd=repo)
    assert run.code == 0 and run.stderr.splitlines()[-1] == (
        "cjmap: wrote other/journey.schema.json, the schema the modeline names (editor completion and checks: docs/editors.md)"
    )
    assert _first_line(repo / "other" / "bank.journey.yaml") == "# yaml-language-server: $schema=journey.schema.json"
    assert (repo / "other" / "journey.schema.json").read_text(encoding="utf-8") == schema_json()


def test_an_import_to_standard_output_names_the_schema_from_the_current_folder(tmp_path):
    repo = _repository(tmp_path / "repo")
    _schema(repo)
    (repo / "journeys").mkdir()
    run = cli("import", "csv", str(CSV), cwd=repo / "journeys")
    assert run.code == 0 and run.stdout.startswith("# yaml-language-server: $schema=../journey.schema.json\n# Imported from retail-store.csv\n")
    assert run.stderr == "cjmap: read 12 rows, wrote 12 touchpoints in 5 stages to standard output\n"


def test_an_import_to_standard_output_without_a_schema_says_how_to_write_it_and_writes_nothing(tmp_path):
    run = cli("import", "mermaid", str(README), cwd=tmp_path)
    assert run.code == 0 and run.stdout.startswith("# yaml-language-server: $schema=journey.schema.json\n")
    # What the modeline says, word for word: the stdout above names journey.schema.json.
    assert run.stderr.splitlines()[-1] == (
        "cjmap: the modeline names journey.schema.json, not in the current folder yet: `cjmap schema --write` writes it (docs/editors.md)"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("kind", ["csv", "mermaid"])
def test_force_over_a_journey_keeps_its_own_modeline(tmp_path, kind):
    source = CSV if kind == "csv" else README
    target = tmp_path / "mine.journey.yaml"
    own = "#   yaml-language-server:   $schema=https://example.org/ours.json"
    target.write_text(f"# Our team's journey\n\n{own}\ncjmap: 1\n", encoding="utf-8")
    refused = cli("import", kind, str(source), "-o", str(target))
    assert refused.code == 2 and "already exists" in refused.stderr
    run = cli("import", kind, str(source), "-o", str(target), "--force")
    assert run.code == 0, run.stderr
    assert _first_line(target) == own and target.read_text(encoding="utf-8").count("yaml-language-server") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.journey.yaml"]  # no schema: theirs is named


def test_force_over_a_journey_without_a_modeline_gives_it_the_nearest(tmp_path):
    target = tmp_path / "mine.journey.yaml"
    target.write_text("# notes\ncjmap: 1\n# yaml-language-server: $schema=too-late.json\n", encoding="utf-8")  # after the header: not one
    _schema(tmp_path)
    assert cli("import", "csv", str(CSV), "-o", str(target), "--force").code == 0
    assert _first_line(target) == "# yaml-language-server: $schema=journey.schema.json"


def test_a_folder_import_writes_one_schema_and_keeps_each_replaced_files_modeline(tmp_path):
    source = tmp_path / "two.md"
    source.write_text(MARKDOWN, encoding="utf-8")
    out = tmp_path / "out"
    run = cli("import", "mermaid", str(source), "-o", f"{out}/")
    assert run.code == 0, run.stderr
    assert run.stderr.count("journey.schema.json") == 1
    assert sorted(p.name for p in out.iterdir()) == ["first.journey.yaml", "journey.schema.json", "second.journey.yaml"]
    (out / "journey.schema.json").unlink()
    own = "# $schema: ../ours.json"
    (out / "second.journey.yaml").write_text(f"{own}\ncjmap: 1\n", encoding="utf-8")
    assert cli("import", "mermaid", str(source), "-o", f"{out}/", "--force").code == 0
    assert _first_line(out / "second.journey.yaml") == own
    assert _first_line(out / "first.journey.yaml") == "# yaml-language-server: $schema=journey.schema.json"
    assert (out / "journey.schema.json").is_file()


def test_a_file_name_with_a_line_break_stays_in_its_comment(tmp_path):
    source = tmp_path / "a\n# b\nowner: x.csv"
    source.write_bytes(CSV.read_bytes())
    run = cli("import", "csv", str(source), cwd=tmp_path)
    assert run.code == 0, run.stderr
    assert run.stdout.split("\n")[1] == "# Imported from a\\n# b\\nowner: x.csv"


# -- import csv --base ----------------------------------------------------------------------


class Based:
    """A repository with the schema in schema/, a base journey in journeys/ naming it, and the
    spreadsheet the base exports to."""

    def __init__(self, root: Path, line: str = "# yaml-language-server: $schema=../schema/journey.schema.json") -> None:
        self.repo = _repository(root / "repo")
        self.schema = _schema(self.repo / "schema")
        self.base = self.repo / "journeys" / "shop.journey.yaml"
        self.base.parent.mkdir()
        body = (ROOT / "examples" / "retail-store.journey.yaml").read_text(encoding="utf-8").split("\n", 1)[1]
        self.base.write_text(f"{line}\n{body}", encoding="utf-8")
        self.rows = self.repo / "rows.csv"
        assert cli("export", "csv", str(self.base), "-o", str(self.rows)).code == 0

    def onto(self, output: str, *extra: str) -> tuple[str, str]:
        """Import the rows onto the base to ``output`` (from the repository): its first line and the rest."""
        run = cli("import", "csv", str(self.rows), "--base", str(self.base), "-o", output, *extra, cwd=self.repo)
        assert run.code == 0, run.stderr
        first, rest = (self.repo / output).read_text(encoding="utf-8").split("\n", 1)
        assert rest == self.base.read_text(encoding="utf-8").split("\n", 1)[1]  # only the modeline may differ
        return first, run.stderr


def _names(first_line: str, journey: Path) -> Path:
    """The file the modeline ``first_line`` of ``journey`` names, as the language server resolves it."""
    return (journey.parent / first_line.split("$schema=", 1)[1]).resolve()


def test_onto_a_base_into_another_folder_the_relative_path_follows(tmp_path):
    based = Based(tmp_path)
    for output in ("elsewhere/deeper/shop.journey.yaml", "shop.journey.yaml", "schema/shop.journey.yaml"):
        first, stderr = based.onto(output)
        assert _names(first, based.repo / output) == based.schema.resolve(), (output, first)
        assert stderr.count("\n") == 1, stderr  # "read …, wrote …": no schema written, the base's is named
    assert based.onto("elsewhere/deeper/x.journey.yaml")[0] == "# yaml-language-server: $schema=../../schema/journey.schema.json"
    assert based.onto("schema/x.journey.yaml")[0] == "# yaml-language-server: $schema=journey.schema.json"


def test_onto_a_base_into_its_own_folder_the_modeline_stays_as_written(tmp_path):
    based = Based(tmp_path, "# yaml-language-server: $schema=./../schema/journey.schema.json")  # not the shortest path: kept
    assert based.onto("journeys/copy.journey.yaml")[0] == "# yaml-language-server: $schema=./../schema/journey.schema.json"
    broken = Based(tmp_path / "b", "# yaml-language-server: $schema=missing.json")  # the user's, even if wrong
    assert broken.onto("journeys/copy.journey.yaml")[0] == "# yaml-language-server: $schema=missing.json"


def test_the_round_trip_onto_the_base_itself_changes_no_byte(tmp_path):
    based = Based(tmp_path)
    before = based.base.read_bytes()
    run = cli("import", "csv", str(based.rows), "--base", str(based.base), "-o", str(based.base), "--force", cwd=tmp_path)
    assert run.code == 0 and "journey.schema.json" not in run.stderr, run.stderr
    assert based.base.read_bytes() == before
    assert sorted(p.name for p in based.base.parent.iterdir()) == ["shop.journey.yaml"]


def test_onto_a_base_a_path_through_an_odd_folder_name_is_not_written(tmp_path):
    # From out/ the base's schema is ../a b\u202e/schema/…: a space ends the modeline's path and
    # bidi hides text, so the schema is looked for instead (none: one is written beside).
    based = Based(tmp_path)
    odd = based.repo / "a b\u202e"
    odd.mkdir()
    for name in ("schema", "journeys"):
        based.repo.joinpath(name).rename(odd / name)
    based.base, based.schema = odd / "journeys" / based.base.name, odd / "schema" / based.schema.name
    run = cli("import", "csv", str(based.rows), "--base", str(based.base), "-o", "out/shop.journey.yaml", cwd=based.repo)
    assert run.code == 0, run.stderr
    assert _first_line(based.repo / "out" / "shop.journey.yaml") == "# yaml-language-server: $schema=journey.schema.json"
    assert (based.repo / "out" / "journey.schema.json").is_file()


def test_onto_a_base_whose_schema_is_not_there_the_schema_is_looked_for(tmp_path):
    based = Based(tmp_path, "# yaml-language-server: $schema=gone/journey.schema.json")
    first, _ = based.onto("elsewhere/shop.journey.yaml")  # the nearest: schema/ is not above it, so none: one is written
    assert first == "# yaml-language-server: $schema=journey.schema.json"
    assert (based.repo / "elsewhere" / "journey.schema.json").read_text(encoding="utf-8") == schema_json()
    _schema(based.repo)
    assert based.onto("other/shop.journey.yaml")[0] == "# yaml-language-server: $schema=../journey.schema.json"  # the root's


@pytest.mark.parametrize("line", [
    "# yaml-language-server: $schema=https://example.org/journey.json",
    "# yaml-language-server: $schema=file:///srv/journey.schema.json",
    "# yaml-language-server: $schema=/srv/schemas/journey.schema.json",
    "# yaml-language-server: $schema=none",
])
def test_onto_a_base_urls_and_absolute_paths_are_kept_as_written(tmp_path, line):
    based = Based(tmp_path, line)
    assert based.onto("elsewhere/shop.journey.yaml")[0] == line
    assert not (based.repo / "elsewhere" / "journey.schema.json").exists()


def test_onto_a_base_without_a_modeline_none_is_added(tmp_path):
    based = Based(tmp_path, "# no modeline here")
    assert based.onto("elsewhere/shop.journey.yaml")[0] == "# no modeline here"


def test_onto_a_base_over_a_journey_keeps_that_journeys_own_modeline(tmp_path):
    based = Based(tmp_path)
    target = based.repo / "elsewhere" / "shop.journey.yaml"
    target.parent.mkdir()
    own = "# yaml-language-server: $schema=https://example.org/ours.json"
    target.write_text(f"# ours\n{own}\ncjmap: 1\n", encoding="utf-8")
    run = cli("import", "csv", str(based.rows), "--base", str(based.base), "-o", str(target), "--force")
    assert run.code == 0, run.stderr
    text = target.read_text(encoding="utf-8")
    assert text.split("\n", 1) == [own, based.base.read_text(encoding="utf-8").split("\n", 1)[1]]  # in the base's modeline's place
    target.write_text("# ours, without a modeline\ncjmap: 1\n", encoding="utf-8")  # none to keep: the base's, made to work here
    assert based.onto("elsewhere/shop.journey.yaml", "--force")[0] == "# yaml-language-server: $schema=../schema/journey.schema.json"


def test_onto_a_base_without_one_the_replaced_journeys_modeline_is_put_first(tmp_path):
    based = Based(tmp_path, "# notes")
    target = based.repo / "journeys" / "mine.journey.yaml"
    own = "#  $schema: ../schema/journey.schema.json"
    target.write_text(f"{own}\ncjmap: 1\n", encoding="utf-8")
    run = cli("import", "csv", str(based.rows), "--base", str(based.base), "-o", str(target), "--force")
    assert run.code == 0, run.stderr
    assert target.read_text(encoding="utf-8") == f"{own}\n{based.base.read_text(encoding='utf-8')}"


def test_onto_a_base_from_standard_input(tmp_path):
    based = Based(tmp_path)
    text = based.base.read_bytes()
    # Its folder is unknown: the path is kept where it works from the output's folder ...
    run = cli("import", "csv", str(based.rows), "--base", "-", "-o", "journeys/again.journey.yaml", stdin=text, cwd=based.repo)
    assert run.code == 0, run.stderr
    assert _first_line(based.repo / "journeys" / "again.journey.yaml") == "# yaml-language-server: $schema=../schema/journey.schema.json"
    # ... and looked for where it does not (the nearest, written when there is none).
    run = cli("import", "csv", str(based.rows), "--base", "-", "-o", "top.journey.yaml", stdin=text, cwd=based.repo)
    assert run.code == 0 and run.stderr.splitlines()[-1].startswith("cjmap: wrote journey.schema.json, the schema the modeline names"), run.stderr
    assert _first_line(based.repo / "top.journey.yaml") == "# yaml-language-server: $schema=journey.schema.json"


def test_onto_a_base_to_standard_output_the_modeline_stays_as_written(tmp_path):
    # Where a pipe goes is unknown: the base's bytes, as the round trip tests expect.
    based = Based(tmp_path)
    run = cli("import", "csv", str(based.rows), "--base", str(based.base), cwd=tmp_path)
    assert (run.code, run.stdout) == (0, based.base.read_text(encoding="utf-8"))


# -- the library ----------------------------------------------------------------------------


def test_relative_schema_is_what_the_server_resolves_from_the_journeys_folder():
    cases = {
        "# yaml-language-server: $schema=../s/journey.schema.json": "../s/journey.schema.json",
        "#  $schema:   a.json  trailing words": "a.json",
        "# yaml-language-server: $schema=a.json#/$defs/Stage": "a.json",
        "# yaml-language-server: $schema=#odd": "#odd",  # a # in first place is part of the path
        "# yaml-language-server: $schema=https://example.org/j.json": None,
        "# yaml-language-server: $schema=http://example.org/j.json": None,
        "# yaml-language-server: $schema=file:///j.json": None,
        "# yaml-language-server: $schema=/abs/j.json": None,
        "# yaml-language-server: $schema=NONE": None,
        "# yaml-language-server: no schema": None,
    }
    for line, expected in cases.items():
        assert relative_schema(line) == expected, line


def test_with_schema_replaces_only_the_path():
    assert with_schema("#  $schema:  a.json#/x more", "../b.json") == "#  $schema:  ../b.json#/x more"
    assert with_schema("# yaml-language-server: $schema=a.json", "b/c.json") == "# yaml-language-server: $schema=b/c.json"
    for unfit in ("a b.json", "a\nb.json", "\u202eb.json", ""):
        with pytest.raises(ValueError, match="a modeline needs one word"):
            with_schema("# yaml-language-server: $schema=a.json", unfit)


def test_with_modeline_replaces_the_header_line_or_puts_one_first():
    line = "# yaml-language-server: $schema=new.json"
    cases = {
        "# yaml-language-server: $schema=old.json\r\ncjmap: 1\r\n": f"{line}\r\ncjmap: 1\r\n",
        "\ufeff# a\n\n#  $schema: old.json\ncjmap: 1\n": f"\ufeff# a\n\n{line}\ncjmap: 1\n",
        "\ufeffcjmap: 1\n# yaml-language-server: $schema=late.json\n": f"\ufeff{line}\ncjmap: 1\n# yaml-language-server: $schema=late.json\n",
        "# yaml-language-server: $schema=old.json": line,  # no line break at the end
        "": f"{line}\n",
    }
    for text, expected in cases.items():
        assert with_modeline(text, line) == expected, text
        assert modeline_in(expected) == line




def test_existing_modeline_reads_only_the_header_comments(tmp_path):
    cases = {
        "# yaml-language-server: $schema=a.json\ncjmap: 1\n": "# yaml-language-server: $schema=a.json",
        "\ufeff# one\n\n#  $schema: b.json\r\ncjmap: 1\n": "#  $schema: b.json",
        "cjmap: 1\n# yaml-language-server: $schema=a.json\n": None,
        "#yaml-language-server: $schema=a.json\n": None,  # the server wants a space after #
        "# yaml-language-server: $schema=a\rjson\n": None,  # a lone CR would break the line
        "# yaml-language-server: $schema=\u202ea.json\n": None,
        "": None,
    }
    for number, (text, expected) in enumerate(cases.items()):
        path = tmp_path / f"{number}.yaml"
        path.write_text(text, encoding="utf-8", newline="")
        assert existing_modeline(path) == expected, text
    (tmp_path / "big.yaml").write_bytes(b"#\n" * 40_000 + b"# yaml-language-server: $schema=x\n")  # past what is read
    assert existing_modeline(tmp_path / "big.yaml") is None
    os.mkfifo(tmp_path / "fifo.yaml")
    with within(10, "a FIFO must not be opened"):
        assert existing_modeline(tmp_path / "fifo.yaml") is None
    assert existing_modeline(tmp_path / "missing.yaml") is None


def test_the_reference_is_only_parent_steps_and_the_name(tmp_path):
    odd = tmp_path / "a b" / "\u202e\n#x" / "c"
    _schema(tmp_path / "a b")
    found = nearest_schema(odd, cwd=tmp_path)
    assert found == tmp_path / "a b" / "journey.schema.json"
    assert reference(found, odd) == "../../journey.schema.json"
    assert modeline(reference(found, odd)) == "# yaml-language-server: $schema=../../journey.schema.json"


def test_the_search_looks_in_a_bounded_number_of_folders(tmp_path):
    repo = _repository(tmp_path / "r")
    deep = repo.joinpath(*"abcdefgh")
    assert search_folders(deep, cwd=tmp_path) == [deep, *list(deep.parents)[:8]]  # up to the root, no further
    assert search_folders(tmp_path / "x", cwd=ROOT) == [tmp_path / "x"]  # neither a repository nor under the current folder


def test_a_current_folder_removed_meanwhile_is_no_traceback(tmp_path):
    # The search asks for the current folder; a shell can still sit in one that was removed.
    gone, target = tmp_path / "gone", tmp_path / "out"
    gone.mkdir()
    script = (
        "import os, sys\nos.chdir(sys.argv[1]); os.rmdir(sys.argv[1])\n"
        "from cjmap.commands.init import run_init\nfrom cjmap.commands.interchange import run_import_csv\n"
        "print(run_init(sys.argv[2] + '/', journey_type='current-state', language='en', title=None, schema=None))\n"
        "print(run_import_csv(sys.argv[3], output=None, base=None, title=None, language='en', journey_type='current-state', force=False))\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(gone), str(target), str(CSV)], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert done.stdout.splitlines()[0] == "0" and done.stdout.splitlines()[-1] == "0"
    assert "# yaml-language-server: $schema=journey.schema.json" in done.stdout
    assert _first_line(target / "my-customer-journey.journey.yaml") == "# yaml-language-server: $schema=journey.schema.json"
    assert (target / "journey.schema.json").is_file()
