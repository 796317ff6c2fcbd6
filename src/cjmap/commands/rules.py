"""``cjmap rules [CODE]``: list the rules or explain one."""

from __future__ import annotations

import sys

from cjmap.commands.output import error
from cjmap.lint import DOC_FORMATS
from cjmap.lint.registry import get_rule, unknown_rule_message
from cjmap.registry import load
from cjmap.validation.codes import CODES, Code


def run_rules(code: str | None, *, output_format: str) -> int:
    if code is None:
        sys.stdout.write(load(DOC_FORMATS[output_format].listing)())
        return 0
    if code.upper() in CODES:
        sys.stdout.write(_code_text(CODES[code.upper()]))
        return 0
    try:
        rule = get_rule(code)
    except KeyError:
        error(unknown_rule_message(code))
        return 2
    sys.stdout.write(load(DOC_FORMATS[output_format].explanation)(rule))
    return 0


def _code_text(code: Code) -> str:
    """A validation code (or the linter's own CJ099, CJ100) explained as SARIF's help explains it:
    its severity, what it means, how to fix it, and the page and row that document it."""
    from cjmap.reporters.catalogue import all_codes

    [entry] = [found for found in all_codes() if found["code"] == code.code]
    whose = "Reported by the linter" if code.by_linter else "A validation error, not a lint rule"
    fix = f"How to fix it: {code.fix}\n\n" if code.fix else ""
    return f"{code.code} {code.name} ({entry['severity']})\n\n{code.summary}\n\n{code.meaning}\n\n{fix}{whose}: see {entry['help']}\n"
