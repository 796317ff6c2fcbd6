"""Golden files for the text renders of every example (STYLE.md habit 12).

Renders are deterministic, so the committed files must match byte for byte. After an intended
change, regenerate them with:

    CJMAP_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_render_golden.py

On a mismatch the actual output is saved next to the golden file as ``*.actual``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import cjmap
from cjmap.text.templates import environment
from cjmap.render.formats import TEXT_RENDERERS
from conftest import EXAMPLES

GOLDEN = Path(__file__).parent / "golden"
EXTENSIONS = {"html": ".html", "dot": ".dot", "mermaid": ".mmd", "markdown": ".md"}
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.journey.yaml"))


@pytest.mark.parametrize("fmt", sorted(EXTENSIONS))
@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: p.name.split(".")[0])
def test_render_matches_golden(example: Path, fmt: str) -> None:
    journey = cjmap.load_journey(example)
    source = f"examples/{example.name}"
    actual = TEXT_RENDERERS[fmt](journey, environment(), source)
    golden = GOLDEN / (example.name.replace(".journey.yaml", "") + EXTENSIONS[fmt])
    if os.environ.get("CJMAP_UPDATE_GOLDEN"):
        golden.write_text(actual, encoding="utf-8")
    expected = golden.read_text(encoding="utf-8") if golden.exists() else None
    if actual != expected:
        golden.with_name(golden.name + ".actual").write_text(actual, encoding="utf-8")
    assert actual == expected, f"{golden.name} differs; see {golden.name}.actual (update: CJMAP_UPDATE_GOLDEN=1)"


@pytest.mark.parametrize("fmt", sorted(EXTENSIONS))
def test_render_is_deterministic(fmt: str) -> None:
    journey = cjmap.load_journey(EXAMPLE_FILES[0])
    first = TEXT_RENDERERS[fmt](journey, environment(), "x")
    again = TEXT_RENDERERS[fmt](cjmap.load_journey(EXAMPLE_FILES[0]), environment(), "x")
    assert first == again
