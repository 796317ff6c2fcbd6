"""``cjmap rules [CODE]``: list the rules or explain one."""

from __future__ import annotations

import sys

from cjmap.commands.output import error
from cjmap.lint import docs
from cjmap.lint.registry import RULES, RULES_BY_NAME, get_rule
from cjmap.validation.suggest import did_you_mean


def run_rules(code: str | None, *, output_format: str) -> int:
    if code is None:
        render = {"text": docs.rule_table, "markdown": docs.rules_markdown, "json": docs.rules_json}[output_format]
        sys.stdout.write(render())
        return 0
    try:
        rule = get_rule(code)
    except KeyError:
        error(f"no rule is called `{code}`{did_you_mean(code, [*RULES, *RULES_BY_NAME])}; `cjmap rules` lists them")
        return 2
    sys.stdout.write(docs.explain(rule))
    return 0
