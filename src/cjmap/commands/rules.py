"""``cjmap rules [CODE]``: list the rules or explain one."""

from __future__ import annotations

import sys

from cjmap.commands.output import error
from cjmap.lint import DOC_FORMATS
from cjmap.lint.registry import get_rule, unknown_rule_message
from cjmap.registry import load
from cjmap.validation.codes import CODES


def run_rules(code: str | None, *, output_format: str) -> int:
    if code is None:
        sys.stdout.write(load(DOC_FORMATS[output_format].listing)())
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
    sys.stdout.write(load(DOC_FORMATS[output_format].explanation)(rule))
    return 0
