"""files/yaml_edit: a YAML file changed so that it loads to new data, and nothing else of it."""

from __future__ import annotations

import copy
import difflib
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import EXAMPLES
from tests.sized_journeys import sized_journey

from cjmap.files import yaml_edit
from cjmap.files.yaml_edit import YamlEditError, rebased, updated_yaml
from cjmap.loader import load_bytes
from difflib_work import counted_difflib

HAND_WRITTEN = """\
# yaml-language-server: $schema=https://example.org/my-own.schema.json
# Our team's journey: edit with care
---
cjmap: 1   # format version
journey:
    id: x
    title:   'Single quoted'
    tags: [ a,  b ]
stages:
- id: s
  touchpoints:
  - id: a
    name: "Double quoted"
  # about b
  - id: b
    name: B  # end of line
    actions: [x, y]
  # about c
  - id: c
    name: C
"""


def _load(text: str) -> dict[str, Any]:
    loaded = load_bytes(text.encode("utf-8")).data
    assert loaded is not None
    return loaded


def _changed(before: str, after: str) -> list[str]:
    return [line for line in difflib.ndiff(before.splitlines(keepends=True), after.splitlines(keepends=True)) if line[:1] in "+-"]


def _edit(text: str, change: Any) -> str:
    data = copy.deepcopy(_load(text))
    change(data)
    out = updated_yaml(text, data)
    assert _load(out) == data  # the meaning is exactly the new data
    assert updated_yaml(text, data) == out  # deterministic
    return out


def test_unchanged_data_gives_the_same_bytes() -> None:
    assert updated_yaml(HAND_WRITTEN, _load(HAND_WRITTEN)) == HAND_WRITTEN


def test_one_value_changes_one_line_and_keeps_its_quotes() -> None:
    out = _edit(HAND_WRITTEN, lambda d: d["journey"].update(title="Renamed"))
    assert _changed(HAND_WRITTEN, out) == ["-     title:   'Single quoted'\n", "+     title: 'Renamed'\n"]
    out = _edit(HAND_WRITTEN, lambda d: d["stages"][0]["touchpoints"][0].update(name="Other"))
    assert _changed(HAND_WRITTEN, out) == ['-     name: "Double quoted"\n', '+     name: "Other"\n']


def test_end_of_line_comment_stays_with_its_value_at_its_column() -> None:
    out = _edit(HAND_WRITTEN, lambda d: d["stages"][0]["touchpoints"][1].update(name="B2"))
    assert _changed(HAND_WRITTEN, out) == ["-     name: B  # end of line\n", "+     name: B2 # end of line\n"]


def test_a_moved_item_keeps_the_comment_above_it() -> None:
    def swap(d: dict[str, Any]) -> None:
        tps = d["stages"][0]["touchpoints"]
        tps[1], tps[2] = tps[2], tps[1]

    out = _edit(HAND_WRITTEN, swap)
    assert out.index("# about c") < out.index("- id: c") < out.index("# about b") < out.index("- id: b")
    assert out.startswith("# yaml-language-server: $schema=https://example.org/my-own.schema.json\n# Our team's journey")


def test_a_removed_item_leaves_the_comments_of_others() -> None:
    out = _edit(HAND_WRITTEN, lambda d: d["stages"][0]["touchpoints"].pop(1))
    assert "- id: b" not in out and "# about c\n  - id: c" in out


def test_new_keys_and_items_come_last_and_strings_cjmap_would_misread_are_quoted() -> None:
    def add(d: dict[str, Any]) -> None:
        d["journey"]["owner"] = "true"
        d["stages"][0]["touchpoints"].append({"id": "d", "name": "12", "actions": ["no"]})

    out = _edit(HAND_WRITTEN, add)
    assert out.endswith("    name: C\n  - id: d\n    name: '12'\n    actions:\n    - no\n")
    assert "    tags: [ a,  b ]\n    owner: 'true'\n" in out


def test_flow_style_stays_flow() -> None:
    out = _edit(HAND_WRITTEN, lambda d: d["stages"][0]["touchpoints"][1]["actions"].append("z"))
    assert _changed(HAND_WRITTEN, out) == ["-     actions: [x, y]\n", "+     actions: [x, y, z]\n"]


