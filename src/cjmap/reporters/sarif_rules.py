"""SARIF's ``reportingDescriptor`` for each code: what GitHub code scanning shows about a rule.

GitHub requires ``shortDescription``, ``fullDescription`` and ``help`` (text, and Markdown where
given) on every rule, shows the Markdown help on each alert, and reads ``properties.tags``,
``properties.precision`` and ``properties.problem.severity``
(https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning#reportingdescriptor-object).
``security-severity`` is left out: it is for security tools, and with it GitHub would rank a
missing journey owner as a vulnerability. The help is the docs users read elsewhere: a lint
rule's as ``cjmap rules CODE`` and docs/rules.md show it, a validation code's as its ``Code``
in validation/codes.py holds it (the table of docs/validation.md is written from the same words).
"""

from __future__ import annotations

import re
from typing import Any

from cjmap.validation.codes import CODES

LEVELS = {"error": "error", "warning": "warning", "info": "note"}
# GitHub's problem.severity for a quality (non-security) rule: error, warning or recommendation.
_PROBLEM_SEVERITY = {"error": "error", "warning": "warning", "info": "recommendation"}
# A bracket ends the link text too: no "[[[[…" input makes the search quadratic (tests/text/test_regex_budget.py).
_LINK = re.compile(r"\[([^[\]]+)\]\(#([a-z0-9-]+)\)")


def rule_descriptor(entry: dict[str, str]) -> dict[str, Any]:
    """The descriptor of one catalogue entry (see reporters/catalogue.py)."""
    full, text, markdown, tags = _lint_docs(entry) if entry["kind"] == "lint" else _validation_docs(entry)
    return {
        "id": entry["code"],
        "name": entry["name"],
        "shortDescription": {"text": entry["summary"]},
        "fullDescription": {"text": full},
        "defaultConfiguration": {"level": LEVELS[entry["severity"]]},
        "help": {"text": text, "markdown": markdown},
        "helpUri": entry["help"],
        "properties": {
            "tags": ["customer-journey", *tags],
            # Every check is exact: it reads the file as written, nothing is guessed.
            "precision": "very-high",
            "problem.severity": _PROBLEM_SEVERITY[entry["severity"]],
        },
    }


def _lint_docs(entry: dict[str, str]) -> tuple[str, str, str, list[str]]:
    from cjmap.lint.docs import explain, rule_help_markdown
    from cjmap.lint.registry import RULES

    rule = RULES[entry["code"]]
    group = rule.check.__module__.rsplit(".", 1)[-1]  # lint/rules/personas.py: "personas"
    markdown = rule_help_markdown(rule) + f"\n[{rule.code} {rule.name} in docs/rules.md]({entry['help']})\n"
    return f"{rule.summary} {rule.rationale}", explain(rule), markdown, ["lint", group]


def _validation_docs(entry: dict[str, str]) -> tuple[str, str, str, list[str]]:
    code = CODES[entry["code"]]
    meaning, fix = code.meaning, code.fix
    page = entry["help"].partition("#")[0]
    heading = f"{entry['code']} {entry['name']} ({entry['severity']})"
    text = f"{heading}\n\n{entry['summary']}\n\n{_plain(meaning)}\n" + (f"\nHow to fix it: {_plain(fix)}\n" if fix else "")
    markdown = (
        f"**{entry['summary']}** Default severity: {entry['severity']}.\n\n{_absolute(meaning, page)}\n"
        + (f"\n**How to fix it:** {_absolute(fix, page)}\n" if fix else "")
        + f"\n[{entry['code']} {entry['name']} in the docs]({entry['help']})\n"
    )
    return _plain(meaning), text, markdown, ["validation"]


def _plain(markdown: str) -> str:
    """The docs' words as text: links as their words."""
    return _LINK.sub(r"\1", markdown)


def _absolute(markdown: str, page: str) -> str:
    """The docs' words as Markdown that stands alone: links into the page made absolute."""
    return _LINK.sub(lambda found: f"[{found.group(1)}]({page}#{found.group(2)})", markdown)
