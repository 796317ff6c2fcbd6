"""Semantic diff of two journeys: changes keyed by ids, not by lines.

Works for two versions of one map (a pull request) and for a current-state map against its
future-state map. Every change is a value; text, Markdown and JSON are views of the list.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import Any

from cjmap.model import Journey, Kpi, Opportunity, PainPoint, Touchpoint
from cjmap.model.lanes import successors
from cjmap.text.amounts import amount
from cjmap.text.safe import same

SECTIONS = ("journey", "personas", "stages", "touchpoints", "emotions", "pain_points", "opportunities", "kpis")
_META_FIELDS = ("id", "title", "type", "language", "description", "owner", "reviewed", "tags", "emotion_scale")
# `next` is compared by what it means (where customers go), not as written: see _paths.
_TOUCHPOINT_FIELDS = ("description", "channel", "personas", "initiator", "owner", "actions", "thoughts", "frontstage", "backstage", "support", "evidence")


@dataclass(frozen=True)
class Change:
    section: str  # one of SECTIONS
    action: str  # added | removed | changed | renamed | moved | reordered | resolved
    subject: str  # the id (or text) of what changed
    detail: str  # one line for people
    before: Any = None
    after: Any = None
    delta: float | None = None  # emotion deltas and KPI movements
    direction: str = ""  # better | worse | "" when neither

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def diff_journeys(old: Journey, new: Journey) -> list[Change]:
    return [
        *_meta(old, new), *_personas(old, new), *_stages(old, new), *_touchpoints(old, new), *_paths(old, new),
        *_emotions(old, new), *_pain_points(old, new), *_opportunities(old, new), *_kpis(old, new),
    ]


def _plain(value: Any) -> Any:
    return value.model_dump(mode="json") if hasattr(value, "model_dump") else value.isoformat() if hasattr(value, "isoformat") else value


def _fields(section: str, label: str, subject: str, a: Any, b: Any, names: Iterable[str]) -> Iterator[Change]:
    """One change per field whose value differs, showing both values in full."""
    for name in names:
        x, y = _plain(getattr(a, name)), _plain(getattr(b, name))
        if x != y:
            yield Change(section, "changed", subject, f"{label} {name}: {_field(name, x, y)} → {_field(name, y, x)}", x, y)


def _field(name: str, value: Any, other: Any) -> str:
    """A field's value in a change line. Left out and empty mean different things for a
    touchpoint's `personas` (everyone; nobody in particular), and wherever the two sides would
    otherwise both read "none" (`next: []` against no `next`)."""
    if name == "personas" and value in (None, []):
        return "everyone (no `personas`)" if value is None else "nobody in particular (`personas: []`)"
    if _show(value) == _show(other):
        return "left out" if value is None else "[]" if value == [] else '""'
    return _show(value)


def _meta(old: Journey, new: Journey) -> Iterator[Change]:
    for name in _META_FIELDS:
        before, after = _plain(getattr(old.journey, name)), _plain(getattr(new.journey, name))
        if before != after:
            yield Change("journey", "changed", name, f"{name}: {_show(before)} → {_show(after)}", before, after)
    before_channels = [c.model_dump(mode="json") for c in old.channels]
    after_channels = [c.model_dump(mode="json") for c in new.channels]
    if before_channels != after_channels:
        message = f"channels: {_show([c['id'] for c in before_channels])} → {_show([c['id'] for c in after_channels])}"
        yield Change("journey", "changed", "channels", message, before_channels, after_channels)


def _personas(old: Journey, new: Journey) -> Iterator[Change]:
    before = {p.id: p for p in old.personas}
    after = {p.id: p for p in new.personas}
    for pid in [p.id for p in new.personas if p.id not in before]:
        yield Change("personas", "added", pid, f"persona `{pid}` added ({after[pid].label})", after=after[pid].label)
    for pid in [p.id for p in old.personas if p.id not in after]:
        yield Change("personas", "removed", pid, f"persona `{pid}` removed ({before[pid].label})", before=before[pid].label)
    for pid in [p.id for p in new.personas if p.id in before]:
        yield from _fields("personas", f"persona `{pid}`", pid, before[pid], after[pid], type(before[pid]).model_fields)


def _stages(old: Journey, new: Journey) -> Iterator[Change]:
    before = {s.id: s for s in old.stages}
    after = {s.id: s for s in new.stages}
    for sid in [s.id for s in new.stages if s.id not in before]:
        yield Change("stages", "added", sid, f"stage `{sid}` added ({after[sid].kind})", after=sid)
    for sid in [s.id for s in old.stages if s.id not in after]:
        yield Change("stages", "removed", sid, f"stage `{sid}` removed", before=sid)
    common_before = [s.id for s in old.stages if s.id in after]
    common_after = [s.id for s in new.stages if s.id in before]
    if common_before != common_after:
        yield Change("stages", "reordered", "stages", f"stages reordered: {', '.join(common_before)} → {', '.join(common_after)}", common_before, common_after)
    for sid in common_after:
        yield from _fields("stages", f"stage `{sid}`", sid, before[sid], after[sid], ("name", "kind", "goal", "description"))
        # The id sets built once per stage: built per touchpoint, this was quadratic.
        old_ids, new_ids = {t.id for t in before[sid].touchpoints}, {t.id for t in after[sid].touchpoints}
        old_order = [t.id for t in before[sid].touchpoints if t.id in new_ids]
        new_order = [t.id for t in after[sid].touchpoints if t.id in old_ids]
        if old_order != new_order:
            yield Change("stages", "reordered", sid, f"touchpoints of stage `{sid}` reordered: {', '.join(old_order)} → {', '.join(new_order)}", old_order, new_order)


def _index(journey: Journey) -> dict[str, tuple[str, Touchpoint]]:
    return {tp.id: (stage.id, tp) for stage, tp in journey.touchpoints()}


def _touchpoints(old: Journey, new: Journey) -> Iterator[Change]:
    before, after = _index(old), _index(new)
    for tid in [t for t in after if t not in before]:
        yield Change("touchpoints", "added", tid, f"touchpoint `{tid}` added to stage `{after[tid][0]}` ({after[tid][1].name})", after=after[tid][1].name)
    for tid in [t for t in before if t not in after]:
        yield Change("touchpoints", "removed", tid, f"touchpoint `{tid}` removed ({before[tid][1].name})", before=before[tid][1].name)
    for tid in [t for t in after if t in before]:
        (old_stage, a), (new_stage, b) = before[tid], after[tid]
        if a.name != b.name:
            yield Change("touchpoints", "renamed", tid, f"touchpoint `{tid}` renamed: {_show(a.name)} → {_show(b.name)}", a.name, b.name)
        if old_stage != new_stage:
            yield Change("touchpoints", "moved", tid, f"touchpoint `{tid}` moved from stage `{old_stage}` to `{new_stage}`", old_stage, new_stage)
        yield from _fields("touchpoints", f"touchpoint `{tid}`", tid, a, b, _TOUCHPOINT_FIELDS)


def _paths(old: Journey, new: Journey) -> Iterator[Change]:
    """Where customers go from each touchpoint of both versions, when that changed.

    Compared as read (lanes.successors: each persona's path, `next: []` as the end), not as
    written: removing `next: []` sends customers on, though both sides show no list; writing
    out the step a touchpoint takes by default, or reordering a `next` list, changes nothing
    and is not reported. A step changes too when a touchpoint is added, removed or moved beside
    it, or a persona joins or leaves one: that is where customers now go.
    """
    before, after = successors(old), successors(new)
    for tid in [t for t in after if t in before]:
        x, y = before[tid], after[tid]
        if set(x) != set(y):
            yield Change("touchpoints", "changed", tid, f"touchpoint `{tid}` next: {_steps(x)} → {_steps(y)}", x, y)


def _steps(targets: list[str]) -> str:
    return ", ".join(f"`{target}`" for target in targets) if targets else "end of the journey"


def _scores(touchpoint: Touchpoint, other: Touchpoint) -> dict[str, tuple[str, int]]:
    """The touchpoint's emotions keyed for matching with ``other``'s: ``{key: (whose, value)}``.

    A per-persona value is that persona's. A shared value belongs to the touchpoint's personas
    (``personas: [jorge]``: Jorge's, not everyone's): it is matched with the other version's
    shared value, or, when the other version gives each persona their own, split over the
    personas it names, so Jorge's -2 and then {jorge: -1} read as one change for Jorge.
    """
    emotion = touchpoint.emotion
    if emotion is None:
        return {}
    if isinstance(emotion, dict):
        return {who: (who, value) for who, value in emotion.items()}
    if isinstance(other.emotion, dict) and touchpoint.personas:
        return {who: (who, emotion) for who in touchpoint.personas}
    return {"": (_audience(touchpoint), emotion)}


def _audience(touchpoint: Touchpoint) -> str:
    """Whose a shared emotion is, as the diff names them."""
    if touchpoint.personas is None:
        return "everyone"
    return ", ".join(touchpoint.personas) or "other customers"


def _emotions(old: Journey, new: Journey) -> Iterator[Change]:
    before, after = _index(old), _index(new)
    for tid in [t for t in after if t in before]:
        a = _scores(before[tid][1], after[tid][1])
        b = _scores(after[tid][1], before[tid][1])
        for key in sorted(a.keys() | b.keys()):
            x, y = a.get(key, ("", None))[1], b.get(key, ("", None))[1]
            if x == y:
                continue
            # Named as the new version names them: a change of `personas` is a change of its own.
            who = (b.get(key) or a[key])[0]
            delta = None if x is None or y is None else y - x
            direction = "" if not delta else "better" if delta > 0 else "worse"
            shift = f" ({delta:+d}, {direction})" if delta else ""
            yield Change("emotions", "changed", tid, f"emotion at `{tid}` for {who}: {_signed(x)} → {_signed(y)}{shift}", x, y, delta, direction)


def _pain_key(pain: PainPoint | Opportunity) -> str:
    return pain.id or pain.text


def _pain_points(old: Journey, new: Journey) -> Iterator[Change]:
    yield from _items(old, new, "pain_points", "pain point", "resolved", ("text", "severity"))


def _opportunities(old: Journey, new: Journey) -> Iterator[Change]:
    yield from _items(old, new, "opportunities", "opportunity", "removed", ("text", "addresses", "priority", "owner"))


def _items(old: Journey, new: Journey, attribute: str, label: str, gone: str, fields: tuple[str, ...]) -> Iterator[Change]:
    """Pain points and opportunities, keyed by their id (or their text when they have none).

    Items of a removed touchpoint are not counted as resolved: they went with it.
    """
    surviving = {tp.id for _, tp in new.touchpoints()}
    before = {(tp.id, _pain_key(item)): item for _, tp in old.touchpoints() for item in getattr(tp, attribute)}
    after = {(tp.id, _pain_key(item)): item for _, tp in new.touchpoints() for item in getattr(tp, attribute)}
    for key in [k for k in after if k not in before]:
        yield Change(attribute, "added", key[1], f"{label} added at `{key[0]}`: {_show(after[key].text)}", after=after[key].text)
    for key in [k for k in before if k not in after and k[0] in surviving]:
        yield Change(attribute, gone, key[1], f"{label} {gone} at `{key[0]}`: {_show(before[key].text)}", before=before[key].text)
    for key in [k for k in after if k in before]:
        yield from _fields(attribute, f"{label} `{key[1]}` at `{key[0]}`", key[1], before[key], after[key], fields)


def _kpis(old: Journey, new: Journey) -> Iterator[Change]:
    before = {k.id: (s.id, k) for s in old.stages for k in s.kpis}
    after = {k.id: (s.id, k) for s in new.stages for k in s.kpis}
    for kid in [k for k in after if k not in before]:
        yield Change("kpis", "added", kid, f"KPI `{kid}` added to stage `{after[kid][0]}` ({after[kid][1].name or kid})", after=after[kid][1].name or kid)
    for kid in [k for k in before if k not in after]:
        yield Change("kpis", "removed", kid, f"KPI `{kid}` removed", before=before[kid][1].name or kid)
    for kid in [k for k in after if k in before]:
        (old_stage, a), (new_stage, b) = before[kid], after[kid]
        if old_stage != new_stage:
            yield Change("kpis", "moved", kid, f"KPI `{kid}` moved from stage `{old_stage}` to `{new_stage}`", old_stage, new_stage)
        yield from _fields("kpis", f"KPI `{kid}`", kid, a, b, ("name", "description", "metric", "unit", "better"))
        yield from _kpi_values(kid, a, b)


def _kpi_values(kid: str, a: Kpi, b: Kpi) -> Iterator[Change]:
    for name in ("target", "actual"):
        x, y = getattr(a, name), getattr(b, name)
        if same(x, y):
            continue
        delta = None if x is None or y is None else round(y - x, 10)
        direction = ""
        if name == "actual" and delta:
            direction = "better" if (delta > 0) == (b.better_direction == "higher") else "worse"
        tail = f" ({direction})" if direction else ""
        message = f"KPI `{kid}` {name}: {amount(x, b.unit, missing='none')} → {amount(y, b.unit, missing='none')}{tail}"
        yield Change("kpis", "changed", kid, message, x, y, delta, direction)


def _signed(value: int | None) -> str:
    return "none" if value is None else f"{value:+d}" if value else "0"


def _show(value: Any) -> str:
    """Values in full: a reviewer must be able to read the new text from the diff alone."""
    if value is None or value in ([], ""):
        return "none"
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) if isinstance(v, (dict, list)) else str(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"
    return f"“{value}”"