def test_windows_line_endings_and_no_final_line_break_stay() -> None:
    text = HAND_WRITTEN.replace("\n", "\r\n").rstrip("\r\n")
    out = _edit(text, lambda d: d["stages"][0]["touchpoints"].append({"id": "e", "name": "E"}))
    assert out.count("\r\n") == out.count("\n") and not out.endswith("\n")
    assert out.endswith("name: C\r\n  - id: e\r\n    name: E")


def test_aliases_are_refused_with_their_line() -> None:
    text = "cjmap: 1\na: &x [1]\nb: *x\n"
    with pytest.raises(YamlEditError, match=r"line 3: the alias \*x"):
        updated_yaml(text, {"cjmap": 1, "a": [2], "b": [1]})


def test_rebased_keeps_what_a_normalised_copy_wrote_differently() -> None:
    original = {"stages": [{"id": "s", "touchpoints": [{"id": "a", "name": "A"}]}]}
    before = {"stages": [{"id": "s", "kind": "awareness", "touchpoints": [{"id": "a", "name": "A"}]}]}
    after = {"stages": [{"id": "s", "kind": "awareness", "touchpoints": [{"id": "a", "name": "A2"}]}]}
    assert rebased(original, before, after) == {"stages": [{"id": "s", "touchpoints": [{"id": "a", "name": "A2"}]}]}


# Editing in place: a change is made on the lines of the entry that holds it. It must write
# exactly what editing the whole file writes, and cost work of the change's size, not the file's.

