"""``cjmap lint`` as users call it: formats, exit codes, selection, configuration, suppression."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import jsonschema
import pytest

from conftest import DATA, MINIMAL, ROOT, SHARED, TODAY, cli

FLAWED = DATA / "flawed.journey.yaml"
LINE = re.compile(r"^(?P<file>[^\s:][^:]*):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning|info) (?P<code>CJ\d{3}) ", re.MULTILINE)

# Every finding the flawed journey must get: (code, line, column). It is a service blueprint, so
# the purchase funnel's rules (CJ143, CJ144) do not run on it: FUNNEL_FINDINGS are what the same
# file gets as a current-state map.
FLAWED_FINDINGS = {
    ("CJ101", 6, 13),   # reviewed 2025-06-30
    ("CJ102", 3, 1),    # no owner
    ("CJ110", 8, 9),    # carmen is on no touchpoint
    ("CJ111", 8, 9),    # carmen has no goals
    ("CJ112", 8, 9),    # carmen has no pain points
    ("CJ120", 30, 13),  # branch-visit: web-form's next skips it
    ("CJ121", 30, 13),   # branch-visit has no channel
    ("CJ122", 30, 13),   # branch-visit has no emotion
    ("CJ123", 27, 13),  # upload-fails is addressed by nothing
    ("CJ130", 43, 71),  # completion 41 < 65
    ("CJ131", 44, 14),   # waiting has no actual (info)
    ("CJ140", 45, 9),   # awareness has no touchpoints
    ("CJ141", 14, 9),   # compra has no goal
    ("CJ142", 45, 9),   # awareness has no KPI (info)
    ("CJ150", 35, 13),   # app has no backstage or support
    ("CJ160", 13, 1),   # only online channels (info)
}
FUNNEL_FINDINGS = {
    ("CJ143", 45, 9),   # awareness after purchase
    ("CJ144", 13, 1),   # consideration, retention, advocacy missing
}


def _from_text(output: str) -> set[tuple[str, int, int]]:
    return {(m["code"], int(m["line"]), int(m["col"])) for m in LINE.finditer(output)}


def test_every_flaw_is_found_at_its_position():
    run = cli("lint", str(FLAWED), env=TODAY)
    assert run.stderr == ""
    assert run.code == 0  # warnings and infos only
    assert _from_text(run.stdout) == FLAWED_FINDINGS
    assert run.stdout.endswith("1 file checked: 13 warnings, 3 infos in 1 file.\n")


def test_the_funnel_rules_run_on_funnel_maps_only(write):
    # The same flaws, as each map type: CJ143 and CJ144 speak of the purchase funnel, which a
    # day in the life and a service blueprint are not; CJ150 speaks of blueprints only.
    blueprint = FLAWED.read_text(encoding="utf-8")
    for map_type, expected in [
        ("current-state", (FLAWED_FINDINGS - {("CJ150", 35, 13)}) | FUNNEL_FINDINGS),
        ("future-state", (FLAWED_FINDINGS - {("CJ150", 35, 13)}) | FUNNEL_FINDINGS),
        ("day-in-the-life", FLAWED_FINDINGS - {("CJ150", 35, 13), ("CJ142", 45, 9)}),
    ]:
        path = write(f"{map_type}.journey.yaml", blueprint.replace("type: service-blueprint", f"type: {map_type}"))
        run = cli("lint", str(path), env=TODAY)
        assert (run.code, run.stderr) == (0, ""), map_type
        assert _from_text(run.stdout) == expected, map_type


def test_strict_fails_on_warnings():
    assert cli("lint", "--strict", str(FLAWED), env=TODAY).code == 1


@pytest.mark.parametrize("fmt", ["json", "github", "sarif", "junit"])
def test_the_same_findings_in_every_format(fmt):
    run = cli("lint", "--format", fmt, str(FLAWED), env=TODAY)
    assert (run.code, run.stderr) == (0, "")
    assert _findings(fmt, run.stdout) == FLAWED_FINDINGS


def _findings(fmt: str, output: str) -> set[tuple[str, int, int]]:
    if fmt == "json":
        return {(p["code"], p["line"], p["column"]) for p in json.loads(output)["problems"]}
    if fmt == "github":
        pattern = re.compile(r"^::(?:error|warning|notice) file=[^,]+,line=(\d+),col=(\d+),(?:endLine=\d+,endColumn=\d+,)?title=(CJ\d+) ", re.MULTILINE)
        return {(code, int(line), int(col)) for line, col, code in pattern.findall(output)}
    if fmt == "sarif":
        results = json.loads(output)["runs"][0]["results"]
        return {
            (r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"],
             r["locations"][0]["physicalLocation"]["region"]["startColumn"]) for r in results
        }
    cases = ElementTree.fromstring(output).iter("testcase")
    return {
        (name.split()[0], int(name.rsplit(" ", 1)[1].split(":")[0]), int(name.rsplit(":", 1)[1]))
        for name in (case.get("name", "") for case in cases)
    }


def test_sarif_matches_the_sarif_2_1_0_schema():
    schema = json.loads((SHARED / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    run = cli("lint", "--format", "sarif", str(FLAWED), "examples/", env=TODAY)
    document = json.loads(run.stdout)
    jsonschema.validate(document, schema)
    rules = document["runs"][0]["tool"]["driver"]["rules"]
    for result in document["runs"][0]["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    assert {r["level"] for r in document["runs"][0]["results"]} == {"warning", "note"}


@pytest.mark.parametrize(("strict", "failures"), [(False, "13"), (True, "13")])
def test_junit_reports_warnings_as_failures_with_or_without_strict(strict, failures):
    # CI tools show a passing test case as nothing to look at; --strict changes the exit code only.
    run = cli("lint", "--format", "junit", *(["--strict"] if strict else []), str(FLAWED), env=TODAY)
    suite = ElementTree.fromstring(run.stdout).find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures")) == ("16", failures)


def test_github_format_is_automatic_under_github_actions():
    run = cli("lint", str(FLAWED), env={**TODAY, "GITHUB_ACTIONS": "true"})
    assert run.stdout.startswith("::warning file=")


def test_examples_lint_clean_under_strict():
    run = cli("lint", "--strict", "examples/", env=TODAY)
    assert (run.code, run.stderr) == (0, "")
    assert " warning " not in run.stdout and " error " not in run.stdout


def test_validation_errors_are_reported_and_rules_skipped(write):
    path = write("bad.journey.yaml", MINIMAL.replace("title: Minimal", "titel: Minimal"))
    run = cli("lint", str(path), env=TODAY)
    assert run.code == 1
    codes = [m["code"] for m in LINE.finditer(run.stdout)]
    assert codes == ["CJ020", "CJ021"]


def test_select_and_ignore_take_codes_names_and_prefixes():
    run = cli("lint", "--select", "CJ14,missing-owner", "--ignore", "CJ142", str(FLAWED), env=TODAY)
    assert {c for c, _, _ in _from_text(run.stdout)} == {"CJ102", "CJ140", "CJ141"}
    run = cli("lint", "--select", "CJ102", "--select", "CJ101", str(FLAWED), env=TODAY)
    assert {c for c, _, _ in _from_text(run.stdout)} == {"CJ101", "CJ102"}


def test_unknown_rule_in_options_is_a_usage_error():
    run = cli("lint", "--select", "CJ1O1", str(FLAWED))
    assert run.code == 2 and "no rule is called `CJ1O1`" in run.stderr and run.stdout == ""


def _project(tmp_path: Path, config_name: str, config: str) -> Path:
    (tmp_path / config_name).write_text(config, encoding="utf-8")
    journeys = tmp_path / "journeys" / "team"
    journeys.mkdir(parents=True)
    target = journeys / "flawed.journey.yaml"
    target.write_text(FLAWED.read_text(encoding="utf-8"), encoding="utf-8")
    return target


def test_pyproject_configuration_is_found_walking_up(tmp_path):
    target = _project(tmp_path, "pyproject.toml", """\
