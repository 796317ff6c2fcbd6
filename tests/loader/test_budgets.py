"""Budgets decided before the work starts (issue 12): each one just under (accepted) and just
over (a located error), with inputs generated here, through the library and the CLI."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest

from cjmap.loader import Limits
from cjmap.validation import validate_text
from conftest import MINIMAL, ROOT, clean_environment, cli

# In process (cli) except the alias bomb, run in a real process under a 1 GiB address-space
# limit (RLIMIT_AS) and a 10 s timeout.

HEAD = "cjmap: 1\njourney:\n  title: T\npersonas:\n  - id: ana\nstages:\n  - id: s\n    touchpoints:\n"
DEFAULT = Limits()


def found(text: str, limits: Limits | None = None) -> list[tuple[str, int, int]]:
    return [(p.code, p.line, p.column) for p in validate_text(text, limits=limits).problems]


def touchpoints(count: int, *, next_per_touchpoint: int = 0) -> str:
    targets = ", ".join(["t0"] * next_per_touchpoint)
    edges = f", next: [{targets}]" if next_per_touchpoint else ""
    return HEAD + "".join(f"      - {{id: t{i}, name: T{edges}}}\n" for i in range(count))


# -- expanded size: aliases counted by the size of what they expand to ------------------------


def alias_bomb(value_chars: int, aliases: int) -> str:
    """A valid journey: one long action anchored, then repeated by ``aliases`` aliases."""
    return HEAD + "      - id: a\n        name: A\n        actions:\n" + f"          - &s {'x' * value_chars}\n" + "          - *s\n" * aliases


def test_the_expanded_size_counts_the_characters_each_alias_repeats():
    # 9 aliases of 1,000 characters: 10,000 characters of actions in all, far under 10,000 nodes.
    text = alias_bomb(1_000, 9)
    size_without_aliases = len("".join(found_scalars(text))) + node_count(text)
    just_enough = Limits(max_expanded=size_without_aliases + 9 * 1_001, max_bytes=2_000)
    assert found(text, just_enough) == []
    too_small = Limits(max_expanded=size_without_aliases + 9 * 1_001 - 1, max_bytes=2_000)
    # The alias that crosses the budget is the last one: line 13 + 9, at its `*`.
    assert found(text, too_small) == [("CJ004", 21, 13)]


def found_scalars(text: str) -> list[str]:
    import yaml

    return [event.value for event in yaml.parse(text) if isinstance(event, yaml.ScalarEvent)]


def node_count(text: str) -> int:
    import yaml

    kinds = (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)
    return sum(isinstance(event, kinds) for event in yaml.parse(text))


def test_a_larger_file_limit_raises_the_expanded_budget_with_it():
    assert Limits().expanded_budget == 20 * 1024 * 1024
    assert Limits(max_bytes=50 * 1024 * 1024).expanded_budget == 200 * 1024 * 1024


def test_a_journey_just_under_the_expanded_budget_is_valid():
    # 9,000-character actions (under the value budget), repeated up to 1 MiB under 20 MiB.
    aliases = (DEFAULT.expanded_budget - 1024 * 1024) // 9_001
    result = validate_text(alias_bomb(9_000, aliases))
    assert result.ok and result.journey is not None


def _limit_memory() -> None:
    # 1 GiB of address space: the old behaviour (a 900 MB page, 2.7 GB resident) cannot fit.
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


@pytest.mark.parametrize("command", [["validate"], ["render", "-f", "html"], ["render", "-f", "markdown"], ["show"]])
def test_the_alias_bomb_is_refused_quickly_in_little_memory(tmp_path, command):
    # The case: a 100 KB string behind 9,000 aliases rendered a 900 MB page. Here with
    # 9,000-character values, under the value budget, so only the expanded size can stop it.
    path = tmp_path / "bomb.journey.yaml"
    path.write_text(alias_bomb(9_000, 9_000), encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "cjmap", *command, str(path)],
        capture_output=True, text=True, timeout=10, cwd=ROOT, preexec_fn=_limit_memory, check=False, env=clean_environment(),
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 1, output
    # The first alias past 20 MiB: 20,971,520 / 9,001 = 2,329.9, so alias number 2,330 on line
    # 13 + 2,330 (the anchored value fills line 12), minus what the rest of the file adds.
    line = int(output.split("bomb.journey.yaml:")[1].split(":")[0])
    assert 2_335 <= line <= 2_343, output
    assert f"bomb.journey.yaml:{line}:13: error CJ004" in output
    assert "internal error" not in output and "Traceback" not in output


# -- one value, one line ---------------------------------------------------------------------


def test_a_value_at_the_budget_is_accepted_and_one_more_character_is_cj014(write):
    at_budget = MINIMAL.replace("name: Search", f"name: Search\n        description: {'d' * DEFAULT.max_scalar_chars}")
    assert cli("validate", str(write("ok.journey.yaml", at_budget))).code == 0
    over = at_budget.replace("description: d", "description: dd")
    run = cli("validate", str(write("long.journey.yaml", over)))
    assert run.code == 1 and run.stderr == ""
    assert "long.journey.yaml:11:22: error CJ014 this value is 10,001 characters long" in run.stdout
    assert run.stdout.count("error CJ") == 1  # nothing else about the same value


def test_a_long_value_is_never_converted_even_if_it_looks_like_a_number():
    text = MINIMAL.replace("title: Minimal", f"title: {'9' * 20_000}")
    assert found(text) == [("CJ014", 3, 10)]


def test_a_line_at_the_budget_is_accepted_and_one_more_character_is_cj013(write):
    # Tags of 9,000 characters (under the value budget), the last one cut to end the line exactly.
    prefix, budget = "  tags: [", DEFAULT.max_line_chars
    body = budget - len(prefix) - 1
    items = ["t" * 9_000] * (body // 9_002)
    rest = body - sum(len(item) + 2 for item in items)
    line = prefix + "".join(item + ", " for item in items) + "t" * rest + "]"
    assert len(line) == budget
    ok = MINIMAL.replace("  title: Minimal\n", f"  title: Minimal\n{line}\n")
    assert cli("validate", str(write("ok.journey.yaml", ok))).code == 0
    over = ok.replace("[t", "[tt", 1)
    run = cli("validate", str(write("wide.journey.yaml", over)))
    assert run.code == 1 and run.stderr == ""
    assert f"wide.journey.yaml:4:{budget + 1}: error CJ013 this line is {budget + 1:,} characters long" in run.stdout


def test_a_journey_written_as_one_line_of_json_loads(write):
    """`jq -c` and `json.dumps` write one line; an example journey is about 11 KB as one."""
    import json

    import yaml

    example = yaml.safe_load((ROOT / "examples" / "laptop-purchase.journey.yaml").read_text(encoding="utf-8"))
    one_line = json.dumps(example, default=str, ensure_ascii=False)
    assert "\n" not in one_line and len(one_line) > 10_000
    assert cli("validate", str(write("one-line.journey.yaml", one_line))).code == 0


def test_a_long_line_does_not_hide_other_problems():
    text = MINIMAL.replace("  title: Minimal\n", "  title: Minimal\n  tags: [" + "t, " * 20_000 + "t]\n") + "        emotion: 9\n"
    assert [code for code, _, _ in found(text, Limits(max_line_chars=30_000))] == ["CJ013", "CJ032"]


# -- touchpoints and edges, counted before the models -----------------------------------------


@pytest.mark.parametrize("count", [1, 7])
def test_the_touchpoint_budget_is_exact(count):
    limits = Limits(max_touchpoints=count)
    assert found(touchpoints(count), limits) == []
    # The first touchpoint over the budget is the location: line 9 + its index.
    assert found(touchpoints(count + 1), limits) == [("CJ016", 9 + count, 9)]


def test_touchpoints_are_counted_over_every_stage():
    text = HEAD + "      - {id: a, name: A}\n  - id: s2\n    touchpoints:\n      - {id: b, name: B}\n      - {id: c, name: C}\n"
    assert found(text, Limits(max_touchpoints=2)) == [("CJ016", 13, 9)]


def test_a_journey_past_the_touchpoint_budget_is_refused_before_the_models(monkeypatch):
    import cjmap.model

    class Untouchable:
        @staticmethod
        def model_validate(data: object) -> None:
            raise AssertionError("the models must not run on a journey over budget")

    monkeypatch.setattr(cjmap.model, "Journey", Untouchable)
    assert found(touchpoints(4), Limits(max_touchpoints=3)) == [("CJ016", 12, 9)]


def test_the_default_touchpoint_budget_leaves_room_for_the_benchmarks(write):
    # bench/ measures 50,000 touchpoints; the budget is 100,000, and 100,001 is refused.
    assert DEFAULT.max_touchpoints == 100_000
    assert validate_text(touchpoints(100_000), limits=Limits(max_bytes=10 << 20)).ok
    run = cli("validate", str(write("many.journey.yaml", touchpoints(100_001))))
    assert run.code == 1 and run.stderr == ""
    assert "many.journey.yaml:100009:9: error CJ016 the journey has more than 100,000 touchpoints" in run.stdout


@pytest.mark.parametrize(("budget", "line", "column"), [(6, 11, 34), (7, 11, 38), (9, 12, 34)])
def test_the_edge_budget_is_exact_and_located_at_the_first_edge_over(budget, line, column):
    # Four touchpoints with three `next:` targets each: 12 edges.
    text = touchpoints(4, next_per_touchpoint=3)
    assert found(text, Limits(max_edges=12)) == []
    assert found(text, Limits(max_edges=budget)) == [("CJ017", line, column)]


def test_the_default_edge_budget_is_checked_through_the_cli(write):
    # 1,001 touchpoints with 200 edges each: 200,200 edges, over the 200,000 budget.
    run = cli("validate", str(write("dense.journey.yaml", touchpoints(1_001, next_per_touchpoint=200))))
    assert run.code == 1 and run.stderr == ""
    assert "dense.journey.yaml:1009:" in run.stdout  # the 1,001st touchpoint holds edge 200,001
    assert "error CJ017 the journey has more than 200,000 `next:` edges" in run.stdout
    assert validate_text(touchpoints(1_000, next_per_touchpoint=200)).ok


def crowd(personas: int, touchpoints: int, *, listed: int | None = None) -> str:
    people = "".join(f"  - {{id: p{i}}}\n" for i in range(personas))
    only = f", personas: [{', '.join(f'p{i}' for i in range(listed))}]" if listed is not None else ""
    steps = "".join(f"      - {{id: t{i}, name: T{only}}}\n" for i in range(touchpoints))
    return f"cjmap: 1\njourney:\n  title: T\npersonas:\n{people}stages:\n  - id: s\n    touchpoints:\n{steps}"


def test_the_persona_lane_budget_counts_everyone_for_a_touchpoint_without_personas():
    # 10 personas on 10 touchpoints: 100 lanes; the 8th touchpoint takes them to 80.
    assert found(crowd(10, 10), Limits(max_persona_lanes=100)) == []
    assert found(crowd(10, 10), Limits(max_persona_lanes=79)) == [("CJ018", 25, 9)]
    # Listing one persona per touchpoint: 10 lanes, under a budget of 10.
    assert found(crowd(10, 10, listed=1), Limits(max_persona_lanes=10)) == []


def test_the_default_persona_lane_budget_through_the_cli(write):
    # 1,000 personas on 1,001 touchpoints without `personas:`: 1,001,000 lanes (before: a 5,000-
    # touchpoint version made 100 MB of `show --format json` and a 5 GB Mermaid diagram).
    run = cli("validate", str(write("crowd.journey.yaml", crowd(1_000, 1_001))))
    assert run.code == 1 and run.stderr == ""
    assert "crowd.journey.yaml:2008:9: error CJ018 the touchpoints' personas add up to more than 1,000,000 persona lanes" in run.stdout
    assert validate_text(crowd(1_000, 1_000)).ok


# -- the budgets are documented ----------------------------------------------------------------


@pytest.mark.parametrize("code", ["CJ004", "CJ013", "CJ014", "CJ015", "CJ016", "CJ017", "CJ018", "CJ019"])
def test_every_budget_code_is_in_the_docs(code):
    docs = (ROOT / "docs" / "validation.md").read_text(encoding="utf-8")
    assert f'| <a id="{code.lower()}"></a>{code} |' in docs  # its row of the code table, anchored for SARIF's helpUri
    assert "## Budgets" in docs


def test_the_budget_table_gives_the_numbers_the_code_uses():
    docs = (ROOT / "docs" / "validation.md").read_text(encoding="utf-8")
    budgets = docs.split("## Budgets", 1)[1].split("\n## ", 1)[0]
    for number in ("20 MiB", "10,000 characters", "1 MiB", "100 characters", "100,000", "200,000", "1,000,000"):
        assert number in budgets, number


def test_limits_come_from_one_place():
    source = Path(sys.modules["cjmap.loader.limits"].__file__).read_text(encoding="utf-8")
    for name in ("max_expanded", "max_scalar_chars", "max_line_chars", "max_number_chars", "max_touchpoints", "max_edges", "max_persona_lanes", "max_persona_steps"):
        assert f"    {name}: int = " in source


# -- output that grows as personas x touchpoints ---------------------------------------------


def everyone_everywhere(personas: int, touchpoints: int, name_chars: int) -> str:
    """A valid journey whose touchpoints leave out `personas:`: each involves every persona."""
    people = "".join(f"  - {{id: p{i}, name: {'n' * name_chars}{i}}}\n" for i in range(personas))
    steps = "".join(f"      - {{id: t{i}, name: T}}\n" for i in range(touchpoints))
    return f"cjmap: 1\njourney:\n  title: T\npersonas:\n{people}stages:\n  - id: s\n    touchpoints:\n{steps}"


@pytest.mark.parametrize("fmt", ["mermaid", "markdown"])
def test_a_mermaid_diagram_past_its_budget_is_refused_before_it_is_written(tmp_path, fmt):
    """1,000 personas (each named in 40 characters, the most an actor is given) on 600
    touchpoints: a 90 KB file, a 25 MB diagram (before: written whole; 1,000 x 5,000 made 5 GB
    and 9.8 GB of memory)."""
    journey = tmp_path / "wide.journey.yaml"
    journey.write_text(everyone_everywhere(1_000, 600, 60))
    target = tmp_path / f"out.{fmt}"
    completed = cli("render", str(journey), "-f", fmt, "-o", str(target))
    assert completed.code == 2, completed.stderr
    assert "the Mermaid diagram would hold about" in completed.stderr and "lists all 1,000 personas" in completed.stderr
    assert not target.exists()
    html = cli("render", str(journey), "-f", "html", "-o", str(tmp_path / "out.html"))
    assert html.code == 0, html.stderr


def test_a_mermaid_diagram_under_its_budget_is_written(tmp_path):
    journey = tmp_path / "wide.journey.yaml"
    journey.write_text(everyone_everywhere(30, 100, 30))
    completed = cli("render", str(journey), "-f", "mermaid")
    assert completed.code == 0, completed.stderr
    assert completed.stdout.count(", ".join(f"{'n' * 30}{i}" for i in range(3))) == 100


def test_every_valid_journey_draws_with_graphviz_values_at_their_budget(tmp_path):
    """Graphviz refuses a quoted string over 16,384 bytes; a value at the 10,000-character budget
    of 4-byte characters and backslashes (doubled by DOT quoting) is 40 KB or more. Labels are
    shortened in the picture, so the journey still draws (it failed with "Invalid Input")."""
    wide = '"' + ("😀\\\\" * 3_333) + '"'  # 9,999 characters: emoji and escaped backslashes
    text = (
        f"cjmap: 1\njourney:\n  title: {wide}\npersonas:\n  - {{id: ana, name: {wide}}}\nstages:\n"
        f"  - id: s\n    name: {wide}\n    touchpoints:\n"
        f"      - {{id: t, name: {wide}, description: {wide}, channel: web, emotion: 1}}\n"
    )
    journey = tmp_path / "wide.journey.yaml"
    journey.write_text(text, encoding="utf-8")
    assert validate_text(text).ok
    completed = cli("render", str(journey), "-f", "svg", "-o", str(tmp_path / "wide.svg"))
    assert completed.code == 0, completed.stderr
    assert "…" in (tmp_path / "wide.svg").read_text(encoding="utf-8")
