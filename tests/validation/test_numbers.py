"""Numbers that cannot crash (issue 12): huge literals, non-finite floats, scale bounds, digits
of other scripts; and one file's failure never hides the others."""

from __future__ import annotations

import json

import pytest

from cjmap.validation import validate_text
from conftest import MINIMAL, cli

HUGE = "9" * 5_000


def found(text: str) -> list[tuple[str, int, int]]:
    return [(p.code, p.line, p.column) for p in validate_text(text).problems]


def with_kpi(line: str) -> str:
    return MINIMAL.replace("  - id: awareness\n", f"  - id: awareness\n    kpis:\n      - {line}\n")


# -- huge literals -------------------------------------------------------------------------------

LITERALS = {
    "decimal": HUGE,
    "negative": "-" + HUGE,
    "hex": "0x" + "f" * 5_000,
    "octal": "0o" + "7" * 5_000,
    "float": HUGE + ".5",
    "exponent": "1e" + HUGE[:200],
}
FIELDS = {
    # field -> (text with the literal as X, line, column of the literal)
    "title": (MINIMAL.replace("title: Minimal", "title: X"), 3, 10),
    "touchpoint name": (MINIMAL.replace("name: Search", "name: X"), 10, 15),
    "emotion": (MINIMAL + "        emotion: X\n", 11, 18),
    "per-persona emotion": (MINIMAL + "        emotion: {ana: X}\n", 11, 24),
    "scale min": (MINIMAL.replace("  title: Minimal\n", "  title: Minimal\n  emotion_scale: {min: X, max: 2}\n"), 4, 24),
    # An explicit key (`? `): YAML allows implicit keys of up to 1,024 characters only.
    "scale label": (MINIMAL.replace("  title: Minimal\n", "  title: Minimal\n  emotion_scale:\n    labels:\n      ? X\n      : Hi\n"), 6, 9),
    "format version": (MINIMAL.replace("cjmap: 1", "cjmap: X"), 1, 8),
    "KPI target": (with_kpi("{id: k, target: X}"), 9, 25),
    "demographics": (MINIMAL.replace("  - id: ana\n", "  - id: ana\n    demographics: {age: X}\n"), 6, 25),
}


@pytest.mark.parametrize("literal", LITERALS)
@pytest.mark.parametrize("field", FIELDS)
def test_a_huge_literal_is_a_located_cj015_in_every_field(field, literal):
    template, line, column = FIELDS[field]
    assert found(template.replace("X", LITERALS[literal], 1)) == [("CJ015", line, column)]


def test_a_number_of_100_characters_is_still_a_number():
    assert validate_text(MINIMAL.replace("title: Minimal", "title: " + "9" * 100)).ok
    assert found(MINIMAL + f"        emotion: {'9' * 100}\n")[0][0] == "CJ032"  # a number, out of scale
    assert found(MINIMAL + f"        emotion: {'9' * 101}\n") == [("CJ015", 11, 18)]


def test_long_text_that_only_looks_like_digits_stays_text():
    # A leading zero makes a decimal text (postcodes, phone numbers), at any length; quotes too.
    assert validate_text(MINIMAL.replace("title: Minimal", "title: 0" + "1" * 5_000)).ok
    assert validate_text(MINIMAL.replace("title: Minimal", f'title: "{HUGE}"')).ok


COMMANDS = [
    ["validate"], ["lint"], ["show"], ["show", "--format", "json"], ["stats"],
    ["render", "-f", "html"], ["render", "-f", "markdown"], ["render", "-f", "mermaid"], ["export", "csv"],
]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_reports_a_huge_title_as_a_problem_not_a_crash(write, command):
    path = write("huge.journey.yaml", MINIMAL.replace("title: Minimal", f"title: {HUGE}"))
    run = cli(*command, str(path))
    output = run.stdout + run.stderr
    # `stats` lists invalid files among its figures and exits 0; the others exit 1.
    assert run.code == (0 if command == ["stats"] else 1), output
    located = "3:10 CJ015" if command == ["stats"] else "huge.journey.yaml:3:10"  # stats: a table
    assert located in output and "CJ015" in output
    assert "internal error" not in output and "Traceback" not in output


def test_diff_reports_a_huge_number_as_a_problem(write):
    old = write("old.journey.yaml", MINIMAL)
    new = write("new.journey.yaml", MINIMAL.replace("title: Minimal", "title: 0x" + "f" * 5_000))
    run = cli("diff", str(old), str(new))
    assert run.code == 2 and "internal error" not in run.stderr and "Traceback" not in run.stderr
    assert "new.journey.yaml:3:10: error CJ015" in run.stderr


