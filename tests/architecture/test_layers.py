"""The rules of docs/architecture.md, held by a test: layers, no cycles, who may print."""

from __future__ import annotations

import ast
from collections import defaultdict

import pytest
from imports import Import, imports, module_files

# The layers of docs/architecture.md, bottom up. A unit is a top-level module or package of
# cjmap; it may import only from units in lower layers (and from inside itself).
LAYERS: tuple[tuple[str, ...], ...] = (
    ("loader", "registry"),
    ("model", "text"),
    ("problems", "files"),
    ("validation",),
    ("lint",),
    ("check", "reporters", "render", "show", "stats", "diff", "interchange", "measure", "serve"),
    ("commands",),
    ("cli", "api"),
    ("__main__",),
)
RANK = {unit: rank for rank, units in enumerate(LAYERS) for unit in units}
# `import cjmap` itself: the package root defines __version__ and lazy re-exports only, and
# Python loads it before any submodule anyway, so naming it is no dependency upward.
ROOT = "cjmap"


def unit_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ROOT


def test_every_module_belongs_to_a_layer() -> None:
    strays = sorted({unit_of(m) for m in module_files()} - set(RANK) - {ROOT})
    assert strays == [], f"modules outside every layer (add them to docs/architecture.md and LAYERS): {strays}"


def _crossing(edge: Import) -> bool:
    low, high = unit_of(edge.imported), unit_of(edge.importer)
    return low != high and ROOT not in (low, high)


def test_nothing_imports_upward_or_sideways() -> None:
    wrong = [
        f"{e.importer} (layer {RANK[unit_of(e.importer)]}) imports {e.imported} (layer {RANK[unit_of(e.imported)]}) at line {e.line}"
        for e in imports()
        if _crossing(e) and RANK[unit_of(e.imported)] >= RANK[unit_of(e.importer)]
    ]
    assert wrong == []


def test_only_the_cli_imports_commands() -> None:
    wrong = [f"{e.importer}:{e.line}" for e in imports() if unit_of(e.imported) == "commands" and unit_of(e.importer) not in ("commands", "cli")]
    assert wrong == []


def test_there_is_no_import_cycle() -> None:
    graph: dict[str, set[str]] = defaultdict(set)
    for edge in imports():
        if edge.imported != edge.importer:
            graph[edge.importer].add(edge.imported)
    cycles = _cycles(graph)
    assert cycles == [], "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each strongly connected group of more than one module (Tarjan), as a sorted list."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for following in sorted(graph.get(node, ())):
            if following not in index:
                visit(following)
                low[node] = min(low[node], low[following])
            elif following in stack:
                low[node] = min(low[node], index[following])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


# Writing to the terminal: what only commands/ (and cli.py) may do. The Graphviz child is a
# program of its own (render/graphviz_worker.py starts it): its stdout is the pipe to its parent.
_MAY_PRINT = {"cjmap.render.graphviz_child"}
_PRINTING_CALLS = {"print", "echo", "secho"}
_PRINTING_STREAMS = {"stdout", "stderr"}


def _prints(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        if isinstance(function, ast.Name) and function.id in _PRINTING_CALLS:
            lines.append(node.lineno)
        elif isinstance(function, ast.Attribute) and function.attr in _PRINTING_CALLS | {"write"}:
            owner = function.value
            if function.attr != "write" or (isinstance(owner, ast.Attribute) and owner.attr in _PRINTING_STREAMS):
                lines.append(node.lineno)
    return lines


@pytest.mark.parametrize("module", sorted(m for m in module_files() if unit_of(m) not in ("commands", "cli", "__main__") and m not in _MAY_PRINT))
def test_nothing_below_commands_prints(module: str) -> None:
    tree = ast.parse(module_files()[module].read_text(encoding="utf-8"))
    assert _prints(tree) == [], f"{module} writes to the terminal; return the text and let its command print it"


def test_the_checker_sees_a_violation() -> None:
    # The rules above must be able to fail: a made-up upward import is caught.
    assert _crossing(Import("cjmap.loader.document", "cjmap.validation.pipeline", 1))
    assert RANK[unit_of("cjmap.validation.pipeline")] > RANK[unit_of("cjmap.loader.document")]
    assert _cycles({"a": {"b"}, "b": {"a"}}) == [["a", "b"]]
    assert _prints(ast.parse("import sys\nsys.stderr.write('x')\nprint(1)\n")) == [2, 3]
