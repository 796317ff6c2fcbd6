"""Rules on touchpoints: on a channel, felt, acted on, and with their pains answered.

Where customers can go (reachability, `next` steps) is in :mod:`cjmap.lint.rules.paths`."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

from cjmap.lint.rule import Context, Finding, rule
from cjmap.model import Journey, walk
from cjmap.model.facts import addressed_pain_ids, is_addressed
from cjmap.text.names import named_few


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
                who = named_few([f"`{persona}`" for persona in shown], MISSING_SHOWN, total=count)
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
