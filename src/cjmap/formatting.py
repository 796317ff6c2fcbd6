"""Small formatting helpers shared by lint messages and renders."""

from __future__ import annotations


def amount(value: float | None, unit: str | None, *, missing: str = "—") -> str:
    """``52%``, ``1900€``, ``18 points``: symbols stick to the number, words get a space."""
    if value is None:
        return missing
    text = f"{value:g}"
    if not unit:
        return text
    return f"{text}{unit}" if not unit[0].isalpha() else f"{text} {unit}"
