"""The numbers of a measurement as they are written: exact ratios rounded half away from zero,
whole values as integers, and the percentiles interpolated between the ranks SQL selected.

Everything is computed on exact fractions from the engines' integers, so the same data gives the
same bytes on DuckDB and on Spark.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

Exact = Fraction | Decimal | float | int


def rounded(value: Exact | None, places: int) -> int | float | None:
    """``value`` to ``places`` decimals, half away from zero (0.03125 -> 0.0313 at 4); an
    integral result as an int (3.0 -> 3)."""
    if value is None:
        return None
    exact = Fraction(value)
    scale = 10**places
    magnitude = math.floor(abs(exact) * scale + Fraction(1, 2))
    result = Fraction(magnitude if exact >= 0 else -magnitude, scale)
    return int(result) if result.denominator == 1 else float(result)


def ratio(numerator: Exact, denominator: Exact) -> Fraction | None:
    """numerator / denominator, exact; None when the denominator is 0."""
    return Fraction(numerator) / Fraction(denominator) if denominator else None


def percentile(values_at: Mapping[int, int], count: int, tenths: int) -> Fraction:
    """The ``tenths``/10 percentile of ``count`` sorted values, of which ``values_at`` holds those
    at the ranks around (count-1)·p (0-based): linear interpolation between the closest ranks,
    as numpy's default and SQL's percentile_cont."""
    position = Fraction((count - 1) * tenths, 10)
    low = math.floor(position)
    high = math.ceil(position)
    return values_at[low] + (values_at[high] - values_at[low]) * (position - low)