def test_a_folder_with_a_huge_number_still_reports_every_other_file(tmp_path):
    (tmp_path / "a-huge.journey.yaml").write_text(MINIMAL.replace("title: Minimal", f"title: {HUGE}"), encoding="utf-8")
    (tmp_path / "b-flawed.journey.yaml").write_text(MINIMAL + "        emotion: 7\n", encoding="utf-8")
    (tmp_path / "c-good.journey.yaml").write_text(MINIMAL, encoding="utf-8")
    run = cli("validate", "--format", "json", str(tmp_path))
    assert run.code == 1 and run.stderr == ""
    report = json.loads(run.stdout)
    assert {(p["file"].rsplit("/", 1)[-1], p["code"], p["line"]) for p in report["problems"]} == {
        ("a-huge.journey.yaml", "CJ015", 3),
        ("b-flawed.journey.yaml", "CJ032", 11),
    }
    assert report["summary"]["files"] == 3


# -- non-finite numbers ----------------------------------------------------------------------------

NON_FINITE = [".nan", ".NaN", ".NAN", ".inf", ".Inf", "+.inf", "-.inf", "-.Inf", "1e999", "-1e400"]


@pytest.mark.parametrize("value", NON_FINITE)
@pytest.mark.parametrize(
    ("template", "line", "column"),
    [
        (with_kpi("{id: k, target: X}"), 9, 25),
        (with_kpi("{id: k, target: 1, actual: X}"), 9, 36),
        (MINIMAL.replace("  - id: ana\n", "  - id: ana\n    demographics: {age: X}\n"), 6, 25),
    ],
)
def test_a_non_finite_number_is_refused_where_it_is_written(template, line, column, value):
    result = validate_text(template.replace("X", value))
    assert [(p.code, p.line, p.column) for p in result.problems] == [("CJ023", line, column)]
    assert f"`{value}` is not a finite number" in result.problems[0].message


@pytest.mark.parametrize("value", [".nan", "-.inf"])
@pytest.mark.parametrize(
    ("template", "problem"),
    [
        (MINIMAL + "        emotion: X\n", ("CJ022", 11, 18)),
        (MINIMAL + "        emotion: {ana: X}\n", ("CJ022", 11, 18)),  # per-persona: at the mapping
        (MINIMAL.replace("  title: Minimal\n", "  title: Minimal\n  emotion_scale: {min: X}\n"), ("CJ023", 4, 24)),
    ],
)
def test_a_non_finite_number_where_a_whole_number_belongs_is_refused(template, problem, value):
    assert found(template.replace("X", value)) == [problem]


@pytest.mark.parametrize("value", [".nan", ".inf", "1e999"])
def test_non_finite_words_in_a_text_field_stay_the_text_written(value):
    result = validate_text(MINIMAL.replace("title: Minimal", f"title: {value}"))
    assert result.ok and result.journey is not None
    assert result.journey.journey.title == value


@pytest.mark.parametrize("command", [["show", "--format", "json"], ["stats", "--format", "json"], ["validate", "--format", "json"]])
def test_json_output_never_holds_nan_or_infinity(write, command):
    path = write("nan.journey.yaml", with_kpi("{id: k, target: .nan, actual: .inf}"))
    run = cli(*command, str(path))
    assert run.code == (0 if command[0] == "stats" else 1) and "internal error" not in run.stderr
    if command[0] == "show":  # an invalid journey is not shown: no JSON, the problem on stderr
        assert run.stdout == "" and "nan.journey.yaml" in run.stderr and "CJ023" in run.stderr
        return
    assert "NaN" not in run.stdout and "Infinity" not in run.stdout
    json.loads(run.stdout)  # strict: Python's json accepts NaN, so it is checked above too
    assert "nan.journey.yaml" in run.stdout and "CJ023" in run.stdout


def test_kpi_values_are_bounded_by_a_quadrillion():
    assert validate_text(with_kpi("{id: k, target: -1e15, actual: 1000000000000000}")).ok
    assert found(with_kpi("{id: k, target: 1.0000001e15}")) == [("CJ023", 9, 25)]
    assert found(with_kpi("{id: k, actual: " + "9" * 99 + "}")) == [("CJ023", 9, 25)]


@pytest.mark.parametrize("written", ["1_000", '"12"', "' 7 '", "\u0661", "0x_1"])
def test_kpi_values_written_as_text_are_not_numbers(written):
    # pydantic's lax mode turned each of these into a float (float("1_000") is 1000.0).
    assert found(with_kpi(f"{{id: k, target: {written}}}")) == [("CJ022", 9, 25)]
    assert validate_text(with_kpi("{id: k, target: 1000, actual: 7.5}")).ok


# -- the emotion scale -------------------------------------------------------------------------------


def scale(bounds: str, emotions: str = "") -> str:
    return MINIMAL.replace("  title: Minimal\n", f"  title: Minimal\n  emotion_scale: {{{bounds}}}\n") + emotions


@pytest.mark.parametrize(
    ("bounds", "problem"),
    [
        ("min: -1000, max: -900", None),
        ("min: 900, max: 1000", None),
        ("min: 0, max: 100", None),
        ("min: -1001, max: 0", ("CJ023", 4, 24)),
        ("min: 0, max: 1001", ("CJ023", 4, 32)),
        ("min: 0, max: 101", ("CJ023", 4, 18)),
        ("min: -" + "9" * 400 + ", max: 5", ("CJ015", 4, 24)),
    ],
)
def test_the_emotion_scale_is_bounded(bounds, problem):
    assert found(scale(bounds)) == ([problem] if problem else [])


