"""No regular expression in cjmap backtracks super-linearly (issue 12, Deliver 3).

Every compiled pattern kept in a module of src/cjmap is found by importing the modules and
reading their globals, and is run (match, fullmatch, search, finditer) on long adversarial
inputs: tens of thousands of one character or one short unit that the pattern's quantifiers
could share, followed by a character that makes the match fail. Patterns built inside
functions, pydantic's ``pattern=`` constraints and fnmatch are tested through their callers.
A census of the ``re.`` call sites in src/cjmap makes a new pattern that none of this reaches
fail the suite until it gets a test.

The budget is generous: two seconds for an input a linear pattern handles in milliseconds;
the Mermaid task pattern this replaced took 16 s on a 20,000-character line and 271 s on
80,000. SIGALRM interrupts the regex engine, so a catastrophic case fails instead of
hanging the suite.
"""

from __future__ import annotations

import contextlib
import fnmatch
import importlib
import pkgutil
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError

import cjmap
from conftest import within

SRC = Path(cjmap.__file__).parent
SIZE = 100_000
# Seconds for one input: a linear pattern needs milliseconds for 100,000 characters; the CSV
# list-cell pattern this issue replaced needed 14 s for this size, the Mermaid one minutes.
INPUT_SECONDS = 2
BUDGET_SECONDS = 5
FAIL = "\x00"

# Repeated units: one character, or two to five that a pattern's neighbouring quantifiers
# (\s* next to [^:]*, .* next to " [", digits next to ".") could both take.
UNITS = [
    " ", "\t", "a", "Z", "0", "9", "-", "_", ":", ",", ";", ".", "=", "[", "]", "(", ")", "`", "~", "#", "%", "x",
    "é", "\n", "\r", '"', "'", "\\", "/", "\u2028", "١", "\x1b",
    "a ", " a", "a-", "-a", "0.", "a=", "a,", ", ", ": ", "[a", "a]", " [", "x [a=", "\r\n", "# ", "0x", "1e", ".0", "a:", " ,",
]
# Starts that get an anchored pattern past its first literal, so that the repeated unit meets
# its quantifiers: each is combined with the units that fill the following parts.
PREFIXES = [
    "a:5", "a: ", "journey", "title ", "```", "~~~", "CJ1", "# cjmap: disable=", "#cjmap:disable=a", "(at line 1", "stages[0]",
    "stages[0].touchpoints[", "/CreationDate (D:", "0o", "0x", "+", "-0", ".", "1.", "5", "`a", "[lint", "[tool.cjmap.lint",
]
PREFIX_UNITS = [" ", "\t", "a", "0", "-", "=", ",", ".", ":", "a,", ", "]


def _module_names() -> list[str]:
    return sorted(["cjmap", *(info.name for info in pkgutil.walk_packages([str(SRC)], prefix="cjmap."))])


def _patterns_in(value: object) -> Iterator[re.Pattern]:
    if isinstance(value, re.Pattern):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _patterns_in(item)
    elif isinstance(value, (tuple, list, frozenset, set)):
        for item in value:
            yield from _patterns_in(item)


def _patterns_by_module() -> dict[str, list[tuple[str, re.Pattern]]]:
    """Every compiled pattern held in each module's globals (directly, or in a dict or tuple)."""
    found: dict[str, list[tuple[str, re.Pattern]]] = {}
    for name in _module_names():
        if name == "cjmap.__main__":
            continue  # importing it would start the CLI
        module = importlib.import_module(name)
        for attribute, value in vars(module).items():
            for index, pattern in enumerate(_patterns_in(value)):
                label = attribute if isinstance(value, re.Pattern) else f"{attribute}[{index}]"
                found.setdefault(name, []).append((f"{name}.{label}", pattern))
    return found


def _unique(by_module: dict[str, list[tuple[str, re.Pattern]]]) -> dict[str, re.Pattern]:
    """One entry per pattern object (a pattern imported elsewhere is the same object)."""
    seen: dict[int, tuple[str, re.Pattern]] = {}
    for entries in by_module.values():
        for label, pattern in entries:
            seen.setdefault(id(pattern), (label, pattern))
    return dict(sorted(seen.values(), key=lambda entry: entry[0]))


BY_MODULE = _patterns_by_module()
PATTERNS = _unique(BY_MODULE)


