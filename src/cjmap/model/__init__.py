"""The journey model: pydantic v2 models that are the file format's contract (FORMAT.md).

The models are built on first use (PEP 562), not when the package is imported: the CLI reads
its choice lists from ``cjmap.model.vocabulary`` at start-up, and building every model costs
hundreds of milliseconds that ``--help`` must not pay.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__all__ = [
    "FORMAT_VERSION",
    "Channel",
    "EmotionScale",
    "EventRule",
    "Journey",
    "JourneyMeta",
    "Kpi",
    "KpiMeasure",
    "MeasureSettings",
    "Opportunity",
    "PainPoint",
    "Persona",
    "Stage",
    "Touchpoint",
    "event_rules",
    "walk",
]
# name -> the module that defines it: every model is in journey.py; walk is a module.
_LAZY = {name: "cjmap.model.walk" if name == "walk" else "cjmap.model.journey" for name in __all__}

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from cjmap.model import walk
    from cjmap.model.journey import (
        FORMAT_VERSION,
        Channel,
        EmotionScale,
        EventRule,
        Journey,
        JourneyMeta,
        Kpi,
        KpiMeasure,
        MeasureSettings,
        Opportunity,
        PainPoint,
        Persona,
        Stage,
        Touchpoint,
        event_rules,
    )


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'cjmap.model' has no attribute {name!r}")
    module = importlib.import_module(module_name)
    value = module if module_name.endswith("." + name) else getattr(module, name)
    globals()[name] = value  # resolved once; later lookups are plain attribute reads
    return value


def __dir__() -> list[str]:
    return __all__
