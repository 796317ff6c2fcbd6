"""Rule documentation generated from the registry: ``cjmap rules`` and docs/rules.md."""

from __future__ import annotations

import json

from cjmap.lint.registry import RULES
from cjmap.lint.rule import Rule


def rule_table() -> str:
    width = max(len(rule.name) for rule in RULES.values())
    lines = [f"{'code':<6} {'name':<{width}} {'severity':<8} summary"]
    lines += [f"{r.code:<6} {r.name:<{width}} {r.severity:<8} {r.summary}" for r in RULES.values()]
    return "\n".join(lines) + "\n"


def explain(rule: Rule) -> str:
    options = "".join(f"  {name} = {value!r}\n" for name, value in rule.options.items())
    return (
        f"{rule.code} {rule.name} ({rule.severity})\n\n{rule.summary}\n\n{rule.rationale}\n\n"
        + (f"Options (in [tool.cjmap.lint.rules.{rule.name}]):\n{options}\n" if options else "")
        + f"Fails:\n{_indent(rule.failing_example)}\nPasses:\n{_indent(rule.passing_example)}"
    )


def _indent(text: str) -> str:
    return "".join(f"    {line}\n" if line else "\n" for line in text.splitlines())


def rules_markdown() -> str:
    parts = [
        "# Lint rules\n",
        (
            "Generated from the rule registry by `cjmap rules --format markdown > docs/rules.md`; "
            "a test fails when this file is out of date.\n"
        ),
        (
            "Each rule has a stable code and a name; either can be used in `--select`, `--ignore`, "
            "configuration and `# cjmap: disable=` comments. See [lint.md](lint.md) for configuration.\n"
        ),
        "| code | name | default severity | summary |\n|---|---|---|---|",
        *[f"| [{r.code}](#{r.code.lower()}-{r.name}) | {r.name} | {r.severity} | {r.summary} |" for r in RULES.values()],
        "",
    ]
    return "\n".join(parts) + "\n" + "\n".join(rule_markdown(rule) for rule in RULES.values())


def rule_markdown(rule: Rule) -> str:
    return f"## {rule.code} {rule.name}\n\n" + rule_help_markdown(rule)


def rule_help_markdown(rule: Rule) -> str:
    """A rule's section of docs/rules.md without its heading: SARIF's rule help (GitHub shows
    the rule's name above it)."""
    options = "".join(f"- `{name}` (default `{value!r}`)\n" for name, value in rule.options.items())
    parts = [
        f"**{rule.summary}** Default severity: {rule.severity}.\n",
        f"{rule.rationale}\n",
        *([f"Options, under `[tool.cjmap.lint.rules.{rule.name}]`:\n\n{options}"] if options else []),
        f"Fails:\n\n```yaml\n{rule.failing_example}```\n",
        f"Passes:\n\n```yaml\n{rule.passing_example}```\n",
    ]
    return "\n".join(parts)


def _rule_entry(r: Rule) -> dict[str, object]:
    return {"code": r.code, "name": r.name, "severity": r.severity, "summary": r.summary, "rationale": r.rationale,
            "options": r.options, "failing_example": r.failing_example, "passing_example": r.passing_example}


def rule_json(rule: Rule) -> str:
    return json.dumps(_rule_entry(rule), indent=2, ensure_ascii=False) + "\n"


def rules_json() -> str:
    return json.dumps([_rule_entry(r) for r in RULES.values()], indent=2, ensure_ascii=False) + "\n"