def _inputs() -> Iterator[str]:
    for unit in UNITS:
        yield unit * (SIZE // len(unit)) + FAIL
        yield "a" + unit * (SIZE // len(unit)) + FAIL
    for prefix in PREFIXES:
        for unit in PREFIX_UNITS:
            yield prefix + unit * (SIZE // len(unit)) + FAIL
            yield prefix + unit * (SIZE // len(unit)) + "x"


INPUTS = list(_inputs())


_SEARCHING = {"search", "findall", "finditer", "sub", "subn", "split"}
_SOURCES = [path.read_text(encoding="utf-8") for path in sorted(SRC.rglob("*.py"))]


def _methods(label: str) -> set[str]:
    """How the code calls a pattern: ``match``, ``fullmatch``, ``search`` (for every method that
    scans, as findall and sub do). A pattern held in a dict or passed around is tried every way.
    An unanchored ``[0-9]+\\Z`` is linear with match but quadratic with search, and only the
    calls the code makes can be reached by an input."""
    attribute = label.rsplit(".", 1)[1]
    if "[" in attribute:
        return {"match", "fullmatch", "search"}
    used = {m for source in _SOURCES for m in re.findall(rf"\b{re.escape(attribute)}\.([a-z]+)\(", source)}
    methods = {"search" if m in _SEARCHING else m for m in used if m in _SEARCHING | {"match", "fullmatch"}}
    return methods or {"match", "fullmatch", "search"}


def _exercise(pattern: re.Pattern, text: str, methods: set[str] = frozenset({"match", "fullmatch", "search"})) -> None:
    subject: str | bytes = text.encode("utf-8") if isinstance(pattern.pattern, bytes) else text
    if "match" in methods:
        pattern.match(subject)
    if "fullmatch" in methods:
        pattern.fullmatch(subject)
    if "search" in methods:
        pattern.search(subject)
        for _ in pattern.finditer(subject):
            pass


def test_the_harness_catches_a_backtracking_pattern():
    # (a+)+$ is the textbook catastrophic pattern: the budget must stop it, not wait for it.
    with pytest.raises(TimeoutError), within(1, "(a+)+$"):
        _exercise(re.compile(r"(a+)+$"), "a" * 40 + FAIL)


def test_every_module_pattern_was_found():
    # A sanity check of the collector itself: these are known to exist.
    names = set(PATTERNS)
    known = ("cjmap.interchange.mermaid_lexer._TASK_NAME", "cjmap.interchange.csv_rows._FIELD_KEY", "cjmap.loader.scalars._FLOAT", "cjmap.text.escape._MARKDOWN_SPECIAL")
    for expected in known:
        assert expected in names, sorted(names)
    assert len(PATTERNS) >= 30


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_module_pattern_is_linear_on_adversarial_input(name):
    pattern, methods = PATTERNS[name], _methods(name)
    for text in INPUTS:
        with within(INPUT_SECONDS, f"{name} ({', '.join(sorted(methods))}) on {text[:16]!r}…"):
            _exercise(pattern, text, methods)


# -- the inputs that broke the patterns this issue replaced, run through today's code ----------


@pytest.mark.parametrize(
    "line", ["a:5" + " " * 80_000 + "x", "a" + " " * 80_000 + "x", "a: 3:" + " ," * 40_000, "a:" + " \t" * 40_000 + ":", ":" * 80_000]
)
def test_mermaid_task_lines(line):
    from cjmap.interchange.mermaid_in import MermaidError, import_mermaid

    with within(BUDGET_SECONDS, "Mermaid task"), contextlib.suppress(MermaidError):
        import_mermaid(f"journey\n  section S\n    {line}\n", title="T", language="en", scale=None)


@pytest.mark.parametrize("cell", ["x [a=" * 26_000, "x [a" * 32_000 + "]", " [a=" * 30_000 + "]", "[" * 120_000 + "]"])
def test_csv_list_cells(cell):
    from cjmap.interchange.csv_rows import _object

    with within(BUDGET_SECONDS, "CSV list cell"):
        _object(cell, ("id", "severity"))


# -- patterns built inside functions, and regular expressions made by libraries -------------


@pytest.mark.parametrize(
    "line",
    [
        "[" + "a" * SIZE + FAIL,
        " " * SIZE + "[" + " select" * (SIZE // 7) + FAIL,
        "[lint" + " " * SIZE + FAIL,
        ", " * (SIZE // 2) + "select" + " " * SIZE + FAIL,
        "[" + "select " * (SIZE // 7) + FAIL,
    ],
)
def test_config_key_positions(tmp_path, line):
    from cjmap.lint.config import _key_position

    for name in (".cjmap.toml", "pyproject.toml"):
        path = tmp_path / name
        path.write_text("[tool.cjmap.lint]\n[lint]\n" + line + "\n", encoding="utf-8")
        with within(BUDGET_SECONDS, f"_key_position in {name}"):
            _key_position(path, "select")
            _key_position(path, "select", anywhere=True)


@pytest.mark.parametrize(
    "line",
    # Each line opens a quote at 0 and closes it at 2, as the loader calls it.
    ["'a'" + "' " * SIZE + "x", "'a'" + " " * SIZE + "x", "'a' " + "' \t" * (SIZE // 3) + "#", '"a"' + '"' * SIZE + ",", "'a'" + " :" * SIZE],
)
@pytest.mark.parametrize("in_flow", [False, True])
def test_quoted_value_meant_text(line, in_flow):
    # loader/source_text.meant_text builds the pattern of the closing quote from the line.
    from cjmap.loader.source_text import meant_text

    with within(BUDGET_SECONDS, "meant_text"):
        meant_text(line, 0, 2, in_flow)


@pytest.mark.parametrize(
    ("name", "pattern"),
    [("*a" * 20 + "*b", "*a" * 20 + "*b"), ("x" * 50 + "?" * 30, "*" + "?" * 30 + "*z"), ("stars", "*" * 200 + "b")],
)
def test_per_file_ignore_globs(name, pattern):
    # fnmatch turns each glob of a configuration's per-file-ignores into a regular expression.
    with within(BUDGET_SECONDS, f"fnmatch {pattern[:20]}"):
        fnmatch.fnmatch("a" * SIZE, pattern)
        fnmatch.fnmatch("a/" * (SIZE // 2), pattern)


@pytest.mark.parametrize("value", ["a" * SIZE + "!", "a-" * (SIZE // 2) + "!", "ab" + "-a" * (SIZE // 2) + "-abcdefghi", "ab" + "_0" * SIZE + "!"])
def test_pydantic_patterns(value):
    # Field(pattern=…) and StringConstraints(pattern=…): pydantic-core's Rust engine is linear,
    # this keeps it so if the engine setting ever changes.
    from cjmap.model.journey import LanguageTag
    from cjmap.model.types import Slug

    class Probe(BaseModel):
        language: LanguageTag
        slug: Slug

    with within(BUDGET_SECONDS, "pydantic patterns"), contextlib.suppress(ValidationError):
        Probe(language=value, slug=value)


# -- the census --------------------------------------------------------------------------------

_CALL = re.compile(r"\bre\.(?:compile|match|fullmatch|search|sub|subn|split|findall|finditer)\(")
# Patterns compiled inside functions (not kept in module globals), each with a test above.
FUNCTION_LOCAL = {"lint/toml_shape.py": 1, "loader/source_text.py": 1, "model/types.py": 1}  # key_position; meant_text; regex_problem (the user's own pattern)


def _census() -> dict[str, tuple[int, int]]:
    """For each file: ``re.`` calls at module level (unindented lines) and inside functions."""
    counts: dict[str, tuple[int, int]] = {}
    for path in sorted(SRC.rglob("*.py")):
        top = inner = 0
        for line in path.read_text(encoding="utf-8").splitlines():
            calls = len(_CALL.findall(line))
            if line[:1].isspace():
                inner += calls
            else:
                top += calls
        if top or inner:
            counts[path.relative_to(SRC).as_posix()] = (top, inner)
    return counts


def _module_of(file: str) -> str:
    return "cjmap." + file.removesuffix(".py").removesuffix("/__init__").replace("/", ".")


def test_every_regular_expression_in_src_is_tested():
    """A new ``re.`` call must keep its pattern in a module global (then the sweep above tests
    it) or be listed in FUNCTION_LOCAL with a test of its own."""
    untested = {}
    for file, (top, inner) in _census().items():
        if len(BY_MODULE.get(_module_of(file), [])) < top:
            untested[file] = "a module-level call whose pattern is not kept in a global"
        if inner != FUNCTION_LOCAL.get(file, 0):
            untested[file] = f"{inner} call(s) inside functions, {FUNCTION_LOCAL.get(file, 0)} tested"
    assert not untested, f"regular expressions without a budget test: {untested}; see tests/text/test_regex_budget.py"
