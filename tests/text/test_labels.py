"""Every word of the vocabulary has a label in every language: renders and `show` look labels
up by id (``text[f"metric_{kpi.metric}"]``), so a new journey type, stage kind, metric,
channel or level without one would fail in a user's hands, not here."""

from __future__ import annotations

from typing import get_args

import pytest

from cjmap.model.types import Level
from cjmap.model.vocabulary import BUILTIN_CHANNELS, JOURNEY_TYPES, METRIC_BETTER, Metric, StageKind
from cjmap.text.labels import LANGUAGES, base_language, labels, stage_name

NEEDED = [
    *JOURNEY_TYPES,
    *get_args(StageKind),
    *(f"metric_{metric}" for metric in get_args(Metric)),
    *(f"channel_{channel}" for channel in BUILTIN_CHANNELS),
    *(f"severity_{level}" for level in get_args(Level)),
    "online", "offline", "initiator_customer", "initiator_company",
]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_word_has_a_label(language: str) -> None:
    table = LANGUAGES[language]
    assert [key for key in NEEDED if key not in table] == []
    assert all(table[key].strip() for key in NEEDED)


def test_every_metric_has_a_direction() -> None:
    assert set(METRIC_BETTER) == set(get_args(Metric))


def test_languages_fall_back_by_base_tag() -> None:
    assert base_language("es-MX") == "es"
    assert base_language("pt_BR") == "en"  # no Portuguese labels: English
    assert labels("ES")["purchase"] == "Compra"


class _Stage:
    def __init__(self, id: str, name: str | None, kind: str) -> None:  # noqa: A002 - the model's field name
        self.id, self.name, self.kind = id, name, kind


def test_stage_name_prefers_the_name_then_the_kind_then_the_id() -> None:
    assert stage_name(_Stage("compra", "Pago", "purchase"), "es") == "Pago"
    assert stage_name(_Stage("compra", None, "purchase"), "es") == "Compra"
    assert stage_name(_Stage("onboarding", None, "custom"), "en") == "onboarding"
