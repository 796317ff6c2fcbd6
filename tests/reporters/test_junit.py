"""The JUnit reporter from hand-built results: a suite per file, a test case per finding (or one
for a clean file); errors and warnings fail, infos pass; class names Jenkins splits into folder
and file; repository paths in ``file``; seconds that add up; valid against the Jenkins XSD."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from hypothesis import given
from hypothesis import strategies as st
from samples import HOSTILE, mixed, problem, result

from cjmap.files.repository import repository_root
from cjmap.problems import FileResult
from cjmap.reporters.junit import classname
from cjmap.reporters.junit import report as junit_report


def report(results: Any, **options: Any) -> str:
    """The reporter as the commands call it: the repository root found from the current folder."""
    return junit_report(results, root=repository_root(), **options)

XSD = Path(__file__).parents[1] / "data" / "junit" / "junit-10.xsd"


@pytest.fixture(autouse=True)
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A checkout at tmp_path, cjmap run at its root."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    return tmp_path


def _cases(text: str) -> list[tuple[str, str, str | None]]:
    """(classname, name, failure type or None) for every test case."""
    root = ElementTree.fromstring(text)
    return [(case.get("classname", ""), case.get("name", ""), (case.find("failure").get("type") if case.find("failure") is not None else None))
            for case in root.iter("testcase")]


def _totals(text: str) -> list[tuple[str | None, ...]]:
    """(tests, failures, errors) of the root, then of each suite."""
    root = ElementTree.fromstring(text)
    return [(element.get("tests"), element.get("failures"), element.get("errors")) for element in [root, *root.iter("testsuite")]]


def test_empty_results() -> None:
    text = report([])
    assert text == '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="cjmap validate" tests="0" failures="0" errors="0" time="0.000" />\n'


def test_a_suite_per_file_and_a_case_per_clean_file_and_per_finding() -> None:
    text = report(mixed(), command="lint")
    root = ElementTree.fromstring(text)
    assert root.get("name") == "cjmap lint"
    assert [(suite.get("name"), suite.get("file")) for suite in root.iter("testsuite")] == [
        ("a.journey.yaml", "a.journey.yaml"), ("b.journey.yaml", "b.journey.yaml"), ("c.journey.yaml", "c.journey.yaml")]
    assert _cases(text) == [
        ("a_journey_yaml", "CJ021 unknown-field at 3:5", "error"),
        ("a_journey_yaml", "CJ101 stale-review at 7:1", "warning"),
        ("a_journey_yaml", "CJ124 touchpoint-without-actions at 9:3", None),
        ("b_journey_yaml", "journey", None),
        ("c_journey_yaml", "CJ101 stale-review at 2:1", "warning"),
    ]
    assert _totals(text) == [("5", "3", "0"), ("3", "2", "0"), ("1", "0", "0"), ("1", "1", "0")]


def test_an_info_is_told_in_system_out_and_a_failure_names_where() -> None:
    root = ElementTree.fromstring(report(mixed()))
    assert [case.findtext("system-out") for case in root.iter("testcase")] == [None, None, "no actions", None, None]
    assert [failure.text for failure in root.iter("failure")] == [
        "a.journey.yaml:3:5: error CJ021 unknown field `chanel`",
        "a.journey.yaml:7:1: warning CJ101 review is stale",
        "c.journey.yaml:2:1: warning CJ101 review is stale",
    ]
    assert [failure.get("message") for failure in root.iter("failure")] == ["unknown field `chanel`", "review is stale", "review is stale"]


def _part(name: str) -> str:
    """A folder or file name as its class-name part, decoded back by the test: ~~ is ~, ~_ is _, _ is a dot."""
    return name.replace("~", "~~").replace("_", "~_").replace(".", "_")


def _decoded(part: str) -> str:
    out, index = [], 0
    while index < len(part):
        if part[index] == "~":
            out.append(part[index + 1])
            index += 2
        else:
            out.append("." if part[index] == "_" else part[index])
            index += 1
    return "".join(out)


@pytest.mark.parametrize(("path", "expected"), [
    ("a.journey.yaml", "a_journey_yaml"),  # at the root: Jenkins' "(root)" package, class a_journey_yaml
    ("examples/retail-store.journey.yaml", "examples.retail-store_journey_yaml"),
    ("teams/v1.2/shop.journey.yml", "teams.v1_2.shop_journey_yml"),  # a dot in a folder would split it
    ("/abs/olute/x.yaml", ".abs.olute.x_yaml"),  # not the class of abs/olute/x.yaml
    (".github/j.yaml", "_github.j_yaml"),
    ("my_team/a_b.journey.yaml", "my~_team.a~_b_journey_yaml"),
    ("odd~name.yaml", "odd~~name_yaml"),
])
def test_classname_is_the_folder_as_package_and_the_file_as_class(path: str, expected: str) -> None:
    assert classname(path) == expected
    _package, _, cls = expected.rpartition(".")  # as Jenkins' CaseResult splits it
    assert _decoded(cls) == Path(path).name and cls == _part(Path(path).name)
    assert [_decoded(part) for part in expected.split(".")] == path.split("/")  # every part, and so the path, comes back


@pytest.mark.parametrize("paths", [
    ("a.b.journey.yaml", "a_b.journey.yaml"), ("a.b/x.yaml", "a_b/x.yaml"), ("a_.b.yaml", "a._b.yaml"), ("a__b.yaml", "a_.b.yaml"),
    ("a~_b.yaml", "a~.b.yaml"), ("x/a.yaml", "/x/a.yaml"), ("a.b/c.yaml", "a/b.c.yaml"),
])
def test_different_paths_never_share_a_class_name(paths: tuple[str, str]) -> None:
    # Jenkins merges the cases of one class: two journeys must not become one. "_" → "__" would not do: a_.b and a._b.
    first, second = paths
    assert classname(first) != classname(second)
    root = ElementTree.fromstring(report([result(path, problem(1, 1, file=path)) for path in paths]))
    assert len({case.get("classname") for case in root.iter("testcase")}) == 2


@given(st.lists(st.text(alphabet="ab._~/", max_size=8), min_size=2, max_size=2, unique=True))
def test_the_class_name_is_injective(paths: list[str]) -> None:
    assert classname(paths[0]) != classname(paths[1])


def test_file_is_relative_to_the_repository_root_from_a_subfolder(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (workspace / "journeys").mkdir()
    monkeypatch.chdir(workspace / "journeys")
    root = ElementTree.fromstring(report([result("shop.journey.yaml", problem(1, 1, file="shop.journey.yaml"))]))
    case = root.find("testsuite/testcase")
    assert case is not None and case.get("file") == "journeys/shop.journey.yaml" and case.get("classname") == "journeys.shop_journey_yaml"
    failure = case.find("failure")
    assert failure is not None and failure.text is not None and failure.text.startswith("journeys/shop.journey.yaml:1:1: error")


def _timed(seconds: float, count: int) -> FileResult:
    return replace(result("t.yaml", *[problem(n, 1, "warning", file="t.yaml") for n in range(1, count + 1)]), seconds=seconds)


def test_seconds_are_split_over_a_files_cases_in_milliseconds_that_add_up() -> None:
    root = ElementTree.fromstring(report([_timed(0.007, 3), _timed(1.5, 1), _timed(0.25, 0)]))
    suites = list(root.iter("testsuite"))
    assert [[case.get("time") for case in suite.iter("testcase")] for suite in suites] == [["0.003", "0.002", "0.002"], ["1.500"], ["0.250"]]
    assert [suite.get("time") for suite in suites] == ["0.007", "1.500", "0.250"]
    assert root.get("time") == "1.757"


def test_times_parse_as_non_negative_numbers_and_sum_to_the_suites_and_the_whole() -> None:
    results = [_timed(seconds, count) for seconds, count in ((0.123456789, 7), (3.0, 3), (0.0, 2), (1e-9, 5), (-1.0, 1))]
    root = ElementTree.fromstring(report(results))

    def milli(element: ElementTree.Element) -> int:
        value = float(element.get("time", "x"))
        assert value >= 0
        return round(value * 1000)

    for suite in root.iter("testsuite"):
        assert sum(milli(case) for case in suite.iter("testcase")) == milli(suite)
    assert sum(milli(suite) for suite in root.iter("testsuite")) == milli(root) == 123 + 3000


def test_hostile_names_and_messages_stay_well_formed_and_visible() -> None:
    text = report([result(HOSTILE, problem(1, 1, file=HOSTILE, message=HOSTILE + "\ufffe\uffff"))])
    assert "\x1b" not in text and "\x9b" not in text
    root = ElementTree.fromstring(text)  # well-formed: markup and "]]>" are escaped
    case = root.find("testsuite/testcase")
    assert case is not None and case.get("file") == "evil\\x1b[2J\\r\\nx\\x9b\\u202e<b>&\"'%,:]]>"
    assert case.get("classname") == "evil\\x1b[2J\\r\\nx\\x9b\\u202e<b>&\"'%,:]]>"
    failure = case.find("failure")
    assert failure is not None and failure.get("message") == "evil\\x1b[2J\\r\\nx\\x9b\\u202e<b>&\"'%,:]]>\ufffd\ufffd"


def test_colour_changes_nothing_and_a_slimmed_result_reports_the_same() -> None:
    assert report(mixed(), color=True) == report(mixed())
    assert report([r.slim() for r in mixed()]) == report(mixed())


def test_valid_against_the_jenkins_junit_schema_but_for_the_test_case_file() -> None:
    from lxml import etree  # the validator: lxml, a dev dependency

    schema = etree.XMLSchema(etree.parse(str(XSD)))
    hostile = result(HOSTILE, problem(1, 1, file=HOSTILE, message=HOSTILE))
    for results in ([], mixed(), [hostile, _timed(12345.678, 4)]):
        document = etree.fromstring(report(results).encode("utf-8"))
        cases = document.findall(".//testcase")
        assert all(case.get("file") for case in cases)
        for case in cases:  # the one attribute the Jenkins XSD does not list: GitLab's link to the file
            del case.attrib["file"]
        schema.assertValid(document)
    # And the check can fail: an attribute the schema does not know is refused.
    document = etree.fromstring(report(mixed()).encode("utf-8"))
    assert not schema.validate(document)


def test_only_the_times_differ_between_two_runs_on_the_same_input() -> None:
    first, second = report([_timed(0.25, 2), *mixed()]), report([_timed(7.5, 2), *mixed()])
    assert first != second
    assert re.sub(r' time="[0-9.]+"', "", first) == re.sub(r' time="[0-9.]+"', "", second)
