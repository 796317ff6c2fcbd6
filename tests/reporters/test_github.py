"""The GitHub Actions reporter from hand-built results: one workflow command per problem, errors
first, paths from the repository root, and a word when GitHub will not show them all."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from samples import HOSTILE, mixed, problem, result

from cjmap.files.repository import repository_root
from cjmap.problems import Problem
from cjmap.reporters.github import SHOWN_PER_LEVEL, ordered
from cjmap.reporters.github import report as github_report


def report(results: Any, **options: Any) -> str:
    """The reporter as the commands call it: the repository root found from the current folder."""
    return github_report(results, root=repository_root(), **options)


@pytest.fixture(autouse=True)
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A checkout at tmp_path, cjmap run at its root, no job summary unless a test gives one."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return tmp_path


def test_empty_results() -> None:
    assert report([]) == "0 files checked: no problems.\n"


def test_errors_then_warnings_then_notices_each_by_file_and_position() -> None:
    assert report(mixed()) == (
        "::error file=a.journey.yaml,line=3,col=5,title=CJ021 unknown-field::unknown field `chanel`\n"
        "::warning file=a.journey.yaml,line=7,col=1,title=CJ101 stale-review::review is stale\n"
        "::warning file=c.journey.yaml,line=2,col=1,title=CJ101 stale-review::review is stale\n"
        "::notice file=a.journey.yaml,line=9,col=3,title=CJ124 touchpoint-without-actions::no actions\n"
        "3 files checked: 1 error, 2 warnings, 1 info in 2 files.\n"
    )


def test_the_order_does_not_depend_on_the_order_of_files_or_problems() -> None:
    results = [result("b.yaml", problem(9, 1, "info", file="b.yaml"), problem(2, 1, "error", file="b.yaml")),
               result("a.yaml", problem(5, 2, "warning", file="a.yaml"), problem(5, 1, "error", file="a.yaml"))]
    expected = [("a.yaml", 5, 1, "error"), ("b.yaml", 2, 1, "error"), ("a.yaml", 5, 2, "warning"), ("b.yaml", 9, 1, "info")]
    for given in (results, results[::-1], [result(r.file, *r.problems[::-1]) for r in results]):
        assert [(path, p.line, p.column, p.severity) for path, p in ordered(given, None)] == expected
        assert report(given) == report(results)


def test_colour_changes_nothing() -> None:
    assert report(mixed(), color=True) == report(mixed())


def test_file_is_relative_to_the_repository_root_when_run_from_a_subfolder(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (workspace / "journeys" / "deep").mkdir(parents=True)
    monkeypatch.chdir(workspace / "journeys")
    outside = str(workspace.parent / "elsewhere.yaml")
    results = [result("deep/a.journey.yaml", problem(1, 1, file="deep/a.journey.yaml")), result(outside, problem(1, 1, file=outside))]
    [first, second, _summary] = report(results).splitlines()  # by path: "/…" sorts first
    assert second.startswith("::error file=journeys/deep/a.journey.yaml,line=1,col=1,")
    # Outside the checkout there is no repository path: the name as given, escaped.
    assert first.startswith("::error file=" + outside.replace(":", "%3A").replace(",", "%2C") + ",line=1,")


def test_a_name_with_a_nul_byte_is_reported_as_given() -> None:
    [line, _summary] = report([result("a\x00b.yaml", problem(1, 1, file="a\x00b.yaml"))]).splitlines()
    assert line.startswith("::error file=a\\x00b.yaml,line=1,col=1,")


def _annotation(end_line: int, end_column: int) -> str:
    spanned = Problem("a.yaml", 3, 5, "CJ021", "error", "m", "", "unknown-field", end_line=end_line, end_column=end_column)
    return report([result("a.yaml", spanned)]).splitlines()[0]


def test_end_positions_only_for_a_real_span_on_one_line() -> None:
    assert _annotation(3, 11).startswith("::error file=a.yaml,line=3,col=5,endLine=3,endColumn=10,title=")  # exclusive 11 → last column 10
    assert _annotation(3, 6).startswith("::error file=a.yaml,line=3,col=5,title=")  # one character: nothing to add
    assert _annotation(0, 0).startswith("::error file=a.yaml,line=3,col=5,title=")


def _runner_properties(command: str) -> dict[str, str]:
    """The properties as the runner keeps them (actions/runner ActionCommandManager.cs): split at
    commas and the first '=', unescaped, then ValidateLinesAndColumns, which drops ``col`` and
    ``endColumn`` when ``line`` and ``endLine`` differ."""
    head = command[2:].split("::", 1)[0]
    _level, _, properties = head.partition(" ")
    decoded = {}
    for item in properties.split(","):
        key, _, value = item.partition("=")
        for escaped, raw in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
            value = value.replace(escaped, raw)
        decoded[key] = value
    if "endLine" in decoded and decoded["endLine"] != decoded.get("line"):
        decoded.pop("col", None)
        decoded.pop("endColumn", None)
    return decoded


def test_a_span_over_several_lines_keeps_its_column_as_the_runner_reads_it() -> None:
    command = _annotation(5, 2)
    assert command.startswith("::error file=a.yaml,line=3,col=5,title=")  # no endLine: the runner would drop col
    assert _runner_properties(command) == {"file": "a.yaml", "line": "3", "col": "5", "title": "CJ021 unknown-field"}
    # The oracle can fail: with the end line written, as before, the runner loses the column.
    assert "col" not in _runner_properties("::error file=a.yaml,line=3,col=5,endLine=5,title=x::m")


def test_a_line_break_in_a_file_name_reaches_the_runner_as_the_file_name() -> None:
    for name in ("a\nb.journey.yaml", "a\r\nb.journey.yaml", "a\rb%0A.journey.yaml"):
        [line, _summary] = report([result(name, problem(1, 1, file=name))]).splitlines()
        assert "\n" not in line and "\r" not in line and "\\n" not in line  # no raw break, no backslash-n
        assert _runner_properties(line)["file"] == name


def test_other_control_characters_in_a_file_name_stay_visible_escapes() -> None:
    [line, _summary] = report([result("a\tb\x1b\n.yaml", problem(1, 1, file="a\tb\x1b\n.yaml"))]).splitlines()
    assert line.startswith("::error file=a\\tb\\x1b%0A.yaml,line=1,")
    assert _runner_properties(line)["file"] == "a\\tb\\x1b\n.yaml"  # the documented trade-off: no such file, nothing raw in the log


def test_properties_and_data_are_escaped_as_the_runner_reads_them() -> None:
    [line, _summary] = report([result("a:b,c%.yaml", problem(1, 1, file="a:b,c%.yaml", message="50% a:b,c"))]).splitlines()
    assert line == "::error file=a%3Ab%2Cc%25.yaml,line=1,col=1,title=CJ021 unknown-field::50%25 a:b,c"


def test_hostile_text_cannot_end_the_command_or_reach_the_log_raw() -> None:
    [line, _summary] = report([result(HOSTILE, problem(1, 1, file=HOSTILE, message=HOSTILE))]).splitlines()
    assert "\x1b" not in line and "\r" not in line and "\x9b" not in line and "\u202e" not in line
    assert line == (
        "::error file=evil\\x1b[2J%0D%0Ax\\x9b\\u202e<b>&\"'%25%2C%3A]]>,line=1,col=1,title=CJ021 unknown-field"
        "::evil\\x1b[2J\\r\\nx\\x9b\\u202e<b>&\"'%25,:]]>"
    )


def _many(errors: int, warnings: int) -> list:
    problems = [problem(n, 1, "error") for n in range(1, errors + 1)] + [problem(n, 2, "warning") for n in range(1, warnings + 1)]
    return [result("a.journey.yaml", *problems)]


def test_no_word_about_the_cap_while_github_shows_every_annotation() -> None:
    summary = report(_many(SHOWN_PER_LEVEL, SHOWN_PER_LEVEL)).splitlines()[-1]
    assert summary == "1 file checked: 10 errors, 10 warnings in 1 file."


def test_over_the_cap_the_summary_line_says_where_the_rest_are(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = report(_many(SHOWN_PER_LEVEL + 1, 3)).splitlines()
    assert len(lines) == 15  # every finding is still written: the log keeps them all
    assert lines[-1] == "1 file checked: 11 errors, 3 warnings in 1 file. GitHub shows the first 10 annotations of each kind; all 14 are in this log."
    # Not "in the job summary": it is written after the annotations, and may be cut or fail.
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", "/tmp/summary.md")
    assert report(_many(SHOWN_PER_LEVEL + 1, 3)).splitlines()[-1] == lines[-1]
