"""The text reporter from hand-built results: lines, carets, colour, summary, escaping."""

from __future__ import annotations

from samples import HOSTILE, mixed, problem, result

from cjmap.reporters.text import excerpt, report


def test_empty_results_say_no_files_checked() -> None:
    assert report([]) == "0 files checked: no problems.\n"


def test_clean_files_give_the_summary_only() -> None:
    assert report([result("a.journey.yaml"), result("b.journey.yaml")]) == "2 files checked: no problems.\n"


def test_every_problem_with_its_source_line_caret_and_summary() -> None:
    assert report(mixed()) == (
        "a.journey.yaml:3:5: error CJ021 unknown field `chanel`\n"
        "    3 |     chanel: web\n"
        "      |     ^\n"
        "a.journey.yaml:7:1: warning CJ101 review is stale\n"
        "    7 | reviewed: 2020-01-01\n"
        "      | ^\n"
        "a.journey.yaml:9:3: info CJ124 no actions\n"
        "    9 |   - id: t1\n"
        "      |   ^\n"
        "c.journey.yaml:2:1: warning CJ101 review is stale\n"
        "3 files checked: 1 error, 2 warnings, 1 info in 2 files.\n"
    )


def test_problems_keep_the_order_of_files_and_of_each_files_problems() -> None:
    later, earlier = problem(9, 1, file="z"), problem(2, 4, file="z")
    shown = report([result("z", later, earlier), result("a", problem(1, 1, file="a"))]).splitlines()
    # The reporter prints what it is given; sorting is the checker's job (Problem sorts by position).
    assert [line.split(" ")[0] for line in shown[:-1]] == ["z:9:1:", "z:2:4:", "a:1:1:"]


def test_colour_paints_location_severity_code_and_caret_only_when_asked() -> None:
    plain, painted = report(mixed()), report(mixed(), color=True)
    assert "\x1b[" not in plain
    assert "\x1b[1ma.journey.yaml:3:5:\x1b[0m \x1b[31merror\x1b[0m \x1b[36mCJ021\x1b[0m unknown field `chanel`" in painted
    assert "\x1b[33mwarning\x1b[0m" in painted and "\x1b[34minfo\x1b[0m" in painted
    assert painted.endswith("\x1b[1m3 files checked: 1 error, 2 warnings, 1 info in 2 files.\x1b[0m\n")


def test_hostile_file_names_and_messages_are_shown_visibly() -> None:
    shown = report([result(HOSTILE, problem(1, 1, file=HOSTILE, message=HOSTILE), lines={1: f"k: {HOSTILE}"})])
    assert "\x1b" not in shown and "\r" not in shown and "\x9b" not in shown and "\u202e" not in shown
    first = shown.splitlines()[0]
    assert first == "evil\\x1b[2J\\r\\nx\\x9b\\u202e<b>&\"'%,:]]>:1:1: error CJ021 evil\\x1b[2J\\r\\nx\\x9b\\u202e<b>&\"'%,:]]>"
    # The source line shows one cell per control character, so the caret stays in its column.
    assert shown.splitlines()[1] == "    1 | k: evil\ufffd[2J\ufffd\ufffdx\ufffd\ufffd<b>&\"'%,:]]>"


def test_a_slimmed_result_keeps_the_lines_its_problems_point_at() -> None:
    [full, *_] = mixed()
    slim = full.slim()
    assert slim.journey is None and slim.load is None
    assert dict(slim.lines) == {3: "    chanel: web", 7: "reviewed: 2020-01-01", 9: "  - id: t1"}
    assert report([slim]) == report([full])


def test_a_problem_without_a_source_line_has_no_excerpt() -> None:
    assert report([result("a", problem(4, 2, file="a"), lines={4: "   "})]).splitlines() == [
        "a:4:2: error CJ021 error at 4:2",
        "1 file checked: 1 error in 1 file.",
    ]


def test_excerpt_clips_long_lines_and_counts_wide_characters() -> None:
    assert excerpt("a" * 300, 200) == ("…" + "a" * 100 + "…", 51)
    assert excerpt("名前: x", 5) == ("名前: x", 6)  # two cells each for the CJK characters
    assert excerpt("\tkey: x", 2) == (" key: x", 1)
