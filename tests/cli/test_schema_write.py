"""``cjmap schema --write [FOLDER]``: journey.schema.json written beside the journeys, refreshed
when cjmap wrote it, never over a file that is someone else's (issue 17, Deliver 3)."""

from __future__ import annotations

import json
import os

import pytest

from cjmap.files.schema_location import is_cjmap_schema, read_schema_file
from cjmap.model.schema import schema_json
from cjmap.model.vocabulary import SCHEMA_URL
from conftest import cli, run_cjmap, within


def test_writes_the_printed_schema_in_the_current_folder_then_finds_it_up_to_date(tmp_path):
    run = cli("schema", "--write", cwd=tmp_path)
    assert (run.code, run.stdout, run.stderr) == (0, "", "cjmap: wrote journey.schema.json\n")
    written = tmp_path / "journey.schema.json"
    assert written.read_text(encoding="utf-8") == cli("schema").stdout
    inode = written.stat().st_ino
    again = cli("schema", "--write", ".", cwd=tmp_path)
    assert (again.code, again.stdout, again.stderr) == (0, "", "cjmap: journey.schema.json is up to date\n")
    assert written.stat().st_ino == inode  # not written again


def test_an_older_cjmap_schema_is_refreshed(tmp_path):
    older = {"$id": SCHEMA_URL, "$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"}
    target = tmp_path / "journeys" / "journey.schema.json"
    target.parent.mkdir()
    target.write_text(json.dumps(older), encoding="utf-8")
    target.chmod(0o640)
    run = cli("schema", "-w", str(target.parent))
    assert (run.code, run.stderr) == (0, f"cjmap: wrote {target} (it held an older cjmap schema)\n")
    assert target.read_text(encoding="utf-8") == schema_json()
    assert target.stat().st_mode & 0o777 == 0o640  # a replaced file keeps its permissions


@pytest.mark.parametrize(
    "content",
    [
        b'{"$id": "https://example.org/journey.schema.json", "type": "object"}',  # another tool's schema
        b'{"type": "object"}',  # no $id
        b"[1, 2]",
        b"my notes, not JSON",
        b"\xff\xfe not UTF-8",
        b"[" * 100_000,  # deeper than Python's recursion limit
        b"",
    ],
)
def test_a_file_of_that_name_that_cjmap_did_not_write_is_left_alone(tmp_path, content):
    target = tmp_path / "journey.schema.json"
    target.write_bytes(content)
    run = cli("schema", "--write", str(tmp_path))
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == f"cjmap: error: {target} exists and is not a schema cjmap wrote (its $id is not cjmap's); move it away, or write the schema in another folder\n"
    assert target.read_bytes() == content


def test_a_link_a_fifo_or_a_folder_at_that_name_is_refused_without_reading_it(tmp_path):
    mine = tmp_path / "mine.json"
    mine.write_text(schema_json(), encoding="utf-8")  # even a link to a cjmap schema is not followed
    cases = {"link": "a link, not a regular file", "fifo": "a named pipe (FIFO)", "folder": "a folder"}
    for name, kind in cases.items():
        folder = tmp_path / name
        folder.mkdir()
        target = folder / "journey.schema.json"
        {"link": lambda t: t.symlink_to(mine), "fifo": os.mkfifo, "folder": lambda t: t.mkdir()}[name](target)
        with within(10, "a FIFO must not be opened"):
            run = cli("schema", "--write", str(folder))
        assert (run.code, run.stderr) == (2, f"cjmap: error: {target} is {kind}; cjmap schema --write replaces only a schema cjmap wrote\n"), name
    assert mine.read_text(encoding="utf-8") == schema_json()


def test_a_folder_that_is_missing_or_a_file_is_a_usage_error(tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    for name, why in (("nowhere", "no such folder"), ("file", "not a folder")):
        run = cli("schema", "--write", str(tmp_path / name))
        assert (run.code, run.stdout) == (2, "")
        assert run.stderr == f"cjmap: error: {tmp_path / name}: {why}; cjmap schema --write FOLDER writes journey.schema.json in a folder\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_a_folder_without_write_is_a_usage_error(tmp_path):
    run = cli("schema", str(tmp_path))
    assert (run.code, run.stdout) == (2, "")
    assert "a FOLDER is for --write" in run.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_refuses_writing_is_an_error_not_a_traceback():
    # /proc takes no new files, even from root.
    run = cli("schema", "--write", "/proc")
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr.startswith("cjmap: error: /proc/journey.schema.json: cannot write here:") and run.stderr.count("\n") == 1


def test_as_a_real_process(tmp_path):
    run = run_cjmap("schema", "--write", str(tmp_path))
    assert (run.code, run.stdout, run.stderr) == (0, "", f"cjmap: wrote {tmp_path / 'journey.schema.json'}\n")


def test_the_library_recognises_cjmap_schemas_by_their_id(tmp_path):
    assert is_cjmap_schema(schema_json().encode())
    assert is_cjmap_schema(json.dumps({"$id": SCHEMA_URL.replace("-1.json", "-2.json")}).encode())  # a later format's
    assert not is_cjmap_schema(json.dumps({"$id": SCHEMA_URL.replace("cjmap.dev", "cjmap.dev.evil.example")}).encode())
    assert not is_cjmap_schema(json.dumps({"$id": 1}).encode())
    assert not is_cjmap_schema(b" " * (9 * 2**20) + schema_json().encode())  # larger than any schema cjmap writes
    (tmp_path / "s.json").write_text("{}", encoding="utf-8")
    assert read_schema_file(tmp_path / "s.json") == b"{}"
