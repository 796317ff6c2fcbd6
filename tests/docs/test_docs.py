"""Documentation that must stay true: every code is documented, the README's commands are CI's."""

from __future__ import annotations

import os
import re

from cjmap.reporters.catalogue import DOCS, all_codes
from cjmap.validation.codes import CODES, Code
from conftest import ROOT

# docs/validation.md's code table sits between these lines; CJ099 and CJ100 are rows of a table
# in docs/lint.md. Both are written from src/cjmap/validation/codes.py by
# ``CJMAP_UPDATE_GOLDEN=1 .venv/bin/python -m pytest -q tests/docs/test_docs.py``.
CODE_TABLE = re.compile(r"(<!-- codes [^\n]*-->\n)(.*?)(<!-- end codes -->)", re.DOTALL)


def _page(code: Code) -> str:
    """The docs page that documents ``code``: where its SARIF helpUri points."""
    [entry] = [entry for entry in all_codes() if entry["code"] == code.code]
    return entry["help"].removeprefix(DOCS).partition("#")[0]


def _cell(markdown: str) -> str:
    return markdown.replace("|", "\\|")  # a bar inside a cell (even in code) ends it unless escaped


def code_row(code: Code) -> str:
    """A code's row, with the anchor its helpUri names: GitHub renders ``<a id="cj021">`` as
    ``user-content-cj021`` and still scrolls to ``#cj021``. lint.md's table has no fix column."""
    cells = [f'<a id="{code.code.lower()}"></a>{code.code}', code.name, _cell(code.meaning)]
    cells += [_cell(code.fix)] if _page(code) == "validation.md" else []
    return "| " + " | ".join(cells) + " |"


def code_table() -> str:
    rows = [code_row(code) for code in CODES.values() if _page(code) == "validation.md"]
    return "\n".join(["| code | name | what it means | how to fix it |", "|---|---|---|---|", *rows]) + "\n"


def _rewrite(path, expected: str, page: str) -> None:
    if expected != page and os.environ.get("CJMAP_UPDATE_GOLDEN"):
        path.write_text(expected, encoding="utf-8")
    assert page == expected, f"{path.name}'s code rows differ from src/cjmap/validation/codes.py: run tests/docs/test_docs.py with CJMAP_UPDATE_GOLDEN=1"


def test_the_validation_table_is_written_from_the_codes():
    path = ROOT / "docs" / "validation.md"
    page = path.read_text(encoding="utf-8")
    assert len(CODE_TABLE.findall(page)) == 1
    _rewrite(path, CODE_TABLE.sub(lambda match: match[1] + code_table() + match[3], page), page)


def test_the_linters_own_codes_are_rows_of_lint_md():
    path = ROOT / "docs" / "lint.md"
    page = expected = path.read_text(encoding="utf-8")
    for code in CODES.values():
        if _page(code) == "lint.md":
            # The row as written now (with or without its anchor) is replaced by the row as the code says it.
            written = re.compile(rf'^\| (?:<a id="{code.code.lower()}"></a>)?{code.code} \|.*$', re.MULTILINE)
            assert len(written.findall(page)) == 1, code.code
            expected = written.sub(lambda _, code=code: code_row(code), expected)
    _rewrite(path, expected, page)


def test_every_validation_code_is_documented_once_with_its_anchor():
    pages = {name: (ROOT / "docs" / name).read_text(encoding="utf-8") for name in ("validation.md", "lint.md")}
    for code in CODES.values():
        assert sum(page.count(f'<a id="{code.code.lower()}"></a>') for page in pages.values()) == 1, code.code
        assert f'| <a id="{code.code.lower()}"></a>{code.code} | {code.name} |' in pages[_page(code)], code.code
    assert {_page(code) for code in CODES.values()} == {"validation.md", "lint.md"}
    assert _page(CODES["CJ099"]) == _page(CODES["CJ100"]) == "lint.md"
    assert all(_page(code) == code.page for code in CODES.values())  # the catalogue reads the code's own page


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = readme.split("Set up and run the tests:", 1)[1].split("```sh\n", 1)[1].split("\n", 1)[0]
    assert test_command in ci.splitlines()


def test_both_readme_commands_install_from_the_lock():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first = readme.split("```sh\n", 1)[1].split("\n", 1)[0]
    assert "--require-hashes -r requirements/runtime.lock" in first and "--no-deps -e ." in first
    setup = (ROOT / "scripts" / "setup").read_text(encoding="utf-8")
    # Wheels first (everything but the source-only pyspark, filtered out of the lock), then pyspark
    # from the lock's own file and hash.
    assert '--require-hashes --no-deps --only-binary :all: -r "$wheels_only"' in setup
    assert "--require-hashes --no-deps --no-build-isolation --no-binary pyspark -r requirements/dev.lock" in setup
    assert "--no-deps --no-build-isolation -e ." in setup


def test_the_readme_python_example_runs(monkeypatch, capsys):
    """The README's Python API block, run as written from the repository root."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Python API", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {}
    exec(compile(block, "README.md", "exec"), namespace)  # our own documentation, run as a reader would
    printed = capsys.readouterr().out
    # Every touchpoint printed, with Ana's emotion or None; the bad file's problem printed.
    assert printed.count("\n") > 10 and "CJ0" in printed
    import cjmap

    journey = namespace["journey"]
    ana, anyone = cjmap.successors(journey, "ana"), cjmap.successors(journey)
    assert ana and all(set(targets) <= set(anyone[source]) for source, targets in ana.items())
