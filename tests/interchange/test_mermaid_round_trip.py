"""Round trips through Mermaid hold: journey → ``cjmap render -f mermaid`` → the real Mermaid
(tests/mermaid_js) accepts every export and shows each title, stage name, touchpoint name, actor
set and score; and → cjmap's own importer gives back every name, section, score (on the stated
rescale) and actor set.

Hypothesis generates the journeys (names from all of Unicode with Mermaid's own syntax, keyword
starts, Spanish, CJK and emoji; scores on several scales); they are collected first, so that ONE
Node process reads them all with the bundled examples. What the reader must see is worked out
here from the journey, by the export's documented rules (docs/interchange.md, "Mermaid export"),
not by the exporter's code.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjmap.interchange.mermaid_in import import_mermaid
from cjmap.interchange.yaml_out import journey_yaml
from cjmap.render.formats import render_mermaid
from cjmap.render.mermaid import to_mermaid_score
from cjmap.text.templates import environment
from cjmap.validation import validate_text
from conftest import EXAMPLES, cli
from mermaid_js import mermaid_read
from strategies import TEXT

ENV = environment()
JOURNEYS = 300
DISTINCT = 200  # at least this many different diagrams (hypothesis repeats some small journeys)
THROUGH_THE_CLI = 12  # of the generated journeys, also rendered and imported by the CLI
MERMAID_MIDDLE = 3

# -- what a reader must see, by the documented rules ------------------------------------------

_HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069]")
_BREAK = re.compile("\r\n|[\n\r\v\f\x85\u2028\u2029]")
_JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"


def one_line(text: str) -> str:
    """A name as Mermaid shows it: control and bidi characters removed, line breaks as spaces,
    no spaces at the ends; everything else exactly."""
    return _BREAK.sub(" ", _HIDDEN.sub("", text)).strip(_JS_SPACE)


def description_lines(text: str) -> str:
    """The accDescr Mermaid keeps: the lines without their trailing spaces, blank lines gone."""
    lines = _BREAK.split(_HIDDEN.sub("", text).strip(_JS_SPACE))
    return "\n".join(line.rstrip(_JS_SPACE) for line in lines if line.strip(_JS_SPACE))


def seen(text: str) -> str:
    """A text Mermaid stored, its entity codes decoded as the drawing shows them (parse.mjs)."""
    return html.unescape(text.replace("\ufb02\u00b0\u00b0", "&#").replace("\ufb02\u00b0", "&").replace("\u00b6\u00df", ";"))


# -- the journeys -----------------------------------------------------------------------------

KEYWORDS = st.sampled_from(["journey", "Journey ", "title ", "TITLE\t", "section ", "Section\u00a0", "accTitle: ", "accDescr: ", "accDescr {", "accdescr{"])
SYNTAX = st.lists(st.sampled_from([*":#;%<>&,}{`\\ -'\"=|ﬂ°¶ß", "#58;", "#amp;", "%%", "%%{init: {}}%%", "<br>", "\n", "\u202e"]), min_size=1, max_size=12).map("".join)
WORDS = st.sampled_from(["Señal de ñandú: ¿sí?", "Покупка онлайн", "東京で予約", "🎉 Party 🥳", "Ærlig", "Push at 08:00: 5: Phone", "=> next",
                         "<script>alert(1)</script>", "Title deed check", "Section 21 notice", "50% off", "style:#1;", "Ana, the lawyer",
                         "&amp; &lt;b&gt; &copy", "ﬂ°lt¶ß 5¶ß"])
NAME = st.one_of(TEXT, WORDS, SYNTAX, st.tuples(KEYWORDS, TEXT).map("".join), st.tuples(TEXT, SYNTAX, TEXT).map("".join)).filter(lambda s: one_line(s) != "")
SCALES = st.sampled_from([(-2, 2), (1, 5), (0, 10), (-5, 5), (0, 100), (1, 7), (-3, 3)])


@st.composite
def journeys(draw: Any) -> dict[str, Any]:
    low, high = draw(SCALES)
    names = draw(st.lists(NAME, min_size=1, max_size=3, unique_by=lambda name: one_line(name) or "p"))
    personas = [{"id": f"p{index}", "name": name} for index, name in enumerate(names)]
    ids = [p["id"] for p in personas]
    emotion = st.one_of(st.none(), st.integers(low, high))
    stages = []
    for stage_index in range(draw(st.integers(1, 4))):
        touchpoints = []
        for index in range(draw(st.integers(0, 4))):
            touchpoint: dict[str, Any] = {"id": f"t{stage_index}-{index}", "name": draw(NAME)}
            who = draw(st.one_of(st.none(), st.just([]), st.lists(st.sampled_from(ids), min_size=1, unique=True)))
            if who is not None:
                touchpoint["personas"] = who
            taking_part = ids if who is None else who
            if taking_part and draw(st.booleans()):
                touchpoint["emotion"] = draw(st.fixed_dictionaries({p: st.integers(low, high) for p in taking_part}))
            elif (value := draw(emotion)) is not None:
                touchpoint["emotion"] = value
            touchpoints.append(touchpoint)
        stages.append({"id": f"s{stage_index}", "name": draw(NAME), "touchpoints": touchpoints})
    meta: dict[str, Any] = {"title": draw(NAME), "language": draw(st.sampled_from(["en", "es"])), "emotion_scale": {"min": low, "max": high}}
    if draw(st.booleans()):
        meta["description"] = "\n".join(draw(st.lists(NAME, min_size=1, max_size=3)))
    return {"cjmap": 1, "journey": meta, "personas": personas, "stages": stages}


def generated() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []

    @settings(max_examples=JOURNEYS, database=None, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
    @given(journeys())
    def collect(data: dict[str, Any]) -> None:
        found.append(data)

    collect()
    return found


def load(text: str, file: str = "round-trip.journey.yaml") -> Any:
    result = validate_text(text, file=file)
    assert result.journey is not None, [problem.message for problem in result.problems]
    return result.journey


def expected(journey: Any) -> dict[str, Any]:
    """What Mermaid must show and cjmap's import must give back, from the journey itself."""
    scale = journey.journey.emotion_scale
    actor = {persona.id: one_line(persona.label) or persona.id for persona in journey.personas}  # nothing visible: the id
    tasks = []
    for stage in journey.stages:
        for tp in stage.touchpoints:
            if isinstance(tp.emotion, dict):
                value: float = sum(tp.emotion.values()) / len(tp.emotion)
            else:
                value = tp.emotion if tp.emotion is not None else (scale.min + scale.max) / 2
            people = journey.persona_ids if tp.personas is None else tp.personas
            tasks.append((one_line(stage.name), one_line(tp.name), to_mermaid_score(value, scale.min, scale.max), sorted(actor[p] for p in people)))
    return {
        "title": one_line(journey.journey.title),
        "description": description_lines(journey.journey.description or ""),
        "sections": [one_line(stage.name) for stage in journey.stages],
        "tasks": tasks,
    }


