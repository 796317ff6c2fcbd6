"""The emotion curve of the HTML map: one line per persona along that persona's own path, a
legend naming them, and an axis of a handful of ticks whatever the span of the scale.

The journey of issue 14: Kim and Lee take turns, so one line through all four touchpoints
would be a customer who does not exist (Kim +1, Lee +1, Kim -2, Lee +2).
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

import cjmap
from cjmap.render.curve import build_curve
from cjmap.render.view import build_view
from conftest import cli
from two_lanes import two_lanes as shared_two_lanes

SVG = "{http://www.w3.org/2000/svg}"



def two_lanes(scale: str = "", values: tuple[int, int, int, int] = (1, 1, -2, 2)) -> str:
    """The issue's journey (tests/two_lanes.py) with Kim named "Kim, the careful one": legends use the short name."""
    return shared_two_lanes(extra=scale, values=values, kim_name="Kim, the careful one")


def render_html(write, text: str, name: str = "j") -> str:
    source = write(f"{name}.journey.yaml", text)
    target = source.with_suffix(".html")
    completed = cli("render", str(source), "--format", "html", "-o", str(target))
    assert completed.code == 0, completed.stderr
    assert completed.stdout == ""
    return target.read_text(encoding="utf-8")


def curve_of(html: str) -> ElementTree.Element:
    """The curve's SVG element (the page is HTML, the curve inside it is well-formed XML)."""
    match = re.search(r'<svg class="curve".*?</svg>', html, re.DOTALL)
    assert match is not None
    return ElementTree.fromstring(match.group(0))


def series_of(html: str) -> dict[str, tuple[str, str, str]]:
    """Each series of the page's curve by its title: (stroke colour, line path, dots path)."""
    found = {}
    for group in curve_of(html).iter(f"{SVG}g"):
        if group.get("class") == "series":
            paths = {path.get("class"): path.get("d", "") for path in group.iter(f"{SVG}path")}
            found[group.findtext(f"{SVG}title", "")] = (group.get("stroke", ""), paths["line"], paths["point"])
    return found


def lines_of(write, text: str) -> dict[str, list[tuple[str, int]]]:
    """Through the library: each line's (touchpoint, value) points."""
    journey = cjmap.load_journey(write("lib.journey.yaml", text))
    columns = [tp.name for stage in journey.stages for tp in stage.touchpoints]
    return {series.name: [(columns[step.column], step.value) for step in series.steps] for series in build_view(journey).curve.series}


def legend_of(html: str) -> list[str]:
    match = re.search(r'<ul class="legend">(.*?)</ul>', html)
    return [] if match is None else re.findall(r"</svg>([^<]*)</li>", match.group(1))


def tick_labels(html: str) -> list[str]:
    return re.findall(r'<span class="tick-label" style="top: [0-9.]+%">([^<]*)</span>', html)


# -- one line per persona ----------------------------------------------------------------------


def test_each_persona_has_a_line_along_their_own_path(write):
    html = render_html(write, two_lanes())
    # Kim: columns 0 and 2 (x 50, 250); Lee: columns 1 and 3 (x 150, 350). One run each, no gaps.
    assert series_of(html) == {
        "Kim": ("#0072b2", "M50 29 L250 92", "M50 29 h0 M250 92 h0"),
        "lee": ("#d55e00", "M150 29 L350 8", "M150 29 h0 M350 8 h0"),
    }
    assert 'class="gap"' not in html
    assert legend_of(html) == ["Kim", "lee"]  # short names: the part before the comma
    assert lines_of(write, two_lanes()) == {
        "Kim": [("Kim sees an ad", 1), ("Kim signs up", -2)],
        "lee": [("Lee reads a gift guide", 1), ("Lee pays", 2)],
    }


def test_the_legend_uses_each_persona_s_colour_and_dash(write):
    html = render_html(write, two_lanes())
    legend = re.search(r'<ul class="legend">(.*?)</ul>', html)
    assert legend is not None
    assert 'stroke="#0072b2" stroke-width="3"/></svg>Kim' in legend.group(1)
    assert 'stroke="#d55e00" stroke-width="3" stroke-dasharray="8 4"/></svg>lee' in legend.group(1)


