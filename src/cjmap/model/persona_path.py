"""One persona's journey: the touchpoints on their path, their emotions, their steps
(``render --persona``). Being written for issue 15."""

from __future__ import annotations

from cjmap.model import Journey


def persona_journey(journey: Journey, persona: str) -> Journey:
    raise NotImplementedError("render --persona is being built")
