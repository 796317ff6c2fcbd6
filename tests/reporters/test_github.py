"""The GitHub Actions reporter from hand-built results: one workflow command per problem."""

from __future__ import annotations

from samples import HOSTILE, mixed, problem, result

from cjmap.reporters.github import report


def test_empty_results() -> None:
    assert report([]) == "0 files checked: no problems.\n"


def test_one_command_per_problem_in_order_with_levels_and_summary() -> None:
    assert report(mixed()) == (
        "::error file=a.journey.yaml,line=3,col=5,title=CJ021 unknown-field::unknown field `chanel`\n"
        "::warning file=a.journey.yaml,line=7,col=1,title=CJ101 stale-review::review is stale\n"
        "::notice file=a.journey.yaml,line=9,col=3,title=CJ124 touchpoint-without-actions::no actions\n"
        "::warning file=c.journey.yaml,line=2,col=1,title=CJ101 stale-review::review is stale\n"
        "3 files checked: 1 error, 2 warnings, 1 info in 2 files.\n"
    )


def test_strict_and_colour_change_nothing() -> None:
    assert report(mixed(), strict=True, color=True) == report(mixed())


def test_properties_and_data_are_escaped_as_the_runner_reads_them() -> None:
    [line, _summary] = report([result("a:b,c%.yaml", problem(1, 1, file="a:b,c%.yaml", message="50% a:b,c"))]).splitlines()
    assert line == "::error file=a%3Ab%2Cc%25.yaml,line=1,col=1,title=CJ021 unknown-field::50%25 a:b,c"


def test_hostile_text_cannot_end_the_command_or_reach_the_log_raw() -> None:
    [line, _summary] = report([result(HOSTILE, problem(1, 1, file=HOSTILE, message=HOSTILE))]).splitlines()
    assert "\x1b" not in line and "\r" not in line and "\x9b" not in line and "\u202e" not in line
    assert line == (
        "::error file=evil\\x1b[2J\\r\\nx\\x9b\\u202e<b>&\"'%25%2C%3A]]>,line=1,col=1,title=CJ021 unknown-field"
        "::evil\\x1b[2J\\r\\nx\\x9b\\u202e<b>&\"'%25,:]]>"
    )