EDITS = {
    "a title": lambda d: d["journey"].update(title="Renamed"),
    "a new key": lambda d: d["journey"].update(owner="true"),
    "a quoted name": lambda d: d["stages"][0]["touchpoints"][0].update(name="Other"),
    "a name with a comment": lambda d: d["stages"][0]["touchpoints"][1].update(name="B2"),
    "items reversed": lambda d: d["stages"][0]["touchpoints"].reverse(),
    "an item removed": lambda d: d["stages"][0]["touchpoints"].pop(1),
    "an item added": lambda d: d["stages"][0]["touchpoints"].append({"id": "d", "name": "12", "actions": ["no"]}),
    "a flow list grown": lambda d: d["stages"][0]["touchpoints"][1]["actions"].append("z"),
    "a key removed": lambda d: d["stages"][0]["touchpoints"][1].pop("actions"),
    "a text on two lines": lambda d: d["stages"][0]["touchpoints"][2].update(name="line one\nline two\n"),
}


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize("edit", EDITS, ids=list(EDITS))
def test_an_edit_in_place_writes_what_editing_the_whole_file_writes(edit: str, newline: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = HAND_WRITTEN.replace("\n", newline)
    data = copy.deepcopy(_load(text))
    EDITS[edit](data)
    whole = yaml_edit._edited_whole(text, data, windows=newline == "\r\n")

    def refused(*_args: object, **_kwargs: object) -> str:
        raise AssertionError("the whole file was edited")

    monkeypatch.setattr(yaml_edit, "_edited_whole", refused)
    assert _edit(text, EDITS[edit]) == whole


def test_a_flow_mapping_is_changed_whole_and_a_new_top_level_key_edits_the_whole_file(monkeypatch: pytest.MonkeyPatch) -> None:
    # A flow mapping over three lines: its entries are not lines of their own, so the entry that
    # holds it is the window. A new top-level key: the top level is the whole file.
    text = HAND_WRITTEN.replace("    tags: [ a,  b ]\n", "    scale: {\n      low: 1,\n      high: 5 }\n")
    wholes: list[str] = []
    whole = yaml_edit._edited_whole

    def counted(text: str, data: dict[str, Any], *, windows: bool) -> str:
        wholes.append(text)
        return whole(text, data, windows=windows)

    monkeypatch.setattr(yaml_edit, "_edited_whole", counted)
    out = _edit(text, lambda d: d["journey"]["scale"].update(high=7))
    assert wholes == [] and "high: 7" in out and "low: 1" in out and "# Our team's journey" in out
    assert set(_changed(text, out)) <= {line for line in difflib.ndiff(text.splitlines(True), out.splitlines(True)) if "scale" in line or "low" in line or "high" in line}
    out = _edit(text, lambda d: d.update(notes="kept last"))
    assert _changed(text, out) == ["+ notes: kept last\n"] and len(wholes) == 2  # _edit edits twice (determinism)


def test_the_callers_own_loading_is_used_as_is() -> None:
    data = copy.deepcopy(_load(HAND_WRITTEN))
    data["journey"]["title"] = "Renamed"
    current = load_bytes(HAND_WRITTEN.encode("utf-8"))
    assert updated_yaml(HAND_WRITTEN, data, current=current) == updated_yaml(HAND_WRITTEN, data)
    assert updated_yaml(HAND_WRITTEN, _load(HAND_WRITTEN), current=current) == HAND_WRITTEN


def _renamed(size: int, *, respaced: bool = False, new_top_key: bool = False) -> tuple[str, dict[str, Any]]:
    text = sized_journey(size)
    if respaced:  # ruamel writes `channel: x`: every such line differs between the file and its writing
        text = text.replace("    channel: ", "    channel:   ")
    data = copy.deepcopy(_load(text))
    data["stages"][2]["touchpoints"][1]["name"] = "Renamed"
    if new_top_key:
        data["notes"] = "x"
    return text, data


def test_one_change_in_place_costs_the_same_in_a_small_and_a_big_file(monkeypatch: pytest.MonkeyPatch) -> None:
    written: list[int] = []
    dump = yaml_edit._dump

    def counted(yaml: Any, data: Any) -> str:
        text = dump(yaml, data)
        written.append(len(text))
        return text

    monkeypatch.setattr(yaml_edit, "_dump", counted)
    work = []
    for size in (40, 400):
        text, data = _renamed(size)
        written.clear()
        out = updated_yaml(text, data)
        assert len(_changed(text, out)) == 2 and _load(out) == data
        work.append(sum(written))
    assert 0 < work[0] < 200 and abs(work[1] - work[0]) <= 2  # ruamel wrote one line twice, in both (the names' numbers differ)


def test_the_whole_file_merge_is_not_quadratic(monkeypatch: pytest.MonkeyPatch) -> None:
    # difflib's SequenceMatcher over every line was quadratic; the lines it is given now grow
    # with the file at most linearly (counted, not timed).
    compared = counted_difflib(monkeypatch)
    work = []
    for size in (50, 200):
        text, data = _renamed(size, respaced=True, new_top_key=True)
        compared.clear()
        out = updated_yaml(text, data)
        changed = _changed(text, out)
        assert len(changed) == 3 and changed[-1] == "+ notes: x\n" and _load(out) == data
        lines = text.count("\n")
        assert 0 < sum(compared) <= 2 * lines, (sum(compared), lines)  # difflib did see the re-spaced lines, and only them
        work.append(sum(compared))
    assert work[1] <= 4 * work[0] + 10


# Comments above a list's first item (issue 16, user trial): ruamel keeps them on the key that
# holds the list, not on the item, so they stayed behind when the item moved or went, and a
# list emptied under them was written as broken YAML.

FIRST_COMMENTED = """\
cjmap: 1
stages:
  - id: s
    name: S
    # about the touchpoints
    touchpoints:{eol}
      # reviewed by Marta
      - id: a
        name: A
      # about b
      - id: b
        name: B
  - id: t
    name: T
    touchpoints:
      - id: c
        name: C
"""


@pytest.mark.parametrize("eol", ["", "  # the list"], ids=["plain", "end-of-line-comment"])
def test_an_emptied_list_is_an_empty_list_and_keeps_its_comments(eol: str) -> None:
    text = FIRST_COMMENTED.format(eol=eol)
    out = _edit(text, lambda d: d["stages"][0]["touchpoints"].clear())
    assert f"    # about the touchpoints\n    touchpoints: []{eol}\n" in out  # the comment keeps the gap typed before it
    assert "# reviewed by Marta" in out and "# about b" in out  # the removed items' comments are kept
    assert out.index("# reviewed by Marta") < out.index("  - id: t")


@pytest.mark.parametrize("eol", ["", "  # the list"], ids=["plain", "end-of-line-comment"])
def test_the_comment_above_a_first_item_moves_with_it(eol: str) -> None:
    text = FIRST_COMMENTED.format(eol=eol)
    out = _edit(text, lambda d: d["stages"][0]["touchpoints"].reverse())
    assert f"    touchpoints:{eol}\n      # about b\n      - id: b\n        name: B\n      # reviewed by Marta\n      - id: a\n" in out
    assert "    # about the touchpoints\n    touchpoints:" in out  # the comment above the key stays with the key


def test_the_comment_above_a_removed_first_item_is_kept_above_the_next() -> None:
    text = FIRST_COMMENTED.format(eol="")
    out = _edit(text, lambda d: d["stages"][0]["touchpoints"].pop(0))
    assert "    touchpoints:\n      # reviewed by Marta\n      # about b\n      - id: b\n" in out
    out = _edit(text, lambda d: d["stages"][0]["touchpoints"].insert(0, {"id": "new", "name": "New"}))
    assert "    touchpoints:\n      - id: new\n        name: New\n      # reviewed by Marta\n      - id: a\n" in out


ACROSS = FIRST_COMMENTED.format(eol="").replace("  - id: t\n", "  # stage t\n  - id: t\n").replace("        name: B\n", "        name: 'B'\n        tags: [x,  y]\n")


@pytest.mark.parametrize("item", [0, 1], ids=["first", "last"])
@pytest.mark.parametrize("to", [0, 1], ids=["to-top", "to-end"])
def test_an_item_moved_to_a_sibling_list_keeps_its_lines(item: int, to: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # A touchpoint moved to another stage: matched by id across the stages' lists, so the comment
    # above it, its quotes and its flow list go with it; the comment after it (above the next
    # stage) stays. Edited in place (one window over both stages): what the whole file gives.
    def move(d: dict[str, Any]) -> None:
        d["stages"][1]["touchpoints"].insert(to, d["stages"][0]["touchpoints"].pop(item))

    data = copy.deepcopy(_load(ACROSS))
    move(data)
    whole = yaml_edit._edited_whole(ACROSS, data, windows=False)
    monkeypatch.setattr(yaml_edit, "_edited_whole", lambda *_a, **_k: pytest.fail("the whole file was edited"))
    out = _edit(ACROSS, move)
    assert out == whole
    moved = ["      # reviewed by Marta\n      - id: a\n        name: A\n",
             "      # about b\n      - id: b\n        name: 'B'\n        tags: [x,  y]\n"][item]
    assert moved in out and out.index("  - id: t\n") < out.index(moved)
    assert "    touchpoints:\n      - id: c\n" in out if to else "    touchpoints:\n" + moved in out
    assert "  # stage t\n  - id: t\n" in out
    assert sorted(out.splitlines()) == sorted(ACROSS.splitlines())  # lines moved, none rewritten


def test_an_item_moved_to_a_flow_or_new_list_is_written_anew() -> None:
    # No block list to take its lines into: written as a new item would be (its comment stays).
    text = ACROSS.replace("    touchpoints:\n      - id: c\n        name: C\n", "    touchpoints: []\n")
    out = _edit(text, lambda d: d["stages"][1]["touchpoints"].append(d["stages"][0]["touchpoints"].pop(1)))
    assert "# about b" in out and "tags:\n" in out


# Property: random edits of the bundled examples, with comments above random items (first ones
# included): touchpoints moved within their stage and to other stages, removed and added, stages emptied. The result loads
# to the new data, no comment line is lost, and each surviving item's comment is in the run of
# comment lines directly above it.

EXAMPLE_TEXTS = {path.name: path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.glob("*.journey.yaml"))}
_ITEM_LINE = re.compile(r"^( *)- id: ([\w-]+)\n", re.MULTILINE)


def _commented(text: str, chosen: set[int]) -> tuple[str, dict[str, str]]:
    """``text`` with ``# note for ID`` above the block items whose index is chosen."""
    notes: dict[str, str] = {}
    out, at = [], 0
    items = list(_ITEM_LINE.finditer(text))
    once = {name for name in (m[2] for m in items) if sum(m[2] == name for m in items) == 1}
    for index, match in enumerate(items):
        if index in chosen and match[2] in once:
            notes[match[2]] = f"{match[1]}# note for {match[2]}\n"
            out += [text[at : match.start()], notes[match[2]]]
            at = match.start()
    return "".join([*out, text[at:]]), notes


def _above(text: str, item_id: str) -> list[str]:
    """The run of comment lines directly above the item ``- id: item_id``."""
    lines = text.splitlines()
    at = next(index for index, line in enumerate(lines) if line.lstrip() == f"- id: {item_id}")
    run: list[str] = []
    while at and lines[at - 1].lstrip().startswith("#"):
        at -= 1
        run.append(lines[at].strip())
    return run


@st.composite
def _edited_example(draw: st.DrawFn) -> tuple[str, dict[str, str], dict[str, Any]]:
    name = draw(st.sampled_from(sorted(EXAMPLE_TEXTS)))
    plain = EXAMPLE_TEXTS[name]
    count = len(_ITEM_LINE.findall(plain))
    chosen = draw(st.sets(st.integers(0, count - 1), max_size=count))
    text, notes = _commented(plain, chosen)
    data = copy.deepcopy(_load(text))
    stages = data["stages"]
    for step in range(draw(st.integers(1, 6))):
        stage = draw(st.sampled_from(stages))
        tps = stage["touchpoints"]
        action = draw(st.sampled_from(["move", "remove", "add", "empty"] if tps else ["add"]))
        if action == "move":  # within its stage or to another one (a row whose stage_id changed)
            item = tps.pop(draw(st.integers(0, len(tps) - 1)))
            to = draw(st.sampled_from(stages))["touchpoints"]
            to.insert(draw(st.integers(0, len(to))), item)
        elif action == "remove":
            tps.pop(draw(st.integers(0, len(tps) - 1)))
        elif action == "add":
            tps.insert(draw(st.integers(0, len(tps))), {"id": f"added-{step}", "name": f"Added {step}"})
        else:
            tps.clear()
    kept = {tp["id"] for stage in stages for tp in stage["touchpoints"]} | {s["id"] for s in stages} | {p["id"] for p in data.get("personas", [])}
    for item_id in list(notes):
        if item_id not in kept:  # an item that went: its note is kept, not checked for a place
            notes.pop(item_id)
    return text, notes, data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_edited_example())
