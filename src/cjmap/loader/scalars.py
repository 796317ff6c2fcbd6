"""Scalars by the YAML 1.2 core schema, not PyYAML's YAML 1.1 rules.

https://yaml.org/spec/1.2.2/#1032-tag-resolution. In short: only ``true``/``false`` are
booleans (so ``no``, ``off``, ``yes``, ``on`` stay text — the "Norway problem"), and a
number written with a leading zero such as ``012345`` stays text, which is what people who
write postcodes, phone numbers and ids mean. Dates stay text too; the models parse them.
"""

from __future__ import annotations

import re
from typing import Any

CORE = "tag:yaml.org,2002:"
STR_TAG, INT_TAG, FLOAT_TAG = CORE + "str", CORE + "int", CORE + "float"
BOOL_TAG, NULL_TAG = CORE + "bool", CORE + "null"
SEQ_TAG, MAP_TAG = CORE + "seq", CORE + "map"
# "!" is the non-specific tag: the value is a string (or a plain collection).
SCALAR_TAGS = frozenset({STR_TAG, INT_TAG, FLOAT_TAG, BOOL_TAG, NULL_TAG, "!"})
COLLECTION_TAGS = frozenset({SEQ_TAG, MAP_TAG, "!"})

_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_DECIMAL = re.compile(r"[-+]?[0-9]+\Z")
_LEADING_ZERO = re.compile(r"[-+]?0[0-9]")
_OCTAL = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_INF = re.compile(r"[-+]?\.(?:inf|Inf|INF)\Z")
_NAN = re.compile(r"\.(?:nan|NaN|NAN)\Z")
# Patterns above use [0-9], never \d, which would also match digits of other scripts.
_NUMBER_START = frozenset("0123456789+-.")


class SourceInt(int):
    """An integer that remembers how it was written, so a text field gets ``0x1F``, not ``31``."""

    source: str

    def __new__(cls, value: int, source: str) -> SourceInt:
        number = super().__new__(cls, value)
        number.source = source
        return number

    def __str__(self) -> str:
        return self.source

    # copy.deepcopy and pickle (diff's JSON output) call __new__ with these.
    def __getnewargs__(self) -> tuple[int, str]:  # type: ignore[override]  # int's stub allows one argument
        return (int(self), self.source)


class SourceFloat(float):
    """A float that remembers how it was written (``1.10`` stays ``1.10`` in a title)."""

    source: str

    def __new__(cls, value: float, source: str) -> SourceFloat:
        number = super().__new__(cls, value)
        number.source = source
        return number

    def __str__(self) -> str:
        return self.source

    # copy.deepcopy and pickle call __new__ with these.
    def __getnewargs__(self) -> tuple[float, str]:  # type: ignore[override]  # float's stub allows one argument
        return (float(self), self.source)


def _keep_source(number: int | float, source: str) -> int | float:
    # Only numbers whose usual spelling differs need to carry their source text.
    if str(number) == source:
        return number
    return SourceInt(number, source) if isinstance(number, int) else SourceFloat(number, source)


class TagError(ValueError):
    """A value cannot be read with the tag written on it (``!!int abc``)."""


class NumberTooLong(ValueError):
    """A number literal longer than the budget: refused before Python converts it.

    ``int()`` of more than 4,300 decimal digits raises, and a long hex literal converts but
    then cannot be printed; both crashed every command.
    """

    def __init__(self, length: int) -> None:
        super().__init__(f"a number written with {length} characters")
        self.length = length


def resolve_plain(value: str, *, max_number_chars: int = 100) -> Any:
    """The value of an untagged, unquoted scalar."""
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    # Only ASCII digits start a number: "١" (Arabic-Indic one) or "²" stay text.
    if value[0] in _NUMBER_START:
        return _resolve_number(value, max_number_chars)
    return value


def _resolve_number(value: str, max_chars: int) -> Any:
    if len(value) > max_chars and _is_number(value):
        raise NumberTooLong(len(value))
    if _DECIMAL.match(value):
        return value if _LEADING_ZERO.match(value) else _keep_source(int(value), value)
    if _OCTAL.match(value):
        return _keep_source(int(value, 8), value)
    if _HEX.match(value):
        return _keep_source(int(value, 16), value)
    if _FLOAT.match(value):
        return _keep_source(float(value), value)
    if _INF.match(value):
        return _keep_source(float("-inf") if value.startswith("-") else float("inf"), value)
    if _NAN.match(value):
        return _keep_source(float("nan"), value)
    return value


def _is_number(value: str) -> bool:
    """Whether a plain scalar reads as a number (the patterns are linear: no nested repeats).

    Decimals with a leading zero (``0123…``) are text, whatever their length.
    """
    if _DECIMAL.match(value):
        return not _LEADING_ZERO.match(value)
    return any(pattern.match(value) for pattern in (_OCTAL, _HEX, _FLOAT))


def resolve_tagged(tag: str, value: str, *, max_number_chars: int = 100) -> Any:
    """The value of a scalar with an explicit core tag (``!!str 12``, ``!!int "3"``)."""
    if tag in (STR_TAG, "!"):
        return value
    resolved = resolve_plain(value, max_number_chars=max_number_chars)
    expected = {INT_TAG: int, FLOAT_TAG: float, BOOL_TAG: bool, NULL_TAG: type(None)}[tag]
    if expected is float and type(resolved) is int:
        return float(resolved)
    if type(resolved) is not expected:
        raise TagError(f"{value!r} is not a valid {short_tag(tag)} value")
    return resolved


def mapping_key(value: Any, source: str) -> str | int:
    """Keys are text, or whole numbers (emotion-scale labels). ``true``, ``1.0`` or ``~`` as a
    key stays the text written, so it cannot collide with ``1`` in a Python dict."""
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    return value if isinstance(value, str) else source


def short_tag(tag: str) -> str:
    """``tag:yaml.org,2002:python/object`` -> ``!!python/object``, as the user wrote it."""
    return "!!" + tag[len(CORE):] if tag.startswith(CORE) else tag
