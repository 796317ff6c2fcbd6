"""Validation: loader issues, schema errors and broken references, as located problems."""

from cjmap.validation.pipeline import FileResult, validate_bytes, validate_file, validate_text

__all__ = ["FileResult", "validate_bytes", "validate_file", "validate_text"]
