"""Fingerprints that let GitHub code scanning follow a finding from run to run.

Two, in SARIF's ``partialFingerprints``:

- ``primaryLocationLineHash``: the hash github/codeql-action's upload-sarif computes itself
  (src/fingerprints.ts), ported here character for character, so uploads through the API (which
  computes nothing) match uploads through the action, and the action finds its own value already
  there instead of warning that ours is inconsistent.
- ``cjmap/v1``: the rule, the file's path in the repository, the document path and the message;
  no line number, so a finding keeps its identity when lines are added above it.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Iterable, Iterator
from itertools import chain

_TAB, _SPACE, _LF, _CR = 9, 32, 10, 13
_EOF = 65535  # what codeql-action feeds after the last character
_BLOCK_SIZE = 100
_MOD = 37
_MASK = (1 << 64) - 1  # codeql-action's Long: 64-bit arithmetic that wraps around
_FIRST_MOD = pow(_MOD, _BLOCK_SIZE, 1 << 64)


def line_hashes(text: str, wanted: Iterable[int]) -> dict[int, str]:
    """``primaryLocationLineHash`` of each 1-based line in ``wanted``, as codeql-action computes it.

    ``text`` is the file decoded as Node decodes it (UTF-8, bad bytes as U+FFFD, a byte-order
    mark kept). Each line's hash covers the 100 characters from its start, spaces and tabs left
    out and line breaks as one ``\\n``; ``:N`` counts lines with the same hash up to this one.
    The work stops after the last wanted line's hash.
    """
    targets = set(wanted)
    found: dict[int, str] = {}
    if not targets:
        return found
    last = max(targets)
    for number, value in _all_hashes(text):
        if number in targets:
            found[number] = value
        if number >= last:
            break
    return found


def _all_hashes(text: str) -> Iterator[tuple[int, str]]:
    """(line number, "hash:N") for every line in order: fingerprints.ts's ``hash``."""
    window = [0] * _BLOCK_SIZE
    starts = [-1] * _BLOCK_SIZE  # the line that starts at each window slot, -1 for none
    counts: dict[str, int] = {}
    raw = index = number = 0
    for marked in _characters(text):
        if starts[index] != -1:
            yield _output(starts, index, raw, counts)
        unit = marked
        if marked < 0:  # this character starts a line
            number += 1
            starts[index] = number
            unit = -marked - 1
        raw = (_MOD * raw + unit - _FIRST_MOD * window[index]) & _MASK
        window[index] = unit
        index = (index + 1) % _BLOCK_SIZE
    for _ in range(_BLOCK_SIZE):  # flush: zeros after the end, so the last lines have 100 characters
        if starts[index] != -1:
            yield _output(starts, index, raw, counts)
        raw = (_MOD * raw - _FIRST_MOD * window[index]) & _MASK
        window[index] = 0
        index = (index + 1) % _BLOCK_SIZE


def _output(starts: list[int], index: int, raw: int, counts: dict[str, int]) -> tuple[int, str]:
    value = format(raw, "x")
    counts[value] = counts.get(value, 0) + 1
    number, starts[index] = starts[index], -1
    return number, f"{value}:{counts[value]}"


def _characters(text: str) -> Iterator[int]:
    """The UTF-16 code units codeql-action hashes (JavaScript's charCodeAt), then its EOF mark.

    Spaces and tabs are skipped, a CR becomes LF and an LF right after a CR is skipped. A unit
    that starts a line comes negated (``-unit - 1``), so the caller needs no second stream.
    """
    units = array("H", text.encode("utf-16-le", errors="surrogatepass"))
    line_start, after_cr = True, False
    for read in chain(units, (_EOF,)):
        if read in (_SPACE, _TAB) or (after_cr and read == _LF):
            after_cr = False
            continue
        after_cr = read == _CR
        unit = _LF if after_cr else read
        yield -unit - 1 if line_start else unit
        line_start = unit == _LF


def cjmap_fingerprint(code: str, repository_path: str, document_path: str, message: str) -> str:
    """A hash of what a finding is, not of where: the same finding after lines moved has it."""
    joined = f"{code}\x00{repository_path}\x00{document_path}\x00{message}"
    return hashlib.sha256(joined.encode("utf-8", errors="surrogatepass")).hexdigest()[:32]
