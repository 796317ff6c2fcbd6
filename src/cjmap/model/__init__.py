"""The journey model: pydantic v2 models that are the file format's contract (FORMAT.md).

Importing this package builds the models; the CLI imports it only when it validates.
"""
from __future__ import annotations

from cjmap.model import walk  # noqa: E402  (needs the models above)
from cjmap.model.journey import (
    FORMAT_VERSION,
    Channel,
    EmotionScale,
    Journey,
    JourneyMeta,
    Kpi,
    Opportunity,
    PainPoint,
    Persona,
    Stage,
    Touchpoint,
)

__all__ = [
    "FORMAT_VERSION",
    "Channel",
    "EmotionScale",
    "Journey",
    "JourneyMeta",
    "Kpi",
    "Opportunity",
    "PainPoint",
    "Persona",
    "Stage",
    "Touchpoint",
]
