"""Stable codes for validation problems (``CJ0xx``), and CJ100 for the linter's own warning
about a suppression comment that names no rule. Lint rules use ``CJ101`` and up.

Codes are a public contract: CI configurations and suppressions refer to them, so a code is
never reused for another meaning. ``docs/validation.md`` documents each one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    summary: str


_CODES = (
    Code("CJ001", "yaml-syntax", "The file is not well-formed YAML."),
    Code("CJ002", "duplicate-key", "A mapping has the same key twice."),
    Code("CJ003", "unsupported-tag", "A YAML tag other than the core ones (!!str, !!int…) is used."),
    Code("CJ004", "alias-expansion", "Anchors and aliases expand beyond the size limit."),
    Code("CJ005", "too-deep", "Collections are nested deeper than the limit."),
    Code("CJ006", "file-too-large", "The file is larger than the size limit."),
    Code("CJ007", "encoding", "The file is not valid UTF-8."),
    Code("CJ008", "empty-file", "The file holds no YAML document."),
    Code("CJ009", "multiple-documents", "The file holds more than one YAML document."),
    Code("CJ010", "not-a-mapping", "The top level of the file is not a mapping."),
    Code("CJ011", "tab-indentation", "A tab character is used for indentation."),
    Code("CJ012", "unreadable", "The file cannot be read."),
    Code("CJ013", "line-too-long", "A line is longer than the budget for one line."),
    Code("CJ014", "value-too-long", "A value is longer than the budget for one value."),
    Code("CJ015", "number-too-long", "A number is written with more characters than the budget."),
    Code("CJ016", "too-many-touchpoints", "The journey has more touchpoints than the budget."),
    Code("CJ017", "too-many-edges", "The journey has more `next:` edges than the budget."),
    Code("CJ018", "too-many-persona-lanes", "The touchpoints' personas add up to more persona lanes, or persona steps along `next:`, than the budget."),
    Code("CJ019", "internal-error", "cjmap failed on this file (a bug); the other files are still checked."),
    Code("CJ020", "missing-field", "A required field is missing."),
    Code("CJ021", "unknown-field", "A key that the format does not define."),
    Code("CJ022", "wrong-type", "A value has the wrong type."),
    Code("CJ023", "invalid-value", "A value is outside what the field accepts."),
    Code("CJ024", "unsupported-version", "The `cjmap:` format version is not one this tool reads."),
    Code("CJ030", "duplicate-id", "Two items of the same kind share an id."),
    Code("CJ031", "unknown-reference", "A reference to a persona, touchpoint, pain point or channel that does not exist."),
    Code("CJ032", "emotion-out-of-scale", "An emotion lies outside the journey's emotion scale."),
    Code("CJ033", "emotion-persona-absent", "An emotion is given for a persona who is not on the touchpoint."),
    # Reported by the linter, not by validation: with `lint --skip-invalid`, an invalid file's one
    # finding (its validation errors are `cjmap validate`'s to report), and a suppression typo.
    Code("CJ099", "not-linted", "The file has validation errors, so its lint rules did not run (`lint --skip-invalid`)."),
    Code("CJ100", "unknown-suppression", "A `# cjmap: disable=` comment names no rule."),
)

CODES: dict[str, Code] = {c.code: c for c in _CODES}
CODE_BY_NAME: dict[str, Code] = {c.name: c for c in _CODES}

if len(CODES) != len(_CODES) or len(CODE_BY_NAME) != len(_CODES):  # pragma: no cover
    raise RuntimeError("duplicated validation code or name in cjmap.validation.codes")


def name_of(code: str) -> str:
    """Slug name of a validation code; raises KeyError for an unknown code (fail loudly)."""
    return CODES[code].name
