"""The models: the format's contract, kind inference, emotions, items as text or objects."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

import cjmap
from cjmap.model import Journey, Kpi, Stage, Touchpoint
from cjmap.model.vocabulary import infer_stage_kind, normalise_word
from cjmap.validation import validate_text
from conftest import EXAMPLES, MINIMAL


@pytest.mark.parametrize(
    ("words", "kind"),
    [
        (("conciencia",), "awareness"),
        (("Descubrimiento",), "awareness"),
        (("CONSIDERACIÓN",), "consideration"),
        (("decisión",), "purchase"),
        (("Decisión – Compra",), "purchase"),
        (("conversion",), "purchase"),
        (("fidelización",), "retention"),
        (("loyalty",), "retention"),
        (("Recomendación",), "advocacy"),
        (("promotion",), "advocacy"),
        (("stage-1", "Compra"), "purchase"),
        (("onboarding", "Bienvenida"), "custom"),
    ],
)
def test_stage_kind_is_inferred_from_id_or_name(words, kind):
    assert infer_stage_kind(*words) == kind


def test_normalise_word():
    assert normalise_word("  Fidelización!! ") == "fidelizacion"


def test_stage_kind_left_out_is_resolved_on_the_model():
    assert Stage.model_validate({"id": "s1", "name": "Recomendación"}).kind == "advocacy"
    assert Stage.model_validate({"id": "compra", "kind": "custom"}).kind == "custom"


def test_unknown_keys_are_rejected():
    with pytest.raises(ValidationError) as caught:
        Touchpoint.model_validate({"id": "a", "name": "A", "chanel": "web"})
    assert caught.value.errors()[0]["type"] == "extra_forbidden"


@pytest.mark.parametrize("emotion", [1, -2, {"ana": 1, "luis": -1}])
def test_emotion_is_a_number_or_a_mapping(emotion):
    assert Touchpoint.model_validate({"id": "a", "name": "A", "emotion": emotion}).emotion == emotion


@pytest.mark.parametrize("emotion", [True, 1.5, "high", [1], {"ana": "x"}])
def test_other_emotions_are_refused(emotion):
    with pytest.raises(ValidationError):
        Touchpoint.model_validate({"id": "a", "name": "A", "emotion": emotion})


def test_emotion_for_a_persona():
    shared = Touchpoint(id="a", name="A", emotion=1)
    split = Touchpoint.model_validate({"id": "b", "name": "B", "emotion": {"ana": 2}})
    assert (shared.emotion_for("ana"), split.emotion_for("ana"), split.emotion_for("luis")) == (1, 2, None)


def test_pain_points_and_opportunities_as_text_or_objects():
    touchpoint = Touchpoint.model_validate({
        "id": "a",
        "name": "A",
        "pain_points": ["Slow site", {"id": "queue", "text": "Long queue", "severity": "high"}],
        "opportunities": ["Faster site", {"text": "More tills", "addresses": ["queue"]}],
    })
    assert [p.text for p in touchpoint.pain_points] == ["Slow site", "Long queue"]
    assert touchpoint.pain_points[1].severity == "high"
    assert touchpoint.opportunities[1].addresses == ["queue"]


@pytest.mark.parametrize(
    ("metric", "better", "actual", "on_target"),
    [("conversion_rate", None, 2.1, False), ("bounce_rate", None, 30, True), ("ces", None, 50, False), ("ces", None, 5, True),
     ("custom", "lower", 10, True), ("nps", "lower", 50, False)],
)
def test_kpi_on_target_respects_better(metric, better, actual, on_target):
    kpi = Kpi(id="k", metric=metric, target=40 if metric != "conversion_rate" else 3.0, actual=actual, better=better)
    assert kpi.on_target is on_target


def test_version_is_checked():
    result = validate_text(MINIMAL.replace("cjmap: 1", "cjmap: 2"))
    assert [(p.code, p.line) for p in result.problems] == [("CJ024", 1)]


def test_minimal_journey_fills_defaults():
    journey = Journey.model_validate(validate_text(MINIMAL).journey.model_dump())
    assert journey.journey.type == "current-state"
    assert journey.journey.language == "en"
    assert (journey.journey.emotion_scale.min, journey.journey.emotion_scale.max) == (-2, 2)


def test_public_api_loads_examples():
    journey = cjmap.load_journey(EXAMPLES / "laptop-purchase.journey.yaml")
    assert isinstance(journey, cjmap.Journey)
    assert [stage.kind for stage in journey.stages] == ["awareness", "consideration", "purchase", "retention", "advocacy"]
    assert len(journey.personas) == 2 and journey.journey.language == "es"


def test_public_api_raises_with_problems():
    with pytest.raises(cjmap.JourneyError) as caught:
        cjmap.load_journey(MINIMAL.replace("id: ana", "id: Ana").encode(), name="x.yaml")
    assert [(p.file, p.code, p.line) for p in caught.value.problems] == [("x.yaml", "CJ023", 5)]


def test_short_names_are_the_part_before_the_comma_and_never_long():
    from cjmap.model.facts import SHORT_NAME_CHARS, short_name

    assert short_name("Ana, the busy lawyer") == "Ana"
    long = short_name("A" * 10_000)
    assert len(long) == SHORT_NAME_CHARS and long.endswith("…")
