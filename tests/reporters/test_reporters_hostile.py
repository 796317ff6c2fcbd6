"""validate and lint reports with hostile file names and messages, in every format.

File names come from the scanned folder (a pull request from a fork can name a file anything);
messages quote keys and values from the journey. Text and GitHub output show them visibly,
JSON and SARIF stay valid and exact, JUnit stays valid XML. Issue 12, "Nothing injected".
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from xml.etree import ElementTree

import pytest

from cjmap.problems import FileResult, Problem
from cjmap.reporters import render
from conftest import cli
from hostile_text import HOSTILE, assert_safe, hostile_journey, quoted, run

EVIL_NAME = "evil\x1b[2J\r\x9b\u202e[red]x.journey.yaml"
BROKEN_NAME = "broken\x1b]0;t\x07\x7f.journey.yaml"
FORMATS = ("text", "json", "github", "sarif", "junit")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An invalid journey whose messages quote hostile keys, and a valid one with lint findings."""
    folder = tmp_path / "journeys"
    folder.mkdir()
    unknown_key = hostile_journey().replace("  type: current-state", f"  {quoted('bad key ' + HOSTILE)}: 1\n  type: current-state")
    (folder / BROKEN_NAME).write_text(unknown_key, encoding="utf-8")
    (folder / EVIL_NAME).write_text(hostile_journey(), encoding="utf-8")
    # An undecodable byte in a file name: a lone surrogate in Python, which cannot be printed as is.
    (folder / os.fsdecode(b"bytes\xff.journey.yaml")).write_text(unknown_key, encoding="utf-8")
    return folder


@pytest.mark.parametrize("output_format", FORMATS)
@pytest.mark.parametrize("command", ["validate", "lint"])
def test_reports_of_hostile_files_are_safe_in_every_format(folder: Path, command: str, output_format: str) -> None:
    shown = assert_safe(run(command, str(folder), "--format", output_format), 1)
    if output_format == "json":
        files = {entry["file"] for entry in json.loads(shown)["files"]}
        assert str(folder / EVIL_NAME) in files  # exact, once the JSON escapes are decoded
    elif output_format == "sarif":
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in json.loads(shown)["runs"][0]["results"]}
        assert any(uri.endswith("bytes%FF.journey.yaml") for uri in uris)
    elif output_format == "junit":
        # Outside any repository the file attribute is the path as given (here absolute).
        files = {case.get("file") for case in ElementTree.fromstring(shown).iter("testcase")}
        assert str(folder / "broken\\x1b]0;t\\x07\\x7f.journey.yaml") in files
    else:
        assert "broken\\x1b]0;t\\x07\\x7f.journey.yaml" in shown
        assert "bytes\\udcff.journey.yaml" in shown
        assert "bad key \\x1b[2J" in shown


def test_sarif_uri_of_a_relative_undecodable_name(folder: Path) -> None:
    # A relative name with a lone surrogate was an internal UnicodeEncodeError in quote().
    completed = cli("validate", ".", "-f", "sarif", cwd=folder, env={"NO_COLOR": "1"})
    assert completed.code == 1, completed.stderr
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in json.loads(completed.stdout)["runs"][0]["results"]}
    assert "bytes%FF.journey.yaml" in uris


def test_text_report_in_colour_writes_only_its_own_colour_codes(folder: Path) -> None:
    assert_safe(run("validate", str(folder), color=True), 1, color=True)


def result_with(file: str, message: str, severity: str = "error") -> FileResult:
    problem = Problem(file, 1, 1, "CJ020", severity, message)  # type: ignore[arg-type]
    return FileResult(file, (problem,))


def test_junit_is_valid_xml_with_any_character_in_names_and_messages() -> None:
    every = "".join(chr(code) for code in range(0x20)) + "\x7f\x85\x9b\u202e\ufffe\uffff\udcff"
    results = [result_with(f"file{every}.yaml", f"message {every}", severity) for severity in ("error", "warning")]
    report = render("junit", results)
    root = ElementTree.fromstring(report)  # raised "not well-formed" on a control character
    assert root.get("tests") == "2"
    assert all("\\x1b" in case.get("classname", "") for case in root.iter("testcase"))


def test_problem_messages_spell_every_control_one_way() -> None:
    problem = Problem("f", 1, 1, "CJ020", "error", "a\x1b[2J\rb\nc\x9b\u202e\x7f")
    assert problem.message == "a\\x1b[2J\\rb\\nc\\x9b\\u202e\\x7f"


def test_github_annotations_make_file_names_visible() -> None:
    report = render("github", [result_with("evil\x1b[2J\r.yaml", "m\x1b]0;t\x07")])
    assert "\x1b" not in report and "\r" not in report
    assert "file=evil\\x1b[2J%0D.yaml" in report  # CR/LF as the runner decodes them: the real name


def test_text_excerpt_hides_bidi_overrides(tmp_path: Path) -> None:
    # The source line under an error is shown with U+FFFD for controls, so the caret lines up;
    # a bidi override there would reorder the line on screen.
    path = tmp_path / "bidi.journey.yaml"
    path.write_text("cjmap: 1\njourney: {title: \"\u202eevil\", bogus: 1}\n", encoding="utf-8")
    shown = assert_safe(run("validate", str(path)), 1)
    assert "\ufffdevil" in shown