[project]
name = "x"

[tool.cjmap.lint]
ignore = ["CJ14"]
severity = {CJ101 = "error", kpi-off-target = "info"}

[tool.cjmap.lint.rules.stale-review]
max-age-days = 1000
""")
    run = cli("lint", str(target), env=TODAY)
    found = {(m["code"], m["sev"]) for m in LINE.finditer(run.stdout)}
    assert not any(code.startswith("CJ14") for code, _ in found)
    assert ("CJ130", "info") in found
    assert "CJ101" not in {code for code, _ in found}  # 511 days is within 1000
    assert run.code == 0


def test_severity_error_fails_the_run(tmp_path):
    target = _project(tmp_path, ".cjmap.toml", '[lint]\nseverity = {CJ101 = "error"}\n')
    run = cli("lint", str(target), env=TODAY)
    assert run.code == 1
    assert f"{target}:6:13: error CJ101 " in run.stdout


def test_per_file_ignores(tmp_path):
    target = _project(tmp_path, ".cjmap.toml", '[lint]\nper-file-ignores = {"journeys/**/flawed.*" = ["ALL"]}\n')
    run = cli("lint", str(target), env=TODAY)
    assert (run.code, run.stdout) == (0, "1 file checked: no problems.\n")


def test_cjmap_toml_wins_over_pyproject_in_the_same_folder(tmp_path):
    target = _project(tmp_path, ".cjmap.toml", '[lint]\nselect = ["CJ102"]\n')
    (tmp_path / "pyproject.toml").write_text('[tool.cjmap.lint]\nselect = ["CJ101"]\n', encoding="utf-8")
    assert {c for c, _, _ in _from_text(cli("lint", str(target), env=TODAY).stdout)} == {"CJ102"}


def test_explicit_config_file(tmp_path):
    config = tmp_path / "ci.toml"
    config.write_text('[lint]\nselect = ["CJ160"]\n', encoding="utf-8")
    run = cli("lint", "--config", str(config), str(FLAWED), env=TODAY)
    assert _from_text(run.stdout) == {("CJ160", 13, 1)}


@pytest.mark.parametrize(
    ("config", "position", "message"),
    [
        ("[lint]\nselect = [\"CJ101\"\n", ":3:1:", "invalid TOML"),
        ("[lint]\nselect = \"CJ101\"\n", ":2:1:", "`select` must be a list"),
        ("[lint]\n\nignore = [\"CJ999\"]\n", ":3:1:", "no rule is called `CJ999`"),
        ("[lint]\nseverity = {CJ101 = \"fatal\"}\n", ":2:13:", "must be one of error, warning, info"),
        ("[lint]\nselcet = []\n", ":2:1:", "did you mean `select`?"),
        ("[lint.rules.stale-review]\nmax-age-days = \"90\"\n", ":2:1:", "must be an integer"),
        ("[lint.rules.stale-review]\nmax-age-days = -5\n", ":2:1:", "must be zero or more"),
        ("[lint.rules.stale-review]\nmax_age = 9\n", ":2:1:", "has no option `max_age`"),
    ],
)
def test_broken_configuration_is_exit_2_with_a_location(tmp_path, config, position, message):
    target = _project(tmp_path, ".cjmap.toml", config)
    run = cli("lint", str(target), env=TODAY)
    assert run.code == 2 and run.stdout == ""
    assert run.stderr.startswith(f"cjmap: error: bad configuration: {tmp_path / '.cjmap.toml'}{position}")
    assert message in run.stderr


def test_another_tools_settings_are_never_blamed(tmp_path):
    target = _project(tmp_path, "pyproject.toml", """\
