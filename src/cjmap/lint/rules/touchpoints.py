"""Rules on touchpoints: reachable, on a channel, felt, and with their pains answered."""

from __future__ import annotations

from collections.abc import Iterator

from cjmap.lint.rule import Context, Finding, rule
from cjmap.lint.rules import walk
from cjmap.model import Journey


def reachable_ids(journey: Journey) -> set[str]:
    """Touchpoints reachable from the first one, following `next` (default: the following one)."""
    ordered = [touchpoint for _, touchpoint in walk.touchpoints(journey)]
    if not ordered:
        return set()
    following = {a.id: [b.id] for a, b in zip(ordered, ordered[1:])}
    successors = {tp.id: tp.next if tp.next is not None else following.get(tp.id, []) for tp in ordered}
    seen, queue = {ordered[0].id}, [ordered[0].id]
    while queue:
        for target in successors.get(queue.pop(), []):
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


@rule(code="CJ120", name="unreachable-touchpoint")
def unreachable_touchpoint(journey: Journey, context: Context) -> Iterator[Finding]:
    """A touchpoint cannot be reached from the start of the journey.

    Journeys are non-linear, and `next` says where a customer may go. When a `next` elsewhere
    skips a touchpoint and nothing else leads to it, no customer ever gets there: add it to a
    `next` list, or remove it.

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
    reachable = reachable_ids(journey)
    for path, touchpoint in walk.touchpoints(journey):
        if touchpoint.id not in reachable:
            yield Finding((*path, "id"), f"no path leads to touchpoint `{touchpoint.id}`: add it to a `next:` list, or remove it")


@rule(code="CJ121", name="touchpoint-without-channel")
def touchpoint_without_channel(journey: Journey, context: Context) -> Iterator[Finding]:
    """A touchpoint has no channel.

    Map every touchpoint, online and offline: the channel says where the interaction happens
    (web, store, phone…) and who owns it. Set `channel:`.

    Fails:
        cjmap: 1
        journey: {title: Checkout}
        personas: [{id: ana}]
        stages: [{id: purchase, touchpoints: [{id: cart, name: Cart}]}]

    Passes:
        cjmap: 1
        journey: {title: Checkout}
        personas: [{id: ana}]
        stages: [{id: purchase, touchpoints: [{id: cart, name: Cart, channel: web}]}]
    """
    for path, touchpoint in walk.touchpoints(journey):
        if touchpoint.channel is None:
            yield Finding(path, f"touchpoint `{touchpoint.id}` has no channel: add `channel:` (web, store, phone…)")


@rule(code="CJ122", name="touchpoint-without-emotion")
def touchpoint_without_emotion(journey: Journey, context: Context) -> Iterator[Finding]:
    """A touchpoint has no emotion.

    Record what the customer feels at each step: the emotion curve is what shows the moments of
    truth. Set `emotion:` to a value on the journey's scale, or per persona.

    Fails:
        cjmap: 1
        journey: {title: Checkout}
        personas: [{id: ana}]
        stages: [{id: purchase, touchpoints: [{id: cart, name: Cart}]}]

    Passes:
        cjmap: 1
        journey: {title: Checkout}
        personas: [{id: ana}]
        stages: [{id: purchase, touchpoints: [{id: cart, name: Cart, emotion: -1}]}]
    """
    for path, touchpoint in walk.touchpoints(journey):
        if touchpoint.emotion is None:
            yield Finding(path, f"touchpoint `{touchpoint.id}` has no emotion: add `emotion:`")


@rule(code="CJ123", name="unaddressed-pain-point")
def unaddressed_pain_point(journey: Journey, context: Context) -> Iterator[Finding]:
    """A pain point that no opportunity addresses.

    A pain point with no opportunity is unfinished work. Give the pain point an `id` and list it
    in an opportunity's `addresses:`; a pain point without an id counts as addressed by an
    opportunity without `addresses` on the same touchpoint.

    Fails:
        cjmap: 1
        journey: {title: Checkout}
        personas: [{id: ana}]
        stages:
          - id: purchase
            touchpoints:
              - id: cart
                name: Cart
                pain_points: [{id: hidden-costs, text: Shipping cost appears at the end}]

    Passes:
        cjmap: 1
        journey: {title: Checkout}
        personas: [{id: ana}]
        stages:
          - id: purchase
            touchpoints:
              - id: cart
                name: Cart
                pain_points: [{id: hidden-costs, text: Shipping cost appears at the end}]
                opportunities: [{text: Show shipping on the product page, addresses: [hidden-costs]}]
    """
    addressed = {
        pain_id for _, tp in walk.touchpoints(journey) for opportunity in tp.opportunities for pain_id in opportunity.addresses
    }
    for path, touchpoint, pain in walk.pain_points(journey):
        if pain.id is not None and pain.id in addressed:
            continue
        if pain.id is None and any(not opportunity.addresses for opportunity in touchpoint.opportunities):
            continue
        yield Finding(path, f"no opportunity addresses the pain point {walk.quoted(pain.text)}: add one with `addresses: [{pain.id or 'an-id'}]`")


@rule(code="CJ124", name="touchpoint-without-actions", severity="info")
def touchpoint_without_actions(journey: Journey, context: Context) -> Iterator[Finding]:
    """A touchpoint records no customer actions or thoughts.

    Record behaviours and motivations at each step: what the customer does and thinks is the
    evidence behind the emotion. Add `actions:` or `thoughts:`.

    Fails:
        cjmap: 1
        journey: {title: Checkout}
        personas: [{id: ana}]
        stages: [{id: purchase, touchpoints: [{id: cart, name: Cart}]}]

    Passes:
        cjmap: 1
        journey: {title: Checkout}
        personas: [{id: ana}]
        stages: [{id: purchase, touchpoints: [{id: cart, name: Cart, actions: [Reviews the basket]}]}]
    """
    for path, touchpoint in walk.touchpoints(journey):
        if not touchpoint.actions and not touchpoint.thoughts:
            yield Finding(path, f"touchpoint `{touchpoint.id}` records no customer actions or thoughts: add `actions:` or `thoughts:`")