def test_the_emotion_values_and_the_text_alternative_name_the_persona(write):
    html = render_html(write, two_lanes())
    values = re.findall(r'<span class="emo">.*?</span>([^<]*)<strong>([^<]*)</strong>', html)
    assert values == [("Kim ", "+1"), ("lee ", "+1"), ("Kim ", "-2"), ("lee ", "+2")]
    description = re.search(r'<desc id="curve-desc">([^<]*)</desc>', html)
    assert description is not None
    assert description.group(1) == (
        "Emotion at each touchpoint, from -2 to 2: Kim sees an ad: Kim +1. Lee reads a gift guide: lee +1. Kim signs up: Kim -2. Lee pays: lee +2."
    )


def test_a_shared_emotion_belongs_to_every_persona_on_the_touchpoint(write):
    text = two_lanes().replace("personas: [kim]}\n      - {id: lee-guide", "}\n      - {id: lee-guide", 1)  # kim-ad: everyone
    assert lines_of(write, text) == {
        "Kim": [("Kim sees an ad", 1), ("Kim signs up", -2)],
        "lee": [("Kim sees an ad", 1), ("Lee reads a gift guide", 1), ("Lee pays", 2)],
    }
    assert "Kim sees an ad: +1." in render_html(write, text)  # everyone's: no name


def test_per_persona_emotions_go_to_their_own_lines(write):
    text = two_lanes().replace("emotion: 1, actions: [a], personas: [kim]}", "emotion: {kim: -1, lee: 2}, actions: [a]}")
    lines = lines_of(write, text)
    assert lines["Kim"][0] == ("Kim sees an ad", -1)
    assert lines["lee"][0] == ("Kim sees an ad", 2)


def test_personas_whose_lines_coincide_share_one_line(write):
    """Every persona on every touchpoint with shared emotions: one line named after all of
    them, not one each (1,000 personas on 1,000 touchpoints made a 142 MB page)."""
    text = two_lanes().replace(", personas: [kim]", "").replace(", personas: [lee]", "")
    html = render_html(write, text)
    assert list(series_of(html)) == ["Kim, lee"]
    assert series_of(html)["Kim, lee"][0] == "#0072b2"
    assert legend_of(html) == ["Kim, lee"]


def test_a_touchpoint_without_emotion_on_the_path_leaves_a_dashed_gap(write):
    text = two_lanes().replace("emotion: -2, ", "")
    text = text.replace("personas: [lee]}\n", "personas: [lee]}\n      - {id: kim-extra, name: Kim again, emotion: 0, personas: [kim]}\n", 1)
    curve = curve_of(render_html(write, text))
    kim = next(group for group in curve.iter(f"{SVG}g") if group.get("stroke") == "#0072b2")
    paths = {path.get("class"): path.get("d") for path in kim.iter(f"{SVG}path")}
    # Kim: +1 at column 0, nothing at column 2 (kim-signup), 0 at column 4 (kim-extra).
    assert paths == {"gap": "M50 29 L450 50", "line": "M50 29 M450 50", "point": "M50 29 h0 M450 50 h0"}


def test_touchpoints_for_nobody_in_particular_have_their_own_line(write):
    text = two_lanes() + "      - {id: walk-in, name: Someone walks in, emotion: 0, personas: []}\n"
    html = render_html(write, text)
    assert legend_of(html) == ["Kim", "lee", "Other customers"]
    assert series_of(html)["Other customers"] == ("#009e73", "M450 50", "M450 50 h0")
    assert "Personas: Other customers" in html and "Someone walks in: Other customers 0." in html


def test_one_persona_draws_one_line_without_a_legend(write):
    # Without Lee's `next: [lee-pay]`, which would skip kim-signup on Kim's one path.
    text = two_lanes().replace("  - {id: lee, goals: [g], pain_points: [p]}\n", "").replace("[lee]", "[kim]").replace(", next: [lee-pay]", "")
    html = render_html(write, text)
    assert list(series_of(html)) == ["Kim"]
    assert legend_of(html) == []
    assert "Kim <strong>" not in html  # one persona: emotions need no name
    assert [value for _, value in lines_of(write, text)["Kim"]] == [1, 1, -2, 2]


def test_labels_follow_the_journey_language(write):
    text = two_lanes(", language: es") + "      - {id: walk-in, name: Alguien entra, emotion: 0, personas: []}\n"
    assert legend_of(render_html(write, text)) == ["Kim", "lee", "Otros clientes"]


