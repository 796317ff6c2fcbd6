"""Rules on the channel mix."""

from __future__ import annotations

from collections.abc import Iterator

from cjmap.lint.rule import Context, Finding, rule
from cjmap.model import Journey, walk
from cjmap.model.vocabulary import BUILTIN_CHANNELS
from cjmap.text.names import named_few

# At most this many channel ids are named in the message; the rest are counted.
NAMED_CHANNELS = 3


@rule(code="CJ160", name="single-mode-channels", severity="info")
def single_mode_channels(journey: Journey, context: Context) -> Iterator[Finding]:
    """The journey's touchpoints are all online, or all offline.

    Map every touchpoint, online and offline: customers move between a website and a store, an
    email and a phone call. A journey seen through one mode may be missing half of itself.
    Only channels with a mode count: `other`, and a declared channel without `mode:`, are
    neither online nor offline, so the message says how many touchpoints use them.

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
    channels = [tp.channel for _, tp in walk.touchpoints(journey) if tp.channel]
    seen = {modes.get(channel) for channel in channels} - {None}
    if len(seen) != 1:
        return
    only = seen.pop()
    other_side = "offline" if only == "online" else "online"
    modeless = [channel for channel in channels if modes.get(channel) is None]
    if not modeless:
        yield Finding(("stages",), f"every touchpoint with a channel is {only}: map the {other_side} side too", at_key=True)
        return
    moded = len(channels) - len(modeless)
    on_mode = f"1 touchpoint is {only}" if moded == 1 else f"{moded} touchpoints are {only}"
    yield Finding(("stages",), f"{on_mode}, none {other_side}, {_modeless(modeless)}: map the {other_side} side too", at_key=True)


def _modeless(channels: list[str]) -> str:
    """``3 use channels that are neither (`other`)``, naming a few channels and counting the rest."""
    distinct = list(dict.fromkeys(channels))
    named = named_few([f"`{channel}`" for channel in distinct], NAMED_CHANNELS)
    uses = "1 uses a channel that is" if len(channels) == 1 else f"{len(channels)} use channels that are"
    return f"{uses} neither ({named})"