@pytest.fixture(scope="module")
def exported() -> list[tuple[str, Any, str]]:
    """(what it is, the journey, its Mermaid export) for every generated journey and example."""
    cases = []
    for index, data in enumerate(generated()):
        journey = load(journey_yaml(data))
        cases.append((f"generated #{index}: {data!r}"[:3000], journey, render_mermaid(journey, ENV, "round-trip.journey.yaml")))
    for path in sorted(EXAMPLES.glob("*.journey.yaml")):
        run = cli("render", str(path), "--format", "mermaid")
        assert run.code == 0, run.stderr
        cases.append((path.name, load(path.read_text(encoding="utf-8"), path.name), run.stdout))
    return cases


@pytest.fixture(scope="module")
def mermaid(exported) -> list[dict[str, Any]]:
    return mermaid_read([text for _, _, text in exported])


def test_enough_journeys_and_every_example(exported):
    assert len(exported) >= JOURNEYS + 4 and {what for what, _, _ in exported[-4:]} == {p.name for p in EXAMPLES.glob("*.journey.yaml")}
    texts = [text for _, _, text in exported[:JOURNEYS]]
    assert len(set(texts)) >= DISTINCT


def test_the_real_mermaid_accepts_every_export_and_shows_the_journey(exported, mermaid):
    for (what, journey, text), answer in zip(exported, mermaid, strict=True):
        assert "error" not in answer, (what, text[:2000], answer)
        want = expected(journey)
        got = {
            "title": answer["shown"]["title"],
            "description": seen(answer["accDescr"]),
            "sections": answer["shown"]["sections"],
            "tasks": [
                (seen_section, seen_task, task["score"], sorted(seen(person) for person in task["people"]))
                for task, seen_section, seen_task in zip(answer["tasks"], [seen(task["section"]) for task in answer["tasks"]], answer["shown"]["tasks"], strict=True)
            ],
        }
        assert got == want, (what, text[:2000])
        assert answer["accTitle"] == ""


def _imported(text: str, journey: Any) -> Any:
    data = import_mermaid(text, title="Imported", language=journey.journey.language, scale=None).data
    return load(journey_yaml(data), "imported.journey.yaml")


def _given_back(imported: Any) -> dict[str, Any]:
    names = {persona.id: persona.label for persona in imported.personas}
    middle = MERMAID_MIDDLE
    return {
        "title": imported.journey.title,
        "description": imported.journey.description or "",
        "sections": [stage.name for stage in imported.stages],
        "tasks": [
            (stage.name, tp.name, tp.emotion + middle, sorted(names[p] for p in (tp.personas if tp.personas is not None else imported.persona_ids)))
            for stage in imported.stages
            for tp in stage.touchpoints
        ],
    }


def test_cjmap_imports_every_export_back(exported):
    for what, journey, text in exported:
        assert _given_back(_imported(text, journey)) == expected(journey), (what, text[:2000])


def test_the_cli_writes_and_reads_what_the_library_does(exported, tmp_path: Path):
    for index, (what, journey, text) in enumerate(exported[:THROUGH_THE_CLI]):
        source = tmp_path / f"j{index}.journey.yaml"
        source.write_text(journey_yaml(journey.model_dump(mode="json", exclude_none=True, by_alias=True)), encoding="utf-8")
        run = cli("render", str(source), "--format", "mermaid")
        assert (run.code, run.stdout) == (0, text), (what, run.stderr)
        diagram = tmp_path / f"j{index}.mmd"
        diagram.write_text(text, encoding="utf-8")
        back = cli("import", "mermaid", str(diagram), "--lang", journey.journey.language)
        assert back.code == 0, (what, back.stderr)
        assert _given_back(load(back.stdout, "imported.journey.yaml")) == expected(journey), what
