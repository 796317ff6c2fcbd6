"""Hostile journey text in ``show``, ``stats`` and ``diff``: shown visibly, never interpreted.

Every text field of a generated journey holds escape sequences (clear screen, OSC 52 clipboard,
OSC 8 hyperlink, OSC 0 title), a bare CR, rich markup, bidi overrides and C1 controls. Each
command and format must print them as visible escapes (``\\x1b``), never raw, never as markup,
with no traceback; JSON must stay valid and keep the data exact. Issue 12, "Nothing injected".
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from cjmap.text.safe import json_text, same, visible
from hostile_text import HOSTILE, SEEN, UNSAFE, assert_safe, clean, hostile_journey, quoted, run


@pytest.fixture
def journey(tmp_path: Path) -> Path:
    path = tmp_path / "evil.journey.yaml"
    path.write_text(hostile_journey(), encoding="utf-8")
    return path


# --- show ---------------------------------------------------------------------------------


@pytest.mark.parametrize("options", [[], ["--persona", "ann"], ["--stage", "awareness"]], ids=["all", "persona", "stage"])
@pytest.mark.parametrize("color", [False, True], ids=["plain", "color"])
def test_show_prints_hostile_text_visibly(journey: Path, options: list[str], color: bool) -> None:
    shown = assert_safe(run("show", str(journey), *options, color=color), 0, color=color)
    for seen in SEEN:
        assert seen in shown
    for field in ("title", "owner", "Ann", "stage", "goal", "kpi", "unit", "touchpoint", "pain", "opportunity", "channel"):
        assert f"{field} \\x1b[2J" in shown, field


def test_show_never_reads_journey_text_as_markup(tmp_path: Path) -> None:
    # A KPI named [/bold] was an internal MarkupError; [link=…] a live OSC 8 hyperlink.
    path = tmp_path / "markup.journey.yaml"
    path.write_text(hostile_journey().replace(quoted(f"kpi {HOSTILE}"), '"[/bold]"'), encoding="utf-8")
    shown = assert_safe(run("show", str(path), color=True), 0, color=True)
    assert "[/bold]" in shown and "[link=https://x.example]a[/link]" in shown
    assert "\x1b]8" not in run("show", str(path), color=True).stdout.decode()


def test_show_json_is_valid_safe_and_exact(journey: Path) -> None:
    completed = run("show", str(journey), "--format", "json")
    out = assert_safe(completed, 0)
    data = json.loads(out)
    # The data is exact (JSON escapes are decoded back); only the printed form is escaped.
    assert data["journey"]["title"] == f"title {HOSTILE}"
    assert data["stages"][0]["kpis"][0]["name"] == f"kpi {HOSTILE}"


# --- stats --------------------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder with the hostile journey under a hostile file name, and an invalid one."""
    folder = tmp_path / "journeys"
    folder.mkdir()
    (folder / "evil\x1b[2J\r[red]x\u202e.journey.yaml").write_text(hostile_journey(), encoding="utf-8")
    (folder / "broken\x1b]0;t\x07.journey.yaml").write_text(hostile_journey().replace("title:", quoted("\x1b[2J") + ":"), encoding="utf-8")
    return folder


@pytest.mark.parametrize("output_format", ["text", "markdown", "json"])
def test_stats_prints_hostile_text_and_file_names_visibly(folder: Path, output_format: str) -> None:
    shown = assert_safe(run("stats", str(folder), "--format", output_format), 0)
    if output_format == "json":
        data = json.loads(shown)
        assert data["unaddressed_pain_points"][0]["pain"] == f"unaddressed {HOSTILE}"
        assert data["invalid"][0]["file"].endswith("broken\x1b]0;t\x07.journey.yaml")
    elif output_format == "text":
        for seen in ("evil\\x1b[2J\\r[red]x\\u202e.journey.yaml", "broken\\x1b]0;t\\x07", "unaddressed \\x1b[2J", "[/bold]"):
            assert seen in shown
    else:
        # Markdown escapes the backslash and brackets of the visible form.
        assert "unaddressed \\\\x1b\\[2J" in shown and "evil\\\\x1b\\[2J\\\\r\\[red\\]x" in shown


def test_stats_in_colour_writes_only_its_own_colour_codes(folder: Path) -> None:
    assert_safe(run("stats", str(folder), color=True), 0, color=True)


