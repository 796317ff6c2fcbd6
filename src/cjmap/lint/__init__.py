"""Lint: best-practice rules from the journey-mapping literature (GLOSSARY.md, "Practices").

``DOC_FORMATS`` is the registry of ``cjmap rules --format`` choices: for each format, the
function that lists every rule and the one that explains a rule (``lint/docs.py``).
"""

from __future__ import annotations

from typing import NamedTuple


class DocFormat(NamedTuple):
    listing: str  # "module:function" () -> str
    explanation: str  # "module:function" (rule) -> str


DOC_FORMATS: dict[str, DocFormat] = {
    "text": DocFormat("cjmap.lint.docs:rule_table", "cjmap.lint.docs:explain"),
    "markdown": DocFormat("cjmap.lint.docs:rules_markdown", "cjmap.lint.docs:rule_markdown"),
    "json": DocFormat("cjmap.lint.docs:rules_json", "cjmap.lint.docs:rule_json"),
}
