"""Reusable field types: ids, text lists, emotions, and items written as text or objects."""

from __future__ import annotations

import datetime
import math
import re
import warnings
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, PlainValidator, StringConstraints, WithJsonSchema
from pydantic_core import PydanticCustomError

from cjmap.model.vocabulary import SLUG_MAX_LENGTH, SLUG_PATTERN

# A score as a key of `labels:`, written as text as JSON keys always are: a whole number within
# the widest scale, ±1000 (`-2`, `5`, also `1.0`), so a label outside every scale is refused here.
SCORE_KEY_PATTERN = r"^(0|-?([1-9][0-9]{0,2}|1000))(\.0+)?$"
_SCORE_KEY = re.compile(SCORE_KEY_PATTERN)
_WHOLE_NUMBER_TEXT = re.compile(r"-?[0-9]+(\.0+)?")
# The JSON Schema of a date: the shape and month and day ranges as a pattern, which every
# validator checks, and `format: date` for the days of each month, which validators check when
# asked to assert formats (jsonschema's format_checker); cjmap always checks them.
DATE_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
_DATE_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

# Numbers written where text is expected (`name: 404`, `title: 1.10`) are the text the user
# meant: the models coerce them (coerce_numbers_to_str) and the JSON Schema says so too.
TEXT_JSON_SCHEMA: dict[str, Any] = {"anyOf": [{"type": "string", "minLength": 1}, {"type": "number"}]}
Text = Annotated[str, StringConstraints(min_length=1), WithJsonSchema(TEXT_JSON_SCHEMA)]
FreeText = Annotated[str, WithJsonSchema({"type": ["string", "number"]})]
TextList = list[Text]
Level = Literal["low", "medium", "high"]


def whole_number(value: Any) -> int | None:
    """``value`` as an integer when it is one: an int, or a float without a fraction (JSON and
    YAML have one kind of number, so `1.0` is the integer 1, as JSON Schema says); else None.
    A boolean is never a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return None


# Ids written as numbers stop at a quadrillion: a readable bound, far beyond any real numbering.
ID_NUMBER_BOUND = 10**15


def number_as_id(value: Any) -> str | None:
    """The id a whole number from 0 to 10^15 stands for, its digits (``1.0`` and ``0x1f`` are
    `1` and `31`); None for any other value. Whoever reads ids from plain data uses this too."""
    number = whole_number(value)
    return str(number) if number is not None and 0 <= number <= ID_NUMBER_BOUND else None


def _id_number(value: Any) -> Any:
    """An id written as a whole number (`id: 2024`, `next: [3]`) is its digits, as in the JSON
    Schema (an integer from 0). Other values go on to the pattern, which refuses `-1` and `1.5`
    with its own message."""
    if (digits := number_as_id(value)) is not None:
        return digits
    number = whole_number(value)
    if number is not None and number > ID_NUMBER_BOUND:
        raise PydanticCustomError(
            "number_range", "`{found}` is too large for an id written as a number (at most 10^15); write the id as text", {"found": str(value)}
        )
    if isinstance(value, float) and number is None:
        # A fraction is no id, however it is spelt: `1e-05` would pass the pattern as text, and
        # the JSON Schema (an integer) refuses it. Worded as the pattern words `1.5`.
        raise PydanticCustomError(
            "number_range", "`{found}` is not a valid id: ids use lower-case letters, digits and hyphens, e.g. `google-search`", {"found": str(value)}
        )
    return value


_ID_NUMBER_SCHEMA = {"type": "integer", "minimum": 0, "maximum": ID_NUMBER_BOUND}
Slug = Annotated[
    str,
    BeforeValidator(_id_number),
    StringConstraints(pattern=SLUG_PATTERN, max_length=SLUG_MAX_LENGTH),
    WithJsonSchema({"anyOf": [{"type": "string", "pattern": SLUG_PATTERN, "maxLength": SLUG_MAX_LENGTH}, _ID_NUMBER_SCHEMA]}),
]


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
    """An integer (`1.0` is 1), or a mapping persona id -> integer. Booleans and 1.5 are not emotions."""
    if (number := whole_number(value)) is not None:
        return number
    if isinstance(value, dict):
        scores: dict[str, int] = {}
        for persona, score in value.items():
            if not isinstance(persona, str):
                raise PydanticCustomError(
                    "emotion_type", "per-persona emotions are keyed by persona id, found {key} as a key", {"key": describe(persona)}
                )
            if (number := whole_number(score)) is None:
                raise PydanticCustomError(
                    "emotion_type",
                    "the emotion of `{persona}` must be a whole number, found {found}",
                    {"persona": persona, "found": describe(score)},
                )
            scores[persona] = number
        return scores
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
    into numbers by float(), against the rule that only ASCII digits make a number; and `true`
    into 1.0, though a boolean is never a number."""
    if isinstance(value, str):
        raise PydanticCustomError("float_type", "expected a number, found text")
    if isinstance(value, bool):
        raise PydanticCustomError("float_type", "expected a number, found {found}", {"found": describe(value)})
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