def test_build_curve_draws_the_personas_it_is_given(write):
    """Narrowing (`--persona`, issue 15) passes the lanes to draw; colours stay each persona's."""
    journey = cjmap.load_journey(write("j.journey.yaml", two_lanes()))
    columns = [tp for stage in journey.stages for tp in stage.touchpoints]
    curve = build_curve(journey, list(columns), names={"kim": "Kim", "lee": "Lee"}, anyone="Other", personas=["lee"])
    assert [(series.name, series.color, [step.value for step in series.steps]) for series in curve.series] == [("Lee", "#d55e00", [1, 2])]
    everyone = build_view(journey).curve
    assert [[step.value for step in series.steps] for series in everyone.series] == [[1, -2], [1, 2]]


# -- SVG (Graphviz) ----------------------------------------------------------------------------


def test_the_svg_map_names_each_persona_s_emotion(write, tmp_path: Path):
    source = write("j.journey.yaml", two_lanes())
    target = tmp_path / "j.svg"
    completed = cli("render", str(source), "-o", str(target))
    assert completed.code == 0, completed.stderr
    texts = [element.text for element in ElementTree.parse(target).getroot().iter(f"{SVG}text")]
    # In Graphviz's layout order; a no-break space keeps each name with its value.
    emotions = sorted(t.replace("\u00a0", " ") for t in texts if t and t.startswith("Emotion"))
    assert emotions == ["Emotion: Kim +1", "Emotion: Kim -2", "Emotion: lee +1", "Emotion: lee +2"]


# -- scales that stay drawable -----------------------------------------------------------------


def test_a_0_to_100_curve_labels_a_handful_of_ticks(write):
    html = render_html(write, two_lanes(", emotion_scale: {min: 0, max: 100}", (10, 60, 0, 100)))
    assert tick_labels(html) == ["0", "20", "40", "60", "80", "100"]
    assert len(re.findall(r'<line class="tick"', html)) == 6
    assert "Kim sees an ad: Kim 10." in html  # no "+" on a scale without negatives


def test_scale_labels_name_the_ticks_they_fall_on(write):
    scale = ", emotion_scale: {min: 0, max: 100, labels: {0: Furious, 50: Meh, 100: Delighted}}"
    assert tick_labels(render_html(write, two_lanes(scale, (10, 60, 0, 100)))) == ["Furious", "20", "40", "60", "80", "Delighted"]


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_nothing_grows_with_the_span_of_the_scale(write, tmp_path: Path, fmt: str):
    """The same journey on -2..2 and on 0..100 (before: 12.6 KB and 29 KB of HTML, 101 tick
    labels): the curve has a fixed height and a handful of ticks, Markdown lists no axis."""
    sizes = []
    for name, scale, values in (("small", "", (1, 1, -2, 2)), ("wide", ", emotion_scale: {min: 0, max: 100}", (70, 70, 10, 95))):
        source = write(f"{name}.journey.yaml", two_lanes(scale, values))
        completed = cli("render", str(source), "--format", fmt, "-o", str(tmp_path / f"{name}.out"))
        assert completed.code == 0, completed.stderr
        output = (tmp_path / f"{name}.out").read_text(encoding="utf-8")
        sizes.append(len(output.encode("utf-8")))
    assert abs(sizes[1] - sizes[0]) < 300, sizes


def test_the_curve_does_not_grow_with_personas_who_walk_the_same_path(write):
    """Before: one line per persona, each with a point element per touchpoint; 1,000 personas
    on 1,000 touchpoints (a 58 KB file) made a 142 MB page in 36 s. The one line is named after
    two of them and counts the rest: joining every name grew the page with the personas."""

    def journey(personas: int) -> str:
        people = "".join(f"  - {{id: p{i}}}\n" for i in range(personas))
        steps = "".join(f"      - {{id: t{i}, name: T{i}, emotion: {i % 5 - 2}}}\n" for i in range(200))
        return f"cjmap: 1\njourney: {{title: T}}\npersonas:\n{people}stages:\n  - id: s\n    touchpoints:\n{steps}"

    few_html, many_html = render_html(write, journey(2), "few"), render_html(write, journey(300), "many")
    few = re.search(r'<svg class="curve".*?</svg>', few_html, re.DOTALL)
    many = re.search(r'<svg class="curve".*?</svg>', many_html, re.DOTALL)
    assert few is not None and many is not None
    assert list(series_of(many_html)) == legend_of(many_html) == ["p0, p1 and 298 more"]
    assert list(series_of(few_html)) == legend_of(few_html) == ["p0, p1"]
    assert len(many.group(0)) - len(few.group(0)) == len(" and 298 more")


