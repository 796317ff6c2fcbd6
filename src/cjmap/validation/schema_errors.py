"""Pydantic validation errors -> located, readable issues.

Each pydantic error has a ``loc`` tuple (a document path, plus union tags such as ``'str'`` or
``'PainPoint'`` that pydantic inserts) and a ``type``. The type picks the stable code; the
message is rewritten to say what was expected, what was found, and how to fix it.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Hashable, Iterable, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from cjmap.loader import DocPath, SourceMap, format_path
from cjmap.model.types import describe
from cjmap.model.vocabulary import SLUG_PATTERN
from cjmap.text.suggest import did_you_mean
from cjmap.validation.issues import PathIssue

SLUG_HINT = "ids use lower-case letters, digits and hyphens, e.g. `google-search`"

# pydantic error type -> (code, what was expected)
_EXPECTED = {
    "string_type": ("CJ022", "text"),
    "int_type": ("CJ022", "a whole number"),
    "int_parsing": ("CJ022", "a whole number"),
    "int_from_float": ("CJ022", "a whole number"),
    "float_type": ("CJ022", "a number"),
    "float_parsing": ("CJ022", "a number"),
    "finite_number": ("CJ023", "a finite number"),
    "bool_type": ("CJ022", "true or false"),
    "bool_parsing": ("CJ022", "true or false"),
    "list_type": ("CJ022", "a list"),
    "dict_type": ("CJ022", "a mapping (`key: value` lines)"),
    "model_type": ("CJ022", "a mapping of fields (`key: value` lines)"),
    "model_attributes_type": ("CJ022", "a mapping of fields (`key: value` lines)"),
    "date_type": ("CJ023", "a date written YYYY-MM-DD"),
    "date_parsing": ("CJ023", "a date written YYYY-MM-DD"),
    "date_from_datetime_parsing": ("CJ023", "a date written YYYY-MM-DD"),
    "date_from_datetime_inexact": ("CJ023", "a date written YYYY-MM-DD"),
}
_DATE_KINDS = frozenset(kind for kind, (_, expected) in _EXPECTED.items() if expected.startswith("a date"))
_YYYY_MM_DD = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
# English month names written out: calendar.month_name follows the process's locale.
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
# Our own PydanticCustomError types whose message is complete as it is.
_CUSTOM = {
    "emotion_type": "CJ022",
    "scalar_type": "CJ022",
    "date_written": "CJ023",
    "scale_order": "CJ023",
    "number_finite": "CJ023",
    "number_range": "CJ023",
    "duration_written": "CJ023",
    "match_empty": "CJ023",
    "regex_invalid": "CJ023",
    "rules_form": "CJ022",
}


def schema_issues(error: ValidationError, *, root: type[BaseModel], source_map: SourceMap) -> list[PathIssue]:
    issues: dict[tuple[DocPath, str], PathIssue] = {}
    for detail in error.errors(include_url=False):
        loc = detail["loc"]
        path = _data_path(loc, source_map) if detail["type"] == "missing" else source_map.known_prefix(loc)
        issue = _issue(detail, path, root)
        key = (issue.path, issue.code)
        if key in issues and issues[key].message != issue.message:
            # One value failed every member of a union: say so once.
            issue = issue._replace(message=f"{issues[key].message}; or {issue.message}")
        issues[key] = issue
    return list(issues.values())


def _data_path(loc: Sequence[Hashable], source_map: SourceMap) -> DocPath:
    """A missing field's path: the existing parent, plus the missing name."""
    return (*source_map.known_prefix(loc[:-1]), loc[-1])


