"""A three-way merge of lines (diff3), with a line diff in about linear time.

No YAML here: files/yaml_edit.py uses it to carry an edit made in ruamel's writing of a file onto
the lines the user wrote. ``mine`` is the user's text, ``base`` a rewriting of it, ``theirs`` the
rewriting after the edit; the result is ``mine`` with the edit.
"""

from __future__ import annotations

import bisect
import difflib

__all__ = ["merge3", "opcodes"]


def merge3(mine: list[str], base: list[str], theirs: list[str]) -> list[str]:
    """``mine`` with the changes from ``base`` to ``theirs``. Where only ``mine`` differs from
    ``base``, its lines are kept; where only ``theirs`` does, its lines; where both, ``theirs``
    (with the lines of ``mine`` that ``base`` only re-spaced)."""
    if mine == base:
        return theirs
    ours_ops, edits_ops = opcodes(base, mine), opcodes(base, theirs)
    ours, edits = _Hunks(ours_ops), _Hunks(edits_ops)
    # In a range both changed, a line the edit kept is still the original's line when ruamel
    # only re-spaced it (a hunk that replaces lines one for one).
    mine_of_base = _one_for_one(ours_ops)
    base_of_theirs = _moved(edits_ops, base, theirs) | {b: t for t, b in _one_for_one(edits_ops, replaced=False).items()}
    out: list[str] = []
    mine_at = 0
    for lo, hi, edited in _clusters(ours.hunks, edits.hunks):
        out += mine[mine_at : ours.mapped(lo)]
        if edited:
            for line in range(edits.mapped(lo), edits.mapped(hi, end=True)):
                kept = mine_of_base.get(base_of_theirs.get(line, -1))
                out.append(theirs[line] if kept is None else mine[kept])
        else:
            out += mine[ours.mapped(lo) : ours.mapped(hi, end=True)]
        mine_at = ours.mapped(hi, end=True)
    return out + mine[mine_at:]


# The diff of lines. difflib's SequenceMatcher (autojunk off) compares every line with every
# line: quadratic, minutes for a big file that ruamel re-spaces throughout. So the lines the two
# texts share at both ends are matched first, then lines that occur once in each (patience
# diff: they anchor the match, in order), and SequenceMatcher only sees what lies between two
# anchors, when that is small; a large gap without anchors is one replaced block.

_Opcode = tuple[str, int, int, int, int]
_SMALL = 40_000  # the largest gap (lines of one side times lines of the other) given to SequenceMatcher


def opcodes(a: list[str], b: list[str]) -> list[_Opcode]:
    """SequenceMatcher.get_opcodes() for ``a`` to ``b``, found in about linear time."""
    pairs: list[tuple[int, int, int]] = []  # matching blocks: a start, b start, length
    gaps = [(0, len(a), 0, len(b))]
    while gaps:
        a_lo, a_hi, b_lo, b_hi = gaps.pop()
        head = 0
        while a_lo + head < a_hi and b_lo + head < b_hi and a[a_lo + head] == b[b_lo + head]:
            head += 1
        tail = 0
        while a_hi - tail > a_lo + head and b_hi - tail > b_lo + head and a[a_hi - tail - 1] == b[b_hi - tail - 1]:
            tail += 1
        pairs += [(a_lo, b_lo, head), (a_hi - tail, b_hi - tail, tail)]
        a_lo, a_hi, b_lo, b_hi = a_lo + head, a_hi - tail, b_lo + head, b_hi - tail
        if a_lo == a_hi or b_lo == b_hi:
            continue
        anchors = _anchors(a, a_lo, a_hi, b, b_lo, b_hi)
        if anchors:
            for (i, j), (i_next, j_next) in zip([(a_lo - 1, b_lo - 1), *anchors], [*anchors, (a_hi, b_hi)], strict=True):
                if (i_next, j_next) != (a_hi, b_hi):
                    pairs.append((i_next, j_next, 1))
                gaps.append((i + 1, i_next, j + 1, j_next))
        elif (a_hi - a_lo) * (b_hi - b_lo) <= _SMALL:
            blocks = _matcher(a[a_lo:a_hi], b[b_lo:b_hi]).get_matching_blocks()
            pairs += [(a_lo + i, b_lo + j, size) for i, j, size in blocks]
    return _to_opcodes(sorted(pair for pair in pairs if pair[2]), len(a), len(b))


