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
    "successors": "cjmap.model.lanes",
    "validate_bytes": "cjmap.validation",
    "validate_file": "cjmap.check",
    "validate_text": "cjmap.validation",
}

__all__ = ["__version__", *_LAZY_EXPORTS]  # noqa: PLE0604 - the keys are str; written once, above

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only; `X as X` re-exports
    from cjmap.api import JourneyError as JourneyError
    from cjmap.api import load_journey as load_journey
    from cjmap.check import validate_file as validate_file
    from cjmap.model import Channel as Channel
    from cjmap.model import EmotionScale as EmotionScale
    from cjmap.model import Journey as Journey
    from cjmap.model import JourneyMeta as JourneyMeta
    from cjmap.model import Kpi as Kpi
    from cjmap.model import Opportunity as Opportunity
    from cjmap.model import PainPoint as PainPoint
    from cjmap.model import Persona as Persona
    from cjmap.model import Stage as Stage
    from cjmap.model import Touchpoint as Touchpoint
    from cjmap.model.lanes import successors as successors
    from cjmap.problems import FileResult as FileResult
    from cjmap.problems import Problem as Problem
    from cjmap.validation import validate_bytes as validate_bytes
    from cjmap.validation import validate_text as validate_text


def __getattr__(name: str) -> Any:
    module_name = _LAZY_EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'cjmap' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module_name), name)


def __dir__() -> list[str]:
    return sorted(__all__)
