"""Reusable field types: ids, text lists, emotions, and items written as text or objects."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import PlainValidator, StringConstraints
from pydantic_core import PydanticCustomError

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=200)]
Text = Annotated[str, StringConstraints(min_length=1)]
TextList = list[Text]
Level = Literal["low", "medium", "high"]
Direction = Literal["higher", "lower"]


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, float):
        return f"the number {value}"
    return {list: "a list", dict: "a mapping", type(None): "nothing"}.get(type(value), repr(value))


def _emotion(value: Any) -> int | dict[str, int]:
    """An integer, or a mapping persona id -> integer. Booleans and 1.5 are not emotions."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, dict):
        for persona, score in value.items():
            if not isinstance(persona, str) or isinstance(score, bool) or not isinstance(score, int):
                raise PydanticCustomError(
                    "emotion_type",
                    "the emotion of persona {persona} must be a whole number, found {found}",
                    {"persona": repr(persona), "found": _describe(score)},
                )
        return dict(value)
    raise PydanticCustomError(
        "emotion_type",
        "expected a whole number on the emotion scale, or a mapping of persona id to number "
        "(e.g. {{ana: 1, luis: -1}}), found {found}",
        {"found": _describe(value)},
    )


Emotion = Annotated[
    int | dict[str, int],
    PlainValidator(_emotion, json_schema_input_type=int | dict[str, int]),
]


def text_to_object(value: Any) -> Any:
    """Pain points and opportunities may be written as plain text: ``"Slow site"``."""
    return {"text": value} if isinstance(value, (str, int, float)) and not isinstance(value, bool) else value
