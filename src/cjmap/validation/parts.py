"""Which parts of a journey's plain data the schema accepted, and the ids they hold.

Validation answers in one round: when some parts of a file fail the schema, the references in
every other part are still checked. A part is *readable* when no schema problem lies on it,
above it or inside it. Ids are gathered from the plain data, whatever failed around them. An id
written as text or a number is the name others use for it even when it fails the schema
(`id: Bob`), so it counts as known; only when an id is missing or is no name at all (a
touchpoint without its id, `id: [a]`, a stage that is not a mapping) might a reference that
resolves to nothing name it, and references of that kind are not called unknown.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from cjmap.loader import DocPath
from cjmap.model.types import number_as_id


class Readable:
    """Answers whether the schema accepted the value at a path, given the paths of its problems."""

    def __init__(self, failed: Iterable[DocPath]) -> None:
        self._failed = set(failed)
        # Every path with a problem on it or beneath it: a part holding a failed value is not read whole.
        self._holding = {path[:end] for path in self._failed for end in range(len(path) + 1)}

    def __call__(self, path: DocPath) -> bool:
        if not self._failed:
            return True
        if path in self._holding:
            return False
        return not any(path[:end] in self._failed for end in range(len(path)))


@dataclass
class Ids:
    """The ids of one kind: the readable ones where each was found (their duplicates are
    reported), every name written (whether the schema accepted it or not), and whether every
    item of the kind has a name."""

    found: list[tuple[DocPath, str]] = field(default_factory=list)
    names: set[str] = field(default_factory=set)
    complete: bool = True

    def known(self) -> set[str] | None:
        """Every id of the kind, or None when some item has none (a miss proves nothing)."""
        return self.names if self.complete else None


# The kinds of ids, in the order their duplicates are reported.
ID_KINDS = ("persona", "channel", "stage", "touchpoint", "pain point", "opportunity", "KPI")


def as_text(value: Any) -> str | None:
    """An id or reference as the models read it: text as written, a whole number as its digits
    (``1.0`` and ``0x10`` are `1` and `16`, :func:`~cjmap.model.types.number_as_id`), another
    number as written (the schema refuses it); None for anything else."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    if isinstance(value, str):
        return value
    return number_as_id(value) or str(value)


def collect_ids(data: dict[Any, Any], readable: Readable) -> dict[str, Ids]:
    """Every readable id of every kind, in document order (one walk over the data)."""
    ids = {kind: Ids() for kind in ID_KINDS}
    for path, persona in _entries(data, (), "personas", (ids["persona"],), required=True):
        _read_id(ids["persona"], path, persona, readable, required=True)
    for path, channel in _entries(data, (), "channels", (ids["channel"],)):
        _read_id(ids["channel"], path, channel, readable, required=True)
    below_stages = tuple(ids[kind] for kind in ("stage", "touchpoint", "pain point", "opportunity", "KPI"))
    for stage_path, stage in _entries(data, (), "stages", below_stages, required=True):
        _read_id(ids["stage"], stage_path, stage, readable, required=True)
        for path, kpi in _entries(stage, stage_path, "kpis", (ids["KPI"],)):
            _read_id(ids["KPI"], path, kpi, readable, required=True)
        below_touchpoints = (ids["touchpoint"], ids["pain point"], ids["opportunity"])
        for path, touchpoint in _entries(stage, stage_path, "touchpoints", below_touchpoints):
            _read_id(ids["touchpoint"], path, touchpoint, readable, required=True)
            _read_item_ids(ids["pain point"], touchpoint, path, "pain_points", readable)
            _read_item_ids(ids["opportunity"], touchpoint, path, "opportunities", readable)
    return ids


def touchpoint_items(data: dict[Any, Any]) -> Iterator[tuple[DocPath, Any]]:
    """Every item of every ``stages[*].touchpoints`` list, with its path, in journey order,
    whatever its shape (the models judge it; the budgets count it)."""
    stages = data.get("stages")
    for s, stage in enumerate(stages if isinstance(stages, list) else ()):
        items = stage.get("touchpoints") if isinstance(stage, dict) else None
        for t, touchpoint in enumerate(items if isinstance(items, list) else ()):
            yield ("stages", s, "touchpoints", t), touchpoint


def touchpoints(data: dict[Any, Any]) -> Iterator[tuple[DocPath, dict[Any, Any]]]:
    """Every touchpoint written as a mapping, with its path, in journey order."""
    return ((path, item) for path, item in touchpoint_items(data) if isinstance(item, dict))


def kpis(data: dict[Any, Any]) -> Iterator[tuple[DocPath, dict[Any, Any]]]:
    """Every KPI written as a mapping, with its path, in journey order."""
    stages = data.get("stages")
    for s, stage in enumerate(stages if isinstance(stages, list) else ()):
        items = stage.get("kpis") if isinstance(stage, dict) else None
        for k, kpi in enumerate(items if isinstance(items, list) else ()):
            if isinstance(kpi, dict):
                yield ("stages", s, "kpis", k), kpi


def texts(part: dict[Any, Any], path: DocPath, key: str, readable: Readable) -> Iterator[tuple[DocPath, str]]:
    """The readable items of the list ``part[key]``, as text, with their paths."""
    items = part.get(key)
    for index, item in enumerate(items if isinstance(items, list) else ()):
        text = as_text(item)
        if text is not None and readable((*path, key, index)):
            yield (*path, key, index), text


def _entries(
    parent: Any, path: DocPath, key: str, kinds: tuple[Ids, ...], *, required: bool = False
) -> Iterator[tuple[DocPath, dict[Any, Any]]]:
    """The mapping items of the list ``parent[key]``; ``kinds`` (the items' own first, then the
    kinds nested in them) are marked incomplete where the list or an item cannot be walked."""
    if isinstance(parent, dict) and key not in parent and not required:
        return  # an optional list left out holds nothing
    items = parent.get(key) if isinstance(parent, dict) else None
    if not isinstance(items, list):
        _incomplete(kinds)
        return
    for index, item in enumerate(items):
        if isinstance(item, dict):
            yield (*path, key, index), item
        else:
            _incomplete(kinds)


def _read_item_ids(ids: Ids, touchpoint: dict[Any, Any], path: DocPath, key: str, readable: Readable) -> None:
    """Ids of pain points or opportunities: optional, and an item written as text has none."""
    items = touchpoint.get(key)
    if key in touchpoint and not isinstance(items, list):
        ids.complete = False
        return
    for index, item in enumerate(items or ()):
        if isinstance(item, dict):
            _read_id(ids, (*path, key, index), item, readable, required=False)


def _read_id(ids: Ids, path: DocPath, item: dict[Any, Any], readable: Readable, *, required: bool) -> None:
    if item.get("id") is None and not required:
        return  # an optional id left out (or null): nothing to refer to
    text = as_text(item.get("id"))
    if text is None:  # missing, or no name at all (a list, `true`): a reference might mean it
        ids.complete = False
        return
    ids.names.add(text)
    if readable((*path, "id")):
        ids.found.append(((*path, "id"), text))


def _incomplete(kinds: tuple[Ids, ...]) -> None:
    for ids in kinds:
        ids.complete = False