def _issue(detail: Any, path: DocPath, root: type[BaseModel]) -> PathIssue:
    kind, loc, value = detail["type"], detail["loc"], detail.get("input")
    if kind == "missing":
        where = f" in `{format_path(path[:-1])}`" if len(path) > 1 else ""
        return PathIssue("CJ020", f"missing required field `{path[-1]}`{where}: add `{path[-1]}:`", path)
    if kind == "extra_forbidden":
        return PathIssue("CJ021", _unknown_field(str(loc[-1]), _fields_at(root, loc[:-1])), path, True)
    if kind == "unsupported_version":
        return PathIssue("CJ024", detail["msg"], path)
    if kind in _CUSTOM:
        return PathIssue(_CUSTOM[kind], detail["msg"], path)
    if kind == "literal_error":
        expected = detail.get("ctx", {}).get("expected", "")
        choices = [part.strip(" '") for part in expected.replace(" or ", ", ").split(",")]
        hint = did_you_mean(str(value), choices)
        return PathIssue("CJ023", f"{_show(value)} is not allowed here{hint}; expected {expected}", path)
    if kind == "string_pattern_mismatch":
        return PathIssue("CJ023", _pattern_message(value, detail.get("ctx", {}).get("pattern", "")), path)
    if kind == "too_short":
        return PathIssue("CJ023", "must not be empty" + (": add at least one item" if isinstance(value, list) else ""), path)
    if kind == "string_too_short":  # only `min_length=1` is asked of text
        return PathIssue("CJ023", "the text is empty: write it, or remove the entry", path)
    if kind in _DATE_KINDS and (impossible := _impossible_date(value)) is not None:
        return PathIssue("CJ023", impossible, path)
    if kind in _EXPECTED:
        code, expected = _EXPECTED[kind]
        return PathIssue(code, f"expected {expected}, found {describe(value)}{_quote_hint(value, expected)}", path)
    return PathIssue("CJ023", detail["msg"].replace("Input should be", "expected"), path)


def _impossible_date(value: Any) -> str | None:
    """Why a value written YYYY-MM-DD names no day (``2026-02-30``), or None if it is not one."""
    written = _YYYY_MM_DD.fullmatch(value) if isinstance(value, str) else None
    if written is None:
        return None
    year, month, day = (int(part) for part in written.groups())
    if year == 0:
        return f"`{value}` is not a date: there is no year 0000; years start at 0001"
    if not 1 <= month <= 12:
        return f"`{value}` is not a date: there is no month {written.group(2)}; months run from 01 to 12"
    if day == 0:
        return f"`{value}` is not a date: there is no day 00; days start at 01"
    days = calendar.monthrange(year, month)[1]
    if day > days:
        return f"`{value}` is not a date: {_MONTHS[month - 1]} {written.group(1)} has {days} days"
    return None


def _unknown_field(key: str, allowed: list[str]) -> str:
    if key == "<<":
        return "YAML merge keys (`<<`) are not part of YAML 1.2, which cjmap reads: write the fields out"
    hint = did_you_mean(key, allowed)
    listing = f"; allowed here: {', '.join(sorted(allowed))}" if allowed and not hint else ""
    return f"unknown field `{key}`{hint}{listing}"


def _pattern_message(value: Any, pattern: str) -> str:
    if pattern == SLUG_PATTERN:
        return f"{_show(value)} is not a valid id: {SLUG_HINT}"
    return f"{_show(value)} is not a language tag such as `en`, `es` or `pt-BR`"


def _quote_hint(value: Any, expected: str) -> str:
    if expected == "text" and (isinstance(value, bool) or value is None):
        return "; put the value in quotes to keep it as text"
    return ""


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f"`{value}`" if len(value) <= 60 else f"`{value[:57]}…`"
    return describe(value)


def _fields_at(root: type[BaseModel], loc: Iterable[Hashable]) -> list[str]:
    """Field names of the model found by walking ``loc`` from ``root`` (for suggestions)."""
    model: Any = root
    for part in loc:
        fields = {_key_of(name, info): info for name, info in model.model_fields.items()} if hasattr(model, "model_fields") else {}
        if isinstance(part, int) or part == getattr(model, "__name__", None) or (isinstance(part, str) and part in _UNION_TAGS and part not in fields):
            continue  # list indexes, and union tags naming the member model or the form
        field = fields.get(part) if isinstance(part, str) else None
        model = _inner_model(field.annotation) if field is not None else None
        if model is None:
            return []
    return [_key_of(name, info) for name, info in model.model_fields.items()] if hasattr(model, "model_fields") else []


# The tags of the format's discriminated unions (journey.py: one event name or a list of them, a
# rule written as a name or a mapping), which pydantic puts in an error's location.
_UNION_TAGS = frozenset({"name", "names", "rule", "rules"})


def _key_of(name: str, info: Any) -> str:
    """The key a field is written with: its alias (`from` for the attribute `from_`), or its name."""
    return str(info.alias or name)


def _inner_model(annotation: Any) -> Any:
    """The BaseModel inside ``list[X]``, ``X | None``, ``Annotated[X, …]``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(argument)
        if found is not None:
            return found
    origin = getattr(annotation, "__origin__", None)
    return _inner_model(origin) if origin is not None and origin is not annotation else None
