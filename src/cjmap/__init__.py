"""cjmap: customer journey maps as code.

The public Python API is re-exported lazily so that ``import cjmap`` (and the CLI's
start-up) stays cheap; pydantic models are only built when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# name -> module that defines it; resolved on first attribute access (PEP 562).
_LAZY_EXPORTS = {
    "Journey": "cjmap.model",
    "JourneyMeta": "cjmap.model",
    "Persona": "cjmap.model",
    "Stage": "cjmap.model",
    "Touchpoint": "cjmap.model",
    "PainPoint": "cjmap.model",
    "Opportunity": "cjmap.model",
    "Kpi": "cjmap.model",
    "Channel": "cjmap.model",
    "EmotionScale": "cjmap.model",
    "Problem": "cjmap.problems",
    "FileResult": "cjmap.problems",
    "JourneyError": "cjmap.api",
    "load_journey": "cjmap.api",
    "validate_bytes": "cjmap.validation",
    "validate_file": "cjmap.check",
    "validate_text": "cjmap.validation",
}

__all__ = ["__version__", *_LAZY_EXPORTS]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from cjmap.api import JourneyError, load_journey
    from cjmap.check import validate_file
    from cjmap.model import (
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
    from cjmap.problems import FileResult, Problem
    from cjmap.validation import validate_bytes, validate_text


def __getattr__(name: str) -> Any:
    module_name = _LAZY_EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'cjmap' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module_name), name)


def __dir__() -> list[str]:
    return sorted(__all__)
