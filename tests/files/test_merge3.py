"""files/merge3: the three-way merge of lines and the line diff under it (no YAML)."""

from __future__ import annotations

import difflib
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cjmap.files import merge3
from cjmap.files.merge3 import opcodes
from difflib_work import counted_difflib

BASE = [f"line {n}\n" for n in range(12)]


def test_a_side_equal_to_the_base_gives_the_other() -> None:
    theirs = [*BASE[:3], "new\n", *BASE[3:]]
    assert merge3.merge3(BASE, BASE, theirs) == theirs
    mine = [line.replace(" ", "  ") for line in BASE]
    assert merge3.merge3(mine, BASE, BASE) == mine


def test_changes_apart_are_both_kept() -> None:
    mine = [*BASE[:1], "line  1\n", *BASE[2:]]  # the user's own spacing of one line
    theirs = [*BASE[:8], "inserted\n", *BASE[9:]]  # the edit replaced line 8
    assert merge3.merge3(mine, BASE, theirs) == [*mine[:8], "inserted\n", *mine[9:]]


def test_where_both_changed_the_edit_wins_but_a_line_only_respaced_stays_the_users() -> None:
    mine = [*BASE[:4], "line   4\n", "line   5\n", *BASE[6:]]
    theirs = [*BASE[:4], "line 4\n", "added\n", "line 5\n", *BASE[6:]]  # line 4 kept, a line added, line 5 kept
    assert merge3.merge3(mine, BASE, theirs) == [*BASE[:4], "line   4\n", "added\n", "line   5\n", *BASE[6:]]


def test_lines_the_edit_moved_are_still_the_users() -> None:
    # Lines 2-3 moved below line 9 by the edit (an item moved to another list): the user's own
    # spacing of them goes along. A line the edit moved that is found twice among the moved
    # ones ("same") is the edit's: which of the user's it was cannot be told.
    base = [*BASE[:4], "same\n", "same\n", *BASE[4:]]
    mine = [*base[:2], "line  2\n", "line  3\n", "sa  me\n", "sa   me\n", *base[6:]]
    theirs = [*base[:2], *base[6:12], "line 2\n", "same\n", "line 3\n", "same\n", *base[12:]]
    assert merge3.merge3(mine, base, theirs) == [*mine[:2], *mine[6:12], "line  2\n", "same\n", "line  3\n", "same\n", *mine[12:]]


def test_the_line_diff_is_a_true_edit_script() -> None:
    rng = random.Random(16)
    for _ in range(2_000):
        a = [rng.choice("abcdef") for _ in range(rng.randrange(30))]
        b = [rng.choice("abcdefxy") for _ in range(rng.randrange(30))] if rng.random() < 0.5 else [line for line in a if rng.random() < 0.8]
        rebuilt: list[str] = []
        at = (0, 0)
        for tag, a_lo, a_hi, b_lo, b_hi in opcodes(a, b):
            assert (a_lo, b_lo) == at and (tag != "equal" or a[a_lo:a_hi] == b[b_lo:b_hi])
            rebuilt += b[b_lo:b_hi]
            at = (a_hi, b_hi)
        assert at == (len(a), len(b)) and rebuilt == b


def test_on_distinct_lines_the_line_diff_keeps_a_longest_common_run() -> None:
    # Lines found once on each side anchor the diff (patience): when every line is distinct that
    # is a longest common subsequence, at least as long as what difflib matches.
    rng = random.Random(7)
    for _ in range(200):
        a = [f"{n}\n" for n in range(rng.randrange(1, 60))]
        b = [line for line in a if rng.random() < 0.9]
        if rng.random() < 0.2:
            rng.shuffle(b)
        ours = sum(a_hi - a_lo for tag, a_lo, a_hi, _b_lo, _b_hi in opcodes(a, b) if tag == "equal")
        theirs = sum(block.size for block in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())
        assert ours >= theirs


def test_a_big_diff_gives_difflib_only_small_gaps(monkeypatch: pytest.MonkeyPatch) -> None:
    compared = counted_difflib(monkeypatch)
    a = [f"key: {n % 7}\n" for n in range(20_000)]  # every line repeated: no anchors but the ends
    b = [*a[:10_000], "changed\n", *a[10_001:]]
    assert [op for op in opcodes(a, b) if op[0] != "equal"] == [("replace", 10_000, 10_001, 10_000, 10_001)]
    assert sum(compared) <= 1


@st.composite
def _three(draw: st.DrawFn) -> tuple[list[str], list[str], list[str], list[str]]:
    """A base of distinct lines; the user re-spaced some lines, the edit deleted, replaced or
    inserted lines elsewhere (two lines apart from the user's); and the merge they mean."""
    size = draw(st.integers(3, 40))
    base = [f"item {n}\n" for n in range(size)]
    respaced = draw(st.sets(st.integers(0, size - 1), max_size=size // 3))
    mine = [line.replace(" ", "   ") if n in respaced else line for n, line in enumerate(base)]
    theirs: list[str] = []
    expected: list[str] = []
    for n, line in enumerate(base):
        near = any(abs(n - r) <= 1 for r in respaced)
        change = "keep" if near else draw(st.sampled_from(["keep", "keep", "delete", "replace", "insert"]))
        if change == "insert":
            theirs += [f"new {n}\n"]
            expected += [f"new {n}\n"]
        if change in ("keep", "insert"):
            theirs.append(line)
            expected.append(mine[n])
        elif change == "replace":
            theirs.append(f"changed {n}\n")
            expected.append(f"changed {n}\n")
    return mine, base, theirs, expected


@settings(max_examples=300, deadline=None)
@given(_three())
def test_changes_of_both_sides_apart_are_both_in_the_merge(case: tuple[list[str], list[str], list[str], list[str]]) -> None:
    mine, base, theirs, expected = case
    assert merge3.merge3(mine, base, theirs) == expected
