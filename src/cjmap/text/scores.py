"""How an emotion score is written: ``+1`` and ``-2`` on scales with negative values, where the
sign means something; ``70`` on 0..100 or ``4`` on 1..5, where ``+70`` would read oddly."""

from __future__ import annotations


def signed(value: int) -> str:
    """``+1``, ``0``, ``-2``."""
    return f"{value:+d}" if value else "0"


def score(value: int, low: int) -> str:
    """``value`` as written on a scale starting at ``low``."""
    return signed(value) if low < 0 else str(value)
