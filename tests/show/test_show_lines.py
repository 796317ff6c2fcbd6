"""``cjmap show`` draws the HTML map's lines (model/lines.py): coinciding personas are one series
named after a few of them, the same personas are counted as left out, in the journey's
language; the legend explains `*`; `personas: []` is named as on the map; a persona with no
part in a stage is said in words (issue 14 follow-ups)."""

from __future__ import annotations

import re
import time

import pytest

from conftest import TODAY as ENV
from conftest import cli

NARROW = {**ENV, "COLUMNS": "60"}


def journey(personas: int, touchpoints: list[str], language: str = "en") -> str:
    people = "".join(f"  - {{id: p{i}}}\n" for i in range(personas))
    steps = "".join(f"      - {tp}\n" for tp in touchpoints)
    return f"cjmap: 1\njourney: {{title: T, language: {language}}}\npersonas:\n{people}stages:\n  - id: s\n    touchpoints:\n{steps}"


def each_on_their_own(personas: int, language: str = "en") -> str:
    """Every persona on a touchpoint of their own, with a different feeling: every line differs."""
    return journey(personas, [f"{{id: t{i}, name: T{i}, personas: [p{i}], emotion: {i % 5 - 2}}}" for i in range(personas)], language)


def all_the_same(personas: int, touchpoints: int = 5, language: str = "en") -> str:
    """Every persona on every touchpoint, with a shared emotion: one line for all."""
    return journey(personas, [f"{{id: t{i}, name: T{i}, emotion: {i % 5 - 2}}}" for i in range(touchpoints)], language)


def curve_of(stdout: str, title: str = "Emotion curve") -> list[str]:
    lines = [line.rstrip() for line in stdout.splitlines()]
    start = lines.index(title) + 1
    return lines[start:lines.index("", start)]


def show(write, text: str, *args: str, env: dict[str, str] = NARROW) -> str:
    run = cli("show", str(write("j.journey.yaml", text)), *args, env=env)
    assert run.code == 0 and run.stderr == "", run.stderr
    return run.stdout


def html_legend_and_note(write, text: str) -> tuple[list[str], list[str]]:
    source = write("h.journey.yaml", text)
    target = source.with_suffix(".html")
    run = cli("render", str(source), "--format", "html", "-o", str(target))
    assert run.code == 0, run.stderr
    # The screen map only: a wide map's print-only parts repeat the legend for each page.
    html = target.read_text(encoding="utf-8").partition('<div class="print-parts">')[0]
    legend = re.search(r'<ul class="legend">(.*?)</ul>', html)
    names = [] if legend is None else re.findall(r"</svg>([^<]*)</li>", legend.group(1))
    return names, re.findall(r'<p class="not-drawn">([^<]*)</p>', html)


# -- the same lines as the HTML map ------------------------------------------------------------


def test_coinciding_personas_are_one_series_named_after_two_and_counted(write):
    """Before: 30 personas sharing every emotion drew 28 identical series and "2 more not drawn",
    where the HTML map drew one line."""
    assert curve_of(show(write, all_the_same(30))) == [
        "+2 │             P",
        "+1 │          P",
        " 0 │ ─  ─  P  ─  ─",
        "-1 │    P",
        "-2 │ P",
        "     1  2  3  4  5",
        "P p0, p1 and 28 more",
    ]


def test_two_coinciding_personas_are_named_both(write):
    assert curve_of(show(write, all_the_same(2)))[-1] == "P p0, p1"
    assert curve_of(show(write, all_the_same(3)))[-1] == "P p0, p1, p2"  # "and 1 more" is no shorter


@pytest.mark.parametrize("text", [all_the_same(30), all_the_same(3), each_on_their_own(40), each_on_their_own(28), each_on_their_own(2)],
                         ids=["same-30", "same-3", "own-40", "own-28", "own-2"])
def test_show_draws_the_lines_the_html_map_draws(write, text: str):
    """The legend names and the count of personas left out agree, line for line."""
    names, notes = html_legend_and_note(write, text)
    curve = curve_of(show(write, text, env={**NARROW, "COLUMNS": "400"}))
    legend = next(line for line in curve if line.startswith(("P ", "1 ")))
    shown = re.split(r"  (?=[0-9A-Z*] )", legend)
    assert [entry[2:] for entry in shown if not entry.startswith("* ")] == names
    counted = [int(n) for n in re.findall(r"The lines of (\d+) more personas", "\n".join(notes))]
    assert [int(n) for n in re.findall(r"\(The lines of (\d+) more personas", "\n".join(curve))] == counted


def test_the_note_on_personas_left_out_follows_the_journey_language(write):
    curve = curve_of(show(write, each_on_their_own(40, "es"), env={**NARROW, "COLUMNS": "200"}), "Curva emocional")
    assert curve[-1] == "(No se dibujan las líneas de 12 personas más: demasiadas para distinguirlas. Para ver una, use --persona ID.)"


