"""What a Tab press offers beyond typer's commands, options and choices: rule codes and names,
and the persona and stage ids of the journey named on the command line.

Imported only while a shell asks for completions. Each lookup is cheap (the rule registry, or
one journey file read within the default size limit by cjmap's own loader) and never raises:
whatever goes wrong, the shell gets no candidates rather than a traceback on the terminal.
Only ids that are plain slugs are offered, so nothing from a journey reaches the shell's
completion script that it could read as anything but a word.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from cjmap.model.vocabulary import SLUG_MAX_LENGTH, SLUG_PATTERN

Candidates = list[tuple[str, str]]
_SLUG = re.compile(SLUG_PATTERN)


def quietly(lookup: Callable[[], Candidates]) -> Candidates:
    """The lookup's candidates, or none when it fails: a completion request prints nothing else."""
    try:
        return lookup()
    except Exception:  # noqa: BLE001 - any failure means "nothing to offer", never a traceback mid-line
        return []


def rule_names(incomplete: str) -> Candidates:
    """``cjmap rules CODE``: every lint rule's code and name, and the validation codes, with their summaries."""
    from cjmap.lint.registry import RULES
    from cjmap.validation.codes import CODES

    found = [(code, rule.summary) for code, rule in RULES.items()]
    found += [(rule.name, f"{rule.code}: {rule.summary}") for rule in RULES.values()]
    found += [(code, entry.summary) for code, entry in CODES.items()]
    return _matching(found, incomplete)


def rule_selectors(incomplete: str) -> Candidates:
    """``--select`` and ``--ignore``: codes and names, after the commas of those already typed."""
    from cjmap.lint.registry import RULES

    head, comma, last = incomplete.rpartition(",")
    typed = {part.strip().upper() for part in head.split(",")} if comma else set()
    offered = [(code, rule.summary) for code, rule in RULES.items()] + [(rule.name, rule.code) for rule in RULES.values()]
    return [(f"{head}{comma}{value}", help_text) for value, help_text in _matching(offered, last) if value.upper() not in typed]


def persona_ids(journey_path: str | None, incomplete: str) -> Candidates:
    """``--persona``: the ids of the personas of the journey already on the command line."""
    return _matching(((value, "persona") for value in _ids(_journey(journey_path), "personas")), incomplete)


def stage_values(journey_path: str | None, incomplete: str) -> Candidates:
    """``show --stage``: the journey's stage ids, then the stage kinds (``--stage`` takes both)."""
    from cjmap.model.vocabulary import STAGE_KINDS

    ids = list(_ids(_journey(journey_path), "stages"))
    kinds = [kind for kind in STAGE_KINDS if kind not in ids]
    return _matching([*((value, "stage") for value in ids), *((kind, "stage kind") for kind in kinds)], incomplete)


def first_file(paths: Iterable[str] | None) -> str | None:
    """The first of ``render``'s PATHs that is a file (a folder holds many journeys)."""
    return next((path for path in paths or () if os.path.isfile(os.path.expanduser(path))), None)


def _matching(candidates: Iterable[tuple[str, str]], incomplete: str) -> Candidates:
    """Those starting with what was typed, in either case (``cj1`` finds CJ101), written as typed."""
    lowered = incomplete.lower()
    found: Candidates = []
    for value, help_text in candidates:
        if value.lower().startswith(lowered):
            found.append((incomplete + value[len(incomplete):], help_text))
    return found


def _journey(path: str | None) -> Mapping[str, Any]:
    """The plain data of one journey file, or nothing: never stdin, a FIFO or a file over the limit."""
    from cjmap.files.reading import read_limited
    from cjmap.loader import Limits, load_bytes

    if not path or path == "-":
        return {}
    limits = Limits()
    # Regular files only (no FIFO can hang the Tab press), within the default size limit.
    raw = read_limited(Path(os.path.expanduser(path)), limits=limits, pipes=False)
    if not isinstance(raw, bytes) or len(raw) > limits.max_bytes:
        return {}
    data = load_bytes(raw, limits=limits).data
    return data if isinstance(data, dict) else {}


def _ids(journey: Mapping[str, Any], section: str) -> Iterable[str]:
    items = journey.get(section)
    for item in items if isinstance(items, list) else ():
        value = item.get("id") if isinstance(item, dict) else None
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str) and _is_slug(value):
            yield value


def _is_slug(value: str) -> bool:
    return len(value) <= SLUG_MAX_LENGTH and _SLUG.fullmatch(value) is not None
