"""The GitHub job summary: from hand-built results (the pure function), and through the CLI as a
workflow step runs it (GITHUB_ACTIONS, GITHUB_STEP_SUMMARY, GITHUB_WORKSPACE, from a subfolder)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from samples import HOSTILE, mixed, problem, result

from cjmap.commands.findings import write_job_summary
from cjmap.reporters.step_summary import LIMIT, job_summary
from conftest import ROOT, TODAY, cli
from github_markdown import RENDERER, assert_no_reference

ROW = re.compile(r"^\| .* \|$")


def _rows(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if ROW.match(line)][1:]  # past the header (the rule has no spaces)


def test_a_heading_the_counts_and_a_row_per_finding_errors_first() -> None:
    assert job_summary(mixed(), command="lint", root=None) == (
        "### cjmap lint\n"
        "\n"
        "3 files checked: 1 error, 2 warnings, 1 info in 2 files.\n"
        "\n"
        "| Where | Severity | Rule | Message |\n"
        "|---|---|---|---|\n"
        "| a.journey.yaml:3:5 | ❌ error | CJ021 unknown-field | unknown field \\`chanel\\` |\n"
        "| a.journey.yaml:7:1 | ⚠️ warning | CJ101 stale-review | review is stale |\n"
        "| c.journey.yaml:2:1 | ⚠️ warning | CJ101 stale-review | review is stale |\n"
        "| a.journey.yaml:9:3 | ℹ️ info | CJ124 touchpoint-without-actions | no actions |\n"
    )


def test_no_findings_no_table() -> None:
    assert job_summary([result("a.yaml")], command="validate", root=None) == "### cjmap validate\n\n1 file checked: no problems.\n"


def test_paths_are_relative_to_the_repository_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "journeys").mkdir()
    monkeypatch.chdir(tmp_path / "journeys")
    [row] = _rows(job_summary([result("a.yaml", problem(2, 3, file="a.yaml"))], command="lint", root=tmp_path))
    assert row.startswith("| journeys/a.yaml:2:3 |")


def test_hostile_text_cannot_break_the_table_inject_html_or_reach_anyone() -> None:
    message = HOSTILE + " | @octocat @org/team #12 owner/repo#3 GH-4 <img src=x> `code` line\nbreak ![x](y) [a](b)"
    name = "evil|@bob #7.journey.yaml"
    markdown = job_summary([result(name, problem(1, 1, file=name, message=message))], command="lint", root=None)
    [row] = _rows(markdown)
    html = RENDERER.render(markdown)
    assert html.count("<tr>") == 2 and html.count("<td>") == 4  # one row of four cells: no pipe escaped the escaping
    assert "<img" not in html and "<a " not in html and "<code>" not in html and "\x1b" not in html
    text = assert_no_reference(markdown)
    assert "@\u200boctocat" in text and "#\u200b12" in text and "GH-\u200b4" in text  # still readable: the same characters
    assert "\\x1b[2J" in text and row.count(" | ") == 3  # control characters shown, as in every other format


def test_a_path_reads_as_the_annotation_names_it_each_control_character_spelled_out() -> None:
    # A line break in a cell would be a space, so "a\nb.yaml" would read as another file, "a b.yaml".
    names = ["a\nb.journey.yaml", "a b.journey.yaml", "a\r\nc\t.journey.yaml"]
    markdown = job_summary([result(name, problem(4, 2, file=name)) for name in names], command="lint", root=None)
    cells = [row.split(" | ")[0] for row in _rows(markdown)]
    assert cells == ["| a\\\\nb.journey.yaml:4:2", "| a\\\\r\\\\nc\\\\t.journey.yaml:4:2", "| a b.journey.yaml:4:2"]  # by path; backslashes escaped
    text = RENDERER.render(markdown)
    assert "a\\nb.journey.yaml:4:2" in text and "a\\r\\nc\\t.journey.yaml:4:2" in text and "a b.journey.yaml:4:2" in text


def _findings(count: int, message: str = "x") -> list:
    problems = [problem(n, 1, ("error", "warning", "info")[n % 3], message=f"{message} {n}") for n in range(1, count + 1)]
    return [result("a.journey.yaml", *problems)]


def test_a_table_too_big_for_githubs_limit_is_cut_with_a_note() -> None:
    results = _findings(2000, "m" * 1000)  # about 2 MB of rows
    markdown = job_summary(results, command="lint", root=None)
    size = len(markdown.encode("utf-8"))
    assert LIMIT - 2048 < size <= LIMIT
    rows = _rows(markdown)
    assert markdown.endswith(f"> The first {len(rows)} of 2000 findings: GitHub takes at most 1 MiB of summary per step. "
                             "The log lists every finding.\n")
    assert all("error" in row for row in rows[:666]) and len(rows) < 2000  # errors first, then what fits


def test_the_budget_is_what_other_writers_left_and_nothing_when_even_the_heading_does_not_fit() -> None:
    markdown = job_summary(_findings(100), command="lint", root=None, budget=3000)
    assert len(markdown.encode("utf-8")) <= 3000 and "> [!WARNING]" in markdown
    assert job_summary(_findings(100), command="lint", root=None, budget=600) == ""
    assert job_summary([], command="lint", root=None, budget=10) == ""


def test_every_finding_under_the_limit_and_the_same_bytes_each_time() -> None:
    results = _findings(2000)
    markdown = job_summary(results, command="lint", root=None)
    assert len(_rows(markdown)) == 2000 and "[!WARNING]" not in markdown
    assert job_summary(results, command="lint", root=None) == markdown


# Through the CLI, as a workflow step runs cjmap.


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A repository with the journeys in a subfolder: one invalid, one with lint findings."""
    shutil.copytree(ROOT / "tests" / "cli" / "data", tmp_path / "journeys" / "data")
    shutil.copy(ROOT / "examples" / "retail-store.journey.yaml", tmp_path / "journeys")
    (tmp_path / ".git").mkdir()
    return tmp_path


