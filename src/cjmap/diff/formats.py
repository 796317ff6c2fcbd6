"""A journey diff as text (terminal), Markdown (a pull-request comment) or JSON (scripts)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from cjmap.diff.changes import SECTIONS, Change
from cjmap.text.markdown_safe import inline as md
from cjmap.text.safe import json_text, visible

TITLES = {
    "journey": "Journey", "personas": "Personas", "stages": "Stages", "touchpoints": "Touchpoints",
    "emotions": "Emotions", "pain_points": "Pain points", "opportunities": "Opportunities", "kpis": "KPIs",
}
_MARKS = {"added": "+", "removed": "-", "resolved": "✓", "changed": "~", "renamed": "~", "moved": "→", "reordered": "↕"}


def _grouped(changes: Sequence[Change]) -> list[tuple[str, list[Change]]]:
    return [(section, [c for c in changes if c.section == section]) for section in SECTIONS if any(c.section == section for c in changes)]


def _summary(changes: Sequence[Change], old: str, new: str) -> str:
    if not changes:
        return f"No changes between {visible(old)} and {visible(new)}."
    better = sum(1 for c in changes if c.direction == "better")
    worse = sum(1 for c in changes if c.direction == "worse")
    trend = f" ({better} better, {worse} worse)" if better or worse else ""
    return f"{len(changes)} change{'s' if len(changes) != 1 else ''} between {visible(old)} and {visible(new)}{trend}."


def as_text(changes: Sequence[Change], *, old: str, new: str, color: bool = False) -> str:
    styles = {"better": "\x1b[32m", "worse": "\x1b[31m", "added": "\x1b[32m", "removed": "\x1b[31m", "resolved": "\x1b[32m"}
    lines = []
    for section, items in _grouped(changes):
        lines.append(TITLES[section])
        for change in items:
            style = styles.get(change.direction) or styles.get(change.action, "")
            # One change, one line, nothing a terminal would act on.
            text = f"  {_MARKS[change.action]} {visible(change.detail)}"
            lines.append(f"{style}{text}\x1b[0m" if color and style else text)
        lines.append("")
    lines.append(_summary(changes, old, new))
    return "\n".join(lines) + "\n"


# An id in backticks, as changes.py writes them. Ids are slugs (a-z, 0-9, -), so a code span
# made of one can hold nothing Markdown or GitHub would act on; everything else is escaped.
_CODE_SPAN = re.compile(r"`([a-z0-9][a-z0-9-]*)`")


def _md_detail(detail: str) -> str:
    """The change line as Markdown: ids as code, the rest (cjmap's words and journey text, names
    and descriptions) escaped. A name that itself writes a slug in backticks shows it as code
    too, which is what its backticks ask for; any other backtick in journey text stays text."""
    parts = _CODE_SPAN.split(detail)
    return "".join(f"`{part}`" if index % 2 else _text(part) for index, part in enumerate(parts))


def _text(part: str) -> str:
    # The escape trims; the spaces around a code span must stay.
    lead = " " if part[:1].isspace() else ""
    trail = " " if part[-1:].isspace() and part.strip() else ""
    return lead + md(part) + trail


def as_markdown(changes: Sequence[Change], *, old: str, new: str, color: bool = False) -> str:  # color unused: one signature for every format
    lines = ["### Journey changes", "", md(_summary(changes, old, new)), ""]
    icons = {"better": "🟢 ", "worse": "🔴 "}
    for section, items in _grouped(changes):
        lines += [f"#### {TITLES[section]}", ""]
        lines += [f"- {icons.get(c.direction, '')}{_md_detail(c.detail)}" for c in items]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def as_json(changes: Sequence[Change], *, old: str, new: str, color: bool = False) -> str:  # color unused: one signature for every format
    document = {"old": old, "new": new, "changes": [c.to_dict() for c in changes], "summary": _summary(changes, old, new)}
    return json_text(document, default=str)