def _anchors(a: list[str], a_lo: int, a_hi: int, b: list[str], b_lo: int, b_hi: int) -> list[tuple[int, int]]:
    """Lines that occur exactly once in each range, the longest run of them in the same order."""
    seen: dict[str, list[int]] = {}
    for i in range(a_lo, a_hi):
        seen.setdefault(a[i], [0, i, 0, 0])[0] += 1
    for j in range(b_lo, b_hi):
        entry = seen.get(b[j])
        if entry is not None:
            entry[2] += 1
            entry[3] = j
    unique = sorted((entry[3], entry[1]) for entry in seen.values() if entry[0] == 1 and entry[2] == 1)
    # The longest increasing run of a-positions along b (patience sorting).
    tops: list[int] = []
    top_at: list[int] = []
    back: list[int] = [-1] * len(unique)
    for index, (_j, i) in enumerate(unique):
        pile = bisect.bisect_left(tops, i)
        if pile == len(tops):
            tops.append(i)
            top_at.append(index)
        else:
            tops[pile], top_at[pile] = i, index
        back[index] = top_at[pile - 1] if pile else -1
    run: list[tuple[int, int]] = []
    at = top_at[-1] if top_at else -1
    while at >= 0:
        run.append((unique[at][1], unique[at][0]))
        at = back[at]
    return run[::-1]


def _to_opcodes(blocks: list[tuple[int, int, int]], a_len: int, b_len: int) -> list[_Opcode]:
    ops: list[_Opcode] = []
    i = j = 0
    for a_at, b_at, size in [*blocks, (a_len, b_len, 0)]:
        tag = "replace" if i < a_at and j < b_at else "delete" if i < a_at else "insert" if j < b_at else ""
        if tag:
            ops.append((tag, i, a_at, j, b_at))
        if size:
            if ops and ops[-1][0] == "equal":
                ops[-1] = ("equal", ops[-1][1], a_at + size, ops[-1][3], b_at + size)
            else:
                ops.append(("equal", a_at, a_at + size, b_at, b_at + size))
        i, j = a_at + size, b_at + size
    return ops


def _matcher(base: list[str], other: list[str]) -> difflib.SequenceMatcher[str]:
    """The only SequenceMatcher made here (tests count the lines it is given)."""
    return difflib.SequenceMatcher(None, base, other, autojunk=False)


def _one_for_one(opcodes: list[_Opcode], *, replaced: bool = True) -> dict[int, int]:
    """Base line → other line, for equal lines (and lines replaced one for one)."""
    pairs: dict[int, int] = {}
    for tag, b_lo, b_hi, o_lo, o_hi in opcodes:
        if tag == "equal" or (replaced and tag == "replace" and b_hi - b_lo == o_hi - o_lo):
            pairs.update(zip(range(b_lo, b_hi), range(o_lo, o_hi), strict=True))
    return pairs


def _moved(opcodes: list[_Opcode], base: list[str], theirs: list[str]) -> dict[int, int]:
    """Theirs line → base line, for lines the edit took out in one place and wrote in another
    (an item moved to another list): a line found once among those removed and once among those
    added. So a moved line the original wrote with other spaces is still the original's."""
    removed: dict[str, list[int]] = {}
    added: dict[str, list[int]] = {}
    for tag, b_lo, b_hi, o_lo, o_hi in opcodes:
        if tag != "equal":
            for line in range(b_lo, b_hi):
                removed.setdefault(base[line], []).append(line)
            for line in range(o_lo, o_hi):
                added.setdefault(theirs[line], []).append(line)
    return {at[0]: removed[text][0] for text, at in added.items() if len(at) == 1 and len(removed.get(text, ())) == 1}


def _clusters(ours: list[_Hunk], edits: list[_Hunk]) -> list[tuple[int, int, bool]]:
    """Base ranges where either side changed, overlapping or touching hunks joined, and
    whether the edit changed that range."""
    clusters: list[tuple[int, int, bool]] = []
    for lo, hi, edited in sorted([(h[0], h[1], False) for h in ours] + [(h[0], h[1], True) for h in edits]):
        if clusters and lo <= clusters[-1][1]:
            last = clusters[-1]
            clusters[-1] = (last[0], max(last[1], hi), last[2] or edited)
        else:
            clusters.append((lo, hi, edited))
    return clusters


_Hunk = tuple[int, int, int, int]


class _Hunks:
    """The changed ranges of one side, and where a base line lands in that side."""

    def __init__(self, opcodes: list[_Opcode]) -> None:
        self.hunks: list[_Hunk] = [(b_lo, b_hi, o_lo, o_hi) for tag, b_lo, b_hi, o_lo, o_hi in opcodes if tag != "equal"]
        self.starts = [hunk[0] for hunk in self.hunks]

    def mapped(self, index: int, *, end: bool = False) -> int:
        """Line ``index`` of the base at its place in the other text, where ``index`` starts
        (or, with ``end``, ends) a range outside every hunk of other clusters: the shift of the
        last hunk that starts before it (or at it, with ``end``)."""
        before = (bisect.bisect_right if end else bisect.bisect_left)(self.starts, index)
        if not before:
            return index
        _b_lo, b_hi, _o_lo, o_hi = self.hunks[before - 1]
        return index + o_hi - b_hi
