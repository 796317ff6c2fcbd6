"""JUnit XML, which most CI systems show as test results: one test case per file and finding.

A finding is a failure when it fails the run: errors, and warnings under ``--strict``.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.etree import ElementTree

from cjmap.validation import FileResult


def report(results: Sequence[FileResult], *, color: bool = False, strict: bool = False) -> str:
    suites = ElementTree.Element("testsuites", name="cjmap")
    suite = ElementTree.SubElement(suites, "testsuite", name="cjmap", tests="0", failures="0", errors="0", skipped="0")
    tests = failures = 0
    for result in results:
        if not result.problems:
            ElementTree.SubElement(suite, "testcase", classname=result.file, name="journey")
            tests += 1
        for problem in result.problems:
            tests += 1
            case = ElementTree.SubElement(
                suite, "testcase", classname=result.file, name=f"{problem.code} {problem.name} at {problem.line}:{problem.column}"
            )
            if problem.severity == "info" or (problem.severity == "warning" and not strict):
                ElementTree.SubElement(case, "system-out").text = problem.message
                continue
            failures += 1
            failure = ElementTree.SubElement(case, "failure", type=problem.severity, message=problem.message)
            failure.text = f"{problem.file}:{problem.line}:{problem.column}: {problem.severity} {problem.code} {problem.message}"
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suites.set("tests", str(tests))
    suites.set("failures", str(failures))
    ElementTree.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(suites, encoding="unicode") + "\n"
