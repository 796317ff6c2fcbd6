"""Golden files for the text renders of every example (STYLE.md habit 12).

Renders are deterministic, so the committed files must match byte for byte. After an intended
change, regenerate them with:

    CJMAP_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/render/test_render_golden.py

On a mismatch the actual output is saved next to the golden file as ``*.actual``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import cjmap
from cjmap.render.formats import TEXT_RENDERERS
from cjmap.text.templates import environment
from conftest import EXAMPLES, ROOT, TESTS, clean_environment

GOLDEN = TESTS / "render" / "golden"
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
        pytest.fail(f"recorded {golden.name}; run again without CJMAP_UPDATE_GOLDEN to check")
    expected = golden.read_text(encoding="utf-8") if golden.exists() else None
    if actual != expected:
        golden.with_name(golden.name + ".actual").write_text(actual, encoding="utf-8")
    assert actual == expected, f"{golden.name} differs; see {golden.name}.actual (update: CJMAP_UPDATE_GOLDEN=1)"


# Renders every example to every text format and prints one digest per output. Run in fresh
# processes: within one process the hash seed and every cache are the same, so rendering twice
# there could not show an order that depends on set or dict iteration of hashed strings.
_DIGESTS = """
import hashlib
from pathlib import Path
import cjmap
from cjmap.render.formats import TEXT_RENDERERS
from cjmap.text.templates import environment
for example in sorted(Path("examples").glob("*.journey.yaml")):
    for fmt in sorted(TEXT_RENDERERS):
        output = TEXT_RENDERERS[fmt](cjmap.load_journey(example), environment(), "x")
        print(example.name, fmt, hashlib.sha256(output.encode("utf-8")).hexdigest())
"""


@pytest.fixture(scope="module")
def digests_by_seed() -> list[list[str]]:
    """The digests from two processes with different hash seeds."""
    return [
        subprocess.run([sys.executable, "-c", _DIGESTS], capture_output=True, text=True, cwd=ROOT, check=True, timeout=300,
                       env=clean_environment({"PYTHONHASHSEED": seed})).stdout.splitlines()
        for seed in ("1", "2")
    ]


@pytest.mark.parametrize("fmt", sorted(EXTENSIONS))
def test_render_is_deterministic(digests_by_seed: list[list[str]], fmt: str) -> None:
    first, second = ([line for line in lines if line.split()[1] == fmt] for lines in digests_by_seed)
    assert len(first) == len(EXAMPLE_FILES) >= 4
    assert first == second
