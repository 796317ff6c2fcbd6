"""Facts about a journey that FORMAT.md defines and several features need: where a customer
goes next, who takes part in a touchpoint, which pains are addressed, persona short names,
when a review is stale.

Plain functions over the model, so each fact is computed one way everywhere (lint rules,
render, show, stats, diff).
"""

from __future__ import annotations

import datetime
import heapq
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from cjmap.model import Journey, Kpi, PainPoint, Stage, Touchpoint

# A journey not reviewed for longer than this is stale: lint's CJ101 default, `show`, `stats`.
REVIEW_MAX_AGE_DAYS = 90


# The lane of the touchpoints given to nobody in particular (`personas: []`): a customer who is
# none of the personas walks them, with the touchpoints everyone shares.
ANYONE = ""


def lanes_of(touchpoint: Touchpoint) -> tuple[str, ...] | None:
    """The lanes a touchpoint lies on: its personas, ``(ANYONE,)`` for ``personas: []``, and
    None for every lane (no ``personas``)."""
    if touchpoint.personas is None:
        return None
    return tuple(touchpoint.personas) if touchpoint.personas else (ANYONE,)


def on_lane(touchpoint: Touchpoint, lane: str) -> bool:
    """Whether the customer of ``lane`` (a persona id, or ANYONE) walks this touchpoint."""
    lanes = lanes_of(touchpoint)
    return lanes is None or lane in lanes


def emotion_on(touchpoint: Touchpoint, lane: str) -> int | None:
    """The emotion of the lane's customer at a touchpoint; None off their path. The customer of
    no persona (``personas: []``) has the shared emotion only: a per-persona map names others."""
    if lane != ANYONE:
        return touchpoint.emotion_for(lane)
    return touchpoint.emotion if on_lane(touchpoint, ANYONE) and isinstance(touchpoint.emotion, int) else None


def share_a_lane(first: Touchpoint, second: Touchpoint) -> bool:
    """Whether some customer can walk both touchpoints: a step between them is possible."""
    a, b = lanes_of(first), lanes_of(second)
    return a is None or b is None or not set(a).isdisjoint(b)


def lanes(journey: Journey) -> list[str]:
    """Every lane of the journey: one per persona, then ANYONE when a touchpoint has ``personas: []``."""
    extra = [ANYONE] if any(tp.personas == [] for _, tp in journey.touchpoints()) else []
    return [*journey.persona_ids, *extra]


def path_of(journey: Journey, lane: str) -> list[Touchpoint]:
    """The touchpoints one persona (or ANYONE) walks, in journey order."""
    return [tp for _, tp in journey.touchpoints() if on_lane(tp, lane)]


def lane_paths(journey: Journey) -> dict[str, list[Touchpoint]]:
    """Every lane's path, in one pass over the touchpoints: the touchpoints that name the lane
    merged with the ones every lane shares. What it holds is the persona lanes the validation
    budget counts (path_of per persona read every touchpoint once per persona)."""
    ordered = [tp for _, tp in journey.touchpoints()]
    own: dict[str, list[int]] = {lane: [] for lane in lanes(journey)}
    shared: list[int] = []
    for index, tp in enumerate(ordered):
        named = lanes_of(tp)
        for lane in named if named is not None else ():
            if lane in own:  # a journey checked by the schema alone may name unknown personas
                own[lane].append(index)
        if named is None:
            shared.append(index)
    return {lane: [ordered[i] for i in heapq.merge(indices, shared)] for lane, indices in own.items()}


def steps_along(path: list[Touchpoint]) -> dict[str, list[str]]:
    """Where the customer of one path may go from each of its touchpoints: the ``next`` targets
    on their path, or else the following touchpoint of their path (none after the last).

    A ``next`` whose targets are all on other personas' paths speaks for those personas: this
    customer goes on as if it were left out. ``next: []`` ends the journey for everyone there.
    """
    following = {a.id: [b.id] for a, b in pairwise(path)}
    on_path = {tp.id for tp in path}
    steps: dict[str, list[str]] = {}
    for tp in path:
        kept = [t for t in tp.next if t in on_path] if tp.next else []
        steps[tp.id] = kept if kept or tp.next == [] else following.get(tp.id, [])
    return steps


