"""Every rule in the SARIF log is documented as GitHub code scanning requires: short and full
descriptions, help as text and as Markdown, a help URI whose anchor exists. The help is the
docs users read elsewhere: ``cjmap rules CODE`` and docs/rules.md for a lint rule; for a
validation code, the meaning and fix its ``Code`` holds, which the table of docs/validation.md
(CJ099 and CJ100: rows of docs/lint.md) is written from (tests/docs/test_docs.py)."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from markdown_it import MarkdownIt

from cjmap.reporters.catalogue import DOCS, all_codes
from cjmap.reporters.sarif import report
from cjmap.validation.codes import CODES
from conftest import ROOT, cli

RULES = json.loads(report([]))["runs"][0]["tool"]["driver"]["rules"]
BY_ID = {rule["id"]: rule for rule in RULES}
LINT = [rule for rule in RULES if rule["id"] >= "CJ101"]
VALIDATION = [rule for rule in RULES if rule["id"] <= "CJ100"]


def _slug(heading: str) -> str:
    """GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces as dashes."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _anchors(page: str) -> set[str]:
    """What a link to ``page#anchor`` can reach on GitHub: its headings' slugs and its
    ``<a id="…">`` (rendered as ``user-content-…``, which GitHub scrolls to for ``#…``)."""
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    headings = {_slug(line.lstrip("#")) for line in text.splitlines() if line.startswith("#")}
    return headings | set(re.findall(r'<a id="([^"]+)"></a>', text))


def _table(page: str) -> dict[str, tuple[str, str]]:
    """code -> (what it means, how to fix it) from the code tables of a docs page, a table's
    escaped bar read as a bar."""
    rows = {}
    for line in (ROOT / "docs" / page).read_text(encoding="utf-8").splitlines():
        found = re.match(r'^\| <a id="cj\d{3}"></a>(CJ\d{3}) \| [a-z-]+ \| (.*) \|$', line)
        if found:
            cells = [cell.replace("\\|", "|") for cell in re.split(r"(?<!\\) \| ", found.group(2))]
            rows[found.group(1)] = (cells[0], cells[1] if len(cells) > 1 else "")
    return rows


def test_every_rule_has_what_github_requires() -> None:
    assert [rule["id"] for rule in RULES] == [entry["code"] for entry in all_codes()]
    for rule in RULES:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"], rule["id"]
        assert rule["help"]["text"].strip() and rule["help"]["markdown"].strip(), rule["id"]
        assert rule["helpUri"].startswith(DOCS), rule["id"]
        properties = rule["properties"]
        # A quality tool: no "security" tag or security-severity (GitHub would rank findings as vulnerabilities).
        assert "security" not in properties["tags"] and "security-severity" not in properties
        assert len(properties["tags"]) <= 10 and properties["precision"] == "very-high"
        assert properties["problem.severity"] in ("error", "warning", "recommendation")


def test_help_uris_point_at_anchors_that_exist() -> None:
    for rule in RULES:
        page, _, anchor = rule["helpUri"].removeprefix(DOCS).partition("#")
        assert (ROOT / "docs" / page).is_file(), rule["helpUri"]
        assert not anchor or anchor in _anchors(page), rule["helpUri"]
    assert BY_ID["CJ101"]["helpUri"] == f"{DOCS}rules.md#cj101-stale-review"
    # Each validation code's own row: an anchor in its page, not the top of the page.
    for rule in VALIDATION:
        page = "lint.md" if rule["id"] in ("CJ099", "CJ100") else "validation.md"
        assert rule["helpUri"] == f"{DOCS}{page}#{rule['id'].lower()}", rule["id"]
    assert BY_ID["CJ100"]["defaultConfiguration"] == {"level": "warning"}  # the linter reports it as a warning
    assert BY_ID["CJ099"]["defaultConfiguration"] == {"level": "error"}


def test_the_anchor_check_finds_what_is_missing() -> None:
    assert "cj021" in _anchors("validation.md") and "budgets" in _anchors("validation.md")
    assert "cj099" in _anchors("lint.md") and "cj021" not in _anchors("lint.md") and "cj999" not in _anchors("validation.md")


@pytest.mark.parametrize("code", ["CJ101", "CJ120", "CJ150"])
def test_a_lint_rules_help_is_what_cjmap_rules_shows(code: str) -> None:
    shown = cli("rules", code)
    assert shown.code == 0 and BY_ID[code]["help"]["text"].rstrip("\n") == shown.stdout.rstrip("\n")


def test_lint_rules_markdown_is_their_section_of_docs_rules_md() -> None:
    docs = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule in LINT:
        body = rule["help"]["markdown"].rpartition("\n[")[0]  # without the closing link to the page
        assert f"## {rule['id']} {rule['name']}\n\n{body}" in docs, rule["id"]


def test_validation_help_is_the_codes_words_as_the_docs_tables_show_them() -> None:
    documented = {**_table("validation.md"), **{code: row for code, row in _table("lint.md").items() if code in ("CJ099", "CJ100")}}
    assert documented == {code.code: (code.meaning, code.fix) for code in CODES.values()}
    for link in re.findall(r"\]\(#([a-z0-9-]+)\)", json.dumps([(code.meaning, code.fix) for code in CODES.values()])):
        assert link in _anchors("validation.md"), link
    for rule in VALIDATION:
        code = CODES[rule["id"]]
        assert rule["help"]["text"].startswith(f"{code.code} {code.name} ({rule['defaultConfiguration']['level']})\n\n{code.summary}\n\n")
        assert ("How to fix it: " in rule["help"]["text"]) == bool(code.fix), code.code
    crossing = BY_ID["CJ004"]["help"]
    assert "[Budgets](https://github.com/cjmap/cjmap/blob/main/docs/validation.md#budgets)" in crossing["markdown"]
    assert "see Budgets)." in crossing["text"] and "](" not in crossing["text"]
    assert "(`|` or `>`)" in BY_ID["CJ013"]["help"]["markdown"]  # the table's \\| is a bar outside the table
    assert "[CJ021 unknown-field in the docs](https://github.com/cjmap/cjmap/blob/main/docs/validation.md#cj021)" in BY_ID["CJ021"]["help"]["markdown"]


def test_markdown_help_is_well_formed() -> None:
    parser = MarkdownIt("commonmark")
    for rule in RULES:
        tokens = parser.parse(rule["help"]["markdown"])
        fences = [token for token in tokens if token.type == "fence"]
        # Every ``` opened is closed (an unclosed fence would swallow the rest as code).
        assert rule["help"]["markdown"].count("```") == 2 * len(fences), rule["id"]
        if rule in LINT:
            assert [fence.info for fence in fences] == ["yaml", "yaml"], rule["id"]
            assert all(isinstance(yaml.safe_load(fence.content), dict) for fence in fences), rule["id"]
        links = [child.attrGet("href") for token in tokens if token.children for child in token.children if child.type == "link_open"]
        assert links and all(str(link).startswith("https://") for link in links), rule["id"]
