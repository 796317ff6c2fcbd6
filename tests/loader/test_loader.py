"""The loader: YAML 1.2 scalars, positions, and every kind of bad or hostile input, located."""

from __future__ import annotations

import contextlib
import ctypes
from collections.abc import Iterator

import pytest

from cjmap.loader import Limits, load_bytes
from conftest import run_cjmap

# The deep-nesting case runs in a real process: a crash of libyaml must fail the test, not
# take the suite down.


def issues(text: str | bytes, **limits: int) -> list[tuple[str, int, int]]:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return [(i.code, i.line, i.column) for i in load_bytes(raw, limits=Limits(**limits)).issues]


def data(text: str):
    result = load_bytes(text.encode("utf-8"))
    assert result.issues == []
    return result.data


# -- YAML 1.2 scalars ---------------------------------------------------------------------


def test_norway_problem_words_stay_text():
    loaded = data("thoughts: [no]\nflags: [yes, off, on, n, y, No, OFF]\n")
    assert loaded["thoughts"] == ["no"]
    assert loaded["flags"] == ["yes", "off", "on", "n", "y", "No", "OFF"]


def test_only_true_and_false_are_booleans():
    assert data("a: true\nb: False\nc: TRUE\n") == {"a": True, "b": False, "c": True}


def test_leading_zero_numbers_stay_as_written():
    assert data("zip: 012345\nneg: -0123\nzero: 0\n") == {"zip": "012345", "neg": "-0123", "zero": 0}


def test_numbers_and_nulls_follow_the_core_schema():
    loaded = data("a: 12\nb: -3\nc: 1.5\nd: 0x1F\ne: 0o17\nf: ~\ng: null\nh:\ni: 1e3\n")
    assert loaded == {"a": 12, "b": -3, "c": 1.5, "d": 31, "e": 15, "f": None, "g": None, "h": None, "i": 1000.0}


def test_dates_stay_text_for_the_model_to_parse():
    assert data("reviewed: 2026-09-01\n") == {"reviewed": "2026-09-01"}


def test_quoted_scalars_are_always_text():
    assert data("a: '12'\nb: \"true\"\n") == {"a": "12", "b": "true"}


def test_core_tags_convert_values():
    assert data("a: !!str 12\nb: !!int '7'\nc: !!float 2\n") == {"a": "12", "b": 7, "c": 2.0}


# -- positions ----------------------------------------------------------------------------


def test_source_map_records_keys_and_values_one_based():
    result = load_bytes(b"journey:\n  title: Hola\nstages:\n  - id: a\n    kind: custom\n")
    assert result.source_map.keys[("journey", "title")] == (2, 3)
    assert result.source_map.values[("journey", "title")] == (2, 10)
    assert result.source_map.values[("stages", 0)] == (4, 5)
    assert result.source_map.values[("stages", 0, "kind")] == (5, 11)


def test_missing_paths_fall_back_to_the_nearest_ancestor():
    result = load_bytes(b"journey:\n  title: Hola\n")
    assert result.source_map.locate(("journey", "owner")) == (2, 3)
    assert result.source_map.locate(("journey", "title", "deeper", 3)) == (2, 10)


def test_positions_count_characters_not_bytes():
    result = load_bytes("título: é\nb: x\n".encode())
    assert result.source_map.values[("título",)] == (1, 9)


def test_bom_and_crlf_are_accepted():
    result = load_bytes(b"\xef\xbb\xbfa: 1\r\nb: two\r\n")
    assert result.issues == []
    assert result.data == {"a": 1, "b": "two"}
    assert result.source_map.values[("b",)] == (2, 4)
    assert result.line(2) == "b: two"


# -- bad input, each located ----------------------------------------------------------------


def test_duplicate_key_names_both_lines():
    result = load_bytes(b"journey:\n  title: A\n  owner: x\n  title: B\n")
    [issue] = result.issues
    assert (issue.code, issue.line, issue.column) == ("CJ002", 4, 3)
    assert "line 2" in issue.message and "line 4" in issue.message
    assert result.data == {"journey": {"title": "A", "owner": "x"}}  # the first one is kept


def test_every_duplicate_key_is_reported():
    assert issues("a: 1\nb: 2\na: 3\nb: 4\n") == [("CJ002", 3, 1), ("CJ002", 4, 1)]


def test_duplicate_keys_in_flow_mappings():
    assert issues("a: {x: 1, x: 2}\n") == [("CJ002", 1, 11)]


def test_syntax_error_is_located():
    assert issues("a: [1, 2\nb: 3\n")[0][0] == "CJ001"
    assert issues("a: b: c\n") == [("CJ001", 1, 5)]


def test_python_tag_is_refused():
    assert issues("a: !!python/object/apply:os.system ['echo hi']\n") == [("CJ003", 1, 4)]


