"""cjmap reads a Mermaid journey as Mermaid does: the real Mermaid (npm, under Node) and cjmap's
parser on the same corpus (tests/data/interchange/mermaid, sources in SOURCES.md).

Where both accept: the same title, sections, tasks, scores and actors (as the reader sees them,
trimmed). Where Mermaid refuses: cjmap refuses. Where cjmap refuses what Mermaid accepts: only
for the documented reasons, asserted case by case in CJMAP_REFUSES.
"""

from __future__ import annotations

import html

import pytest

from cjmap.interchange.mermaid_in import MermaidError, parse_mermaid
from cjmap.interchange.mermaid_lexer import shown, trim
from conftest import DATA
from mermaid_js import mermaid_read

CORPUS = sorted((DATA / "interchange" / "mermaid").glob("*.mmd"))
# Mermaid accepts these; cjmap refuses them, for these reasons only (docs/interchange.md).
CJMAP_REFUSES = {
    "33-third-colon-time.mmd": "and drops ': Phone'",
    "64-score-half.mmd": "is not a whole number (Mermaid reads 4.5)",
    "65-score-word.mmd": "is not a number (Mermaid draws it as NaN)",
    "66-score-empty.mmd": "has no score (Mermaid draws it as 0)",
    "77-html-attributes.mmd": "and drops ': Ana'",
    "85-front-matter-self-alias.mmd": "cjmap does not expand YAML aliases",
}
# Wide enough that no score of the corpus is off it: the scale check has tests of its own.
WIDE = (-100, 100)


@pytest.fixture(scope="module")
def mermaid() -> dict[str, dict]:
    texts = [path.read_text(encoding="utf-8") for path in CORPUS]
    return {path.name: answer for path, answer in zip(CORPUS, mermaid_read(texts), strict=True)}


def test_the_corpus_is_large_and_mixed(mermaid):
    assert len(CORPUS) >= 60
    refused = [name for name, answer in mermaid.items() if "error" in answer]
    assert 8 <= len(refused) < len(CORPUS) // 2, refused


def _people(names: list[str]) -> list[str]:
    """Actors as the SVG shows them (Mermaid's entity stand-ins decoded), empty ones left out
    and each named once: cjmap's persona list of a touchpoint."""
    decoded = (html.unescape(name.replace("ﬂ°°", "&#").replace("ﬂ°", "&").replace("¶ß", ";")).strip() for name in names)
    return list(dict.fromkeys(name for name in decoded if name))


@pytest.mark.parametrize("path", CORPUS, ids=lambda path: path.stem)
def test_cjmap_reads_what_mermaid_reads(path, mermaid):
    answer = mermaid[path.name]
    try:
        parsed = parse_mermaid(path.read_text(encoding="utf-8"), scale=WIDE)
    except MermaidError as refused:
        messages = " | ".join(problem.message for problem in refused.problems)
        if "error" in answer:
            return  # both refuse
        assert path.name in CJMAP_REFUSES, f"cjmap refuses what Mermaid reads: {messages}"
        assert CJMAP_REFUSES[path.name] in messages
        return
    assert "error" not in answer, f"cjmap accepts what Mermaid refuses: {answer['error']}"
    assert path.name not in CJMAP_REFUSES
    diagram = parsed.diagram
    title = trim(shown(diagram.title or "")) or trim(shown(diagram.acc_title))
    assert title == (answer["shown"]["title"].strip() or answer["accTitle"].strip())
    assert [trim(shown(name)) for name, _ in diagram.sections] == [name.strip() for name in answer["shown"]["sections"]]
    theirs = [
        # An older cjmap export's zero-width space before a keyword is not part of the name.
        (name.strip().removeprefix("\u200b"), task["score"], _people(task["people"]))
        for name, task in zip(answer["shown"]["tasks"], answer["tasks"], strict=True)
    ]
    assert [(task.name, task.score, task.actors) for task in parsed.tasks] == theirs
    assert trim(shown(diagram.acc_descr)) == answer["accDescr"].strip()
    # Each task in the same section: the section as shown ("" before any section).
    sections = [""] + [trim(shown(name)) for name, _ in diagram.sections]
    assert [sections[task.task.section + 1] for task in parsed.tasks] == ["".join(_people([task["section"]])) for task in answer["tasks"]]
