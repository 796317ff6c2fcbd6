"""The Mermaid export keeps the text: what the real Mermaid (12.3.0, tests/mermaid_js) shows of each
exported diagram is the journey's own words, hostile text stays inert, and who takes part is kept.

All diagrams of this module are read by ONE Node process (the ``read`` fixture); each test looks up
the answers for the journeys it wrote.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pytest

from cjmap.interchange.yaml_out import journey_yaml
from cjmap.render.formats import render_mermaid
from cjmap.render.mermaid import build_mermaid, dropped
from cjmap.text.mermaid_escape import mermaid_actor, mermaid_name, mermaid_title
from cjmap.text.templates import environment
from cjmap.validation import validate_text
from conftest import cli
from mermaid_js import mermaid_read

ENV = environment()
# The longest value a journey holds (CJ014: 10,000 characters; 100 KB names are refused by validation).
LONG = "Ø" * 10_000
# (written in the journey, what the reader must see): the reader sees the text itself, except that
# control and bidi characters are removed and a line break in a one-line name is a space.
NAMES = [
    ("=> next step", "=> next step"),
    ("a < b > c & d", "a < b > c & d"),
    ("Push at 08:00: 5: Phone", "Push at 08:00: 5: Phone"),
    ("Issue #58; and #amp; as written", "Issue #58; and #amp; as written"),
    ("50% off; 100%% sure", "50% off; 100%% sure"),
    ("%%{init: {'theme': 'dark'}}%%", "%%{init: {'theme': 'dark'}}%%"),
    ("% one percent first", "% one percent first"),
    ("<script>alert(1)</script>", "<script>alert(1)</script>"),
    ('<img src="x" onerror="alert(1)">', '<img src="x" onerror="alert(1)">'),
    ("Title deed check", "Title deed check"),
    ("Section 21 notice", "Section 21 notice"),
    ("journey planner", "journey planner"),
    ("JOURNEY", "JOURNEY"),
    ("journeyé", "journeyé"),
    ("title\u00a0with a no-break space", "title\u00a0with a no-break space"),
    ("accTitle: hijack", "accTitle: hijack"),
    ("accDescr {x} y", "accDescr {x} y"),
    ("accdescr: z", "accdescr: z"),
    ("Ærlig: Покупка онлайн, 東京 🎉 ¿Qué tal?", "Ærlig: Покупка онлайн, 東京 🎉 ¿Qué tal?"),
    ("ﬂ°lt¶ß and ¶ß", "ﬂ°lt¶ß and ¶ß"),
    ("C:\\new\\table", "C:\\new\\table"),
    ("```fence```", "```fence```"),
    ("&amp; &copy &lt;", "&amp; &copy &lt;"),
    ("style:#1; classDef a:#f00;", "style:#1; classDef a:#f00;"),
    ("two\nlines\r\nthree", "two lines three"),
    ("tab\tinside", "tab\tinside"),
    ("\u202eevil\u2066 bidi", "evil bidi"),
    ("esc\x1b[31m red", "esc[31m red"),
    ("  spaces at the ends  ", "spaces at the ends"),
    ("}", "}"),
    (LONG, LONG),
]
TITLES = [
    ("Checkout: the A/B test, 2026", "Checkout: the A/B test, 2026"),
    ("style:#1;", "style:#1;"),
    ("Lifestyle: <b>bold</b> & more; 20% #1", "Lifestyle: <b>bold</b> & more; 20% #1"),
    ("<script>alert(1)</script>", "<script>alert(1)</script>"),
    ("%%{init: {'theme': 'dark'}}%% title", "%%{init: {'theme': 'dark'}}%% title"),
    ("section 2: title", "section 2: title"),
]
DESCRIPTIONS = [
    ("One line: with a colon; and a } brace, <b> & #1 %%", "One line: with a colon; and a } brace, <b> & #1 %%"),
    ("First line\n  - indented item }\n\nafter a blank line: }\n", "First line\n  - indented item }\nafter a blank line: }"),
    ("style: x #1;\nclassDef y:#f;", "style: x #1;\nclassDef y:#f;"),
    ("<script>alert(1)</script>\n%%{init: {}}%%", "<script>alert(1)</script>\n%%{init: {}}%%"),
]


def journey_data(*, title: str = "T", description: str | None = None, stage: str = "S", tasks: list[dict[str, Any]] | None = None,
                 personas: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    meta: dict[str, Any] = {"title": title}
    if description is not None:
        meta["description"] = description
    return {
        "cjmap": 1,
        "journey": meta,
        "personas": personas or [{"id": "ana", "name": "Ana"}],
        "stages": [{"id": "s", "name": stage, "touchpoints": tasks or [{"id": "t", "name": "t", "emotion": 1}]}],
    }


def load(data: dict[str, Any]) -> Any:
    result = validate_text(journey_yaml(data), file="export.journey.yaml")
    assert result.journey is not None, [problem.message for problem in result.problems]
    return result.journey


def export(data: dict[str, Any]) -> str:
    return render_mermaid(load(data), ENV, "export.journey.yaml")


def task_journey(name: str) -> dict[str, Any]:
    return journey_data(tasks=[{"id": "t", "name": name, "emotion": 2}])


def stage_journey(name: str) -> dict[str, Any]:
    return journey_data(stage=name)


def actor_journey(name: str) -> dict[str, Any]:
    return journey_data(personas=[{"id": "p", "name": name}])


PEOPLE = journey_data(
    personas=[{"id": "ana", "name": "Ana, the lawyer"}, {"id": "ana-2", "name": "Ana, the doctor"}, {"id": "luis", "name": "Luis"}],
    tasks=[
        {"id": "everyone", "name": "Everyone", "emotion": 0},
        {"id": "nobody", "name": "Nobody named", "personas": [], "emotion": -2},
        {"id": "two", "name": "Two", "personas": ["luis", "ana-2"], "emotion": {"luis": 2, "ana-2": -1}},
    ],
)


def diagrams() -> dict[str, str]:
    """Every diagram this module checks, by a key the tests look it up with."""
    texts = {}
    for index, (name, _) in enumerate(NAMES):
        texts[f"task{index}"] = export(task_journey(name))
        texts[f"stage{index}"] = export(stage_journey(name))
        texts[f"actor{index}"] = export(actor_journey(name))
    for index, (title, _) in enumerate(TITLES):
        texts[f"title{index}"] = export(journey_data(title=title))
    for index, (description, _) in enumerate(DESCRIPTIONS):
        texts[f"description{index}"] = export(journey_data(description=description))
    texts["people"] = export(PEOPLE)
    return texts


@pytest.fixture(scope="module")
def read() -> dict[str, tuple[str, dict[str, Any]]]:
    texts = diagrams()
    return dict(zip(texts, zip(texts.values(), mermaid_read(list(texts.values())), strict=True), strict=True))


def seen(text: str) -> str:
    """A text Mermaid stored (entity codes as its placeholders) as the drawing shows it: the
    last step of tests/mermaid_js/parse.mjs, for the fields it does not decode (actors, accDescr)."""
    return html.unescape(text.replace("\ufb02\u00b0\u00b0", "&#").replace("\ufb02\u00b0", "&").replace("\u00b6\u00df", ";"))


@pytest.mark.parametrize(("index", "expected"), [(index, shown) for index, (_, shown) in enumerate(NAMES)], ids=[repr(n[:30]) for n, _ in NAMES])
def test_task_stage_and_actor_names_are_shown_as_written(read, index, expected):
    for kind in ("task", "stage", "actor"):
        text, answer = read[f"{kind}{index}"]
        assert "error" not in answer, (kind, text[:300], answer)
        assert len(answer["tasks"]) == 1 and answer["sections"] == [answer["tasks"][0]["section"]], (kind, text[:300], answer)
        task = answer["tasks"][0]
        assert answer["title"] == "T" and answer["accTitle"] == answer["accDescr"] == ""
        if kind == "task":
            assert (answer["shown"]["tasks"], answer["shown"]["sections"], task["score"], task["people"]) == ([expected], ["S"], 5, ["Ana"])
        elif kind == "stage":
            assert (answer["shown"]["sections"], answer["shown"]["tasks"], task["people"]) == ([expected], ["t"], ["Ana"])
        else:
            # A persona's actor is its whole name (a comma in it is an entity code), so that an
            # import gives the persona back by name.
            assert ([seen(person) for person in task["people"]], answer["shown"]["tasks"]) == ([expected], ["t"])


@pytest.mark.parametrize(("index", "expected"), [(index, shown) for index, (_, shown) in enumerate(TITLES)], ids=[t for t, _ in TITLES])
def test_titles_keep_their_colons_and_every_character(read, index, expected):
    text, answer = read[f"title{index}"]
    assert "error" not in answer, (text, answer)
    assert (answer["shown"]["title"], answer["shown"]["tasks"], answer["sections"]) == (expected, ["t"], ["S"]), text
    assert expected in answer["svgText"]  # the drawing's title is the text, not markup


def test_title_colons_are_written_as_colons():
    assert "  title Checkout: the A/B test, 2026\n" in export(journey_data(title="Checkout: the A/B test, 2026"))


@pytest.mark.parametrize(("index", "expected"), [(index, shown) for index, (_, shown) in enumerate(DESCRIPTIONS)])
def test_the_description_is_written_back_as_accdescr(read, index, expected):
    text, answer = read[f"description{index}"]
    assert "error" not in answer, (text, answer)
    assert (seen(answer["accDescr"]), answer["shown"]["tasks"], answer["shown"]["title"]) == (expected, ["t"], "T"), text
    assert ("accDescr {" in text) == ("\n" in expected)


def test_text_after_the_description_block_is_still_the_diagram(read):
    text, answer = read["description1"]
    assert text.splitlines()[-2:] == ["  section S", "    t: 4: Ana"]
    assert [(task["task"], task["score"], task["people"]) for task in answer["tasks"]] == [("t", 4, ["Ana"])]


def test_hostile_text_is_inert(read):
    for key in ("task7", "task8", "stage7", "actor7", "title3"):
        text, answer = read[key]
        # No markup reached the drawing: every <script> or <img> is text of a <text> node.
        assert "error" not in answer and not any("alert" in seen for seen in answer["svgText"] if "<" not in seen), (key, answer)
        assert "<" not in text and "%%" not in text, text
    for key in ("task5", "stage5", "title4", "description3"):
        text, answer = read[key]
        assert "%" not in text and "error" not in answer, text  # no directive: the default theme, nothing configured


def test_who_takes_part_is_kept(read):
    text, answer = read["people"]
    assert "error" not in answer, (text, answer)
    tasks = [(task["task"], task["score"], sorted(seen(person) for person in task["people"])) for task in answer["tasks"]]
    # Two personas called "Ana" are told apart by their full names (Mermaid merges equal actors);
    # the comma inside the name is an entity code, not a separator. `personas: []` is no actor.
    assert tasks == [
        ("Everyone", 3, ["Ana, the doctor", "Ana, the lawyer", "Luis"]),
        ("Nobody named", 1, []),
        ("Two", 4, ["Ana, the doctor", "Luis"]),
    ]
    assert "    Nobody named: 1\n" in text


def test_the_same_short_and_full_name_get_the_persona_id():
    data = journey_data(personas=[{"id": "ana", "name": "Ana"}, {"id": "ana-b", "name": "Ana"}])
    assert build_mermaid(load(data)).sections[0].tasks[0].actors == ("Ana (ana)", "Ana (ana-b)")


def test_dropped_says_what_mermaid_cannot_hold():
    journey = load(PEOPLE | {"stages": [{"id": "s", "name": "S\nsecond line", "touchpoints": PEOPLE["stages"][0]["touchpoints"]}]})
    assert dropped(journey) == ["1 per-persona emotion (averaged)", "1 line break in a name (written as a space)"]


def test_the_cli_writes_what_the_library_writes_and_says_what_it_drops(tmp_path: Path):
    data = journey_data(title="Dos líneas\ny más: <b>", tasks=[{"id": "t", "name": "Uno: dos", "emotion": {"ana": 1}, "personas": ["ana"]}])
    path = tmp_path / "j.journey.yaml"
    path.write_text(journey_yaml(data), encoding="utf-8")
    run = cli("render", str(path), "--format", "mermaid")
    assert (run.code, run.stdout) == (0, export(data))
    assert run.stderr == (
        f"cjmap: note: the Mermaid journey diagram of {path} leaves out 1 per-persona emotion (averaged), "
        "1 line break in a name (written as a space)\n"
    )
    assert run.stdout == "journey\n  title Dos líneas y más: #60;b#62;\n  section S\n    Uno#58; dos: 4: Ana\n"


@pytest.mark.parametrize(
    ("function", "text", "written"),
    [
        (mermaid_name, "Title deed check", "#84;itle deed check"),
        (mermaid_name, "a: b # c ; d % e < f > g & h", "a#58; b #35; c #59; d #37; e #60; f #62; g #38; h"),
        (mermaid_name, "\x1b\u202e", "-"),
        (mermaid_actor, "Ana, Luis", "Ana#44; Luis"),
        (mermaid_title, "a: b # c", "a: b #35; c"),
        (mermaid_title, "style: #1", "style#58; #35;1"),
        (mermaid_title, "\u202e", ""),
        (mermaid_title, "style: a¶ß", "style#58; a#182;ß"),
    ],
)
def test_the_written_forms(function, text, written):
    assert function(text) == written


def test_a_diagram_in_markdown_stays_in_its_fence():
    from markdown_it import MarkdownIt

    from cjmap.render.formats import render_markdown

    data = journey_data(title="```", description="```\n~~~", stage="```mermaid", tasks=[{"id": "t", "name": "``` end", "emotion": 0}])
    text = render_markdown(load(data), ENV, "export.journey.yaml")
    fences = [token for token in MarkdownIt("commonmark").parse(text) if token.type == "fence"]
    assert [(fence.info, fence.content) for fence in fences] == [("mermaid", export(data))]


# Worked out by hand (1 + (value - min) * 4 / (max - min), rounded half to even; no ties here):
# the round-trip tests take the expected score from the product, so this table holds the rule.
SCORES = [
    ((-2, 2), -2, 1), ((-2, 2), 1, 4), ((1, 5), 2, 2),
    ((0, 10), 0, 1), ((0, 10), 7, 4), ((0, 10), 2, 2), ((0, 10), 10, 5),
    ((1, 7), 2, 2), ((1, 7), 4, 3), ((1, 7), 6, 4),
    ((-3, 3), -1, 2), ((-3, 3), 2, 4),
    ((0, 100), 62, 3), ((0, 100), 63, 4), ((0, 100), 88, 5), ((0, 100), 12, 1), ((0, 100), 13, 2),
]


@pytest.mark.parametrize(("scale", "emotion", "score"), SCORES)
def test_scores_on_any_scale_are_rescaled_to_one_to_five(scale: tuple[int, int], emotion: int, score: int) -> None:
    low, high = scale
    journey = load({
        "cjmap": 1, "journey": {"title": "T", "emotion_scale": {"min": low, "max": high}},
        "personas": [{"id": "ana", "name": "Ana"}],
        "stages": [{"id": "s", "name": "S", "touchpoints": [{"id": "t", "name": "t", "emotion": emotion}]}],
    })
    assert render_mermaid(journey, ENV, "j.journey.yaml").endswith(f"    t: {score}: Ana\n")
