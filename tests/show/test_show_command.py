"""``cjmap show``: content at fixed widths without colour, and in pipes."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from rich.console import Console

import cjmap
from cjmap.show.curve import Series, draw_curve
from cjmap.show.focus import Focus
from cjmap.show.terminal import journey_view
from conftest import EXAMPLES, MINIMAL, cli
from conftest import TODAY as ENV

TODAY = datetime.date(2026, 11, 23)
LAPTOP = EXAMPLES / "laptop-purchase.journey.yaml"
RETAIL = EXAMPLES / "retail-store.journey.yaml"


def shown(path, *, width=80, persona=None, stage=None) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None, emoji=False, highlight=False)
    for renderable in journey_view(cjmap.load_journey(path), focus=Focus(persona, stage), today=TODAY, width=width):
        console.print(renderable)
    return console.file.getvalue()


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.journey.yaml")), ids=lambda p: p.stem)
@pytest.mark.parametrize("width", [40, 80, 120])
def test_every_example_shows_at_every_width(example, width):
    text = shown(example, width=width)
    journey = cjmap.load_journey(example)
    assert all(len(line) <= width for line in text.splitlines())
    assert journey.journey.title.split()[0] in text
    if width >= 80:
        for _, touchpoint in journey.touchpoints():
            assert touchpoint.name.split()[0] in text


def test_header_and_labels_follow_the_journey_language():
    text = shown(LAPTOP, width=120)
    assert "Compra de un portátil Dell en la tienda online" in text
    assert "Revisado: 2026-10-06 (hace 48 días)" in text and "Responsable: equipo-ecommerce" in text
    assert "Conciencia — Objetivo:" in text and "Curva emocional" in text and "Puntos de dolor" in text
    english = shown(RETAIL, width=120)
    assert "Reviewed: 2026-09-22 (62 days ago)" in english and "Emotion curve" in english


def test_touchpoints_show_channel_emotion_pains_and_opportunities():
    text = shown(LAPTOP, width=120)
    assert "Buscador" in text  # the search channel, in Spanish
    assert "Ana +1" in text and "Luis -1" in text
    assert "✗ El campo del cupón solo aparece" in text and "(alta)" in text
    assert "→ Campo de cupón visible en el" in text


def test_curve_has_a_line_per_persona():
    text = shown(LAPTOP, width=120)
    curve = text[text.index("Curva emocional"):]
    assert "A Ana  L Luis" in curve
    assert "+2 │" in curve and "-2 │" in curve


def test_kpis_against_targets():
    text = shown(LAPTOP, width=120)
    assert "Abandono del carrito" in text and "71%" in text and "60%" in text and "fuera de objetivo" in text


def test_persona_narrows_to_their_touchpoints_and_emotions():
    text = shown(RETAIL, width=120, persona="tom")
    assert "Maya" not in text.split("Emotion curve")[1]  # the curve is Tom's alone
    assert "Personas: Tom, the loyal in-store shopper" in text
    journey = cjmap.load_journey(RETAIL)
    for _, touchpoint in journey.touchpoints():
        takes_part = touchpoint.personas is None or "tom" in touchpoint.personas
        assert (touchpoint.name.split()[0] in text) or not takes_part
    maya_only = [tp.name for _, tp in journey.touchpoints() if tp.personas == ["maya"]]
    assert maya_only and all(name not in text for name in maya_only)


def test_stage_by_id_or_kind():
    by_kind = shown(LAPTOP, width=120, stage="purchase")
    assert "Compra — Objetivo" in by_kind and "Conciencia — Objetivo" not in by_kind
    assert shown(LAPTOP, width=120, stage="compra") == by_kind


def test_curve_fits_narrow_widths():
    lines = draw_curve([Series("Ana", tuple([1, -1] * 30))], low=-2, high=2, width=40)
    assert all(len(line.plain) <= 40 for line in lines)
    assert "widen to see all" in lines[-1].plain


def test_show_cli_in_a_pipe_has_no_ansi():
    run = cli("show", str(LAPTOP), env=ENV)
    assert run.code == 0 and run.stderr == "" and "\x1b[" not in run.stdout
    assert "Compra de un portátil" in run.stdout


def test_show_cli_with_colour_forced_and_no_color():
    assert "\x1b[" in cli("show", str(LAPTOP), env={**ENV, "FORCE_COLOR": "1"}).stdout
    plain = cli("show", str(LAPTOP), env={**ENV, "FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert plain.code == 0 and "Compra de un portátil" in plain.stdout and "\x1b[" not in plain.stdout


def test_show_cli_at_forty_columns():
    run = cli("show", str(EXAMPLES / "bank-account-opening.journey.yaml"), env={**ENV, "COLUMNS": "40"})
    assert run.code == 0 and max(len(line) for line in run.stdout.splitlines()) <= 40


def test_show_json_is_the_normalised_journey():
    run = cli("show", str(LAPTOP), "--format", "json")
    data = json.loads(run.stdout)
    assert [s["kind"] for s in data["stages"]] == ["awareness", "consideration", "purchase", "retention", "advocacy"]
    assert data["stages"][0]["name"] == "Conciencia"
    first = data["stages"][0]["touchpoints"][0]
    assert first["personas"] == ["ana", "luis"] and first["next"] == ["post-blog-novedades"]
    assert data["stages"][2]["kpis"][0]["better"] == "lower" and data["stages"][2]["kpis"][0]["on_target"] is False
    assert data["journey"]["emotion_scale"] == {"min": -2, "max": 2, "labels": {}}


def test_show_unknown_persona_or_stage(write):
    run = cli("show", str(LAPTOP), "--persona", "anna")
    assert run.code == 2 and "did you mean `ana`?" in run.stderr
    run = cli("show", str(LAPTOP), "--stage", "checkout")
    assert run.code == 2 and "no stage has the id or kind `checkout`" in run.stderr


def test_show_invalid_journey_is_reported_as_validate_does(write):
    path = write("bad.journey.yaml", MINIMAL.replace("title: Minimal", "titel: Minimal"))
    run = cli("show", str(path))
    assert run.code == 1 and run.stdout == "" and f"{path}:3:3: error CJ021" in run.stderr


def test_numbers_stay_journey_wide_when_narrowed():
    journey = cjmap.load_journey(LAPTOP)
    ordered = [tp.id for _, tp in journey.touchpoints()]
    first = next(tp for stage, tp in journey.touchpoints() if stage.kind == "purchase")
    text = shown(LAPTOP, width=120, stage="purchase")
    row = next(line for line in text.splitlines() if first.name.split()[0] in line)
    assert row.split()[0] == str(ordered.index(first.id) + 1) != "1"


def test_review_age_wording():
    from cjmap.show.terminal import _age
    from cjmap.text.labels import labels

    assert [_age(d, labels("en")) for d in (0, 1, 5, -3)] == ["today", "1 day ago", "5 days ago", "in the future"]
    assert _age(1, labels("es")) == "hace 1 día"


def test_show_json_narrows_like_the_text_view():
    data = json.loads(cli("show", str(RETAIL), "--format", "json", "--persona", "tom", "--stage", "purchase").stdout)
    assert [p["id"] for p in data["personas"]] == ["tom"]
    assert [s["kind"] for s in data["stages"]] == ["purchase"]
    assert all("tom" in tp["personas"] for s in data["stages"] for tp in s["touchpoints"])


def test_curve_on_a_positive_scale_has_no_signs_or_neutral_line():
    lines = [line.plain for line in draw_curve([Series("Ana", (0, 5, 10))], low=0, high=10, width=80)]
    assert lines[0].startswith("10 │") and lines[-2].startswith(" 0 │") and "─" not in lines[-2] and "+" not in "".join(lines)