# --- diff ---------------------------------------------------------------------------------


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old\x1b[2J.journey.yaml", tmp_path / "new\r.journey.yaml"
    old.write_text(hostile_journey(), encoding="utf-8")
    new.write_text(hostile_journey(" v2", actual=7, emotion=1), encoding="utf-8")
    return old, new


@pytest.mark.parametrize("output_format", ["text", "markdown", "json"])
@pytest.mark.parametrize("color", [False, True], ids=["plain", "color"])
def test_diff_prints_hostile_text_visibly(pair: tuple[Path, Path], output_format: str, color: bool) -> None:
    old, new = pair
    shown = assert_safe(run("diff", str(old), str(new), "--format", output_format, color=color), 1, color=color,
                        coloured=color and output_format == "text")
    if output_format == "json":
        data = json.loads(shown)
        renamed = next(c for c in data["changes"] if c["action"] == "renamed")
        assert renamed["after"] == f"touchpoint v2 {HOSTILE}"
    elif output_format == "text":
        assert "touchpoint v2 \\x1b[2J" in shown and "old\\x1b[2J.journey.yaml" in shown and "new\\r.journey.yaml" in shown
        # One change, one line: a CR or LF in a value cannot start a line of its own.
        assert all(line.startswith(("  ", "Journey", "Personas", "Stages", "Touchpoints", "Emotions", "Pain", "Opportunities", "KPIs")) or not line
                   or line[0].isdigit() for line in shown.splitlines())
    else:
        assert "touchpoint v2 \\\\x1b\\[2J" in shown


def test_diff_of_a_file_with_itself_is_no_change(journey: Path) -> None:
    assert_safe(run("diff", str(journey), str(journey)), 0)


# --- JSON numbers and NaN-aware comparison (library) -------------------------------------------


def test_json_text_never_writes_nan_or_infinity() -> None:
    text = json_text({"a": math.nan, "b": [math.inf, -math.inf], "c": 1.5})
    assert json.loads(text, parse_constant=lambda name: pytest.fail(f"bare {name}")) == {"a": "NaN", "b": ["Infinity", "-Infinity"], "c": 1.5}


def test_json_text_escapes_what_json_dumps_leaves_raw() -> None:
    value = "\x1b[2J\x9b\u202e\u2028\x7f\udcff"  # the last: an undecodable byte in a file name
    text = json_text({"name": value})
    assert not UNSAFE.search(text) and "\udcff" not in text
    assert json.loads(text)["name"] == value
    text.encode("utf-8")  # would raise on a lone surrogate


def test_nan_kpi_is_no_change_when_diffed_with_itself(journey: Path) -> None:
    # Validation refuses .nan (CJ023); diff must still not call NaN != NaN a change.
    import cjmap
    from cjmap.diff.changes import diff_journeys

    loaded = cjmap.load_journey(journey)
    stage = loaded.stages[0]
    kpi = stage.kpis[0].model_copy(update={"actual": math.nan, "target": math.inf})
    nan = loaded.model_copy(update={"stages": [stage.model_copy(update={"kpis": [kpi]})]})
    assert diff_journeys(nan, nan) == []
    assert same(math.nan, math.nan) and not same(math.nan, 1.0) and same(1, 1.0)


def test_a_nan_kpi_is_refused_before_any_json_is_written(tmp_path: Path) -> None:
    path = tmp_path / "nan.journey.yaml"
    path.write_text(hostile_journey().replace("actual: 5", "actual: .nan"), encoding="utf-8")
    # show: an invalid journey (1); diff: an invalid side, so no comparison (2). No JSON at all.
    for args, code in ((["show", str(path), "--format", "json"], 1), (["diff", str(path), str(path), "--format", "json"], 2)):
        completed = run(*args)
        clean(completed.stdout), clean(completed.stderr)
        assert (completed.code, completed.stdout) == (code, b""), completed.stderr
        assert b"CJ023" in completed.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\x1b[2J", "\\x1b[2J"), ("a\rb", "a\\rb"), ("a\nb", "a\\nb"), ("\x9b", "\\x9b"), ("\x7f", "\\x7f"),
        ("\u202e", "\\u202e"), ("\u2069", "\\u2069"), ("\udcff", "\\udcff"), ("[/bold]", "[/bold]"), ("café ✓", "café ✓"),
    ],
)
def test_visible_spells_every_control_as_an_escape(text: str, expected: str) -> None:
    assert visible(text) == expected


def test_visible_keeps_line_feeds_and_tabs_in_prose_but_never_cr() -> None:
    assert visible("a\nb\tc\rd\x1b", lines=True) == "a\nb\tc\\rd\\x1b"


# --- size: show was quadratic in touchpoints ----------------------------------------------------


def lean_journey(touchpoints: int, *, stages: int = 5, variant: int = 0) -> str:
    lines = ["cjmap: 1", "journey:", "  title: Lean", "personas:", "  - {id: ann, name: Ann}", "stages:"]
    per = touchpoints // stages
    for s in range(stages):
        lines += [f"  - id: stage-{s}", "    touchpoints:"]
        for t in range(s * per, (s + 1) * per):
            lines.append(f"      - {{id: t{t}, name: Step {t}{'x' * variant}, channel: web, emotion: {(t + variant) % 5 - 2}}}")
    return "\n".join(lines) + "\n"


def test_show_looks_touchpoints_up_by_id_never_by_value(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Comparing touchpoints (deep pydantic equality) in a list made show quadratic.
    import cjmap
    from cjmap.model import Touchpoint
    from cjmap.show.terminal import Focus, journey_view

    path = tmp_path / "lean.journey.yaml"
    path.write_text(lean_journey(200), encoding="utf-8")
    loaded = cjmap.load_journey(path)
    compared: list[int] = []
    monkeypatch.setattr(Touchpoint, "__eq__", lambda self, other: compared.append(1) or self is other)
    import datetime

    for focus in (Focus(), Focus(persona="ann"), Focus(stage="stage-1")):
        list(journey_view(loaded, focus=focus, today=datetime.date(2026, 11, 23), width=80))
    assert compared == []


def test_show_of_20k_touchpoints_finishes(tmp_path: Path) -> None:
    # Quadratic before: 10k touchpoints took over 300 s; linear now (about 12 s for 20k).
    path = tmp_path / "big.journey.yaml"
    path.write_text(lean_journey(20_000), encoding="utf-8")
    completed = run("show", str(path), timeout=60)
    assert completed.code == 0, completed.stderr[-500:]
    assert b"Step 19999" in completed.stdout


def test_diff_of_20k_touchpoints_in_one_stage_finishes(tmp_path: Path) -> None:
    # The reorder check rebuilt a set per touchpoint: 10k in one stage took minutes.
    old, new = tmp_path / "old.journey.yaml", tmp_path / "new.journey.yaml"
    old.write_text(lean_journey(20_000, stages=1), encoding="utf-8")
    new.write_text(lean_journey(20_000, stages=1, variant=1), encoding="utf-8")
    completed = run("diff", str(old), str(new), "--format", "json", timeout=60)
    assert completed.code == 1, completed.stderr[-500:]
    assert len(json.loads(completed.stdout)["changes"]) >= 20_000


# --- render's own messages ----------------------------------------------------------------


def test_render_names_hostile_output_files_visibly(journey: Path, tmp_path: Path) -> None:
    """`cjmap: wrote PATH` quotes a path that may come from a hostile folder or argument."""
    target = tmp_path / "map\x1b]0;owned\x07\r.md"
    completed = run("render", str(journey), "-f", "markdown", "-o", str(target))
    said = assert_safe(completed, 0)
    assert "cjmap: wrote" in said and "\\x1b]0;owned\\x07\\r.md" in said
    assert target.is_file()


@pytest.mark.parametrize("command", [["render", "-f", "html"], ["render", "-f", "markdown"], ["export", "csv"]], ids=" ".join)
def test_html_markdown_and_csv_carry_no_control_characters(journey: Path, command: list[str]) -> None:
    """Outputs written to stdout (or printed later with cat) reach a terminal too: the HTML map
    and the CSV drop control characters (never valid in HTML; junk in a spreadsheet)."""
    completed = run(*command, str(journey))
    text = completed.stdout.decode("utf-8")
    assert completed.code == 0, completed.stderr
    for control in ("\x1b", "\x9b", "\x07", "\x00", "\x7f"):
        assert control not in text