def _whole(value: Any) -> int:
    """A whole number where only one will do: `1.0` is 1; `true`, `1.5` and the text `"1"` are refused."""
    number = whole_number(value)
    if number is None:
        _finite(value)  # `.nan` gets the message about finite numbers
        raise PydanticCustomError("int_type", "expected a whole number, found {found}", {"found": describe(value)})
    return number


def _scale_bound(value: int) -> int:
    if abs(value) > SCALE_BOUND:
        raise PydanticCustomError(
            "number_range",
            "the emotion scale ends at {value}, beyond ±{bound}; use a small scale such as -2..2 or 1..5",
            {"value": value, "bound": SCALE_BOUND},
        )
    return value


def score_of_key(key: Any) -> int | None:
    """The score a key of `labels:` names, a whole number within ±1000, which JSON (and a quoted
    YAML key) writes as text (`"-2"`, `"1.0"`); None when it names none."""
    if isinstance(key, str):
        return int(key.split(".")[0]) if _SCORE_KEY.fullmatch(key) else None
    number = whole_number(key)
    return number if number is not None and abs(number) <= SCALE_BOUND else None


def _label_key(value: Any) -> int:
    score = score_of_key(value)
    if score is not None:
        return score
    if whole_number(value) is None and not (isinstance(value, str) and _WHOLE_NUMBER_TEXT.fullmatch(value)):
        return _whole(value)  # refused: not a whole number
    raise PydanticCustomError(
        "number_range", "{found} is beyond ±{bound}: no emotion scale has that score", {"found": describe(value), "bound": SCALE_BOUND}
    )


# Before: text refused, and the value as written (`.nan`, not nan) for the message; after: the
# bounds again on what pydantic made of it.
KpiValue = Annotated[
    float,
    BeforeValidator(_kpi_number),
    AfterValidator(_kpi_value),
    WithJsonSchema({"type": "number", "minimum": -KPI_BOUND, "maximum": KPI_BOUND}),
]
ScaleBound = Annotated[
    int,
    PlainValidator(_whole),
    AfterValidator(_scale_bound),
    WithJsonSchema({"type": "integer", "minimum": -SCALE_BOUND, "maximum": SCALE_BOUND}),
]
LabelKey = Annotated[int, PlainValidator(_label_key)]


def _iso_date(value: Any) -> Any:
    """Dates are written YYYY-MM-DD, and nothing else: pydantic would also take a number as a
    Unix timestamp and `2026-02-28T00:00:00` as a day. Whether the day exists is pydantic's
    check (and its message)."""
    if isinstance(value, datetime.date) or (isinstance(value, str) and _DATE_SHAPE.fullmatch(value)):
        return value
    raise PydanticCustomError("date_written", "expected a date written YYYY-MM-DD, found {found}", {"found": describe(value)})


