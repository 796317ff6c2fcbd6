"""files/yaml_edit: a YAML file changed so that it loads to new data, and nothing else of it."""

from __future__ import annotations

import copy
import difflib
from typing import Any

import pytest

from cjmap.files.yaml_edit import YamlEditError, rebased, updated_yaml
from cjmap.loader import load_bytes

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
