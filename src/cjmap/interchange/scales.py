"""Which ``--score-scale`` holds an import's scores: the CSV and Mermaid importers name the same
scale for the same scores, and never one a journey cannot have (``emotion_scale`` stays within
±SCALE_BOUND, CJ023)."""

from __future__ import annotations

from cjmap.model.types import SCALE_BOUND

# Scales people use, narrowest first: the hint names the first that holds every score.
COMMON_SCALES = ((-2, 2), (1, 5), (0, 5), (-3, 3), (1, 7), (1, 10), (0, 10), (-5, 5), (-10, 10), (0, 100), (-100, 100))


def fitting_scale(low: int, high: int) -> tuple[int, int] | None:
    """The scale to suggest for scores from ``low`` to ``high``; None when no scale a journey
    holds has them all."""
    if low < -SCALE_BOUND or high > SCALE_BOUND:
        return None
    return next(((a, b) for a, b in COMMON_SCALES if a <= low and high <= b), (min(low, 0), max(high, 0)))


def fitting(low: int, high: int) -> str:
    """The way out when the file's scores are on another scale: the --score-scale that holds them."""
    spread = f"the file's scores run from {low} to {high}"
    scale = fitting_scale(low, high)
    if scale is None:
        return f"{spread}, beyond any scale a journey holds (±{SCALE_BOUND:,}); correct the scores"
    return f"{spread}: to keep them as written, import with --score-scale {scale[0]}..{scale[1]}"