DemographicValue = Annotated[str | int | float | bool | None, PlainValidator(_scalar, json_schema_input_type=str | int | float | bool | None)]
IsoDate = Annotated[
    datetime.date, BeforeValidator(_iso_date), WithJsonSchema({"type": "string", "pattern": DATE_PATTERN, "format": "date"})
]


def text_to_object(value: Any) -> Any:
    """Pain points and opportunities may be written as plain text: ``"Slow site"``."""
    return {"text": value} if isinstance(value, (str, int, float)) and not isinstance(value, bool) else value


# -- measuring a journey (`cjmap measure`, MEASURE.md) -----------------------------------------

# A duration as the journey writes it: a whole number from 1 and one unit (seconds, minutes,
# hours, days, weeks). measure/durations.py turns it into seconds.
DURATION_PATTERN = r"^[1-9][0-9]*(s|m|h|d|w)$"
_DURATION = re.compile(DURATION_PATTERN)
DURATION_FORMS = "a whole number and a unit: `45s`, `30m`, `36h`, `7d` or `2w`"
# Six digits at most (999999w is 19,000 years): the microseconds of any duration then fit in the
# 64-bit integers the engines compute with, and the JSON Schema says the same with maxLength.
DURATION_MAX_LENGTH = 7
# A century, in seconds: a longer window or timeout is a typing slip (the JSON Schema cannot say
# this one; cjmap checks it, and measure's --window too).
DURATION_MAX_SECONDS = 100 * 366 * 86_400
DURATION_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3_600, "d": 86_400, "w": 604_800}
# A regular expression instead of a glob is written with this prefix: `page: "re:^/p/[0-9]+$"`.
REGEX_PREFIX = "re:"


def duration_seconds(text: str) -> int:
    """The seconds of a duration already validated (``7d`` -> 604800)."""
    return int(text[:-1]) * DURATION_UNIT_SECONDS[text[-1]]


def _duration(value: Any) -> str:
    if not (isinstance(value, str) and _DURATION.fullmatch(value)):
        raise PydanticCustomError("duration_written", "expected a duration, {forms}; found {found}", {"forms": DURATION_FORMS, "found": describe(value)})
    if len(value) > DURATION_MAX_LENGTH:
        raise PydanticCustomError(
            "number_range", "`{found}` is too long a duration: at most six digits before the unit; write it in a larger unit such as `d` or `w`", {"found": value}
        )
    if duration_seconds(value) > DURATION_MAX_SECONDS:
        raise PydanticCustomError("number_range", "`{found}` is longer than a century: write a shorter duration such as `7d` or `52w`", {"found": value})
    return value


Duration = Annotated[
    str, PlainValidator(_duration, json_schema_input_type=str), WithJsonSchema({"type": "string", "pattern": DURATION_PATTERN, "maxLength": DURATION_MAX_LENGTH})
]


def regex_problem(text: str) -> str | None:
    """Why ``re:PATTERN`` is no regular expression, or None when it compiles (or is no ``re:``
    text). The engines (RE2 in DuckDB, Java in Spark) are stricter than Python in places;
    this catches what is broken in all of them, before any data is read."""
    if not text.startswith(REGEX_PREFIX):
        return None
    pattern = text[len(REGEX_PREFIX) :]
    if not pattern:
        return "`re:` with nothing after it matches everything: write the regular expression after `re:`, or remove the rule"
    shown = text if len(text) <= 60 else text[:57] + "…"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Python's FutureWarnings about its own syntax are not the user's concern
            re.compile(pattern)
    except re.error as error:
        return f"`{shown}` is not a regular expression: {error}"
    except (RecursionError, OverflowError):  # Python's parser recurses once per nested group
        return f"`{shown}` nests groups or repeats too deeply: write a flatter regular expression"
    if (construct := _beyond_re2(pattern)) is not None:
        return f"`{shown}` uses {construct}, which RE2 (the DuckDB engine) does not read: rewrite the expression without it"
    if (posix := _POSIX_CLASS.search(pattern)) is not None:
        return (f"`{shown}` uses the POSIX class `{posix.group(0)}`, which Spark reads as the characters between the colons: "
                "write a range such as `[a-z]`, or `\\d`, `\\w`, `\\pL` (letters), which both engines read alike")
    return None


