"""One round of validation: schema and reference problems together, each once, and an emotion
only for a persona who is on the touchpoint (issue 14, Deliver 5 and 2)."""

from __future__ import annotations

import gc
import json
import time

import pytest

from cjmap.validation import validate_bytes, validate_text
from cjmap.validation.references import reference_issues
from conftest import cli

# Two touchpoints; each test breaks it in its own way. Lines: 10 `- id: search`, 15 `- id: visit`.
BASE = """\
cjmap: 1
journey:
  title: Two
personas:
  - id: ana
  - id: bob
stages:
  - id: awareness
    touchpoints:
      - id: search
        name: Search
        personas: [ana]
        next: [visit]
        emotion: {ana: 1}
      - id: visit
        name: Visit
"""


def found(text: str) -> list[tuple[str, int, int, str]]:
    return [(p.code, p.line, p.column, p.path) for p in validate_text(text).problems]


def messages(text: str) -> list[str]:
    return [p.message for p in validate_text(text).problems]


def test_the_base_is_valid():
    assert found(BASE) == []


# A schema error (a misspelt top-level field) and a broken reference, far apart.
BOTH = BASE.replace("  title: Two\n", "  title: Two\n  ownr: cx\n").replace("next: [visit]", "next: [vist]")


def test_a_schema_error_and_a_broken_reference_in_one_run_through_the_library():
    result = validate_bytes(BOTH.encode(), file="both.journey.yaml")
    assert [(p.code, p.line, p.column, p.path, p.message) for p in result.problems] == [
        ("CJ021", 4, 3, "journey.ownr", "unknown field `ownr` (did you mean `owner`?)"),
        ("CJ031", 14, 16, "stages[0].touchpoints[0].next[0]", "no touchpoint has the id `vist` (did you mean `visit`?)"),
    ]
    assert result.journey is None and not result.ok


def test_a_schema_error_and_a_broken_reference_in_one_run_through_the_cli(write):
    path = write("both.journey.yaml", BOTH)
    run = cli("validate", str(path), "--format", "json")
    assert (run.code, run.stderr) == (1, "")
    report = json.loads(run.stdout)
    assert [(p["code"], p["name"], p["line"], p["column"], p["path"]) for p in report["problems"]] == [
        ("CJ021", "unknown-field", 4, 3, "journey.ownr"),
        ("CJ031", "unknown-reference", 14, 16, "stages[0].touchpoints[0].next[0]"),
    ]
    assert report["summary"]["errors"] == 2


def test_a_reference_in_a_touchpoint_that_fails_on_another_field_is_still_checked():
    text = BASE.replace("        name: Search\n", "        name: [Search]\n").replace("personas: [ana]", "personas: [anna]")
    assert found(text) == [
        ("CJ022", 11, 15, "stages[0].touchpoints[0].name"),
        ("CJ031", 12, 20, "stages[0].touchpoints[0].personas[0]"),
    ]
    assert messages(text)[1] == "no persona has the id `anna` (did you mean `ana`?)"


def test_every_reference_of_a_failing_touchpoint_is_checked():
    text = BASE.replace("        name: Search\n", "        name: Search\n        channel: emial\n        colour: red\n")
    text = text.replace("emotion: {ana: 1}", "emotion: {ana: 9, bob: 1}")
    assert found(text) == [
        ("CJ031", 12, 18, "stages[0].touchpoints[0].channel"),
        ("CJ021", 13, 9, "stages[0].touchpoints[0].colour"),
        ("CJ032", 16, 24, "stages[0].touchpoints[0].emotion.ana"),
        ("CJ033", 16, 27, "stages[0].touchpoints[0].emotion.bob"),
    ]


def test_a_next_to_a_touchpoint_whose_own_schema_failed_is_not_unknown():
    text = BASE.replace("        name: Visit\n", "        name: Visit\n        emotion: great\n")
    assert found(text) == [("CJ022", 17, 18, "stages[0].touchpoints[1].emotion")]


def test_a_next_to_a_touchpoint_without_its_name_is_not_unknown():
    assert found(BASE.replace("        name: Visit\n", "")) == [("CJ020", 15, 9, "stages[0].touchpoints[1].name")]


