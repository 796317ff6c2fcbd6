"""Every code cjmap can report (validation codes and lint rules), for SARIF and JUnit."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cjmap.validation.codes import Code

DOCS = "https://github.com/cjmap/cjmap/blob/main/docs/"
# CJ100 is the linter's own warning (a suppression comment naming no rule), documented with
# suppression comments in docs/lint.md, not with the validation errors.
_LINTER_OWN = {"CJ099": ("error", f"{DOCS}lint.md#inline-suppression"), "CJ100": ("warning", f"{DOCS}lint.md#inline-suppression")}


def all_codes() -> list[dict[str, str]]:
    """One entry per code, in code order: code, name, summary, default severity, the page that
    documents it (``help``) and ``kind`` (``validation`` or ``lint``: whose docs explain it)."""
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
    severity, page = _LINTER_OWN.get(code.code, ("error", f"{DOCS}validation.md"))
    return {"code": code.code, "name": code.name, "summary": code.summary, "severity": severity, "help": page, "kind": "validation"}
