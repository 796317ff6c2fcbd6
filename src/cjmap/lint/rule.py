"""What a rule is: a small, self-describing unit built from a function by ``@rule``.

The function's docstring documents the rule (STYLE.md habit 1): its first line is the summary,
then a paragraph on why, then a ``Fails:`` and a ``Passes:`` block, each a complete journey.
A rule yields :class:`Finding` values addressed by document path; the linter turns paths into
positions and stamps code and severity from configuration (habit 2).
"""

from __future__ import annotations

import datetime
import inspect
import re
import textwrap
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from cjmap.model import Journey
from cjmap.model.lanes import Walks, walks
from cjmap.problems import Severity

Path = tuple[Hashable, ...]
_CODE = re.compile(r"^CJ[1-9]\d\d$")
_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
_SECTION = re.compile(r"^(Fails|Passes):\s*$", re.MULTILINE)


class Finding(NamedTuple):
    path: Path
    message: str
    at_key: bool = False  # point at the key rather than the value (e.g. a whole section)


@dataclass(frozen=True)
class Context:
    """What a rule may know beyond the journey: today's date, its options, and facts about the
    journey that several rules need, computed once per journey (``shared``, one dict handed to
    every rule's context by the linter)."""

    today: datetime.date
    options: dict[str, Any] = field(default_factory=dict)
    shared: dict[str, Any] = field(default_factory=dict)

    def walks(self, journey: Journey) -> Walks:
        """The journey walked from every persona's start (CJ120 and CJ126 both follow it)."""
        found = self.shared.get("walks")
        if not isinstance(found, Walks):
            found = self.shared["walks"] = walks(journey)
        return found


Check = Callable[[Journey, Context], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity  # default; configuration may change it
    summary: str
    rationale: str
    failing_example: str
    passing_example: str
    check: Check
    options: dict[str, Any] = field(default_factory=dict)  # option name -> default value

    def findings(self, journey: Journey, context: Context) -> list[Finding]:
        return list(self.check(journey, context))


def rule(*, code: str, name: str, severity: Severity = "warning", options: dict[str, Any] | None = None) -> Callable[[Check], Rule]:
    """Build a :class:`Rule` from a check function and its docstring."""
    if not _CODE.match(code) or not _NAME.match(name) or severity not in ("warning", "info"):
        raise ValueError(f"bad rule declaration {code} {name} {severity}")

    def build(check: Check) -> Rule:
        summary, rationale, failing, passing = _parse_doc(inspect.getdoc(check) or "", code)
        return Rule(code, name, severity, summary, rationale, failing, passing, check, dict(options or {}))

    return build


def _parse_doc(doc: str, code: str) -> tuple[str, str, str, str]:
    parts = _SECTION.split(doc)
    # Split at the headings: the intro, "Fails", its body, "Passes", its body.
    if len(parts) != 5 or parts[1] != "Fails" or parts[3] != "Passes":
        raise ValueError(f"rule {code}: the docstring needs a summary, a Fails: and a Passes: block")
    summary, _, rationale = parts[0].strip().partition("\n")
    return summary.strip(), " ".join(rationale.split()), _block(parts[2]), _block(parts[4])


def _block(text: str) -> str:
    return textwrap.dedent(text).strip("\n") + "\n"
