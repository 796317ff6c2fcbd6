"""Semantic diff of two journeys: changes keyed by ids, not by lines.

Works for two versions of one map (a pull request) and for a current-state map against its
future-state map. Every change is a value; text, Markdown and JSON are views of the list.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from cjmap.model import Journey, Kpi, Touchpoint

SECTIONS = ("journey", "personas", "stages", "touchpoints", "emotions", "pain_points", "opportunities", "kpis")
_META_FIELDS = ("title", "type", "language", "description", "owner", "reviewed", "tags", "emotion_scale")


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
        *_meta(old, new), *_personas(old, new), *_stages(old, new), *_touchpoints(old, new),
        *_emotions(old, new), *_pain_points(old, new), *_opportunities(old, new), *_kpis(old, new),
    ]


def _plain(value: Any) -> Any:
    return value.model_dump(mode="json") if hasattr(value, "model_dump") else value.isoformat() if hasattr(value, "isoformat") else value


def _meta(old: Journey, new: Journey) -> Iterator[Change]:
    for name in _META_FIELDS:
        before, after = _plain(getattr(old.journey, name)), _plain(getattr(new.journey, name))
        if before != after:
            yield Change("journey", "changed", name, f"{name}: {_show(before)} → {_show(after)}", before, after)


def _personas(old: Journey, new: Journey) -> Iterator[Change]:
    before = {p.id: p for p in old.personas}
    after = {p.id: p for p in new.personas}
    for pid in after.keys() - before.keys():
        yield Change("personas", "added", pid, f"persona `{pid}` added ({after[pid].label})", after=after[pid].label)
    for pid in before.keys() - after.keys():
        yield Change("personas", "removed", pid, f"persona `{pid}` removed ({before[pid].label})", before=before[pid].label)
    for pid in sorted(before.keys() & after.keys()):
        fields = [f for f in type(before[pid]).model_fields if getattr(before[pid], f) != getattr(after[pid], f)]
        if fields:
            yield Change("personas", "changed", pid, f"persona `{pid}`: {', '.join(fields)} changed", fields, fields)


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
        for name in ("name", "kind", "goal", "description"):
            a, b = getattr(before[sid], name), getattr(after[sid], name)
            if a != b:
                yield Change("stages", "changed", sid, f"stage `{sid}` {name}: {_show(a)} → {_show(b)}", a, b)


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
        for name in ("channel", "personas", "next", "owner", "actions", "thoughts", "frontstage", "backstage", "support", "evidence"):
            x, y = getattr(a, name), getattr(b, name)
            if x != y:
                yield Change("touchpoints", "changed", tid, f"touchpoint `{tid}` {name}: {_show(x)} → {_show(y)}", x, y)


def _scores(touchpoint: Touchpoint) -> dict[str, int]:
    emotion = touchpoint.emotion
    if emotion is None:
        return {}
    return dict(emotion) if isinstance(emotion, dict) else {"everyone": emotion}


def _emotions(old: Journey, new: Journey) -> Iterator[Change]:
    before, after = _index(old), _index(new)
    for tid in [t for t in after if t in before]:
        a, b = _scores(before[tid][1]), _scores(after[tid][1])
        if a == b:
            continue
        for who in sorted(a.keys() | b.keys()):
            x, y = a.get(who), b.get(who)
            if x == y:
                continue
            delta = None if x is None or y is None else y - x
            direction = "" if not delta else "better" if delta > 0 else "worse"
            shift = f" ({delta:+d}, {direction})" if delta else ""
            yield Change("emotions", "changed", tid, f"emotion at `{tid}` for {who}: {_signed(x)} → {_signed(y)}{shift}", x, y, delta, direction)


def _pain_key(pain: Any) -> str:
    return pain.id or pain.text


def _pain_points(old: Journey, new: Journey) -> Iterator[Change]:
    before = {(tp.id, _pain_key(p)): p for _, tp in old.touchpoints() for p in tp.pain_points}
    after = {(tp.id, _pain_key(p)): p for _, tp in new.touchpoints() for p in tp.pain_points}
    for key in [k for k in after if k not in before]:
        yield Change("pain_points", "added", key[1], f"pain point added at `{key[0]}`: {_show(after[key].text)}", after=after[key].text)
    for key in [k for k in before if k not in after]:
        yield Change("pain_points", "resolved", key[1], f"pain point resolved at `{key[0]}`: {_show(before[key].text)}", before=before[key].text)


def _opportunities(old: Journey, new: Journey) -> Iterator[Change]:
    before = {(tp.id, o.id or o.text): o for _, tp in old.touchpoints() for o in tp.opportunities}
    after = {(tp.id, o.id or o.text): o for _, tp in new.touchpoints() for o in tp.opportunities}
    for key in [k for k in after if k not in before]:
        yield Change("opportunities", "added", key[1], f"opportunity added at `{key[0]}`: {_show(after[key].text)}", after=after[key].text)
    for key in [k for k in before if k not in after]:
        yield Change("opportunities", "removed", key[1], f"opportunity removed at `{key[0]}`: {_show(before[key].text)}", before=before[key].text)


def _kpis(old: Journey, new: Journey) -> Iterator[Change]:
    before = {k.id: k for s in old.stages for k in s.kpis}
    after = {k.id: k for s in new.stages for k in s.kpis}
    for kid in [k for k in after if k not in before]:
        yield Change("kpis", "added", kid, f"KPI `{kid}` added", after=after[kid].name or kid)
    for kid in [k for k in before if k not in after]:
        yield Change("kpis", "removed", kid, f"KPI `{kid}` removed", before=before[kid].name or kid)
    for kid in [k for k in after if k in before]:
        yield from _kpi_values(kid, before[kid], after[kid])


def _kpi_values(kid: str, a: Kpi, b: Kpi) -> Iterator[Change]:
    for name in ("target", "actual"):
        x, y = getattr(a, name), getattr(b, name)
        if x == y:
            continue
        delta = None if x is None or y is None else round(y - x, 10)
        direction = ""
        if name == "actual" and delta:
            direction = "better" if (delta > 0) == (b.better_direction == "higher") else "worse"
        unit = b.unit or ""
        tail = f" ({direction})" if direction else ""
        yield Change("kpis", "changed", kid, f"KPI `{kid}` {name}: {_number(x)}{unit} → {_number(y)}{unit}{tail}", x, y, delta, direction)


def _number(value: float | None) -> str:
    return "none" if value is None else f"{value:g}"


def _signed(value: int | None) -> str:
    return "none" if value is None else f"{value:+d}" if value else "0"


def _show(value: Any) -> str:
    if value is None or value == [] or value == "":
        return "none"
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    text = str(value)
    return f"“{text}”" if len(text) <= 60 else f"“{text[:59]}…”"