def test_unknown_local_tag_is_refused():
    assert issues("a: 1\nb: !secret x\n") == [("CJ003", 2, 4)]


def test_tag_with_an_impossible_value():
    assert issues("a: !!int abc\n") == [("CJ003", 1, 4)]


def test_alias_bomb_is_refused_quickly():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [" + ", ".join([f"*{previous}"] * 10) + "]\n"
    [(code, line, _)] = issues(bomb)
    assert code == "CJ004"
    assert line == 4  # the alias that crosses the 10,000-node limit


def test_modest_aliases_are_allowed():
    loaded = data("base: &b {channel: web}\none: *b\ntwo: *b\n")
    assert loaded["two"] == {"channel": "web"}


def test_alias_to_an_undefined_anchor():
    assert issues("a: *nothing\n") == [("CJ001", 1, 4)]


# Each text crosses the 64-level limit at one place: where the 65th collection starts.
DEEP_TEXTS = {
    "flow sequences": ("[" * 100_000 + "]" * 100_000, 1, 65),
    "flow after a key": ("a: " + "[" * 60_000 + "]" * 60_000 + "\n", 1, 67),
    "flow mappings": ("{a: " * 2_000 + "b" + "}" * 2_000, 1, 257),
    "flow over lines": ("[\n" * 2_000, 65, 1),
    "block sequences": ("- " * 100_000 + "x", 1, 129),
    "block then flow": ("".join(f"{'  ' * i}k{i}:\n" for i in range(40)) + "  " * 40 + "[" * 5_000, 41, 105),
    "after a duplicate key": ("a: 1\na: 2\nb: " + "[" * 3_000, 3, 67),
}


@contextlib.contextmanager
def libyaml_nesting_cap(levels: int | None) -> Iterator[None]:
    """Run with libyaml's own nesting cap set to ``levels`` (libyaml 0.2.6 has 1,000; older
    libyaml has none and exports no setter, then the libyaml in use runs as it is)."""
    setter = getattr(_libyaml(), "yaml_set_max_nest_level", None)
    getter = getattr(_libyaml(), "yaml_get_max_nest_level", None)
    if levels is None or setter is None or getter is None:
        yield
        return
    saved = getter()
    setter(levels)
    try:
        yield
    finally:
        setter(saved)


def _libyaml() -> object:
    import yaml

    extension = getattr(yaml, "_yaml", None)
    return ctypes.CDLL(extension.__file__) if extension is not None else object()


@pytest.mark.parametrize("parser", ["libyaml", "pure-python"])
@pytest.mark.parametrize("libyaml_cap", [None, 65, 100, 1_000_000])
@pytest.mark.parametrize("name", DEEP_TEXTS)
def test_deep_nesting_is_cj005_where_the_limit_is_crossed(monkeypatch, parser, libyaml_cap, name):
    # Whatever the installed libyaml refuses by itself (nothing, 1,000 levels, fewer), and with
    # PyYAML's pure-Python parser, the user sees CJ005 at the 65th collection.
    import yaml

    import cjmap.loader.document

    if parser == "pure-python":
        monkeypatch.setattr(cjmap.loader.document, "_Parser", yaml.SafeLoader)
    text, line, column = DEEP_TEXTS[name]
    with libyaml_nesting_cap(libyaml_cap):
        found = issues(text)
    assert found[-1] == ("CJ005", line, column)
    # CJ013 too: some of these texts are one line far over the line budget.
    assert all(code in ("CJ002", "CJ005", "CJ013") for code, _, _ in found)
    assert ("CJ002" in [code for code, _, _ in found]) == (name == "after a duplicate key")


def test_deep_nesting_message_names_the_limit_and_the_fix():
    [issue] = load_bytes(("[" * 5_000).encode()).issues
    assert "more than 64 levels" in issue.message and "flatten" in issue.message


# Texts that run deep past their real problem: libyaml 0.2.6 reads ahead into the deep part and
# stops at its own cap, but the user must see the problem that comes first, as with a libyaml
# without a cap. Expected (code, line, column) as an uncapped libyaml reports them.
DEEP_AFTER_ANOTHER_PROBLEM = {
    "syntax error after 63 levels": ("[" * 63 + '"a"b ' + "[" * 2_000, ("CJ001", 1, 66)),  # the closing quote that text follows
    "syntax error after 10 levels": ("[" * 10 + '"a"b ' + "[" * 2_000, ("CJ001", 1, 13)),
    "alias to no anchor": ("[" * 20 + "*nope, " + "[" * 2_000, ("CJ001", 1, 21)),
    "collection as a key": ("{[a]: 1, " + "[" * 2_000, ("CJ001", 1, 2)),
    "document end marker": ("a: 1\n...\n" + "[" * 2_000, ("CJ001", 3, 1)),
    "flow on the line after a key": ("a:\n" + "[" * 2_000, ("CJ001", 2, 1026)),
    "brackets in an unclosed quote": ("a: '" + "[" * 5_000, ("CJ001", 1, 4)),  # where the quote opens
    "block sequences then flow mappings": (
        "".join(f"{'  ' * i}- k:\n" for i in range(30)) + " " * 60 + "{" * 3_000, ("CJ001", 31, 1086),
    ),
    # PyYAML's pure-Python scanner refuses these tabs; libyaml accepts them.
    "tab after a key": ("a:\t" + "[" * 2_000, ("CJ005", 1, 67)),
    "tab in a flow mapping": ('{"a":\t' + "[" * 2_000, ("CJ005", 1, 70)),
}