[tool.ruff.lint]
select = ["E"]
ignore = ["E501"]

[tool.cjmap.lint]
# ignore = ["commented out"]
ignore = ["stage-without-kpis"]
""")
    run = cli("lint", str(target), env=TODAY)
    assert run.code == 2
    where = f"{tmp_path / 'pyproject.toml'}:7:1"
    assert run.stderr.startswith(f"cjmap: error: bad configuration: {where}: in `ignore`: no rule is called `stage-without-kpis` (did you mean `stage-without-kpi`?)")


def test_tool_cjmap_that_is_not_a_table(tmp_path):
    target = _project(tmp_path, "pyproject.toml", "[tool]\ncjmap = 1\n")
    run = cli("lint", str(target), env=TODAY)
    assert run.code == 2 and "`tool.cjmap` must be a table" in run.stderr and "internal error" not in run.stderr


def test_stdin_filename_finds_the_configuration(tmp_path):
    target = _project(tmp_path, ".cjmap.toml", '[lint]\nper-file-ignores = {"journeys/**" = ["ALL"]}\n')
    run = cli("lint", "--stdin-filename", str(target), "-", stdin=target.read_bytes(), env=TODAY)
    assert (run.code, run.stdout) == (0, "1 file checked: no problems.\n")


def test_suppression_with_a_reason_and_a_typo(write):
    text = FLAWED.read_text(encoding="utf-8")
    text = text.replace("  reviewed: 2025-06-30\n", "  reviewed: 2025-06-30  # cjmap: disable=CJ101 reviewed offline, ticket 12\n")
    text = text.replace("  title: Account opening (draft)\n", "  title: Account opening (draft)  # cjmap: disable=CJ1O2\n")
    path = write("x.journey.yaml", text)
    run = cli("lint", str(path), env=TODAY)
    found = _from_text(run.stdout)
    assert ("CJ101", 6, 13) not in found
    assert ("CJ100", 4, 52) in found and "no rule is called `CJ1O2`" in run.stdout


def test_inline_suppression_by_code_and_name(write):
    text = FLAWED.read_text(encoding="utf-8")
    text = text.replace("  reviewed: 2025-06-30\n", "  reviewed: 2025-06-30  # cjmap: disable=CJ101\n")
    text = text.replace("      - id: branch-visit\n", "      - id: branch-visit  # cjmap: disable=unreachable-touchpoint, CJ121\n")
    text = "# cjmap: disable-file=CJ160,kpi-without-values\n" + text
    path = write("x.journey.yaml", text)
    found = {code for code, _, _ in _from_text(cli("lint", str(path), env=TODAY).stdout)}
    assert found == {c for c, _, _ in FLAWED_FINDINGS} - {"CJ101", "CJ120", "CJ121", "CJ160", "CJ131"}


def test_rules_lists_and_explains():
    run = cli("rules")
    assert run.code == 0 and run.stdout.startswith("code ") and "CJ101  stale-review" in run.stdout
    run = cli("rules", "stale-review")
    assert run.code == 0 and run.stdout.startswith("CJ101 stale-review (warning)") and "Fails:" in run.stdout
    run = cli("rules", "CJ999")
    assert run.code == 2 and "no rule is called `CJ999`" in run.stderr


def test_pre_commit_hooks_are_declared():
    import yaml

    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert hooks["cjmap-validate"]["entry"] == "cjmap validate"
    assert hooks["cjmap-lint"]["entry"] == "cjmap lint --skip-invalid"
    assert all(hook["files"] == r"\.journey\.ya?ml$" for hook in hooks.values())


INVALID = "cjmap: 1\njourney:\n  title: Broken\n  chanel: web\npersonas: []\nstages: []\n"


@pytest.fixture
def one_invalid_one_flawed(tmp_path: Path) -> tuple[Path, Path]:
    invalid = tmp_path / "broken\x1b[31m.journey.yaml"  # a file name is untrusted text too
    invalid.write_text(INVALID)
    flawed = tmp_path / "flawed.journey.yaml"
    flawed.write_bytes(FLAWED.read_bytes())
    return invalid, flawed


NOT_LINTED = "not linted: 3 validation errors (`cjmap validate` reports them)"


def test_skip_invalid_reports_one_finding_per_invalid_file(one_invalid_one_flawed: tuple[Path, Path]) -> None:
    invalid, flawed = one_invalid_one_flawed
    plain = cli("lint", str(invalid), str(flawed), env=TODAY)
    assert plain.code == 1 and plain.stdout.count("error CJ0") == 3  # without the option: as before
    run = cli("lint", "--skip-invalid", str(invalid), str(flawed), env=TODAY)
    assert (run.code, run.stderr) == (1, "")  # the invalid file still fails the run; stdout says why
    escaped = str(invalid).replace("\x1b", "\\x1b")
    # One line for the invalid file, at its first validation error (the misspelt `chanel`, 4:3).
    assert [line for line in run.stdout.splitlines() if "broken" in line] == [f"{escaped}:4:3: error CJ099 {NOT_LINTED}"]
    assert _from_text(run.stdout) == FLAWED_FINDINGS | {("CJ099", 4, 3)}
    assert "CJ021" not in run.stdout and "CJ023" not in run.stdout
    assert run.stdout.endswith("2 files checked: 1 error, 13 warnings, 3 infos in 2 files.\n")  # both files count
    validated = cli("validate", str(invalid), env=TODAY)
    assert validated.code == 1 and validated.stdout.count("error CJ0") == 3 and "CJ099" not in validated.stdout


def _invalid_file_findings(output_format: str, stdout: str) -> list[tuple[str, str, int, int]]:
    """(code, severity, line, column) of every finding each format gives the file named broken…"""
    if output_format == "json":
        document = json.loads(stdout)
        assert [entry["valid"] for entry in document["files"] if "broken" in entry["file"]] == [False]
        return [(p["code"], p["severity"], p["line"], p["column"]) for p in document["problems"] if "broken" in p["file"]]
    if output_format == "sarif":
        results = json.loads(stdout)["runs"][0]["results"]
        located = [(r, r["locations"][0]["physicalLocation"]) for r in results]
        return [(r["ruleId"], r["level"], at["region"]["startLine"], at["region"]["startColumn"]) for r, at in located if "broken" in at["artifactLocation"]["uri"]]
    if output_format == "junit":
        suites = [suite for suite in ElementTree.fromstring(stdout) if "broken" in suite.get("name", "")]
        assert len(suites) == 1 and suites[0].get("failures") == str(len(suites[0]))
        return [_junit_case(case) for case in suites[0]]
    found = re.findall(r"^::(error|warning|notice) file=[^,]*broken[^,]*,line=(\d+),col=(\d+),(?:end(?:Line|Column)=\d+,)*title=(CJ\d+) ", stdout, re.MULTILINE)
    return [(code, severity, int(line), int(column)) for severity, line, column, code in found]


def _junit_case(case: ElementTree.Element) -> tuple[str, str, int, int]:
    failure = case.find("failure")
    assert failure is not None
    code, _, _, at = case.get("name", "").split(" ")  # "CJ099 not-linted at 4:3"
    line, column = at.split(":")
    return code, failure.get("type", ""), int(line), int(column)


@pytest.mark.parametrize("output_format", ["json", "sarif", "junit", "github"])
def test_skip_invalid_shows_the_file_once_in_every_format(one_invalid_one_flawed: tuple[Path, Path], output_format: str) -> None:
    invalid, flawed = one_invalid_one_flawed
    run = cli("lint", "--skip-invalid", "--format", output_format, str(invalid), str(flawed), env=TODAY)
    assert (run.code, run.stderr) == (1, "")
    assert _invalid_file_findings(output_format, run.stdout) == [("CJ099", "error", 4, 3)]
    assert "CJ101" in run.stdout and "unknown field" not in run.stdout  # the valid file is linted; no validation message
    # Without the option the same reader sees the three validation errors instead.
    plain = cli("lint", "--format", output_format, str(invalid), str(flawed), env=TODAY)
    assert sorted(code for code, *_ in _invalid_file_findings(output_format, plain.stdout)) == ["CJ021", "CJ023", "CJ023"]


def test_skip_invalid_names_the_count_and_the_first_error(write) -> None:
    one = write("one.journey.yaml", FLAWED.read_text(encoding="utf-8").replace("  reviewed: 2025-06-30\n", "  reviewed: 2025-06-30\n  colour: red\n"))
    run = cli("lint", "--skip-invalid", "--format", "json", str(one), env=TODAY)
    problems = json.loads(run.stdout)["problems"]
    assert run.code == 1 and len(problems) == 1
    assert problems[0] == {"file": str(one), "line": 7, "column": 3, "code": "CJ099", "severity": "error", "name": "not-linted", "path": "",
                           "message": "not linted: 1 validation error (`cjmap validate` reports it)", "end_line": 7, "end_column": 4}


def test_skip_invalid_with_only_valid_files_changes_nothing() -> None:
    run = cli("lint", "--skip-invalid", str(FLAWED), env=TODAY)
    assert (run.code, run.stderr) == (0, "")
    assert run.stdout == cli("lint", str(FLAWED), env=TODAY).stdout


def _run_lint_json(paths: list[Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> tuple[int, dict[str, Any], str]:
    from cjmap.commands.lint import run_lint

    monkeypatch.setenv("CJMAP_TODAY", TODAY["CJMAP_TODAY"])
    code = run_lint([str(path) for path in paths], output_format="json", strict=False, select=[], ignore=[], config_file=None,
                    max_file_size="5M", stdin_name="<stdin>", jobs=1, skip_invalid=True)
    out, err = capsys.readouterr()
    return code, json.loads(out), err


def test_skip_invalid_through_the_library(one_invalid_one_flawed: tuple[Path, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    invalid, flawed = one_invalid_one_flawed
    code, document, err = _run_lint_json([invalid, flawed], capsys, monkeypatch)
    assert (code, err) == (1, "")
    mine = [(p["code"], p["message"]) for p in document["problems"] if p["file"] == str(invalid)]
    assert mine == [("CJ099", NOT_LINTED)]
    assert {p["code"] for p in document["problems"] if p["file"] == str(flawed)} == {c for c, _, _ in FLAWED_FINDINGS}


def test_skip_invalid_never_hides_a_bug(one_invalid_one_flawed: tuple[Path, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A crash in the linter (CJ019) on a valid file is no validation error: `cjmap validate`
    would not report it, so lint does, as it is."""
    import cjmap.lint.linter

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(cjmap.lint.linter, "lint_result", crash)
    _, flawed = one_invalid_one_flawed
    code, document, _ = _run_lint_json([flawed], capsys, monkeypatch)
    assert code == 1 and [p["code"] for p in document["problems"]] == ["CJ019"]


