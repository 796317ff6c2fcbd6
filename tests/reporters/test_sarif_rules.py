"""Every rule in the SARIF log is documented as GitHub code scanning requires: short and full
descriptions, help as text and as Markdown, a help URI whose anchor exists. The help is the
docs users read elsewhere: ``cjmap rules CODE`` and docs/rules.md for a lint rule, the table of
docs/validation.md (CJ100: docs/lint.md) for a validation code."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from markdown_it import MarkdownIt

from cjmap.reporters.catalogue import DOCS, all_codes
from cjmap.reporters.sarif import report
from cjmap.reporters.sarif_codes import VALIDATION_HELP
from conftest import ROOT, cli

RULES = json.loads(report([]))["runs"][0]["tool"]["driver"]["rules"]
BY_ID = {rule["id"]: rule for rule in RULES}
LINT = [rule for rule in RULES if rule["id"] >= "CJ101"]
VALIDATION = [rule for rule in RULES if rule["id"] <= "CJ100"]


def _slug(heading: str) -> str:
    """GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces as dashes."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _anchors(page: str) -> set[str]:
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    return {_slug(line.lstrip("#")) for line in text.splitlines() if line.startswith("#")}


def _table(page: str) -> dict[str, tuple[str, str]]:
    """code -> (what it means, how to fix it) from the code tables of a docs page."""
    rows = {}
    for line in (ROOT / "docs" / page).read_text(encoding="utf-8").splitlines():
        found = re.match(r"^\| (CJ\d{3}) \| [a-z-]+ \| (.*) \|$", line)
        if found:
            cells = re.split(r"(?<!\\) \| ", found.group(2))
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
    assert BY_ID["CJ100"]["helpUri"] == f"{DOCS}lint.md#inline-suppression"
    assert BY_ID["CJ100"]["defaultConfiguration"] == {"level": "warning"}  # the linter reports it as a warning


@pytest.mark.parametrize("code", ["CJ101", "CJ120", "CJ150"])
def test_a_lint_rules_help_is_what_cjmap_rules_shows(code: str) -> None:
    shown = cli("rules", code)
    assert shown.code == 0 and BY_ID[code]["help"]["text"].rstrip("\n") == shown.stdout.rstrip("\n")


def test_lint_rules_markdown_is_their_section_of_docs_rules_md() -> None:
    docs = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule in LINT:
        body = rule["help"]["markdown"].rpartition("\n[")[0]  # without the closing link to the page
        assert f"## {rule['id']} {rule['name']}\n\n{body}" in docs, rule["id"]


def test_validation_help_is_the_docs_tables() -> None:
    documented = {**_table("validation.md"), "CJ100": _table("lint.md")["CJ100"]}
    assert documented == VALIDATION_HELP
    for link in re.findall(r"\]\(#([a-z0-9-]+)\)", json.dumps(VALIDATION_HELP)):
        assert link in _anchors("validation.md"), link
    crossing = BY_ID["CJ004"]["help"]
    assert "[Budgets](https://github.com/cjmap/cjmap/blob/main/docs/validation.md#budgets)" in crossing["markdown"]
    assert "see Budgets)." in crossing["text"] and "](" not in crossing["text"]
    assert "(`|` or `>`)" in BY_ID["CJ013"]["help"]["markdown"]  # the table's \| is a bar outside the table


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
