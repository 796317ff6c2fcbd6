"""Every code cjmap can report (validation codes and lint rules), for SARIF and JUnit."""

from __future__ import annotations

DOCS = "https://github.com/cjmap/cjmap/blob/main/docs/"


def all_codes() -> list[dict[str, str]]:
    from cjmap.lint.registry import RULES
    from cjmap.validation.codes import CODES

    entries = [
        {"code": c.code, "name": c.name, "summary": c.summary, "severity": "error", "help": f"{DOCS}validation.md"}
        for c in CODES.values()
    ]
    entries += [
        {"code": r.code, "name": r.name, "summary": r.summary, "severity": r.severity,
         "help": f"{DOCS}rules.md#{r.code.lower()}-{r.name}"}
        for r in RULES.values()
    ]
    return entries
