"""Schema and reference problems: codes, exact positions, helpful messages."""

from __future__ import annotations

import pytest

from cjmap.validation import validate_text
from conftest import MINIMAL


def located(text: str) -> list[tuple[str, int, int, str]]:
    return [(p.code, p.line, p.column, p.path) for p in validate_text(text).problems]


def message(text: str) -> str:
    return " | ".join(p.message for p in validate_text(text).problems)


def test_minimal_journey_is_valid():
    assert validate_text(MINIMAL).problems == ()


def test_unknown_field_points_at_the_key_and_suggests():
    text = MINIMAL.replace("        name: Search\n", "        name: Search\n        tuchpoints: []\n")
    assert located(text) == [("CJ021", 11, 9, "stages[0].touchpoints[0].tuchpoints")]
    assert "unknown field `tuchpoints`" in message(text)


def test_unknown_top_level_field_suggests_the_nearest():
    assert "did you mean `stages`?" in message(MINIMAL + "stagse: []\n")


def test_missing_required_field():
    text = MINIMAL.replace("  title: Minimal\n", "  owner: cx\n")
    assert located(text) == [("CJ020", 3, 3, "journey.title")]
    assert "missing required field `title`" in message(text)


def test_wrong_type_says_what_was_found():
    text = MINIMAL.replace("        name: Search\n", "        name: Search\n        actions: do it\n")
    assert located(text) == [("CJ022", 11, 18, "stages[0].touchpoints[0].actions")]
    assert message(text) == "expected a list, found the text `do it`"


def test_invalid_choice_suggests():
    text = MINIMAL.replace("  title: Minimal\n", "  title: Minimal\n  type: curent-state\n")
    assert located(text) == [("CJ023", 4, 9, "journey.type")]
    assert "did you mean `current-state`?" in message(text)


def test_invalid_id():
    assert located(MINIMAL.replace("id: search", "id: Google Search")) == [
        ("CJ023", 9, 13, "stages[0].touchpoints[0].id")
    ]


def test_invalid_date():
    text = MINIMAL.replace("  title: Minimal\n", "  title: Minimal\n  reviewed: 2026-13-45\n")
    assert [p[0:3] for p in located(text)] == [("CJ023", 4, 13)]


def test_norway_problem_in_a_journey():
    text = MINIMAL + "        thoughts: [no]\n"
    result = validate_text(text)
    assert result.ok and result.journey.stages[0].touchpoints[0].thoughts == ["no"]


TWO_TOUCHPOINTS = MINIMAL + """\
      - id: visit
        name: Visit
"""


@pytest.mark.parametrize(
    ("extra", "expected", "hint"),
    [
        ("        personas: [anna]\n", ("CJ031", 13, 20, "stages[0].touchpoints[1].personas[0]"), "did you mean `ana`?"),
        ("        next: [serch]\n", ("CJ031", 13, 16, "stages[0].touchpoints[1].next[0]"), "did you mean `search`?"),
        ("        channel: emial\n", ("CJ031", 13, 18, "stages[0].touchpoints[1].channel"), "did you mean `email`?"),
        ("        emotion: 3\n", ("CJ032", 13, 18, "stages[0].touchpoints[1].emotion"), "-2..2"),
        ("        emotion: {ana: 1, bob: 0}\n", ("CJ031", 13, 27, "stages[0].touchpoints[1].emotion.bob"), "persona"),
        ("        opportunities: [{text: x, addresses: [nope]}]\n", ("CJ031", 13, 47, "stages[0].touchpoints[1].opportunities[0].addresses[0]"), "pain point"),
    ],
)
def test_references_resolve(extra, expected, hint):
    text = TWO_TOUCHPOINTS + extra
    assert located(text) == [expected]
    assert hint in message(text)


def test_custom_channels_and_scales_are_honoured():
    text = TWO_TOUCHPOINTS.replace("personas:", "channels:\n  - {id: tiktok, name: TikTok, mode: online}\npersonas:")
    text = text.replace("  title: Minimal\n", "  title: Minimal\n  emotion_scale: {min: 1, max: 5}\n")
    assert validate_text(text + "        channel: tiktok\n        emotion: 5\n").ok
    assert located(text + "        emotion: 0\n")[0][0] == "CJ032"


def test_duplicate_ids_are_errors():
    text = TWO_TOUCHPOINTS.replace("id: visit", "id: search")
    assert located(text) == [("CJ030", 11, 13, "stages[0].touchpoints[1].id")]


def test_all_problems_in_a_file_are_reported_in_order():
    text = TWO_TOUCHPOINTS + "        channel: nowhere\n        next: [gone]\n"
    assert [p[1] for p in located(text)] == [13, 14]


def test_a_number_is_not_a_date():
    text = MINIMAL.replace("  title: Minimal\n", "  title: Minimal\n  reviewed: 0\n")
    assert located(text) == [("CJ023", 4, 13, "journey.reviewed")]
    assert "YYYY-MM-DD" in message(text)


def test_quoted_version_says_how_to_fix_it():
    assert "without quotes" in message(MINIMAL.replace("cjmap: 1", 'cjmap: "1"'))


def test_text_fields_keep_numbers_as_written():
    result = validate_text(MINIMAL.replace("title: Minimal", "title: 1.10"))
    assert result.journey.journey.title == "1.10"


def test_a_refused_tag_is_not_also_a_type_error():
    text = MINIMAL.replace("title: Minimal", "title: !!python/object:os.system x")
    assert [p[0] for p in located(text)] == ["CJ003"]


def test_empty_text_says_so_in_words():
    text = MINIMAL.replace("        name: Search\n", '        name: Search\n        pain_points: [""]\n')
    assert located(text) == [("CJ023", 11, 23, "stages[0].touchpoints[0].pain_points[0]")]
    assert message(text) == "the text is empty: write it, or remove the entry"
