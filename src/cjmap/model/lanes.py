"""Who walks where: the lanes of a journey and its customers' paths along them.

Each persona walks a *lane*: the touchpoints that name them in `personas` and those without
`personas` (everyone's); the touchpoints with `personas: []` make one more lane, ANYONE.
FORMAT.md's `next` is read along each lane (:func:`steps_along`), for one persona or for all
(:func:`successors`), and walked from each lane's start (:func:`walks`). Lint, render, show,
diff and the API (``cjmap.successors``) all ask here, so a path is computed one way.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from cjmap.model import Journey, Touchpoint

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


LaneSet = frozenset[str] | None  # None: every lane


def lane_sets(touchpoints: Iterable[Touchpoint]) -> dict[str, LaneSet]:
    """Each touchpoint's lanes as a set, built once: asking per step copied the personas of the
    target each time (50,000 touchpoints stepping to one that names all 50,000 personas)."""
    return {tp.id: _lane_set(tp) for tp in touchpoints}


def _lane_set(touchpoint: Touchpoint) -> LaneSet:
    named = lanes_of(touchpoint)
    return None if named is None else frozenset(named)


def meet(a: LaneSet, b: LaneSet) -> bool:
    """Whether two lane sets share a lane (None is every lane); the work is the smaller set."""
    return a is None or b is None or not a.isdisjoint(b)


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

    For one persona (or ANYONE): :func:`steps_along` their path. Without ``persona``: where a
    customer at each touchpoint may go, whichever persona they are (the union over every lane,
    explicit targets in written order, then defaults in journey order); `show --format json`
    and `diff` read it. A step between two touchpoints no customer shares is never made up:
    Kim's touchpoint does not lead to Lee's. What customers actually do from the start of their
    paths, which the map draws and lint checks, is :func:`walks`.
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

    def unreached(self) -> dict[str, frozenset[str]]:
        """Each lane's touchpoints its customer never gets to (left half-way with `next: []`,
        or jumps that skip them): no view draws them on that customer's path."""
        return {lane: frozenset(tp.id for tp in path if tp.id not in self.reached[lane]) for lane, path in self.paths.items()}


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
    sets = lane_sets(ordered)
    result: dict[str, list[str]] = {}
    nearest: dict[str, int] = {}  # lane -> index of its nearest following touchpoint that names it
    shared: int | None = None  # index of the nearest following touchpoint on every lane
    for index in range(len(ordered) - 1, -1, -1):
        tp = ordered[index]
        own = lanes_of(tp)
        kept = [t for t in tp.next if t in sets and meet(sets[tp.id], sets[t])] if tp.next else []
        # The lanes that go on by default: all of them without `next`; with one, those its
        # targets do not cover; none after `next: []`.
        wanted = every_lane if own is None else frozenset(own)
        if tp.next is not None:
            wanted = frozenset() if tp.next == [] else _uncovered(wanted, [sets[t] for t in kept])
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


def _uncovered(wanted: frozenset[str], targets: list[LaneSet]) -> frozenset[str]:
    """The lanes of ``wanted`` that none of the targets lies on; the work is the smaller side
    of each difference, so a target naming every persona costs what ``wanted`` holds."""
    left = set(wanted)
    for named in targets:
        if named is None:
            return frozenset()
        if len(named) < len(left):
            left.difference_update(named)
        else:
            left = {lane for lane in left if lane not in named}
        if not left:
            break
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