def test_skip_invalid_compares_no_results(write, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The invalid files are replaced in one pass: no `result in list` scans, each of which
    compared whole results (n² comparisons of every problem for n files)."""
    from cjmap.problems import FileResult

    paths = [write(f"j{number}.journey.yaml", INVALID if number % 2 else MINIMAL) for number in range(40)]
    compared: list[object] = []
    original = FileResult.__eq__

    def counting(self: FileResult, other: object) -> bool:
        compared.append(other)
        return original(self, other)

    monkeypatch.setattr(FileResult, "__eq__", counting)
    code, document, _ = _run_lint_json(paths, capsys, monkeypatch)
    assert code == 1 and sum(p["code"] == "CJ099" for p in document["problems"]) == 20
    assert compared == []


@pytest.mark.parametrize(
    ("code", "severity", "page"), [("CJ021", "error", "validation.md#cj021"), ("cj099", "error", "lint.md#cj099"), ("CJ100", "warning", "lint.md#cj100")]
)
def test_rules_explains_a_validation_code_with_its_severity_fix_and_row(code, severity, page):
    from cjmap.validation.codes import CODES

    run = cli("rules", code)
    entry = CODES[code.upper()]
    assert (run.code, run.stderr) == (0, "")
    assert run.stdout.startswith(f"{entry.code} {entry.name} ({severity})\n")
    assert entry.meaning in run.stdout and (entry.fix in run.stdout)
    assert run.stdout.rstrip().endswith(f"docs/{page}")
