"""The Python API for programs that read journeys: ``load_journey`` and ``JourneyError``.

    >>> from cjmap import load_journey
    >>> journey = load_journey("examples/laptop-purchase.journey.yaml")
    >>> [stage.kind for stage in journey.stages]
    ['awareness', 'consideration', 'purchase', 'retention', 'advocacy']
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from cjmap.loader import Limits
from cjmap.problems import Problem

if TYPE_CHECKING:
    from cjmap.model import Journey


class JourneyError(ValueError):
    """A journey that is not valid; ``problems`` says where and why."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        self.problems = problems
        lines = [f"{p.file}:{p.line}:{p.column}: {p.code} {p.message}" for p in problems]
        super().__init__("invalid journey:\n" + "\n".join(lines))


def load_journey(source: str | Path | bytes, *, limits: Limits | None = None, name: str | None = None) -> Journey:
    """A valid :class:`~cjmap.model.Journey` from a path or from the bytes of a file.

    A ``str`` is a path (pass YAML text as ``text.encode()``). Raises :class:`JourneyError`
    with every problem found (the same ones ``cjmap validate`` reports) when the journey is not
    valid, and FileNotFoundError when the path does not exist. Unlike
    ``Journey.model_validate``, this also checks ids and references.
    """
    from cjmap.check import validate_file
    from cjmap.validation import validate_bytes

    if isinstance(source, bytes):
        result = validate_bytes(source, file=name or "<bytes>", limits=limits)
    elif not Path(source).exists():
        raise FileNotFoundError(f"no such journey file: {source}")
    else:
        result = validate_file(source, limits=limits)
    if result.journey is None:
        raise JourneyError(result.problems)
    return result.journey
