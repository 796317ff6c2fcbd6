"""Pydantic validation errors -> located, readable issues.

Each pydantic error has a ``loc`` tuple (a document path, plus union tags such as ``'str'`` or
``'PainPoint'`` that pydantic inserts) and a ``type``. The type picks the stable code; the
message is rewritten to say what was expected and how to fix it.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Any, NamedTuple

from pydantic import BaseModel, ValidationError

from cjmap.loader import SourceMap, format_path
from cjmap.validation.suggest import did_you_mean

SLUG_HINT = "ids use lower-case letters, digits and hyphens, e.g. `google-search`"


class SchemaIssue(NamedTuple):
    code: str
    message: str
    path: tuple[Hashable, ...]
    at_key: bool  # point at the key (unknown field) rather than at the value


def schema_issues(error: ValidationError, *, root: type[BaseModel], source_map: SourceMap) -> list[SchemaIssue]:
    issues: dict[tuple[tuple[Hashable, ...], str], SchemaIssue] = {}
    for detail in error.errors(include_url=False):
        path = source_map.known_prefix(detail["loc"]) if detail["type"] != "missing" else _data_path(detail["loc"], source_map)
        issue = _issue(detail, path, root)
        key = (issue.path, issue.code)
        if key in issues and issues[key].message != issue.message:
            # One value failed every member of a union: say so once.
            issue = issue._replace(message=f"{issues[key].message}; or {issue.message}")
        issues[key] = issue
    return list(issues.values())


def _data_path(loc: Sequence[Hashable], source_map: SourceMap) -> tuple[Hashable, ...]:
    """A missing field's path: the existing parent, plus the missing name."""
    parent = source_map.known_prefix(loc[:-1])
    return (*parent, loc[-1])


def _issue(detail: Any, path: tuple[Hashable, ...], root: type[BaseModel]) -> SchemaIssue:
    kind, loc, value = detail["type"], detail["loc"], detail.get("input")
    if kind == "missing":
        where = f" in `{_parent_name(path)}`" if len(path) > 1 else ""
        return SchemaIssue("CJ020", f"missing required field `{path[-1]}`{where}: add `{path[-1]}:`", path, False)
    if kind == "extra_forbidden":
        allowed = _fields_at(root, loc[:-1])
        hint = did_you_mean(str(loc[-1]), allowed)
        listing = f"; allowed here: {', '.join(sorted(allowed))}" if allowed and not hint else ""
        return SchemaIssue("CJ021", f"unknown field `{loc[-1]}`{hint}{listing}", path, True)
    if kind == "unsupported_version":
        return SchemaIssue("CJ024", detail["msg"], path, False)
    if kind == "literal_error":
        expected = detail.get("ctx", {}).get("expected", "")
        choices = [part.strip(" '") for part in expected.replace(" or ", ", ").split(",")]
        hint = did_you_mean(str(value), choices)
        return SchemaIssue("CJ023", f"{_show(value)} is not allowed here{hint}; expected {expected}", path, False)
    if kind == "string_pattern_mismatch":
        return SchemaIssue("CJ023", f"{_show(value)} is not a valid id: {SLUG_HINT}", path, False)
    code = "CJ022" if _is_type_error(kind) else "CJ023"
    message = detail["msg"].replace("Input should be", "expected")
    if kind != "emotion_type" and value is not None:
        message = f"{message}, found {_show(value)}"
    return SchemaIssue(code, message, path, False)


def _is_type_error(kind: str) -> bool:
    """Text where a number or list belongs is a wrong type; an impossible date is a bad value."""
    if kind.startswith(("date", "time", "datetime")):
        return False
    return kind.endswith(("_type", "_parsing"))


def _parent_name(path: tuple[Hashable, ...]) -> str:
    return format_path(path[:-1])


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f"`{value}`" if len(value) <= 60 else f"`{value[:57]}…`"
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    if value is None:
        return "nothing (an empty value)"
    return f"`{value}`"


def _fields_at(root: type[BaseModel], loc: Iterable[Hashable]) -> list[str]:
    """Field names of the model found by walking ``loc`` from ``root`` (for suggestions)."""
    model: Any = root
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) if hasattr(model, "model_fields") else None
        if field is None:
            found = _model_named(model, str(part))
            if found is None:
                return []
            model = found
            continue
        model = _inner_model(field.annotation)
        if model is None:
            return []
    return list(model.model_fields) if hasattr(model, "model_fields") else []


def _model_named(model: Any, name: str) -> Any:
    # Union tags in ``loc`` name the member model (e.g. 'PainPoint'); stay where we are.
    return model if getattr(model, "__name__", None) == name else None


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