def test_random_edits_keep_every_comment_above_its_item(case: tuple[str, dict[str, str], dict[str, Any]]) -> None:
    text, notes, data = case
    out = updated_yaml(text, data)
    assert _load(out) == data
    assert sorted(line.strip() for line in out.splitlines() if line.lstrip().startswith("# note for ")) == sorted(
        line.strip() for line in text.splitlines() if line.lstrip().startswith("# note for "))
    for item_id, note in notes.items():
        assert note.strip() in _above(out, item_id), (item_id, out)
    # A touchpoint that kept its data, moved or not, is written as it was (flow lists, quotes).
    old_items = {tp["id"]: tp for stage in _load(text)["stages"] for tp in stage["touchpoints"]}
    for tp in (tp for stage in data["stages"] for tp in stage["touchpoints"]):
        if tp["id"] in old_items and tp == old_items[tp["id"]]:
            assert _lines_of(out, tp["id"]) == _lines_of(text, tp["id"]), tp["id"]


def _lines_of(text: str, item_id: str) -> list[str]:
    """The lines of the block item ``- id: item_id``, up to the next line as far left as its dash."""
    lines = text.splitlines()
    at = next(index for index, line in enumerate(lines) if line.lstrip() == f"- id: {item_id}")
    dash = len(lines[at]) - len(lines[at].lstrip())
    end = at + 1
    while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > dash):
        end += 1
    return lines[at:end]


