"""The escaping filters: one per target language, each tested with the characters that break it."""

from __future__ import annotations

import pygraphviz
import pytest

from cjmap.text.escape import dot_quote, markdown_text
from cjmap.text.mermaid_escape import mermaid_name as mermaid_text


@pytest.mark.parametrize(
    "text",
    ['say "hi"', "back\\slash", "{braces}", "<angle>", "line\nbreak", "\\N \\G \\l", 'a"; b -> c; "', "tab\tand\rCR"],
)
def test_dot_quote_survives_a_graphviz_round_trip(text):
    graph = pygraphviz.AGraph(string=f"digraph {{ n [label={dot_quote(text)}]; }}")
    assert list(graph.nodes()) == ["n"]  # nothing escaped the string to add nodes or edges
    label = graph.get_node("n").attr["label"]
    # Graphviz keeps escString backslashes: \\ is one backslash, \n a line break.
    assert label == text.replace("\r\n", "\n").replace("\r", "\n").replace("\\", "\\\\").replace("\n", "\\n")


def test_dot_quote_shape():
    assert dot_quote('a"b\\c\nd') == '"a\\"b\\\\c\\nd"'


@pytest.mark.parametrize(
    ("text", "expected"),
    # Mermaid's own escape, entity codes: the reader sees the text as written (docs/interchange.md).
    [("Step: one", "Step#58; one"), ("#1; best", "#35;1#59; best"), ("two\nlines", "two lines"), ("%%{init}%%", "#37;#37;{init}#37;#37;"),
     ("<b>x</b>", "#60;b#62;x#60;/b#62;"), ("```", "```"), ("", "-"), ("%%%x%%%%", "#37;#37;#37;x#37;#37;#37;#37;"), ("Section 2", "#83;ection 2")],
)
def test_mermaid_text(text, expected):
    assert mermaid_text(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("a|b", "a\\|b"), ("`code`", "\\`code\\`"), ("<script>", "&lt;script&gt;"), ("[x](javascript:y)", "\\[x\\](javascript:y)"),
     ("*b* _i_", "\\*b\\* \\_i\\_"), ("# title", "\\# title"), ("1. item", "1\\. item"), ("3.2 min", "3.2 min"), ("- x", "\\- x"), ("-2", "-2"),
     ("~~s~~", "\\~\\~s\\~\\~"), ("two\nlines", "two lines")],
)
def test_markdown_text(text, expected):
    assert markdown_text(text) == expected
