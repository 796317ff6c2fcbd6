"""``cjmap rules [CODE]``: list the rules or explain one."""

from __future__ import annotations

import sys

from cjmap.commands.output import error
from cjmap.lint import docs
from cjmap.lint.registry import get_rule, unknown_rule_message
from cjmap.validation.codes import CODES


def run_rules(code: str | None, *, output_format: str) -> int:
    if code is None:
        render = {"text": docs.rule_table, "markdown": docs.rules_markdown, "json": docs.rules_json}[output_format]
        sys.stdout.write(render())
        return 0
    if code.upper() in CODES:
        entry = CODES[code.upper()]
        sys.stdout.write(f"{entry.code} {entry.name} (error)\n\n{entry.summary}\n\nA validation error, not a lint rule: see docs/validation.md.\n")
        return 0
    try:
        rule = get_rule(code)
    except KeyError:
        error(unknown_rule_message(code))
        return 2
    explain = {"text": docs.explain, "markdown": docs.rule_markdown, "json": docs.rule_json}[output_format]
    sys.stdout.write(explain(rule))
    return 0
