"""JUnit XML, which most CI systems show as test results: one test case per file and finding.

A finding is a failure when it fails the run: errors, and warnings under ``--strict``.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.etree import ElementTree

from cjmap.problems import FileResult, fails
from cjmap.text.safe import visible

# What visible() leaves that XML 1.0 still forbids (https://www.w3.org/TR/xml/#charsets).
_NOT_XML = str.maketrans({0xFFFE: "\ufffd", 0xFFFF: "\ufffd"})


def _xml(text: str) -> str:
    """Text XML 1.0 can hold: a control character in a file name made the report unparsable."""
    return visible(text).translate(_NOT_XML)


def report(results: Sequence[FileResult], *, color: bool = False, strict: bool = False, command: str = "validate") -> str:
    suites = ElementTree.Element("testsuites", name="cjmap")
    suite = ElementTree.SubElement(suites, "testsuite", name="cjmap", tests="0", failures="0", errors="0", skipped="0")
    tests = failures = 0
    for result in results:
        file = _xml(result.file)
        if not result.problems:
            ElementTree.SubElement(suite, "testcase", classname=file, name="journey")
            tests += 1
        for problem in result.problems:
            tests += 1
            case = ElementTree.SubElement(
                suite, "testcase", classname=file, name=f"{problem.code} {problem.name} at {problem.line}:{problem.column}"
            )
            if not fails(problem, strict=strict):
                ElementTree.SubElement(case, "system-out").text = _xml(problem.message)
                continue
            failures += 1
            message = _xml(problem.message)
            failure = ElementTree.SubElement(case, "failure", type=problem.severity, message=message)
            failure.text = f"{_xml(problem.file)}:{problem.line}:{problem.column}: {problem.severity} {problem.code} {message}"
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suites.set("tests", str(tests))
    suites.set("failures", str(failures))
    ElementTree.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(suites, encoding="unicode") + "\n"