@pytest.mark.parametrize(("personas", "drawn", "not_drawn"), [(28, 28, 0), (40, 28, 12)])
def test_past_the_palette_lines_are_counted_not_drawn(write, personas: int, drawn: int, not_drawn: int):
    """Each persona on a touchpoint of their own, with a different feeling: every line differs."""
    lines = ["cjmap: 1", "journey: {title: Many, language: es}", "personas:", *(f"  - {{id: p{i}}}" for i in range(personas))]
    lines += ["stages:", "  - id: s", "    touchpoints:"]
    lines += [f"      - {{id: t{i}, name: T{i}, personas: [p{i}], emotion: {i % 5 - 2}}}" for i in range(personas)]
    html = render_html(write, "\n".join(lines) + "\n")
    assert len(series_of(html)) == drawn
    assert len(legend_of(html)) == drawn
    screen, _, printed = html.partition('<div class="print-parts">')
    note = f"No se dibujan las líneas de {not_drawn} personas más: demasiadas para distinguirlas."
    assert re.findall(r'<p class="not-drawn">([^<]*)</p>', screen) == ([note] if not_drawn else [])
    # On paper each part of the map (a page or more) names its lines and counts those left out.
    parts = printed.count('<table class="map print-part')
    assert parts == -(-personas // 6)
    assert re.findall(r'<p class="not-drawn">([^<]*)</p>', printed) == ([note] * parts if not_drawn else [])
    assert printed.count('<ul class="legend">') == parts


LEAVES = """\
cjmap: 1
journey: {title: Leaves half-way}
personas: [{id: kim}, {id: lee}]
stages:
  - id: purchase
    touchpoints:
      - {id: ad, name: Ad, emotion: 1}
      - {id: doubt, name: Hesitates, personas: [kim], emotion: -1, next: NEXT}
      - {id: guide, name: Guide, personas: [lee], emotion: 1, next: [sign]}
      - {id: sign, name: Signs online, personas: [kim, lee], emotion: 2}
"""


@pytest.mark.parametrize(
    ("doubt_next", "kim_line"),
    [
        ("[]", "M50 29 L150 71"),  # Kim leaves at `doubt`: she never gets to `sign` (CJ126)
        ("[guide]", "M50 29 L150 71 L350 8"),  # `guide` is Lee's: Kim goes on to her next one
        ("[sign]", "M50 29 L150 71 L350 8"),
    ],
)
def test_a_line_follows_the_steps_the_customer_takes(write, doubt_next: str, kim_line: str):
    html = render_html(write, LEAVES.replace("NEXT", doubt_next))
    assert series_of(html)["kim"][1] == kim_line
    assert series_of(html)["lee"][1] == "M50 29 L250 29 L350 8"


def test_a_persona_who_left_has_no_point_after(write):
    """Jorge leaves at the chatbot (`next: []`); the renewal email is everyone's, but he never
    gets there: his line ends at the chatbot, Marta's goes on."""
    journey = """\
cjmap: 1
journey: {title: Seguro, language: es}
personas: [{id: marta}, {id: jorge}]
stages:
  - id: compra
    touchpoints:
      - {id: simulador, name: Simulador, emotion: 1}
      - {id: chat-bot, name: Chatbot, personas: [jorge], emotion: -2, next: []}
      - {id: llamada, name: Llamada, personas: [marta], emotion: 2}
      - {id: renovacion, name: Email de renovación, emotion: -1}
"""
    assert lines_of(write, journey) == {
        "marta": [("Simulador", 1), ("Llamada", 2), ("Email de renovación", -1)],
        "jorge": [("Simulador", 1), ("Chatbot", -2)],
    }
    assert series_of(render_html(write, journey))["jorge"][1] == "M50 29 L150 92"


def test_a_touchpoint_of_many_personas_names_a_few(write):
    """The "Personas:" note and a shared emotion's owner name five and count the rest: every
    name on every touchpoint grew as personas x touchpoints."""
    people = "".join(f"  - {{id: p{i}}}\n" for i in range(300))
    listed = ", ".join(f"p{i}" for i in range(300))
    html = render_html(write, f"cjmap: 1\njourney: {{title: Crowd}}\npersonas:\n{people}stages:\n  - id: s\n    touchpoints:\n"
                              f"      - {{id: t, name: T, emotion: 1, personas: [{listed}]}}\n")
    assert "Personas: p0, p1, p2, p3, p4 and 295 more</span>" in html
    assert "p0, p1, p2, p3, p4 and 295 more <strong>+1</strong>" in html
    assert html.count("p299") == 2  # its persona card (id and heading) only; before, the touchpoint listed it twice more
