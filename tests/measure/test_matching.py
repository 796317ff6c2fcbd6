"""Journey rules as SQL (measure/matching.py): globs mean what fnmatch means, on the engine's own
regular expressions; values are compared as text; hostile names stay inside their SQL literals;
a row goes to its first touchpoint and is ambiguous when two match."""

from __future__ import annotations

import fnmatch

import duckdb
import pytest

from cjmap.measure.definition import Options, build_definition, patterns_of
from cjmap.measure.matching import ambiguous_expression, code_expression, glob_regex, prefilter, sql_text, text_condition
from measure_cases import journey_of

GLOBS = ["/p/*", "/p/?", "*.html", "[ab]*", "[!ab]*", "a[]]b", "x[!]]y", "/a.b/*", "(x)|y*", "+1?", "a&&b*", "[a-c]z", "back\\slash*", "[", "a[b", "^$*", "{1,2}*"]
TEXTS = ["/p/1", "/p/12", "/p/", "/q/1", "index.html", "indexhtml", "apple", "banana", "cherry", "a]b", "x]y", "xzy", "/a.b/c", "/axb/c",
         "(x)|yz", "x", "+1a", "+11", "a&&bc", "a&b", "bz", "dz", "back\\slashes", "[", "a[b", "^$", "{1,2}", "", "é/p/1", "/p/é"]


@pytest.fixture(scope="module")
def connection() -> duckdb.DuckDBPyConnection:
    return duckdb.connect()


@pytest.mark.parametrize("pattern", GLOBS)
def test_a_glob_matches_what_fnmatch_matches(pattern: str, connection: duckdb.DuckDBPyConnection) -> None:
    found = [text for text in TEXTS if connection.execute(f"SELECT regexp_matches({sql_text(text)}, {sql_text(glob_regex(pattern))})").fetchone() == (True,)]
    assert found == [text for text in TEXTS if fnmatch.fnmatchcase(text, pattern)]


@pytest.mark.parametrize("text", ["it's", "'; DROP TABLE events; --", "a\\'b", "\x00\x1b[31m", "\u202eevil", "line\nbreak", "@here <b>x</b>"])
def test_hostile_names_stay_inside_their_literal(text: str, connection: duckdb.DuckDBPyConnection) -> None:
    if "\x00" in text:
        text = text.replace("\x00", "")  # DuckDB strings hold no NUL; the rest must round-trip
    assert connection.execute(f"SELECT {sql_text(text)}").fetchone() == (text,)
    assert connection.execute(f"SELECT {text_condition(sql_text(text), (text,))}").fetchone() == (True,)


def test_values_are_compared_as_text_the_way_the_engines_write_them() -> None:
    assert patterns_of(True) == ("true",)
    assert patterns_of([3, 2.5, 4.0, "re:^a"]) == ("3", "2.5", "4", "re:^a")


def test_names_regexes_and_globs_each_become_their_condition() -> None:
    assert text_condition("event", ("a",)) == "event = 'a'"
    assert text_condition("event", ("a", "b")) == "event IN ('a', 'b')"
    assert text_condition("page", ("re:^/x",)) == "regexp_matches(page, '^/x')"
    assert text_condition("event", ("a", "b*")) == "(event = 'a' OR regexp_matches(event, '^b.*$'))"


TWO = journey_of("""
cjmap: 1
journey: {id: two, title: Two}
personas: [{id: anyone}]
stages:
  - id: s
    touchpoints:
      - {id: product, name: P, events: [{event: view, page: "/p/*"}], fails: [view_error]}
      - {id: any, name: A, events: [view, {event: "click*", where: {utm: [email, "re:^news"]}}]}
""")


@pytest.mark.parametrize(("event", "page", "utm", "code", "ambiguous"), [
    ("view", "/p/1", None, 0, 1),  # both match: the first wins, and it is ambiguous
    ("view", "/home", None, 1, 0),
    ("view_error", "/p/1", None, -1, 0),  # a failure of the first touchpoint: -index - 1
    ("click_buy", None, "email", 1, 0),
    ("click_buy", None, "newsletter", 1, 0),
    ("click_buy", None, "ads", None, 0),
    ("click_buy", None, None, None, 0),  # a NULL property matches no pattern
    ("other", "/p/1", None, None, 0),
])
def test_a_row_goes_to_its_first_matching_touchpoint(event: str, page: str | None, utm: str | None, code: int | None, ambiguous: int,
                                                      connection: duckdb.DuckDBPyConnection) -> None:
    definition = build_definition(TWO, Options(), journey_name="two")
    row = "SELECT ? AS event, ? AS page, ? AS p0"
    found = connection.execute(f"SELECT {code_expression(definition)}, {ambiguous_expression(definition)} FROM ({row})", [event, page, utm]).fetchone()
    assert found == (code, ambiguous)


def test_plain_names_filter_the_scan_and_decide_ambiguity_without_sql() -> None:
    plain = journey_of("""
cjmap: 1
journey: {id: plain, title: Plain}
personas: [{id: anyone}]
stages:
  - id: s
    touchpoints:
      - {id: a, name: A, events: [x, y], fails: z}
      - {id: b, name: B, events: y}
""")
    definition = build_definition(plain, Options(), journey_name="plain")
    assert prefilter(definition) == "event IN ('x', 'y', 'z')"
    assert ambiguous_expression(definition) == "(CASE WHEN event = 'y' THEN 1 ELSE 0 END)"
    assert prefilter(build_definition(TWO, Options(), journey_name="two")) is None
