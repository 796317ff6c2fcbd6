"""Rules on touchpoints: reachable, on a channel, felt, and with their pains answered."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

from cjmap.lint.rule import Context, Finding, rule
from cjmap.model import Journey, Touchpoint, walk
from cjmap.model.facts import ANYONE, addressed_pain_ids, is_addressed, lanes, lanes_of, share_a_lane, successors


def _entries(journey: Journey) -> list[str]:
    """Where journeys start: each lane's first touchpoint (every persona's, and the first of
    the touchpoints given to nobody in particular), in journey order.

    One pass, stopping once every lane has its start: asking each persona in turn was
    personas x touchpoints when many personas take part in nothing.
    """
    waiting = set(lanes(journey))
    starts: list[str] = []
    for _, touchpoint in journey.touchpoints():
        if not waiting:
            break
        own = lanes_of(touchpoint)
        starting = waiting if own is None else waiting.intersection(own)
        if starting:
            starts.append(touchpoint.id)
            waiting -= starting
    return starts


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
    seen: set[str] = set()
    _reach(edges, _entries(journey), seen)
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
    for path, touchpoint in walk.touchpoints(journey):
        for index, target_id in enumerate(touchpoint.next or []):
            target = by_id.get(target_id)  # an unknown id is validation's error, not this rule's
            if target is not None and not share_a_lane(touchpoint, target):
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
        return "no persona"
    shown = ", ".join(own[:WHO_SHOWN])
    return shown + (f" and {len(own) - WHO_SHOWN} more" if len(own) > WHO_SHOWN else "")


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
            yield Finding((*path, "id"), f"touchpoint `{touchpoint.id}` has no channel: add `channel:` (web, store, phone…)")


@rule(code="CJ122", name="touchpoint-without-emotion")
def touchpoint_without_emotion(journey: Journey, context: Context) -> Iterator[Finding]:
    """A touchpoint has no emotion.

    Record what the customer feels at each step: the emotion curve is what shows the moments of
    truth. Set `emotion:` to a value on the journey's scale, or per persona; per-persona
    emotions need a value for every persona who takes part in the touchpoint.

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
    everyone = journey.persona_ids
    known = frozenset(everyone)
    for path, touchpoint in walk.touchpoints(journey):
        if not touchpoint.emotion and touchpoint.emotion != 0:
            yield Finding((*path, "id"), f"touchpoint `{touchpoint.id}` has no emotion: add `emotion:`")
        elif isinstance(touchpoint.emotion, dict):
            shown, count = _missing_emotions(touchpoint.emotion, touchpoint.personas, everyone, known)
            if count:
                who = ", ".join(f"`{persona}`" for persona in shown) + (f" and {count - len(shown)} more" if count > len(shown) else "")
                yield Finding((*path, "emotion"), f"touchpoint `{touchpoint.id}` has no emotion for {who}: add one per persona")


MISSING_SHOWN = 10  # names listed in one message; the rest are counted


def _missing_emotions(
    emotion: dict[str, int], personas: list[str] | None, everyone: list[str], known: frozenset[str]
) -> tuple[list[str], int]:
    """The first personas with no emotion here, and how many there are in all.

    A touchpoint without ``personas:`` involves every persona: listing or even walking all of
    them for every touchpoint made 3,000 personas x 3,000 touchpoints (a 210 KB file) an 80 MB
    report. Here the work is the size of the touchpoint's own emotions, plus the names shown.
    """
    if personas is not None:  # written out on the touchpoint: walking them costs what reading did
        missing = [persona for persona in personas if persona not in emotion]
        return missing[:MISSING_SHOWN], len(missing)
    count = len(everyone) - sum(1 for persona in emotion if persona in known)
    # The scan stops after MISSING_SHOWN misses, so it passes at most len(emotion) others.
    shown = list(islice((persona for persona in everyone if persona not in emotion), MISSING_SHOWN)) if count else []
    return shown, count


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
    addressed = addressed_pain_ids(journey)
    for path, touchpoint, pain in walk.pain_points(journey):
        if is_addressed(pain, touchpoint, addressed):
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
            yield Finding((*path, "id"), f"touchpoint `{touchpoint.id}` records no customer actions or thoughts: add `actions:` or `thoughts:`")