@pytest.mark.parametrize("libyaml_cap", [None, 65, 100, 10_000_000])
@pytest.mark.parametrize("name", DEEP_AFTER_ANOTHER_PROBLEM)
def test_the_first_problem_wins_whatever_libyamls_cap(libyaml_cap, name):
    text, expected = DEEP_AFTER_ANOTHER_PROBLEM[name]
    with libyaml_nesting_cap(libyaml_cap):
        found = issues(text)
    assert found == [expected]


def test_deep_nesting_does_not_crash_the_interpreter(tmp_path):
    # libyaml's C composer segfaults near 50,000 levels: prove the process survives (a real
    # process, so a crash fails this test instead of killing the suite).
    path = tmp_path / "deep.journey.yaml"
    path.write_text("a: " + "[" * 60_000 + "]" * 60_000 + "\n")
    completed = run_cjmap("validate", str(path))
    assert completed.code == 1, completed.stderr
    assert f"{path}:1:" in completed.stdout and "CJ005" in completed.stdout
    assert "Traceback" not in completed.stderr


def test_size_limit():
    assert issues("a: " + "x" * 200 + "\n", max_bytes=100) == [("CJ006", 1, 1)]


def test_invalid_utf8_is_located():
    assert issues(b"a: 1\nb: caf\xe9\n") == [("CJ007", 2, 7)]


def test_utf16_is_named():
    result = load_bytes("a: 1\n".encode("utf-16"))
    assert [i.code for i in result.issues] == ["CJ007"] and "UTF-16" in result.issues[0].message


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_empty_file(text):
    assert issues(text) == [("CJ008", 1, 1)]


def test_several_documents():
    assert issues("a: 1\n---\nb: 2\n") == [("CJ009", 2, 1)]


@pytest.mark.parametrize(("text", "position"), [("- a\n- b\n", (1, 1)), ("just text\n", (1, 1)), ("\n\n  42\n", (3, 3))])
def test_top_level_must_be_a_mapping(text, position):
    assert issues(text) == [("CJ010", *position)]


def test_tab_indentation():
    assert issues("a:\n\t- b\n") == [("CJ011", 2, 1)]
    assert issues("a:\n  b: 1\n \tc: 2\n") == [("CJ011", 3, 2)]


def test_tab_after_a_colon_is_fine():
    assert data("a:\tvalue\n") == {"a": "value"}


def test_complex_keys_are_refused():
    assert issues("? [a, b]\n: c\n") == [("CJ001", 1, 3)]


def test_control_characters_are_located_on_one_line():
    [issue] = load_bytes(b'cjmap: 1\njourney:\n  title: "A\x07B"\n').issues
    assert (issue.code, issue.line, issue.column) == ("CJ001", 3, 12)
    assert "U+0007" in issue.message and "\n" not in issue.message


def test_unicode_line_separators_count_as_libyaml_counts_them():
    result = load_bytes('a: "x\u2028y"\nb: 1\nc: [\n'.encode())
    [issue] = result.issues
    assert issue.code == "CJ001"
    assert result.line(issue.line).strip() != ""  # the reported line exists and is shown


def test_unclosed_quote_points_where_it_opens():
    [issue] = load_bytes(b'cjmap: 1\njourney:\n  title: "A\n  x: [1, 2\n').issues
    assert (issue.code, issue.line, issue.column) == ("CJ001", 3, 10)
    assert "never closed" in issue.message


def test_numbers_in_text_keep_their_spelling():
    loaded = data("title: 1.10\ntags: [0x1F, 2.0, 1e3, +1]\n")
    assert [str(value) for value in [loaded["title"], *loaded["tags"]]] == ["1.10", "0x1F", "2.0", "1e3", "+1"]
    assert loaded["tags"][0] == 31 and loaded["tags"][3] == 1  # still numbers where numbers belong


def test_true_and_one_are_different_keys():
    assert data("labels: {1: Good, true: Yes, 1.0: Float}\n") == {"labels": {1: "Good", "true": "Yes", "1.0": "Float"}}


def test_collection_tag_on_the_wrong_collection():
    [issue] = load_bytes(b"a: !!map [1]\n").issues
    assert (issue.code, issue.line, issue.column) == ("CJ003", 1, 4) and "does not fit a list" in issue.message