def test_an_id_that_fails_the_pattern_is_still_the_name_others_use():
    # `id: Visit` is the touchpoint's name as written: `next: [visit]` names no touchpoint, and
    # the hint points at the one it may mean.
    text = BASE.replace("id: visit", "id: Visit")
    assert found(text) == [("CJ031", 13, 16, "stages[0].touchpoints[0].next[0]"), ("CJ023", 15, 13, "stages[0].touchpoints[1].id")]
    assert messages(text)[0] == "no touchpoint has the id `visit` (did you mean `Visit`?)"
    assert found(text.replace("next: [visit]", "next: [Visit]")) == [
        ("CJ023", 13, 16, "stages[0].touchpoints[0].next[0]"),
        ("CJ023", 15, 13, "stages[0].touchpoints[1].id"),
    ]


@pytest.mark.parametrize(("visit", "problem"), [
    ("      -\n", ("CJ020", 16, 9, "stages[0].touchpoints[1].id")),
    ("      - id: [visit]\n", ("CJ022", 15, 13, "stages[0].touchpoints[1].id")),
    ("      - id: true\n", ("CJ022", 15, 13, "stages[0].touchpoints[1].id")),
])
def test_a_next_to_a_touchpoint_without_an_id_to_read_is_not_unknown(visit, problem):
    # A missing id, or one that is no name at all: `next: [visit]` may name it once it is fixed.
    assert found(BASE.replace("      - id: visit\n", visit)) == [problem]


# Every id of a kind is known but one (`Bob`); touchpoint `search` names a persona who does not
# exist, `visit` gives an emotion for one who is not on it. Lines: 6 `Bob`, 13 `personas`, 20 `emotion`.
ONE_BAD_ID = """\
cjmap: 1
journey:
  title: Three
personas:
  - id: ana
  - id: Bob
  - id: cy
stages:
  - id: awareness
    touchpoints:
      - id: search
        name: Search
        personas: [ana, zed]
      - id: visit
        name: Visit
        personas: [ana]
        emotion: {ana: 1, cy: -1}
"""


def test_an_id_that_fails_the_pattern_hides_no_reference_problem_through_the_library():
    result = validate_text(ONE_BAD_ID, file="three.journey.yaml")
    assert [(p.code, p.line, p.column, p.path, p.message) for p in result.problems] == [
        ("CJ023", 6, 9, "personas[1].id", "`Bob` is not a valid id: ids use lower-case letters, digits and hyphens, e.g. `google-search`"),
        ("CJ031", 13, 25, "stages[0].touchpoints[0].personas[1]", "no persona has the id `zed`"),
        ("CJ033", 17, 27, "stages[0].touchpoints[1].emotion.cy",
         "`cy` is not on this touchpoint (personas: ana): add them to `personas` or remove the emotion"),
    ]


def test_an_id_that_fails_the_pattern_hides_no_reference_problem_through_the_cli(write):
    path = write("three.journey.yaml", ONE_BAD_ID)
    run = cli("validate", str(path), "--format", "json")
    assert (run.code, run.stderr) == (1, "")
    assert [(p["code"], p["line"], p["column"]) for p in json.loads(run.stdout)["problems"]] == [
        ("CJ023", 6, 9), ("CJ031", 13, 25), ("CJ033", 17, 27),
    ]


# -- ids written as numbers are read as the models read them: `1.0` and `0x10` are `1` and `16` ----


def test_ids_written_as_the_same_number_twice_are_duplicates():
    text = BASE.replace("id: search", "id: 1.0").replace("id: visit", "id: 1").replace("next: [visit]", "next: [1]")
    result = validate_text(text)
    assert [(p.code, p.line, p.column, p.path, p.message) for p in result.problems] == [
        ("CJ030", 15, 13, "stages[0].touchpoints[1].id",
         "the touchpoint id `1` is already used (at stages[0].touchpoints[0].id); give each touchpoint its own id"),
    ]