def test_a_curve_wider_than_the_terminal_says_so_in_the_journey_language(write):
    # 60 columns less the axis's 4: one character for each of the first 56 touchpoints.
    assert curve_of(show(write, all_the_same(1, 80)))[-1] == "(first 56 of 80; widen to see all)"
    spanish = curve_of(show(write, all_the_same(1, 80, "es")), "Curva emocional")
    assert spanish[-1] == "(los primeros 56 de 80; amplíe la ventana para verlos todos)"


def test_a_merged_line_is_named_in_spanish_too(write):
    assert curve_of(show(write, all_the_same(5, language="es")), "Curva emocional")[-1] == "P p0, p1 y 3 más"


# -- the legend explains `*` -------------------------------------------------------------------

TWO = """\
cjmap: 1
journey: {{title: Two, language: {language}}}
personas: [{{id: kim}}, {{id: lee}}]
stages:
  - id: s
    touchpoints:
      - {{id: a, name: A, emotion: {{kim: 1, lee: {lee}}}}}
      - {{id: b, name: B, emotion: {{kim: -1, lee: 2}}}}
"""


def test_the_legend_explains_the_star_where_two_series_meet(write):
    assert curve_of(show(write, TWO.format(language="en", lee=1)))[-1] == "K kim  L lee  * several on one point"
    assert curve_of(show(write, TWO.format(language="es", lee=1)), "Curva emocional")[-1] == "K kim  L lee  * varias en un mismo punto"


def test_no_star_no_explanation(write):
    assert curve_of(show(write, TWO.format(language="en", lee=0)))[-1] == "K kim  L lee"


# -- personas: [] and stages a persona takes no part in ------------------------------------------

STAGES = """\
cjmap: 1
journey: {{title: Stages, language: {language}}}
personas:
  - {{id: kim, name: "Kim, the careful one"}}
  - {{id: lee}}
stages:
  - id: look
    goal: Look around
    touchpoints:
      - {{id: kim-ad, name: Kim sees an ad, emotion: 1, personas: [kim]}}
      - {{id: walk-in, name: Someone walks in, emotion: 0, personas: []}}
  - id: pay
    touchpoints:
      - {{id: lee-pay, name: Lee pays, emotion: 2, personas: [lee]}}
"""


@pytest.mark.parametrize(("language", "anyone"), [("en", "(Other customers)"), ("es", "(Otros clientes)")])
def test_a_touchpoint_for_nobody_in_particular_is_named_as_on_the_map(write, language: str, anyone: str):
    """Before: an empty `()` under the touchpoint's name."""
    out = show(write, STAGES.format(language=language), env={**NARROW, "COLUMNS": "100"})
    rows = [line.strip() for line in out.splitlines()]
    walks_in = next(index for index, row in enumerate(rows) if row.startswith("2   Someone walks in"))
    assert rows[walks_in + 1] == anyone
    assert "()" not in out


@pytest.mark.parametrize(("language", "title", "said"), [
    ("en", "Purchase", "Kim takes no part in this stage."),
    ("es", "Compra", "Kim no participa en esta etapa."),
])
def test_a_stage_the_persona_takes_no_part_in_is_said_in_words(write, language: str, title: str, said: str):
    """Before: `--persona kim --stage pay` printed an empty table."""
    text = STAGES.format(language=language).replace("  - id: pay\n", "  - id: pay\n    kind: purchase\n")
    out = show(write, text, "--persona", "kim", "--stage", "pay")
    assert [line.rstrip() for line in out.splitlines()[6:]] == [title, said, ""]


def test_without_stage_every_stage_the_persona_misses_is_said(write):
    out = show(write, STAGES.format(language="en"), "--persona", "lee")
    lines = [line.rstrip() for line in out.splitlines()]
    assert lines[6:9] == ["look — Goal: Look around", "lee takes no part in this stage.", ""]
    assert "Lee pays" in out


# -- the scale ----------------------------------------------------------------------------------


def test_three_thousand_personas_each_on_a_touchpoint_of_their_own(write, record_property):
    """Before: every persona asked about every touchpoint (9 million emotion_on calls): 4.0 s for
    the curve, 7.7 s for the whole `show`; now the work follows the file (0.08 s and 5.5 s
    measured). Timed for the record, not asserted."""
    text = each_on_their_own(3000)
    started = time.perf_counter()
    curve = curve_of(show(write, text, env={**NARROW, "COLUMNS": "120"}))
    elapsed = time.perf_counter() - started
    record_property("show_ms", round(elapsed * 1000, 1))  # in the JUnit report (--junitxml); no timing assertion
    assert curve[-2] == "(The lines of 2972 more personas are not drawn: too many to tell apart. See one with --persona ID.)"
    assert curve[-1] == "(first 116 of 3000; widen to see all)"
    assert " ".join(curve[-4:-2]).split("  ")[-1] == "S p27"
