"""Every code cjmap can report (validation codes and lint rules), for SARIF and JUnit."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cjmap.validation.codes import Code

DOCS = "https://github.com/cjmap/cjmap/blob/main/docs/"
# The linter's own codes (CJ099: a file `lint --skip-invalid` did not lint; CJ100: a suppression
# comment naming no rule) are documented in docs/lint.md, not with the validation errors, and
# have their own severities; every other validation code is an error documented in validation.md.
_LINTER_OWN = {"CJ099": "error", "CJ100": "warning"}


def all_codes() -> list[dict[str, str]]:
    """One entry per code, in code order: code, name, summary, default severity, the page and
    anchor that document it (``help``) and ``kind`` (``validation`` or ``lint``: whose docs explain it)."""
    from cjmap.lint.registry import RULES
    from cjmap.validation.codes import CODES

    entries = [_validation_entry(c) for c in CODES.values()]
    entries += [
        {"code": r.code, "name": r.name, "summary": r.summary, "severity": r.severity,
         "help": f"{DOCS}rules.md#{r.code.lower()}-{r.name}", "kind": "lint"}
        for r in RULES.values()
    ]
    return entries


def _validation_entry(code: Code) -> dict[str, str]:
    page = "lint.md" if code.code in _LINTER_OWN else "validation.md"
    # Each code's row starts with <a id="cj021"></a>: GitHub renders it as id="user-content-cj021"
    # and still scrolls to #cj021.
    return {"code": code.code, "name": code.name, "summary": code.summary, "severity": _LINTER_OWN.get(code.code, "error"),
            "help": f"{DOCS}{page}#{code.code.lower()}", "kind": "validation"}
