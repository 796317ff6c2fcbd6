"""One persona's journey: the touchpoints on their path, their emotions, their steps
(``render --persona``).

The narrowed journey is an ordinary valid ``Journey`` whose only persona is the one asked for,
so every renderer draws it as it draws any journey, and walking it (:func:`lanes.walks`) takes
exactly the steps that persona takes in the whole journey. FORMAT.md's `next` is read as
:mod:`cjmap.model.lanes` reads it; nothing here reads it a second way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cjmap.model.facts import short_name
from cjmap.model.lanes import walks

if TYPE_CHECKING:
    from cjmap.model import Journey, JourneyMeta, Opportunity, Persona, Stage, Touchpoint


def persona_journey(journey: Journey, persona: str, *, title: str = "{title}") -> Journey:
    """The journey as ``persona`` walks it.

    - Touchpoints: those on their lane (no ``personas``, or naming them) that they reach from
      the start of their path, as ``show --persona`` and the curves show them: what comes after
      they left with ``next: []``, or what their jumps skip, is not theirs.
    - ``personas``: them alone, on the journey and on each touchpoint that named them; a
      touchpoint that was everyone's keeps no ``personas``, which now means them.
    - ``emotion``: a shared one stays; a per-persona one becomes their value, written as a
      shared one (the map has one persona, so naming them beside each emotion, or Mermaid
      calling it "averaged", would be noise); no value of theirs, no emotion.
    - ``next``: the targets on their path only; a ``next`` whose targets all lie on other paths
      spoke for those personas, so it goes and they walk on to their following touchpoint, as
      before; ``next: []`` stays.
    - Stages keep their order and KPIs; a stage with none of their touchpoints stays, empty (an
      empty column in HTML, a placeholder in Graphviz), so one persona's map lines up with the
      whole journey's and its KPIs are not lost.
    - Opportunities keep the ``addresses`` whose pain points are still in the journey.
    - The title is ``title`` filled with the journey's ``{title}`` and the persona's short
      ``{persona}`` name: the caller passes the words, ``text.labels``' ``persona_path`` in the
      journey's language (``model/`` sits beside ``text/`` and does not read it); the default
      keeps the title. ``journey.id`` stays.

    ``persona`` must be one of the journey's persona ids (a KeyError otherwise: the command
    says so with a suggestion before asking).
    """
    who = next((p for p in journey.personas if p.id == persona), None)
    if who is None:
        raise KeyError(f"no persona has the id `{persona}` in this journey")
    found = walks(journey)
    reached = found.reached[persona]
    kept = {tp.id for tp in found.paths[persona] if tp.id in reached}
    pains = {pain.id for _, tp in journey.touchpoints() if tp.id in kept for pain in tp.pain_points if pain.id}
    stages = [_stage(stage, persona, kept, pains) for stage in journey.stages]
    return journey.model_copy(update={"journey": _meta(journey, who, title), "personas": [who], "stages": stages})


def _meta(journey: Journey, who: Persona, title: str) -> JourneyMeta:
    meta = journey.journey
    # The short name, as the map labels its lines: a long "Ana, the busy lawyer" would bury the title.
    return meta.model_copy(update={"title": title.format(title=meta.title, persona=short_name(who.label) or who.id)})


def _stage(stage: Stage, persona: str, kept: set[str], pains: set[str]) -> Stage:
    touchpoints = [_touchpoint(tp, persona, kept, pains) for tp in stage.touchpoints if tp.id in kept]
    return stage.model_copy(update={"touchpoints": touchpoints})


def _touchpoint(tp: Touchpoint, persona: str, kept: set[str], pains: set[str]) -> Touchpoint:
    """``tp`` as ``persona`` meets it: ``kept`` holds only touchpoints of their path (tested)."""
    emotion = tp.emotion.get(persona) if isinstance(tp.emotion, dict) else tp.emotion
    # Every target of a reached touchpoint that lies on their path is reached too: ``kept``
    # holds them all, and only them. No target left: the `next` spoke for others only.
    targets = None if tp.next is None else [t for t in tp.next if t in kept]
    following = [] if tp.next == [] else targets or None
    return tp.model_copy(update={
        "personas": None if tp.personas is None else [persona],
        "emotion": emotion,
        "next": following,
        "opportunities": [_opportunity(o, pains) for o in tp.opportunities],
    })


def _opportunity(opportunity: Opportunity, pains: set[str]) -> Opportunity:
    if all(pain in pains for pain in opportunity.addresses):
        return opportunity
    return opportunity.model_copy(update={"addresses": [pain for pain in opportunity.addresses if pain in pains]})