# `[:alpha:]`: RE2 reads a POSIX class, Java a set of the characters `:alph`.
_POSIX_CLASS = re.compile(r"(?<!\\)\[:\^?(?:alnum|alpha|ascii|blank|cntrl|digit|graph|lower|print|punct|space|upper|word|xdigit):\]")


# What Python reads and RE2 does not: look-arounds and back-references.
_LOOKAROUNDS = ("?=", "?!", "?<=", "?<!", "?P=")


def _beyond_re2(pattern: str) -> str | None:
    """The first look-around or back-reference of a pattern Python compiled, skipping escapes and
    character classes (where `(` and `\\1` mean other things); None when there is none."""
    index, in_class = 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            if not in_class and pattern[index + 1 : index + 2] in set("123456789"):
                return f"the back-reference `{pattern[index : index + 2]}`"
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            # A `]` first in the class (`[]a]`, `[^]a]`) is a character, not the class's end.
            index += 1 + len(next((lead for lead in ("^]", "]", "^") if pattern.startswith(lead, index + 1)), ""))
            continue
        elif char == "(" and pattern.startswith(_LOOKAROUNDS, index + 1):
            return "a look-around" if not pattern.startswith("?P=", index + 1) else "a back-reference"
        index += 1
    return None


def _pattern_text(value: Any) -> Any:
    """A glob, or a regular expression after `re:`, that must compile."""
    if isinstance(value, str) and (problem := regex_problem(value)) is not None:
        raise PydanticCustomError("regex_invalid", "{problem}", {"problem": problem})
    return value


def _match_scalar(value: Any) -> str | int | float | bool:
    if isinstance(value, datetime.date):
        return value.isoformat()  # an unquoted date is compared as the text it was written as
    if value is None or isinstance(value, (list, dict)) or not isinstance(value, (str, int, float)):
        raise PydanticCustomError(
            "scalar_type", "expected a value (text, number, true/false) or a list of them, found {found}", {"found": describe(value)}
        )
    if isinstance(value, str) and not value:
        raise PydanticCustomError("match_empty", "the text is empty: write the value to match, or remove the key")
    scalar: str | int | float | bool = _pattern_text(_finite(value))
    return scalar


def _match_value(value: Any) -> str | int | float | bool | list[str | int | float | bool]:
    """A value a column must have: text (a glob, or `re:` a regular expression), a number or a
    boolean, compared as text; or a non-empty list of them, any of which matches."""
    if isinstance(value, list):
        if not value:
            raise PydanticCustomError("match_empty", "an empty list matches nothing: list at least one value, or remove the key")
        return [_match_scalar(item) for item in value]
    return _match_scalar(value)


_MATCH_SCALAR_SCHEMA: dict[str, Any] = {"anyOf": [{"type": "string", "minLength": 1}, {"type": "number"}, {"type": "boolean"}]}
MatchValue = Annotated[
    str | int | float | bool | list[str | int | float | bool],
    PlainValidator(_match_value, json_schema_input_type=Any),
    WithJsonSchema({"anyOf": [*_MATCH_SCALAR_SCHEMA["anyOf"], {"type": "array", "items": _MATCH_SCALAR_SCHEMA, "minItems": 1}]}),
]
SegmentValue = MatchValue
# A page: a glob on the URL path (`/laptops/*`), or `re:` and a regular expression; a number
# written there is its text, as everywhere in the format.
PagePattern = Annotated[str, StringConstraints(min_length=1), AfterValidator(_pattern_text), WithJsonSchema(TEXT_JSON_SCHEMA)]
# The keys of `where:` and `segment:`: columns or properties of the event data.
PROPERTY_NAMES_SCHEMA: dict[str, Any] = {"propertyNames": {"minLength": 1}}
