"""Validation: loader issues, schema errors and broken references, as located problems."""
from __future__ import annotations

from cjmap.validation.pipeline import validate_bytes, validate_text

__all__ = ["validate_bytes", "validate_text"]
