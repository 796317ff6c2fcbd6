"""Rules on paths: every touchpoint reachable, by the personas it names, along steps they take.

Each persona walks their own touchpoints from the first of them (:func:`cjmap.model.lanes.walks`),
so these rules follow the same steps the map draws: "can anyone get there" (CJ120) and "can the
personas it names get there" (CJ126).
"""

from __future__ import annotations

from collections.abc import Iterator

from cjmap.lint.rule import Context, Finding, rule
from cjmap.model import Journey, Touchpoint, walk
from cjmap.model.lanes import ANYONE, lane_sets, lanes_of, meet, successors
from cjmap.text.names import named_few


def _reach(successors: dict[str, list[str]], starts: list[str], seen: set[str]) -> None:
    queue = [start for start in starts if start not in seen]
    seen.update(queue)
    while queue:
        for target in successors.get(queue.pop(), []):
            if target not in seen:
                seen.add(target)
                queue.append(target)


@rule(code="CJ120", name="unreachable-touchpoint")
def unreachable_touchpoint(journey: Journey, context: Context) -> Iterator[Finding]:
    """A touchpoint cannot be reached from the start of the journey.

    Journeys are non-linear, and `next` says where a customer may go. When a `next` elsewhere
    skips a touchpoint and nothing else leads to it, no customer ever gets there: add it to a
    `next` list, or remove it. Each persona walks their own touchpoints: their journey starts at
    their first touchpoint and goes on to their next one, so two personas' touchpoints side by
    side are both reachable. Touchpoints cut off together are reported once, at the first of them.

    Fails:
        cjmap: 1
        journey: {title: Checkout}
        personas: [{id: ana}]
        stages:
          - id: purchase
            touchpoints:
              - {id: cart, name: Cart, next: [pay]}
              - {id: upsell, name: Upsell banner}
              - {id: pay, name: Payment}

    Passes:
        cjmap: 1
        journey: {title: Checkout}
        personas: [{id: ana}]
        stages:
          - id: purchase
            touchpoints:
              - {id: cart, name: Cart, next: [pay, upsell]}
              - {id: upsell, name: Upsell banner}
              - {id: pay, name: Payment}
    """
    edges = successors(journey)
    seen = context.walks(journey).reached_by_anyone()
    for path, touchpoint in walk.touchpoints(journey):
        if touchpoint.id in seen:
            continue
        # One finding per unreachable island: the touchpoints after it are cut off with it.
        _reach(edges, [touchpoint.id], seen)
        yield Finding((*path, "id"), f"no path from the start of the journey leads to touchpoint `{touchpoint.id}`: add it to a `next:` list, or remove it")


@rule(code="CJ125", name="next-across-personas")
def next_across_personas(journey: Journey, context: Context) -> Iterator[Finding]:
    """A `next` step leads to a touchpoint that no customer of this one takes part in.

    Each persona walks their own touchpoints, so a step from one persona's touchpoint to
    another's is a step nobody takes: the map does not draw it and reachability does not follow
    it. Add the persona to both touchpoints (or leave `personas` out for everyone), or remove
    the step.

    Fails:
        cjmap: 1
        journey: {title: Gifts}
        personas: [{id: kim}, {id: lee}]
        stages:
          - id: purchase
            touchpoints:
              - {id: kim-ad, name: Kim sees an ad, personas: [kim], next: [lee-pay]}
              - {id: lee-pay, name: Lee pays, personas: [lee]}

    Passes:
        cjmap: 1
        journey: {title: Gifts}
        personas: [{id: kim}, {id: lee}]
        stages:
          - id: purchase
            touchpoints:
              - {id: kim-ad, name: Kim sees an ad, personas: [kim], next: [pay]}
              - {id: pay, name: Pays, personas: [kim, lee]}
    """
    by_id = {touchpoint.id: touchpoint for _, touchpoint in journey.touchpoints()}
    sets = lane_sets(by_id.values())
    for path, touchpoint in walk.touchpoints(journey):
        for index, target_id in enumerate(touchpoint.next or []):
            target = by_id.get(target_id)  # an unknown id is validation's error, not this rule's
            if target is not None and not meet(sets[touchpoint.id], sets[target_id]):
                yield Finding(
                    (*path, "next", index),
                    f"`next` leads from `{touchpoint.id}` ({_who(touchpoint)}) to `{target.id}` ({_who(target)}): "
                    "no persona takes both; add the persona to both touchpoints or remove the step",
                )


WHO_SHOWN = 3  # personas named per touchpoint in one message; the rest are counted


def _who(touchpoint: Touchpoint) -> str:
    """The personas of a touchpoint that lists them, a few by name (a list may be long)."""
    own = lanes_of(touchpoint) or ()
    if own == (ANYONE,):
        return "personas: [], other customers"
    return named_few(own, WHO_SHOWN)


@rule(code="CJ126", name="unreachable-for-persona")
def unreachable_for_persona(journey: Journey, context: Context) -> Iterator[Finding]:
    """A touchpoint names a persona who can never get there.

    Some customer reaches the touchpoint, but not a persona it lists: every path of theirs
    ends or turns away before it (a `next: []` where they leave half-way, or `next` lists that
    skip it). Their emotion there would be drawn on a path they never walk. Add the touchpoint
    to a `next:` list on their path, or remove the persona from its `personas`.

    Fails:
        cjmap: 1
        journey: {title: Sign-up}
        personas: [{id: kim}, {id: lee}]
        stages:
          - id: purchase
            touchpoints:
              - {id: doubt, name: Hesitates, personas: [kim], next: []}
              - {id: visit, name: Visits the site, personas: [lee]}
              - {id: sign, name: Signs online, personas: [kim, lee]}

    Passes:
        cjmap: 1
        journey: {title: Sign-up}
        personas: [{id: kim}, {id: lee}]
        stages:
          - id: purchase
            touchpoints:
              - {id: doubt, name: Hesitates, personas: [kim], next: []}
              - {id: visit, name: Visits the site, personas: [lee]}
              - {id: sign, name: Signs online, personas: [lee]}
    """
    walked = context.walks(journey)
    stranded: dict[str, list[str]] = {}  # touchpoint id -> the personas it names who never get there
    for lane, lane_path in walked.paths.items():
        if lane == ANYONE:
            continue
        for touchpoint in lane_path:
            if touchpoint.id not in walked.reached[lane] and touchpoint.personas:  # a shared touchpoint names nobody
                stranded.setdefault(touchpoint.id, []).append(lane)
    if not stranded:
        return
    reached = walked.reached_by_anyone()  # nobody reaching it at all is CJ120's finding
    for doc_path, touchpoint in walk.touchpoints(journey):
        personas = stranded.get(touchpoint.id)
        if personas and touchpoint.personas and touchpoint.id in reached:
            verb = "reaches" if len(personas) == 1 else "reach"
            yield Finding(
                (*doc_path, "personas", touchpoint.personas.index(personas[0])),
                f"{_names(personas)} never {verb} touchpoint `{touchpoint.id}`, which names them: every path of theirs ends "
                "or turns away before it; add it to a `next:` list on their path, or remove them from its `personas`",
            )


def _names(personas: list[str]) -> str:
    return f"persona{'s' if len(personas) > 1 else ''} {named_few([f'`{p}`' for p in personas], WHO_SHOWN)}"
