"""Parse sizes such as ``5M``, ``512K`` or ``1048576`` given on the command line."""

from __future__ import annotations

import re

_SIZE = re.compile(r"^\s*([0-9]+)\s*([kKmMgG]?)(i?[bB])?\s*$")  # [0-9]: \d also takes "５" and "١"
_FACTORS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


def parse_size(text: str) -> int | None:
    """Bytes, or None when ``text`` is not a size."""
    match = _SIZE.match(text)
    if match is None:
        return None
    return int(match.group(1)) * _FACTORS[match.group(2).lower()]
