"""Cutting a run of map columns into even pieces: a stage too wide for a row of the Graphviz
picture, or for a printed page of the HTML map, is cut the same way in both."""

from __future__ import annotations


def even_bounds(size: int, most: int) -> list[int]:
    """Where the pieces start and end when ``size`` columns are cut into the fewest pieces of
    at most ``most`` columns, their widths differing by one at most, the longer first: 14 in
    pieces of 6 is 0, 5, 10, 14 (5, 5 and 4; not 6, 6 and 2)."""
    count = -(-size // most)
    return [-(-size * k // count) for k in range(count + 1)]
