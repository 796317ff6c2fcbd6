"""docs/architecture.md stays true to the tree: every module named, no stale name, the same layers.

The page is where a newcomer learns the tree, so a module added without a line there, a line
left behind by a move, or a layers table that disagrees with test_layers.LAYERS fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

from imports import PACKAGE, SRC, module_files
from test_layers import LAYERS

ROOT = SRC.parent
DOC = ROOT / "docs" / "architecture.md"
# A path the page names: in backticks and ending in .py, e.g. `files/reading.py` or `cli.py`.
_NAMED_PY = re.compile(r"`([A-Za-z0-9_./-]+\.py)`")
_LAYER_ROW = re.compile(r"^\|\s*(\d+)\s*\|([^|]*)\|")
_UNIT = re.compile(r"`([A-Za-z0-9_]+)(?:/|\.py)`")


def module_paths() -> set[str]:
    """Every module of the package by its path under src/cjmap, e.g. ``files/reading.py``."""
    return {file.relative_to(SRC / PACKAGE).as_posix() for file in module_files().values()}


def named_paths(text: str) -> set[str]:
    return set(_NAMED_PY.findall(text))


def unnamed(text: str, modules: set[str]) -> list[str]:
    return sorted(modules - named_paths(text))


def stale(text: str, modules: set[str], root: Path) -> list[str]:
    """Named .py paths that are neither a module under src/cjmap nor a file of the repository
    (the page also names tests and scripts by their path from the root)."""
    return sorted(name for name in named_paths(text) if name not in modules and not (root / name).is_file())


def layers_table(text: str) -> tuple[frozenset[str], ...]:
    """The table under "## Layers": one set of units per row, in the order of its layer numbers."""
    section = text.split("\n## Layers\n", 1)[1].split("\n## ", 1)[0]
    rows = [match for line in section.splitlines() if (match := _LAYER_ROW.match(line))]
    numbers = [int(row.group(1)) for row in rows]
    assert numbers == list(range(len(rows))), f"layers must be numbered 0, 1, 2… in order, got {numbers}"
    return tuple(frozenset(_UNIT.findall(row.group(2))) for row in rows)


def _doc() -> str:
    return DOC.read_text(encoding="utf-8")


def test_every_module_is_named_in_the_doc() -> None:
    missing = unnamed(_doc(), module_paths())
    assert missing == [], f"modules docs/architecture.md does not name (add a line to its tree): {missing}"


def test_every_module_the_doc_names_exists() -> None:
    gone = stale(_doc(), module_paths(), ROOT)
    assert gone == [], f"docs/architecture.md names modules that do not exist (moved or removed?): {gone}"


def test_the_layers_table_matches_the_layer_test() -> None:
    assert layers_table(_doc()) == tuple(frozenset(units) for units in LAYERS)


def test_the_checks_see_a_drift() -> None:
    # Each check above must be able to fail: a page that misses a module, names a moved one
    # and swaps two layers is caught on all three counts.
    page = (
        "| `cli.py` | x |\n| `sources.py` | moved |\n"
        "## Layers\n| layer | units |\n|---|---|\n| 0 | `model/` |\n| 1 | `loader/`, `registry.py` |\n## Next\n"
    )
    modules = {"cli.py", "files/reading.py", "registry.py"}
    assert unnamed(page, modules) == ["files/reading.py"]
    assert stale(page, modules, ROOT) == ["sources.py"]
    assert layers_table(page) == (frozenset({"model"}), frozenset({"loader", "registry"}))
    assert layers_table(page) != tuple(frozenset(units) for units in LAYERS)
