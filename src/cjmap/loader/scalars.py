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


class TagError(ValueError):
    """A value cannot be read with the tag written on it (``!!int abc``)."""


def resolve_plain(value: str) -> Any:
    """The value of an untagged, unquoted scalar."""
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    first = value[0]
    if first.isdigit() or first in "+-.":
        return _resolve_number(value)
    return value


def _resolve_number(value: str) -> Any:
    if _DECIMAL.match(value):
        return value if _LEADING_ZERO.match(value) else int(value)
    if _OCTAL.match(value):
        return int(value[2:], 8)
    if _HEX.match(value):
        return int(value[2:], 16)
    if _FLOAT.match(value):
        return float(value)
    if _INF.match(value):
        return float("-inf") if value.startswith("-") else float("inf")
    if _NAN.match(value):
        return float("nan")
    return value


def resolve_tagged(tag: str, value: str) -> Any:
    """The value of a scalar with an explicit core tag (``!!str 12``, ``!!int "3"``)."""
    if tag in (STR_TAG, "!"):
        return value
    resolved = resolve_plain(value)
    expected = {INT_TAG: int, FLOAT_TAG: float, BOOL_TAG: bool, NULL_TAG: type(None)}[tag]
    if expected is float and type(resolved) is int:
        return float(resolved)
    if type(resolved) is not expected:
        raise TagError(f"{value!r} is not a valid {short_tag(tag)} value")
    return resolved


def short_tag(tag: str) -> str:
    """``tag:yaml.org,2002:python/object`` -> ``!!python/object``, as the user wrote it."""
    return "!!" + tag[len(CORE):] if tag.startswith(CORE) else tag
