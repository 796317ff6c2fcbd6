"""Every code cjmap can report (validation codes and lint rules), for SARIF and JUnit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cjmap.model.vocabulary import DOCS_URL as DOCS

if TYPE_CHECKING:
    from cjmap.validation.codes import Code


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
    # Each code's row starts with <a id="cj021"></a>: GitHub renders it as id="user-content-cj021"
    # and still scrolls to #cj021.
    return {"code": code.code, "name": code.name, "summary": code.summary, "severity": code.severity,
            "help": f"{DOCS}{code.page}#{code.code.lower()}", "kind": "validation"}
