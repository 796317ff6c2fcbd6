"""Rule tests are data (STYLE.md habit 11): tests/lint/cases/CJxxx.yaml, run by one test.

Meta-tests: every rule is documented, and its own failing example triggers it while its
passing example does not.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml

from cjmap.lint.config import config_from_table
from cjmap.lint.docs import rules_markdown
from cjmap.lint.linter import Selection, lint_result
from cjmap.lint.registry import RULES, expand
from cjmap.validation import validate_text
from conftest import ROOT

CASES_DIR = Path(__file__).parent / "cases"
TODAY = datetime.date(2026, 11, 23)


def _cases():
    for case_file in sorted(CASES_DIR.glob("CJ*.yaml")):
        document = yaml.safe_load(case_file.read_text(encoding="utf-8"))
        for case in document["cases"]:
            yield pytest.param(document["rule"], case, id=f"{document['rule']}-{case['name']}")


def lint(text: str, *, only: str | None = None, config: dict | None = None, today: datetime.date = TODAY):
    result = validate_text(text, file="case.journey.yaml")
    assert result.ok, [p.message for p in result.problems]
    settings = config_from_table(config or {}, file=CASES_DIR / "case.toml")
    selection = Selection(select=frozenset({only}) if only else None)
    linted = lint_result(result, config=settings, selection=selection, today=today, path=CASES_DIR / "case.journey.yaml")
    return linted.problems


@pytest.mark.parametrize(("code", "case"), list(_cases()))
def test_rule_case(code, case):
    today = case.get("today", TODAY)
    problems = lint(case["journey"], only=code, config=case.get("config"), today=today)
    found = [(p.code, p.line, p.column, p.severity) for p in problems]
    expected = [
        (e["code"], e["line"], e["column"], e.get("severity", RULES[e["code"]].severity)) for e in case["expected"]
    ]
    assert found == expected


def test_every_rule_has_a_case_file():
    assert sorted(path.stem for path in CASES_DIR.glob("CJ*.yaml")) == sorted(RULES)


def test_at_least_fifteen_rules():
    assert len(RULES) >= 15


@pytest.mark.parametrize("rule", RULES.values(), ids=lambda rule: rule.code)
def test_rule_documents_itself(rule):
    assert rule.summary and rule.summary.endswith(".")
    assert len(rule.rationale) > 40
    assert rule.severity in ("warning", "info")


@pytest.mark.parametrize("rule", RULES.values(), ids=lambda rule: rule.code)
def test_failing_example_triggers_the_rule(rule):
    assert [p.code for p in lint(rule.failing_example, only=rule.code)] != []


@pytest.mark.parametrize("rule", RULES.values(), ids=lambda rule: rule.code)
def test_passing_example_does_not_trigger_the_rule(rule):
    assert [p.code for p in lint(rule.passing_example, only=rule.code)] == []


def test_docs_rules_md_is_current():
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == rules_markdown(), "docs/rules.md is out of date: run `cjmap rules --format markdown > docs/rules.md`"


def test_selectors_take_codes_names_and_prefixes():
    assert expand(["CJ101", "missing-owner"]) == {"CJ101", "CJ102"}
    assert expand(["CJ14"]) == {"CJ140", "CJ141", "CJ142", "CJ143", "CJ144"}
    assert expand(["ALL"]) == set(RULES)
    with pytest.raises(KeyError):
        expand(["CJ999"])


def test_registry_refuses_duplicates():
    from cjmap.lint.registry import _index

    rule = next(iter(RULES.values()))
    with pytest.raises(RuntimeError):
        _index((rule, rule))


def test_every_rule_written_is_listed_in_the_registry() -> None:
    # A @rule in lint/rules/ that lint/registry.py does not list would never run, and nothing
    # else would say so.
    import importlib
    import pkgutil

    import cjmap.lint.rules
    from cjmap.lint.rule import Rule

    written = {
        value.code
        for info in pkgutil.iter_modules(cjmap.lint.rules.__path__, "cjmap.lint.rules.")
        for value in vars(importlib.import_module(info.name)).values()
        if isinstance(value, Rule)
    }
    assert len(written) >= 19
    assert written == set(RULES)
