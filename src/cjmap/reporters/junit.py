"""JUnit XML, which most CI systems show as test results: a test suite per file, a test case
per finding (or one passing case for a clean file).

- Errors and warnings are failures (``<failure type="error|warning">``): JUnit has no "passed
  with a warning", and a warning shown as passing was never seen. Jenkins marks the build
  unstable, GitLab and Azure DevOps list the test as failed. ``--strict`` changes the exit
  code, not this report. Infos pass and say what they found in ``<system-out>``.
- ``classname`` is the folder as a package and the file as a class: Jenkins splits it at the
  last dot (``examples/a.journey.yaml`` became class ``yaml`` in package ``examples/a.journey``),
  so each folder and the file name become one dot-free part, joined by dots:
  ``examples.a_journey_yaml``. A dot in a name becomes ``_``, a ``_`` becomes ``~_`` and a ``~``
  ``~~``, so two paths never share a class name (Jenkins would merge their cases): ``a.b/`` is
  ``a_b``, ``a_b/`` is ``a~_b``. (Replacing ``_`` by ``__`` would not do: ``a_.b`` and ``a._b``
  would both be ``a___b``.)
- ``file`` is the path from the repository root, on the suite (the Jenkins XSD allows it there)
  and on each case (GitLab links a failed test to it there; the Jenkins XSD does not list it,
  and Jenkins ignores it).
- ``time`` is the seconds the file took to check (``FileResult.seconds``), on its suite, split
  evenly over its cases in whole milliseconds (the XSD allows three decimals) so the cases add
  up to the suite exactly, and the suites to the total on ``testsuites``. Those ``time``
  attributes are the only bytes that differ between two runs on the same input: there is no
  ``timestamp`` or ``hostname``, and everything else is written in a fixed order.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from xml.etree import ElementTree

from cjmap.problems import FileResult, Problem
from cjmap.reporters.github import github_path
from cjmap.text.safe import visible

# What visible() leaves that XML 1.0 still forbids (https://www.w3.org/TR/xml/#charsets).
_NOT_XML = str.maketrans({0xFFFE: "\ufffd", 0xFFFF: "\ufffd"})
# Milliseconds, as Maven Surefire writes them: the Jenkins XSD takes at most three decimals.
_MILLI = 1000


def _xml(text: str) -> str:
    """Text XML 1.0 can hold: a control character in a file name made the report unparsable."""
    return visible(text).translate(_NOT_XML)


# Each part of a path as a dot-free, reversible string: ``~`` escapes, ``_`` stands for the dot.
_CLASS_PART = str.maketrans({"~": "~~", "_": "~_", ".": "_"})


def classname(path: str) -> str:
    """``folder/sub/name.journey.yaml`` → ``folder.sub.name_journey_yaml``: one dot per folder,
    and a different class name for every different path (empty parts, as in ``/abs``, kept)."""
    return ".".join(part.translate(_CLASS_PART) for part in path.split("/"))


def _seconds(milli: int) -> str:
    return f"{milli // _MILLI}.{milli % _MILLI:03d}"


def _shares(seconds: float, count: int) -> list[int]:
    """``seconds`` in milliseconds, cut into ``count`` whole parts that add up to it."""
    total = max(0, round(seconds * _MILLI))
    base, extra = divmod(total, count)
    return [base + (1 if index < extra else 0) for index in range(count)]


def _case(suite: ElementTree.Element, path: str, problem: Problem | None, milli: int) -> bool:
    """One test case; whether it failed."""
    name = "journey" if problem is None else f"{problem.code} {problem.name} at {problem.line}:{problem.column}"
    case = ElementTree.SubElement(suite, "testcase", classname=classname(path), name=_xml(name), file=path, time=_seconds(milli))
    if problem is None:
        return False
    message = _xml(problem.message)
    if problem.severity == "info":
        ElementTree.SubElement(case, "system-out").text = message
        return False
    failure = ElementTree.SubElement(case, "failure", type=problem.severity, message=message)
    failure.text = f"{path}:{problem.line}:{problem.column}: {problem.severity} {problem.code} {message}"
    return True


def _suite(suites: ElementTree.Element, result: FileResult, root: Path | None) -> tuple[int, int, int]:
    """A file's suite; its tests, failures and milliseconds."""
    path = _xml(github_path(result.file, root))
    problems: Sequence[Problem | None] = result.problems or (None,)
    shares = _shares(result.seconds, len(problems))
    suite = ElementTree.SubElement(suites, "testsuite", name=path, tests=str(len(problems)), failures="0", errors="0", skipped="0")
    failures = sum(_case(suite, path, problem, milli) for problem, milli in zip(problems, shares, strict=True))
    suite.set("failures", str(failures))
    suite.set("time", _seconds(sum(shares)))
    suite.set("file", path)
    return len(problems), failures, sum(shares)


def report(results: Sequence[FileResult], *, color: bool = False, command: str = "validate", root: Path | None = None) -> str:
    suites = ElementTree.Element("testsuites", name=f"cjmap {command}")
    totals = [_suite(suites, result, root) for result in results]
    suites.set("tests", str(sum(t[0] for t in totals)))
    suites.set("failures", str(sum(t[1] for t in totals)))
    suites.set("errors", "0")
    suites.set("time", _seconds(sum(t[2] for t in totals)))
    ElementTree.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(suites, encoding="unicode") + "\n"
