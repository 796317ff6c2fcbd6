"""Reusable field types: ids, text lists, emotions, and items written as text or objects."""

from __future__ import annotations

import datetime
import math
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, PlainValidator, StringConstraints
from pydantic_core import PydanticCustomError

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=200)]
Text = Annotated[str, StringConstraints(min_length=1)]
TextList = list[Text]
Level = Literal["low", "medium", "high"]


def describe(value: Any) -> str:
    """How a YAML value reads to the person who wrote it: ``true``, not Python's ``True``."""
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, str):
        return f"the text `{value}`" if len(value) <= 60 else f"the text `{value[:57]}…`"
    if isinstance(value, (int, float)):
        return f"the number `{value}`"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "an empty value" if value is None else f"`{value}`"


def _emotion(value: Any) -> int | dict[str, int]:
    """An integer, or a mapping persona id -> integer. Booleans and 1.5 are not emotions."""
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, dict):
        for persona, score in value.items():
            if not isinstance(persona, str):
                raise PydanticCustomError(
                    "emotion_type", "per-persona emotions are keyed by persona id, found {key} as a key", {"key": describe(persona)}
                )
            if isinstance(score, bool) or not isinstance(score, int):
                raise PydanticCustomError(
                    "emotion_type",
                    "the emotion of `{persona}` must be a whole number, found {found}",
                    {"persona": persona, "found": describe(score)},
                )
        return {persona: int(score) for persona, score in value.items()}
    raise PydanticCustomError(
        "emotion_type",
        "expected a whole number on the emotion scale, or one per persona such as `ana: 1`, found {found}",
        {"found": describe(value)},
    )


Emotion = Annotated[
    int | dict[str, int],
    PlainValidator(_emotion, json_schema_input_type=int | dict[str, int]),
]


def _scalar(value: Any) -> str | int | float | bool | None:
    if isinstance(value, (list, dict)):
        raise PydanticCustomError("scalar_type", "expected a single value (text, number, true/false), found {found}", {"found": describe(value)})
    scalar: str | int | float | bool | None = _finite(value)  # what YAML has left once lists and maps are refused
    return scalar


# Limits on numbers, so no value can crash or overflow what is computed from it (differences,
# shares of the scale, one tick per scale step) and JSON output never holds NaN or Infinity.
SCALE_BOUND = 1_000
SCALE_SPAN = 100
KPI_BOUND = 10**15  # a quadrillion: beyond any real measure, far from float overflow


def _finite(value: Any) -> Any:
    """``.nan``, ``.inf`` and ``1e999`` (read as infinity) are not values: JSON has no words for them."""
    if isinstance(value, float) and not math.isfinite(value):
        raise PydanticCustomError(
            "number_finite",
            "`{found}` is not a finite number; write a number such as 42 or 0.5, or leave the field out",
            {"found": str(value)},  # str() gives the text as written (SourceFloat)
        )
    return value


def _kpi_number(value: Any) -> Any:
    """Before pydantic's lax mode: a KPI value is written as a number. Quoted text (`"12"`) and
    what YAML 1.2 reads as text (`1_000`, digits of other scripts) would otherwise be turned
    into numbers by float(), against the rule that only ASCII digits make a number."""
    if isinstance(value, str):
        raise PydanticCustomError("float_type", "expected a number, found text")
    return _kpi_value(value)


def _kpi_value(value: Any) -> Any:
    _finite(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) > KPI_BOUND:
        raise PydanticCustomError(
            "number_range",
            "`{found}` is too large for a KPI value: values lie between -10^15 and 10^15; "
            "use a larger unit (millions, thousands)",
            {"found": str(value)},
        )
    return value


def _scale_bound(value: int) -> int:
    if abs(value) > SCALE_BOUND:
        raise PydanticCustomError(
            "number_range",
            "the emotion scale ends at {value}, beyond ±{bound}; use a small scale such as -2..2 or 1..5",
            {"value": value, "bound": SCALE_BOUND},
        )
    return value


# Before: text refused, and the value as written (`.nan`, not nan) for the message; after: the
# bounds again on what pydantic made of it.
KpiValue = Annotated[float, BeforeValidator(_kpi_number), AfterValidator(_kpi_value)]
ScaleBound = Annotated[int, AfterValidator(_scale_bound)]


def _iso_date(value: Any) -> Any:
    """Dates are written YYYY-MM-DD; pydantic would also take a number as a Unix timestamp."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise PydanticCustomError("date_written", "expected a date written YYYY-MM-DD, found {found}", {"found": describe(value)})
    return value


DemographicValue = Annotated[str | int | float | bool | None, PlainValidator(_scalar, json_schema_input_type=str | int | float | bool | None)]
IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date)]


def text_to_object(value: Any) -> Any:
    """Pain points and opportunities may be written as plain text: ``"Slow site"``."""
    return {"text": value} if isinstance(value, (str, int, float)) and not isinstance(value, bool) else value