@pytest.mark.parametrize(("written", "referred"), [("0x10", "16"), ("16", "0x10"), ("16.0", "16"), ("0o20", "16.0")])
def test_a_reference_to_an_id_written_as_a_number_in_another_notation_resolves(written, referred):
    text = BASE.replace("id: visit", f"id: {written}").replace("next: [visit]", f"next: [{referred}]")
    text = text.replace("  - id: bob\n", f"  - id: {written}\n").replace("personas: [ana]", f"personas: [ana, {referred}]")
    assert found(text) == []
    assert validate_text(text).journey is not None


def test_a_number_id_that_matches_nothing_is_named_by_its_digits():
    text = BASE.replace("next: [visit]", "next: [0x10]")
    assert messages(text) == ["no touchpoint has the id `16`"]


def test_a_broken_reference_is_reported_once_by_the_schema():
    # Not an id at all: the schema says so, and no "no touchpoint has the id" follows.
    assert found(BASE.replace("next: [visit]", "next: [Visit Page]")) == [("CJ023", 13, 16, "stages[0].touchpoints[0].next[0]")]


def test_duplicate_ids_are_found_when_another_part_fails():
    text = BASE.replace("id: visit", "id: search").replace("next: [visit]", "next: [search]")
    text = text.replace("  - id: bob\n", "  - id: bob\n    age: 40\n")
    assert found(text) == [
        ("CJ021", 7, 5, "personas[1].age"),
        ("CJ030", 16, 13, "stages[0].touchpoints[1].id"),
    ]
    assert messages(text)[1] == "the touchpoint id `search` is already used (at stages[0].touchpoints[0].id); give each touchpoint its own id"


def test_duplicate_ids_in_a_part_that_fails_are_found():
    text = BASE.replace("  - id: bob\n", "  - id: ana\n    nme: Ana\n")
    assert found(text) == [("CJ030", 6, 9, "personas[1].id"), ("CJ021", 7, 5, "personas[1].nme")]


def test_a_file_of_another_format_version_gets_no_reference_problems():
    text = BASE.replace("cjmap: 1", "cjmap: 2").replace("next: [visit]", "next: [nowhere]")
    assert found(text) == [("CJ024", 1, 8, "cjmap")]


@pytest.mark.parametrize("version", ['cjmap: "1"', "# no version"])
def test_a_file_of_version_1_written_wrong_gets_its_references_checked(version):
    text = BASE.replace("cjmap: 1", version).replace("next: [visit]", "next: [nowhere]")
    assert [code for code, *_ in found(text)] == ["CJ024" if '"' in version else "CJ020", "CJ031"]


def test_persona_references_wait_when_the_personas_cannot_be_read():
    # `personas` is a mapping, not a list: which ids it was meant to hold is unknown.
    text = BASE.replace("  - id: ana\n  - id: bob\n", "  id: ana\n")
    assert found(text) == [("CJ022", 5, 3, "personas")]


def test_a_stage_that_is_not_a_mapping_hides_its_touchpoint_ids():
    text = BASE.replace("next: [visit]", "next: [later]") + "  - later\n"
    assert [code for code, *_ in found(text)] == ["CJ022"]


def test_emotions_are_judged_against_the_scale_when_the_scale_could_be_read():
    text = BASE.replace("  title: Two\n", "  title: Two\n  emotion_scale: {min: 2, max: 5}\n  tags: nope\n")
    assert found(text) == [
        ("CJ022", 5, 9, "journey.tags"),
        ("CJ032", 16, 24, "stages[0].touchpoints[0].emotion.ana"),
    ]


def test_no_emotion_is_judged_against_a_scale_that_could_not_be_read():
    text = BASE.replace("  title: Two\n", "  title: Two\n  emotion_scale: {min: 5, max: 1}\n")
    assert found(text.replace("{ana: 1}", "{ana: 3}")) == [("CJ023", 4, 18, "journey.emotion_scale")]


def test_a_label_outside_a_readable_scale_is_reported_with_other_problems():
    text = BASE.replace("  title: Two\n", "  title: Two\n  emotion_scale: {labels: {7: Wow}}\n  tag: x\n")
    assert found(text) == [("CJ023", 4, 28, "journey.emotion_scale.labels[7]"), ("CJ021", 5, 3, "journey.tag")]


# -- an emotion for a persona who is not on the touchpoint (CJ033) ---------------------------------

