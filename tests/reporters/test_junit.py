"""The JUnit reporter from hand-built results: one test case per clean file and per finding;
errors always fail, warnings only under --strict, infos never."""

from __future__ import annotations

from xml.etree import ElementTree

from samples import HOSTILE, mixed, problem, result

from cjmap.reporters.junit import report


def _cases(text: str) -> list[tuple[str, str, str | None]]:
    """(classname, name, failure type or None) for every test case."""
    root = ElementTree.fromstring(text)
    return [(case.get("classname", ""), case.get("name", ""), (case.find("failure").get("type") if case.find("failure") is not None else None))
            for case in root.iter("testcase")]


def _totals(text: str) -> tuple[str | None, ...]:
    root = ElementTree.fromstring(text)
    suite = root.find("testsuite")
    assert suite is not None
    return root.get("tests"), root.get("failures"), suite.get("tests"), suite.get("failures"), suite.get("errors")


def test_empty_results() -> None:
    text = report([])
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="cjmap" tests="0" failures="0">')
    assert _totals(text) == ("0", "0", "0", "0", "0")


def test_a_case_per_clean_file_and_per_finding_in_order() -> None:
    assert _cases(report(mixed())) == [
        ("a.journey.yaml", "CJ021 unknown-field at 3:5", "error"),
        ("a.journey.yaml", "CJ101 stale-review at 7:1", None),
        ("a.journey.yaml", "CJ124 touchpoint-without-actions at 9:3", None),
        ("b.journey.yaml", "journey", None),
        ("c.journey.yaml", "CJ101 stale-review at 2:1", None),
    ]
    assert _totals(report(mixed())) == ("5", "1", "5", "1", "0")


def test_strict_makes_warnings_failures_but_never_infos() -> None:
    text = report(mixed(), strict=True)
    assert [failure for _, _, failure in _cases(text)] == ["error", "warning", None, None, "warning"]
    assert _totals(text) == ("5", "3", "5", "3", "0")


def test_a_finding_that_does_not_fail_is_told_in_system_out() -> None:
    root = ElementTree.fromstring(report(mixed()))
    outs = [case.findtext("system-out") for case in root.iter("testcase")]
    assert outs == [None, "review is stale", "no actions", None, "review is stale"]
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None and failure.text == "a.journey.yaml:3:5: error CJ021 unknown field `chanel`"


def test_hostile_names_and_messages_stay_well_formed_and_visible() -> None:
    text = report([result(HOSTILE, problem(1, 1, file=HOSTILE, message=HOSTILE + "\ufffe\uffff"))])
    assert "\x1b" not in text and "\x9b" not in text
    root = ElementTree.fromstring(text)  # well-formed: markup and "]]>" are escaped
    case = root.find("testsuite/testcase")
    assert case is not None and case.get("classname") == "evil\\x1b[2J\\r\\nx\\x9b\\u202e<b>&\"'%,:]]>"
    failure = case.find("failure")
    assert failure is not None and failure.get("message") == "evil\\x1b[2J\\r\\nx\\x9b\\u202e<b>&\"'%,:]]>\ufffd\ufffd"


def test_colour_changes_nothing_and_a_slimmed_result_reports_the_same() -> None:
    assert report(mixed(), color=True) == report(mixed())
    assert report([r.slim() for r in mixed()]) == report(mixed())
