"""Whole numbers as people type them in a spreadsheet cell or a Mermaid task: ASCII only.

Python's int() also reads "١" (Arabic-Indic one) as 1 and "1_0" as 10; a journey's numbers
are the ASCII digits that every other reader of the file sees.
"""

from __future__ import annotations

import re

# At most 18 digits: any score or emotion fits, and int() never meets a number it refuses.
_WHOLE = re.compile(r"[-+]?[0-9]{1,18}", re.ASCII)


def whole_number(text: str) -> int | None:
    """The number ``text`` holds (spaces around it allowed), or None."""
    stripped = text.strip()
    return int(stripped) if _WHOLE.fullmatch(stripped) else None