def test_new_text_with_line_breaks_is_a_literal_block_where_that_is_exact() -> None:
    # As a new import writes it (interchange/yaml_out.py), not as a quoted string with \n.
    def add(d: dict[str, Any]) -> None:
        d["stages"][0]["touchpoints"][2]["name"] = "Line one\nline two"
        d["stages"][0]["touchpoints"].append({"id": "d", "name": "Two\nlines\n", "actions": ["a\n\nb"]})

    out = _edit(HAND_WRITTEN, add)
    # Indented by the file's own mapping step (4 here) under its key.
    assert "    name: |-\n        Line one\n        line two\n" in out
    assert out.endswith("  - id: d\n    name: |\n        Two\n        lines\n    actions:\n    - |-\n      a\n\n      b\n")
    # Text a literal block cannot hold exactly (a space before a line break, a control
    # character) stays quoted; either way it loads back as it was.
    for text, block in [("trailing space \nnext", True), ("tab\tin\nit", True), ("kept\n\n\n", True), ("a\n  indented\nb", True),
                        ("bell\x07\nnext", False), (" leading\nspace", False), ("\n\nblank first", False), ("only\n   \nspaces", False),
                        ("cr\r\nlf", False), ("nbsp\xa0\nx", False), ("\u2028\nx", False)]:
        out = _edit(HAND_WRITTEN, lambda d, text=text: d["journey"].update(title=text))
        assert ("    title: |" in out) is block, (text, out)


