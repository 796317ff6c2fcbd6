"""GitHub code scanning's ``primaryLocationLineHash``: the hash github/codeql-action's upload-sarif
computes for a finding's line (src/fingerprints.ts), reproduced exactly (its own test cases hold
it, and a literal port of its rolling loop in the tests).

``check.py`` computes it for SARIF from the very text it checked (standard input too, within the
command's size limit), so the SARIF reporter never reads a file itself. Text only: no journey
logic, and no cost unless asked for.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator
from operator import mul

_LF = 10
_EOF = 65535  # what codeql-action feeds after the last character
_BLOCK_SIZE = 100
_MOD = 37
_MASK = (1 << 64) - 1  # codeql-action's Long: 64-bit arithmetic that wraps around
# The weight of each of a line's 100 units: 37^99 for its first … 37^0 for its last.
_POWERS = [pow(_MOD, _BLOCK_SIZE - 1 - place, 1 << 64) for place in range(_BLOCK_SIZE)]


def line_hashes(text: str, wanted: Iterable[int]) -> dict[int, str]:
    """``primaryLocationLineHash`` of each 1-based line in ``wanted``, as codeql-action computes it.

    ``text`` is the file decoded as Node decodes it (UTF-8, bad bytes as U+FFFD, a byte-order
    mark kept). A line's hash covers the 100 UTF-16 code units from its start, spaces and tabs
    left out and every line break as one ``\\n``, then codeql-action's end-of-file mark and zeros;
    ``:N`` counts the lines up to this one with the same hash. Lines after the last wanted one
    are not hashed.
    """
    targets = set(wanted)
    if not targets:
        return {}
    units = _units(text)
    counts: dict[int, int] = {}
    found: dict[int, str] = {}
    for number, start in enumerate(_line_starts(units, max(targets)), start=1):
        # fingerprints.ts rolls this sum along the text; computed per line it is the same
        # number, in C-speed sums (a 5 MiB file takes a fraction of the time).
        value = sum(map(mul, units[start : start + _BLOCK_SIZE], _POWERS)) & _MASK
        counts[value] = counts.get(value, 0) + 1
        if number in targets:
            found[number] = f"{value:x}:{counts[value]}"
    return found


def _units(text: str) -> array[int]:
    """The UTF-16 code units fingerprints.ts hashes (JavaScript's charCodeAt), then its EOF mark.

    Every CR LF, then every lone CR, becomes one LF, and spaces and tabs are dropped, in that
    order: "\\r \\n" is two line breaks there too (the space ends "an LF right after a CR").
    """
    kept = text.replace("\r\n", "\n").replace("\r", "\n").replace(" ", "").replace("\t", "")
    units = array("H", kept.encode("utf-16-le", errors="surrogatepass"))
    units.append(_EOF)
    return units


def _line_starts(units: array[int], last: int) -> Iterator[int]:
    """Where lines 1..``last`` start: at 0 and after each LF (the EOF mark starts the line after a final LF)."""
    start = 0
    for _ in range(last):
        yield start
        try:
            start = units.index(_LF, start) + 1
        except ValueError:
            return