@pytest.mark.parametrize("fmt", ["html", "svg", "markdown", "mermaid", "dot"])
def test_the_widest_scale_and_extreme_values_render(tmp_path, write, fmt):
    text = scale(
        "min: 900, max: 1000, labels: {900: Low, 1000: High}",
        "        emotion: 1000\n      - id: b\n        name: B\n        emotion: 900\n",
    ).replace("  - id: ana\n", "  - id: ana\n    demographics: {big: 1e308, long: " + "9" * 99 + ", hex: 0x1F}\n")
    text = text.replace("  - id: awareness\n", "  - id: awareness\n    kpis:\n      - {id: k, target: -1e15, actual: 1e15, unit: '%'}\n")
    path = write("wide.journey.yaml", text)
    run = cli("render", "-f", fmt, "-o", str(tmp_path / f"out.{fmt}"), str(path))
    assert run.code == 0, run.stderr
    for command in (["show", "--format", "json"], ["stats", "--format", "json"], ["diff", "--format", "json", str(path)]):
        run = cli(*command, str(path))
        assert run.code == 0, run.stderr
        json.loads(run.stdout)


# -- only ASCII digits are numbers ---------------------------------------------------------------------


@pytest.mark.parametrize("written", ["١", "٣", "²", "1_0", "１", "0x_1F", "1__0"])
def test_digits_of_other_scripts_and_underscores_are_not_numbers(written):
    assert found(MINIMAL + f"        emotion: {written}\n") == [("CJ022", 11, 18)]
    result = validate_text(MINIMAL.replace("title: Minimal", f"title: {written}"))
    assert result.journey is not None and result.journey.journey.title == written


def test_the_number_patterns_are_ascii_only():
    from cjmap.loader import scalars

    for name in ("_DECIMAL", "_LEADING_ZERO", "_OCTAL", "_HEX", "_FLOAT", "_INF", "_NAN"):
        assert "\\d" not in getattr(scalars, name).pattern, name


# -- one file's failure never hides the others -------------------------------------------------------


def test_an_internal_error_in_one_file_is_reported_and_the_others_still_checked(tmp_path, monkeypatch):
    from cjmap.validation import pipeline

    real = pipeline._check_data

    def failing(loaded, limits):
        if "Boom" in loaded.text:
            raise RuntimeError("injected failure")
        return real(loaded, limits)

    monkeypatch.setattr(pipeline, "_check_data", failing)
    monkeypatch.delenv("CJMAP_DEBUG", raising=False)
    (tmp_path / "a.journey.yaml").write_text(MINIMAL.replace("Minimal", "Boom"), encoding="utf-8")
    (tmp_path / "b.journey.yaml").write_text(MINIMAL + "        emotion: 7\n", encoding="utf-8")
    result = cli("validate", "--jobs", "1", str(tmp_path))
    assert result.code == 1, result.stderr
    assert f"{tmp_path / 'a.journey.yaml'}:1:1: error CJ019 cjmap failed on this file: internal error RuntimeError: injected failure" in result.stdout
    assert f"{tmp_path / 'b.journey.yaml'}:11:18: error CJ032" in result.stdout


def test_an_internal_error_in_a_lint_rule_is_that_files_problem(tmp_path, monkeypatch):
    import dataclasses

    from cjmap.lint.registry import RULES

    code, rule = next(iter(RULES.items()))

    def failing(journey, context):
        raise ValueError("injected rule failure")

    monkeypatch.setitem(RULES, code, dataclasses.replace(rule, check=failing))
    monkeypatch.delenv("CJMAP_DEBUG", raising=False)
    (tmp_path / "a.journey.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "b.journey.yaml").write_text(MINIMAL + "        emotion: 7\n", encoding="utf-8")
    result = cli("lint", "--jobs", "1", str(tmp_path))
    assert result.code == 1, result.stderr
    assert f"{tmp_path / 'a.journey.yaml'}:1:1: error CJ019" in result.stdout
    assert f"{tmp_path / 'b.journey.yaml'}:11:18: error CJ032" in result.stdout


def test_the_library_returns_an_internal_error_as_data_and_cjmap_debug_raises_it(monkeypatch):
    from cjmap.validation import pipeline

    def failing(loaded, limits):
        raise KeyError("injected")

    monkeypatch.setattr(pipeline, "_check_data", failing)
    monkeypatch.delenv("CJMAP_DEBUG", raising=False)
    result = validate_text(MINIMAL, file="x.journey.yaml")
    assert [(p.code, p.line, p.column, p.severity) for p in result.problems] == [("CJ019", 1, 1, "error")]
    monkeypatch.setenv("CJMAP_DEBUG", "1")
    with pytest.raises(KeyError):
        validate_text(MINIMAL)
