"""Parse sizes such as ``5M``, ``512K`` or ``1048576`` given on the command line."""

from __future__ import annotations

import re

# ASCII digits only: \d would read "١" (Arabic-Indic one) as 1.
# Matched against the stripped text: "\s*" at both ends let the two runs of spaces share the
# input ("5" + 50,000 spaces + "x" was quadratic).
_SIZE = re.compile(r"([0-9]+)\s*([kKmMgG]?)(i?[bB])?")
_FACTORS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}
# The largest --max-file-size: far above any journey (a real one is a few kilobytes), and far
# below what a 64-bit read() can be asked for (a larger number was an internal OverflowError).
MAX_FILE_SIZE_CEILING = 1024**3
# More digits than any sane size has; int() of thousands of digits is slow, and past 4,300
# digits Python refuses it with a ValueError (CVE-2020-10735).
_MAX_DIGITS = 18
_HUGE: int = 10**_MAX_DIGITS  # stands for any longer number: above every ceiling


def parse_size(text: str) -> int | None:
    """Bytes, or None when ``text`` is not a size.

    A number too long to be a sane size gives 10**18, so that callers checking the range
    refuse it without converting thousands of digits.
    """
    match = _SIZE.fullmatch(text.strip())
    if match is None:
        return None
    digits = match.group(1).lstrip("0") or "0"
    if len(digits) > _MAX_DIGITS:
        return _HUGE
    return int(digits) * _FACTORS[match.group(2).lower()]


def size_option(text: str, *, option: str = "--max-file-size", ceiling: int = MAX_FILE_SIZE_CEILING, minimum: int = 1) -> int | str:
    """Bytes from a size option, or the usage error to print: not a size, or out of range."""
    size = parse_size(text)
    shown = _shown(text)
    if size is None:
        return f"{option}: {shown} is not a size; write e.g. 5M, 512K or 1048576"
    if size < minimum or size > ceiling:
        lowest = f"{minimum:,} byte{'s' if minimum != 1 else ''}"
        return f"{option}: {shown} is out of range; give a size from {lowest} to {_human(ceiling)} ({ceiling:,} bytes), e.g. 5M"
    return size


def _shown(text: str) -> str:
    """The value as typed, quoted, printable and short (it may be 5,000 digits long)."""
    from cjmap.text.safe import visible

    shown = visible(repr(text))
    return shown if len(shown) <= 40 else shown[:39] + "…"


def _human(count: int) -> str:
    for suffix, factor in (("G", 1024**3), ("M", 1024**2), ("K", 1024)):
        if count % factor == 0:
            return f"{count // factor}{suffix}"
    return f"{count} bytes"


def size_to_allow(size: int) -> str:
    """The ``--max-file-size`` value that lets a file of ``size`` bytes through: whole MiB,
    rounded up (what the messages about files over the limit suggest)."""
    return f"--max-file-size {-(-size // 1024**2)}M"
