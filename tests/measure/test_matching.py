"""Journey rules as SQL (measure/matching.py): globs mean what fnmatch means, on the engine's own
regular expressions; values are compared as text; hostile names stay inside their SQL literals;
a row goes to its first touchpoint and is ambiguous when two match."""

from __future__ import annotations

import fnmatch
from typing import Any

import duckdb
import pytest
from pydantic import ValidationError

from cjmap.measure.definition import Options, build_definition, patterns_of
from cjmap.measure.matching import ambiguous_expression, code_expression, glob_regex, prefilter, sql_text, text_condition, value_condition
from cjmap.measure.spark_engine import transpile
from measure_cases import journey_of
from measure_spark import spark_session  # noqa: F401  (the one SparkSession of the run)

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


def test_booleans_are_compared_as_text_and_numbers_by_value() -> None:
    assert patterns_of(True) == ("true",)
    assert patterns_of([3, 2.5, 4.0, "re:^a", False]) == (3, 2.5, 4.0, "re:^a", "false")


def test_names_regexes_and_globs_each_become_their_condition() -> None:
    assert text_condition("event", ("a",)) == "event = 'a'"
    assert text_condition("event", ("a", "b")) == "event IN ('a', 'b')"
    assert text_condition("page", ("re:^/x",)) == "regexp_matches(page, '(?s)^/x')"
    assert text_condition("event", ("a", "b*")) == "(event = 'a' OR regexp_matches(event, '(?s)^b.*\\z'))"


# Texts where Java's regular expressions read `.` and `$` otherwise than RE2 (a line break, a
# carriage return, Unicode line separators, a final line break), and a number written many ways.
LINE_TEXTS = ["ab", "a\rb", "a\nb", "a\u2028b", "a\u0085b", "x", "x\n", "x\r\n", "\nx", "/p/1\n", "/p/\r1"]
LINE_PATTERNS = ["a?b", "a*b", "x", "x*", "/p/*", "/p/?1", "re:a.b", "re:^x$", "re:^x\\z", "re:(?i)A.B", "re:^/p/.*1"]
NUMBER_TEXTS = ["100", "100.0", "1e2", "1E+2", "+100", "100.", "0100", "100.5", "-100", "1_00", "100d", "0x64", " 100", "abc", "", "1e400", "NaN"]
HUNDRED = ["100", "100.0", "1e2", "1E+2", "+100", "100.", "0100"]
NUMBER_PATTERNS: list[tuple[Any, list[str]]] = [
    (100, HUNDRED), (100.0, HUNDRED), (-100, ["-100"]), (100.5, ["100.5"]), (0, []), (2**53 + 1, []), ("100", ["100"]), (True, []),
]


def _duckdb_matches(condition: str, texts: list[str]) -> list[str]:
    connection = duckdb.connect()
    return [text for text in texts if connection.execute(f"SELECT coalesce({condition.replace('col', sql_text(text))}, FALSE)").fetchone() == (True,)]


def _spark_matches(session: Any, condition: str, texts: list[str]) -> list[str]:
    found = []
    for text in texts:
        (row,) = session.sql(transpile(f"SELECT coalesce({condition.replace('col', sql_text(text))}, FALSE) AS m")).collect()
        found += [text] if row.m else []
    return found


@pytest.mark.parametrize("pattern", LINE_PATTERNS)
def test_globs_and_regexes_read_line_breaks_alike_on_both_engines(pattern: str, spark_session: Any) -> None:  # noqa: F811
    condition = text_condition("col", (pattern,))
    duck = _duckdb_matches(condition, LINE_TEXTS)
    assert _spark_matches(spark_session, condition, LINE_TEXTS) == duck
    if not pattern.startswith("re:"):
        assert duck == [text for text in LINE_TEXTS if fnmatch.fnmatchcase(text, pattern)]  # a glob: the whole text, as fnmatch


def test_a_regex_dot_matches_line_breaks() -> None:
    assert _duckdb_matches(text_condition("col", ("re:a.b",)), LINE_TEXTS) == ["a\rb", "a\nb", "a\u2028b", "a\u0085b"]
    assert _duckdb_matches(text_condition("col", ("x",)), LINE_TEXTS) == ["x"]  # a name: equal, no line break


@pytest.mark.parametrize(("pattern", "wanted"), NUMBER_PATTERNS)
def test_a_number_in_the_journey_matches_by_value_alike_on_both_engines(pattern: Any, wanted: list[str], spark_session: Any) -> None:  # noqa: F811
    condition = value_condition("col", patterns_of(pattern))
    duck = _duckdb_matches(condition, NUMBER_TEXTS)
    assert _spark_matches(spark_session, condition, NUMBER_TEXTS) == duck
    assert duck == wanted


def test_numbers_and_texts_in_one_list() -> None:
    condition = value_condition("col", patterns_of([7, "abc", "x*"]))
    assert _duckdb_matches(condition, ["7.0", "abc", "xyz", "7x", "8"]) == ["7.0", "abc", "xyz"]
    assert _duckdb_matches(value_condition("col", (9007199254740993,)), ["9007199254740993", "9007199254740992"]) == ["9007199254740993"]


@pytest.mark.parametrize("pattern", ["re:[[:alpha:]]+", "re:^x[[:digit:]]", "re:[[:^space:]]"])
def test_posix_classes_are_refused_where_the_journey_writes_them(pattern: str) -> None:
    text = f"cjmap: 1\njourney: {{title: T}}\npersonas: [{{id: p}}]\nstages:\n  - id: s\n    touchpoints:\n      - {{id: a, name: A, events: [{{page: '{pattern}'}}]}}\n"
    with pytest.raises(ValidationError) as raised:
        journey_of(text)
    assert "POSIX class" in str(raised.value) and "[a-z]" in str(raised.value)
    journey_of(text.replace(pattern, "re:[a-z]+"))  # a range is fine


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