def successors(journey: Journey, persona: str | None = None) -> dict[str, list[str]]:
    """Where a customer may go from each touchpoint (FORMAT.md `next`, read per persona).

    For one persona (or ANYONE): :func:`steps_along` their path. Without ``persona``: every
    step some persona takes (the union over every lane, explicit targets in written order, then
    defaults in journey order), which is what a map draws and what reachability follows. A step
    between two touchpoints no customer shares is never made up: Kim's touchpoint does not lead
    to Lee's.
    """
    if persona is not None:
        if persona not in lanes(journey):
            raise KeyError(f"no persona has the id `{persona}` in this journey (\"\" is the customers of `personas: []`)")
        return steps_along(path_of(journey, persona))
    ordered = [tp for _, tp in journey.touchpoints()]
    return _union_of_lanes(ordered, frozenset(lanes(journey)))


@dataclass(frozen=True)
class Walks:
    """What the customers of a journey actually do, each from the start of their own path."""

    paths: dict[str, list[Touchpoint]]  # lane -> its path (lane_paths)
    reached: dict[str, set[str]]  # lane -> the touchpoints its customer gets to
    steps: dict[str, list[str]]  # touchpoint -> the steps some customer takes from it (successors' order)

    def reached_by_anyone(self) -> set[str]:
        return set().union(*self.reached.values())


def walks(journey: Journey) -> Walks:
    """Each lane walked from its first touchpoint along :func:`steps_along`: the touchpoints each
    customer reaches and the steps they take. A step from a touchpoint only other customers
    reach is no one's (Lee's `s -> y`, where Lee leaves before `s`): the map draws none such.
    The work is the persona lanes and persona steps the validation budgets bound."""
    paths = lane_paths(journey)
    reached: dict[str, set[str]] = {}
    taken: set[tuple[str, str]] = set()
    for lane, path in paths.items():
        seen: set[str] = set()
        if path:
            steps = steps_along(path)
            queue = [path[0].id]
            seen.add(path[0].id)
            while queue:
                source = queue.pop()
                for target in steps[source]:
                    taken.add((source, target))
                    if target not in seen:
                        seen.add(target)
                        queue.append(target)
        reached[lane] = seen
    anyone = successors(journey)
    return Walks(paths, reached, {source: [t for t in targets if (source, t) in taken] for source, targets in anyone.items()})


def _union_of_lanes(ordered: list[Touchpoint], every_lane: frozenset[str]) -> dict[str, list[str]]:
    """Each touchpoint's successors over all lanes, as the union of :func:`steps_along` over
    every lane's path would give them, without building those paths.

    Walked backwards, remembering the nearest following touchpoint of every lane and the
    nearest one every lane shares: linear in the size of the file, where asking each persona
    in turn was personas x touchpoints (3,000 x 3,000 is a 200 KB file).
    """
    by_id = {tp.id: tp for tp in ordered}
    result: dict[str, list[str]] = {}
    nearest: dict[str, int] = {}  # lane -> index of its nearest following touchpoint that names it
    shared: int | None = None  # index of the nearest following touchpoint on every lane
    for index in range(len(ordered) - 1, -1, -1):
        tp = ordered[index]
        own = lanes_of(tp)
        kept = [t for t in tp.next if t in by_id and share_a_lane(tp, by_id[t])] if tp.next else []
        # The lanes that go on by default: all of them without `next`; with one, those its
        # targets do not cover; none after `next: []`.
        wanted = every_lane if own is None else frozenset(own)
        if tp.next is not None:
            wanted = frozenset() if tp.next == [] else _uncovered(wanted, [by_id[t] for t in kept])
        if own is None:
            defaults = _first_per_lane(ordered, index + 1, shared, wanted)
        else:  # a lane's nearest own touchpoint always comes before the nearest shared one
            defaults = sorted({i for i in (nearest.get(lane, shared) for lane in wanted) if i is not None})
        result[tp.id] = [*kept, *(ordered[i].id for i in defaults if ordered[i].id not in kept)]
        if own is None:
            shared, nearest = index, {}
        else:
            nearest.update(dict.fromkeys(own, index))
    return result


def _uncovered(wanted: frozenset[str], targets: list[Touchpoint]) -> frozenset[str]:
    """The lanes of ``wanted`` that none of the targets lies on."""
    left = set(wanted)
    for target in targets:
        named = lanes_of(target)
        if named is None:
            return frozenset()
        left.difference_update(named)
    return frozenset(left)


def _first_per_lane(ordered: list[Touchpoint], start: int, shared: int | None, wanted: frozenset[str]) -> list[int]:
    """From a touchpoint on every lane: each wanted lane's first touchpoint up to the next
    shared one, and that shared one for the wanted lanes with nothing of their own before it.

    Each stretch between two shared touchpoints is read by the shared touchpoint before it only.
    """
    if not wanted:
        return []
    stop = len(ordered) if shared is None else shared
    seen: set[str] = set()
    targets: list[int] = []
    for index in range(start, stop):
        new = wanted.intersection(lanes_of(ordered[index]) or ()).difference(seen)
        if new:
            seen.update(new)
            targets.append(index)
    if shared is not None and len(seen) < len(wanted):
        targets.append(shared)
    return targets