NOT_ON = BASE.replace("emotion: {ana: 1}", "emotion: {ana: 1, bob: -1}")


def test_an_emotion_for_a_persona_not_on_the_touchpoint_is_located_at_the_key():
    result = validate_text(NOT_ON, file="x.journey.yaml")
    assert [(p.code, p.name, p.line, p.column, p.path, p.message) for p in result.problems] == [
        ("CJ033", "emotion-persona-absent", 14, 27, "stages[0].touchpoints[0].emotion.bob",
         "`bob` is not on this touchpoint (personas: ana): add them to `personas` or remove the emotion"),
    ]
    assert result.journey is None


def test_the_message_through_the_cli(write):
    path = write("x.journey.yaml", NOT_ON)
    run = cli("validate", str(path))
    assert (run.code, run.stderr) == (1, "")
    assert run.stdout.splitlines()[0] == (
        f"{path}:14:27: error CJ033 `bob` is not on this touchpoint (personas: ana): add them to `personas` or remove the emotion"
    )


def test_a_persona_added_to_the_touchpoint_may_have_an_emotion():
    assert found(NOT_ON.replace("personas: [ana]", "personas: [ana, bob]")) == []
    assert found(NOT_ON.replace("        personas: [ana]\n", "")) == []  # no personas: every persona


def test_an_unknown_persona_keeps_its_did_you_mean():
    text = BASE.replace("emotion: {ana: 1}", "emotion: {ana: 1, bobb: -1}")
    assert found(text) == [("CJ031", 14, 27, "stages[0].touchpoints[0].emotion.bobb")]
    assert messages(text) == ["no persona has the id `bobb` (did you mean `bob`?)"]


def test_a_touchpoint_for_nobody_in_particular_names_its_empty_list():
    text = NOT_ON.replace("personas: [ana]", "personas: []").replace("{ana: 1, bob: -1}", "{bob: -1}")
    assert messages(text) == ["`bob` is not on this touchpoint (personas: []): add them to `personas` or remove the emotion"]


def test_a_long_list_of_personas_is_cut_short_in_the_message():
    names = [f"p{n}" for n in range(8)]
    text = BASE.replace("  - id: bob\n", "".join(f"  - id: {n}\n" for n in names) + "  - id: bob\n")
    text = text.replace("personas: [ana]", f"personas: [{', '.join(names)}]").replace("{ana: 1}", "{bob: 1}")
    assert messages(text) == [
        "`bob` is not on this touchpoint (personas: p0, p1, p2, p3, p4 and 3 more): add them to `personas` or remove the emotion"
    ]


@pytest.mark.parametrize("personas", ["personas: [ana, Bob]", "personas: ana"])
def test_no_verdict_on_who_takes_part_when_the_personas_could_not_be_read(personas):
    text = NOT_ON.replace("personas: [ana]", personas)
    assert [code for code, *_ in found(text)] == ["CJ023" if "Bob" in personas else "CJ022"]


# -- a touchpoint of many personas, each with an emotion ------------------------------------------


def crowded_touchpoint(personas: int) -> dict:
    names = [f"p{n}" for n in range(personas)]
    touchpoint = {"id": "t", "name": "T", "personas": names, "emotion": dict.fromkeys(names, 1)}
    return {"cjmap": 1, "journey": {"title": "T"}, "personas": [{"id": n} for n in names], "stages": [{"id": "s", "touchpoints": [touchpoint]}]}


def least_cpu_seconds(work, repeat: int = 3) -> float:
    """The least CPU time of ``repeat`` runs, without the garbage collector's pauses."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            started = time.process_time()
            work()
            best = min(best, time.process_time() - started)
        finally:
            gc.enable()
    return best


def test_who_takes_part_is_asked_in_time_linear_in_the_personas():
    # Asking a list for each emotion's persona was quadratic: 40,000 personas took 7.6 s. Four
    # times the personas now take about four times as long (sixteen times, before).
    small, large = crowded_touchpoint(5_000), crowded_touchpoint(20_000)
    assert reference_issues(large) == []
    ratio = least_cpu_seconds(lambda: reference_issues(large)) / max(least_cpu_seconds(lambda: reference_issues(small)), 1e-3)
    assert ratio < 8, ratio