def test_a_key_added_goes_last_and_the_comment_after_the_mapping_stays_after_it() -> None:
    text = "cjmap: 1\njourney:\n  title: T\n  language: en\n# the stages, in order\nstages: []\n"
    out = updated_yaml(text, {"cjmap": 1, "journey": {"title": "T", "language": "en", "id": "t"}, "stages": []})
    assert out == "cjmap: 1\njourney:\n  title: T\n  language: en\n  id: t\n# the stages, in order\nstages: []\n"


# End-of-line comments on a changed line keep the gap typed before them (measure --write's
# `target: 30}   # objetivo` became `actual: 50.49} # objetivo`), a tab included (ruamel cannot
# read a tab before a comment after a flow mapping; libyaml, and so cjmap, can).
GAP_FLOW = "cjmap: 1\nstages:\n  - id: p\n    kpis:\n      - {{id: k, metric: nps, target: 30{actual}}}{gap}# objetivo\n      - id: j\n"
GAP_BLOCK = "cjmap: 1\nstages:\n  - id: p\n    kpis:\n      - id: k\n        actual: {actual}{gap}# objetivo\n      - id: j\n"


def _with_actual(text: str, value: float) -> str:
    data = load_bytes(text.encode()).data
    data["stages"][0]["kpis"][0]["actual"] = value
    return updated_yaml(text, data)


@pytest.mark.parametrize("gap", [" ", "   ", "\t", " \t "], ids=["one-space", "three-spaces", "tab", "space-tab-space"])
def test_a_flow_mapping_that_grows_keeps_the_gap_before_its_comment(gap: str) -> None:
    for before, value, after in [("", 50.49, ", actual: 50.49"), (", actual: 2", 50.49, ", actual: 50.49")]:
        for end in ("\n", "\r\n"):
            text = GAP_FLOW.format(actual=before, gap=gap).replace("\n", end)
            assert _with_actual(text, value) == GAP_FLOW.format(actual=after, gap=gap).replace("\n", end)


@pytest.mark.parametrize("gap", [" ", "   ", "\t"], ids=["one-space", "three-spaces", "tab"])
def test_a_block_value_that_grows_keeps_the_gap_before_its_comment(gap: str) -> None:
    assert _with_actual(GAP_BLOCK.format(actual="2", gap=gap), 50.49) == GAP_BLOCK.format(actual="50.49", gap=gap)


def test_a_comment_keeps_its_column_while_the_new_value_leaves_room() -> None:
    # Comments aligned down a block stay aligned; a tab gap is kept as typed.
    assert _with_actual(GAP_BLOCK.format(actual="2.5", gap="      "), 28.57) == GAP_BLOCK.format(actual="28.57", gap="    ")
    assert _with_actual(GAP_BLOCK.format(actual="2.5", gap="\t"), 28.57) == GAP_BLOCK.format(actual="28.57", gap="\t")


@pytest.mark.parametrize(("line", "start"), [
    ("a: 1 # c\n", 5), ("a: 1\t# c\n", 5), ("a: 'x # y' # c\n", 11), ('a: "x \\" # y"  # c\n', 15), ("a: 'it''s # no' # c\n", 16),
    ("a: x#y\n", None), ("# only a comment\n", None), ("  # indented comment\n", None), ("- {a: '# no'}  # c\n", 15), ("a: it's # c\n", 8),
])
def test_where_an_end_of_line_comment_starts(line: str, start: int | None) -> None:
    assert yaml_edit._comment_start(line) == start
