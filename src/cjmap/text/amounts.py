"""Small formatting helpers shared by lint messages and renders."""

from __future__ import annotations


def amount(value: float | None, unit: str | None, *, missing: str = "—") -> str:
    """``52%``, ``1900€``, ``18 points``: symbols stick to the number, words get a space."""
    if value is None:
        return missing
    # Never scientific notation: 1250000 stays 1250000, 1234567.89 stays 1234567.89.
    text = str(int(value)) if float(value).is_integer() else f"{value:.12g}"
    if not unit:
        return text
    return f"{text}{unit}" if not unit[0].isalpha() else f"{text} {unit}"
