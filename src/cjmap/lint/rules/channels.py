"""Rules on the channel mix."""

from __future__ import annotations

from collections.abc import Iterator

from cjmap.lint.rule import Context, Finding, rule
from cjmap.model import Journey, walk
from cjmap.model.vocabulary import BUILTIN_CHANNELS


@rule(code="CJ160", name="single-mode-channels", severity="info")
def single_mode_channels(journey: Journey, context: Context) -> Iterator[Finding]:
    """The journey's touchpoints are all online, or all offline.

    Map every touchpoint, online and offline: customers move between a website and a store, an
    email and a phone call. A journey seen through one mode may be missing half of itself.

    Fails:
        cjmap: 1
        journey: {title: Checkout}
        personas: [{id: ana}]
        stages: [{id: purchase, touchpoints: [{id: cart, name: Cart, channel: web}, {id: mail, name: Receipt, channel: email}]}]

    Passes:
        cjmap: 1
        journey: {title: Checkout}
        personas: [{id: ana}]
        stages: [{id: purchase, touchpoints: [{id: cart, name: Cart, channel: web}, {id: till, name: Till, channel: store}]}]
    """
    modes = {**BUILTIN_CHANNELS, **{channel.id: channel.mode for channel in journey.channels}}
    seen = {modes.get(tp.channel) for _, tp in walk.touchpoints(journey) if tp.channel} - {None}
    if len(seen) == 1:
        only = seen.pop()
        yield Finding(("stages",), f"every touchpoint with a channel is {only}: map the {'offline' if only == 'online' else 'online'} side too", at_key=True)