def personas_of(touchpoint: Touchpoint, journey: Journey) -> list[str]:
    """Who takes part in a touchpoint: its ``personas``, or every persona when it has none."""
    return touchpoint.personas if touchpoint.personas is not None else journey.persona_ids


# A short name labels a line, a legend entry and each emotion of the persona: a 10,000-character
# name repeated at every point made a 405 MB page.
SHORT_NAME_CHARS = 40


def short_name(name: str) -> str:
    """Persona names are often "Ana, the busy lawyer": the part before the comma is enough,
    and at most SHORT_NAME_CHARS of it (cut with an ellipsis)."""
    short = name.split(",", 1)[0].strip()
    return short if len(short) <= SHORT_NAME_CHARS else short[: SHORT_NAME_CHARS - 1].rstrip() + "…"


def short_names(journey: Journey) -> dict[str, str]:
    """Each persona's short name by id, as maps and tables label lines and emotions."""
    return {persona.id: short_name(persona.label) for persona in journey.personas}


def addressed_pain_ids(journey: Journey) -> set[str]:
    return {pain for _, tp in journey.touchpoints() for opportunity in tp.opportunities for pain in opportunity.addresses}


def is_addressed(pain: PainPoint, touchpoint: Touchpoint, addressed: set[str]) -> bool:
    """A pain point with an id needs an opportunity that lists it; one without an id counts as
    addressed by an opportunity without ``addresses`` on the same touchpoint."""
    if pain.id is not None:
        return pain.id in addressed
    return any(not opportunity.addresses for opportunity in touchpoint.opportunities)


def unaddressed_pain_points(journey: Journey) -> Iterator[tuple[Stage, Touchpoint, int, PainPoint]]:
    """Pain points no opportunity addresses, with their stage, touchpoint and index."""
    addressed = addressed_pain_ids(journey)
    for stage, touchpoint in journey.touchpoints():
        for index, pain in enumerate(touchpoint.pain_points):
            if not is_addressed(pain, touchpoint, addressed):
                yield stage, touchpoint, index, pain


def kpis_off_target(journey: Journey) -> Iterator[tuple[Stage, Kpi]]:
    for stage in journey.stages:
        for kpi in stage.kpis:
            if kpi.on_target is False:
                yield stage, kpi


def review_age(journey: Journey, today: datetime.date) -> int | None:
    """Days since the last review; None when never reviewed."""
    reviewed = journey.journey.reviewed
    return None if reviewed is None else (today - reviewed).days


@dataclass(frozen=True)
class Moment:
    """One persona's emotion at one touchpoint, placed on the journey's scale (0 worst, 1 best)."""

    stage: Stage
    touchpoint: Touchpoint
    # Whose emotion it is: persona ids; ``(ANYONE,)`` for ``personas: []`` (the customers of no
    # persona); empty for a touchpoint that names no personas (everyone's).
    personas: tuple[str, ...]
    value: int
    share: float


def emotion_moments(journey: Journey) -> Iterator[Moment]:
    scale = journey.journey.emotion_scale
    span = scale.max - scale.min
    for stage, touchpoint in journey.touchpoints():
        emotion = touchpoint.emotion
        if emotion is None:
            continue
        if isinstance(emotion, dict):
            for persona, value in emotion.items():
                yield Moment(stage, touchpoint, (persona,), value, (value - scale.min) / span)
        else:
            # A shared emotion belongs to the touchpoint's lanes: its personas, the customers of
            # no persona for `personas: []`, everyone when it names none.
            who = lanes_of(touchpoint) or ()
            yield Moment(stage, touchpoint, who, emotion, (emotion - scale.min) / span)


def scale_ticks(low: int, high: int, most: int = 7) -> list[int]:
    """A handful of values to label on an axis from ``low`` to ``high``: every value on small
    scales (-2..2, 1..7), round steps on wide ones (0, 20 … 100), both ends always.

    Curves are drawn at a fixed height, so what grows with the span is only the spacing.
    """
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        first = -(-low // step) * step  # the first multiple of step at or above low
        if (high - first) // step + 1 <= most:  # counted, not listed: nothing grows with the span
            break
    ticks = range(first, high + 1, step)
    # Both ends are labelled; a round tick too close to an end would print over its label.
    inner = [t for t in ticks if low + step / 2 < t < high - step / 2]
    return [low, *inner, high]
