"""The package's import graph, read with the standard library's ``ast`` (nothing is imported).

Every ``import`` counts, wherever it is written: at the top, inside a function (the lazy
imports that keep start-up fast) or under ``if TYPE_CHECKING:``, since each is a dependency
a reader has to follow. So does a string that names a module, ``"cjmap.show.terminal:journey_view"``
in a format registry or ``"cjmap.files.writing"`` looked up in ``sys.modules``: it is an import
made later.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
PACKAGE = "cjmap"
# A whole string that names one of our modules, optionally with ":function" (registry entries).
_MODULE_NAME = re.compile(r"cjmap(\.\w+)+(:\w+)?")


@dataclass(frozen=True)
class Import:
    importer: str  # dotted module name, e.g. cjmap.check
    imported: str  # the cjmap module it names (a submodule when the name is one)
    line: int


def module_files() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its ``__init__``)."""
    found: dict[str, Path] = {}
    for file in sorted((SRC / PACKAGE).rglob("*.py")):
        parts = list(file.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = file
    return found


def imports() -> list[Import]:
    modules = module_files()
    return [
        Import(name, target, getattr(node, "lineno", 0))
        for name, file in modules.items()
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"), str(file)))
        for target in _targets(name, file, node, modules)
    ]


def _targets(name: str, file: Path, node: ast.AST, modules: dict[str, Path]) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and _MODULE_NAME.fullmatch(node.value):
        return [node.value.partition(":")[0]]
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if _ours(alias.name)]
    if not isinstance(node, ast.ImportFrom):
        return []
    base = _absolute(name, file, node)
    if not _ours(base):
        return []
    # `from cjmap.lint import linter` names the submodule cjmap.lint.linter.
    return [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]


def _absolute(name: str, file: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = name.split(".") if file.name == "__init__.py" else name.split(".")[:-1]
    base = package[: len(package) - node.level + 1]
    return ".".join([*base, *([node.module] if node.module else [])])


def _ours(module: str) -> bool:
    return module == PACKAGE or module.startswith(PACKAGE + ".")