def _actions(checkout: Path, summary: Path | str) -> dict[str, str]:
    return {**TODAY, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_WORKSPACE": str(checkout)}


def test_under_actions_lint_appends_a_summary_and_annotates_from_the_repository_root(checkout: Path) -> None:
    summary = checkout / "summary.md"
    summary.write_text("## Written by an earlier step\n", encoding="utf-8")
    run = cli("lint", ".", cwd=checkout / "journeys", env=_actions(checkout, summary))
    assert run.code == 1 and run.stderr == ""
    annotations = [line for line in run.stdout.splitlines() if line.startswith("::")]
    levels = [line.split(" ", 1)[0] for line in annotations]
    assert levels == sorted(levels, key=["::error", "::warning", "::notice"].index)  # errors first
    assert all(line.split(" ", 1)[1].startswith("file=journeys/") for line in annotations)
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("## Written by an earlier step\n\n### cjmap lint\n")  # appended, after a blank line
    rows = _rows(written)
    assert len(rows) == len(annotations) and all(row.startswith("| journeys/") for row in rows)
    cli("validate", ".", cwd=checkout / "journeys", env=_actions(checkout, summary))
    assert summary.read_text(encoding="utf-8").startswith(written + "\n### cjmap validate\n")  # a second command of the step: appended again


@pytest.mark.parametrize(("earlier", "between"), [("## Unfinished line", "\n\n"), ("## A line\n", "\n"), ("", "")])
def test_a_blank_line_separates_the_summary_from_what_the_file_holds(checkout: Path, earlier: str, between: str) -> None:
    summary = checkout / "summary.md"
    summary.write_text(earlier, encoding="utf-8")
    run = cli("validate", "journeys/retail-store.journey.yaml", cwd=checkout, env=_actions(checkout, summary))
    assert run.code == 0 and run.stderr == ""
    assert summary.read_text(encoding="utf-8") == earlier + between + "### cjmap validate\n\n1 file checked: no problems.\n"
    html = RENDERER.render(summary.read_text(encoding="utf-8"))
    assert "<h3>cjmap validate</h3>" in html  # a heading of its own, not the end of the earlier line


def test_a_summary_file_that_cannot_be_read_still_gets_a_blank_line(checkout: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A write-only file (the tests run as root, so chmod alone would not refuse the read)."""
    summary = checkout / "summary.md"
    summary.write_text("## A line\n", encoding="utf-8")
    opened = os.open

    def refuse_reading(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if str(path) == str(summary) and flags & os.O_ACCMODE == os.O_RDONLY:
            raise PermissionError(13, "Permission denied")
        return opened(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse_reading)
    write_job_summary(str(summary), [result("a.yaml")], command="validate", root=None)
    # Two line breaks whatever the file ends with: here one more than needed, never one too few.
    assert summary.read_text(encoding="utf-8") == "## A line\n\n\n### cjmap validate\n\n1 file checked: no problems.\n"


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "junit"])
def test_other_formats_write_no_summary(checkout: Path, output_format: str) -> None:
    summary = checkout / "summary.md"
    run = cli("validate", "-f", output_format, ".", cwd=checkout / "journeys", env=_actions(checkout, summary))
    assert run.code == 1 and not summary.exists()


def test_no_summary_without_the_variable_or_with_it_empty(checkout: Path) -> None:
    for value in ("", None):
        env = _actions(checkout, "")
        if value is None:
            del env["GITHUB_STEP_SUMMARY"]
        run = cli("validate", "-f", "github", ".", cwd=checkout / "journeys", env=env)
        assert run.code == 1 and run.stderr == "" and run.stdout.startswith("::error file=journeys/")
    assert sorted(p.name for p in checkout.iterdir()) == [".git", "journeys"]


def test_a_summary_that_cannot_be_written_is_a_warning_not_a_failure(checkout: Path) -> None:
    clean = cli("validate", "examples/retail-store.journey.yaml", cwd=ROOT, env={**TODAY, "GITHUB_ACTIONS": "true"})
    for target, why in ((checkout / "missing" / "summary.md", "No such file or directory"), (checkout, "Is a directory")):
        run = cli("validate", "examples/retail-store.journey.yaml", cwd=ROOT, env=_actions(ROOT, target))
        assert (run.code, run.stdout) == (clean.code, clean.stdout) == (0, "1 file checked: no problems.\n")
        assert run.stderr == f"cjmap: warning: the job summary was not written to {target}: {why}\n"


def test_a_fifo_is_refused_without_waiting_for_a_reader(checkout: Path) -> None:
    fifo = checkout / "fifo"
    os.mkfifo(fifo)
    run = cli("validate", "examples/retail-store.journey.yaml", cwd=ROOT, env=_actions(ROOT, fifo))
    assert run.code == 0 and run.stderr.startswith(f"cjmap: warning: the job summary was not written to {fifo}: ")


def test_a_full_summary_file_is_left_alone_with_a_warning(checkout: Path) -> None:
    summary = checkout / "summary.md"
    summary.write_bytes(b"x" * (LIMIT - 100))
    run = cli("lint", ".", cwd=checkout / "journeys", env=_actions(checkout, summary))
    assert run.code == 1 and "GitHub's 1 MiB limit" in run.stderr
    assert summary.stat().st_size == LIMIT - 100
