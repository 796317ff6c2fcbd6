"""Configuration tables cjmap never reads: a warning for each, located and naming the table it reads.

A ``[tool.cjmap.lint]`` in .cjmap.toml, a ``[lint]`` in pyproject.toml, a ``[tool.cjmap.rules]``…
configure less than they seem to. The run goes on with what the file does configure; these say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cjmap.lint.toml_shape import table_position


@dataclass(frozen=True)
class ConfigWarning:
    """A configuration file that configures less than it seems to: a table cjmap never reads."""

    file: Path
    line: int | None
    column: int
    message: str

    def __str__(self) -> str:
        return f"{located(self.file, self.line, self.column)}: {self.message}"


def located(file: Path, line: int | None, column: int) -> str:
    """``file:line:column``, or the file alone when no line is known."""
    return f"{file}:{line}:{column}" if line is not None else f"{file}"


# The tables cjmap reads: lint's rules, and where `cjmap measure` finds its data (measure/config.py).
OUR_TABLES = ("lint", "measure")


def unread_tables(path: Path, document: dict[str, Any], text: str) -> list[ConfigWarning]:
    """A warning for each table (or key) of ``document`` (parsed from ``text``) that looks meant for
    cjmap where cjmap never reads it: ``[tool.cjmap.lint]`` in .cjmap.toml, ``[lint]`` in
    pyproject.toml, ``[tool.cjmap.rules]``…"""
    if path.name == "pyproject.toml":
        # Other tools own the rest of a pyproject.toml: only names that say cjmap or lint are ours.
        stray: list[tuple[str, ...]] = [(key,) for key in document if key in ("lint", "measure", "cjmap")]
        tool = document.get("tool")
        cjmap = tool.get("cjmap") if isinstance(tool, dict) else None
        if isinstance(cjmap, dict):
            stray += [("tool", "cjmap", key) for key in cjmap if key not in OUR_TABLES]
    else:
        stray = [(key,) for key in document if key not in OUR_TABLES]
    return [_unread(path, text, _spelled(document, keys)) for keys in stray]


def read_table(path: Path) -> str:
    """The dotted name of the table cjmap reads in ``path``."""
    return "tool.cjmap.lint" if path.name == "pyproject.toml" else "lint"


def configures_nothing(path: Path) -> ConfigWarning:
    """The warning for a file given with ``--config`` that has no lint table at all."""
    return ConfigWarning(path, None, 1, f"configures nothing: cjmap reads {_expected_table(path)} in {path.name}")


def _spelled(document: dict[str, Any], keys: tuple[str, ...]) -> tuple[tuple[str, ...], bool]:
    """The keys as the file names them, followed down through tables that hold one table each
    (``[tool.cjmap.lint]`` rather than ``[tool]``), and whether they name a table."""
    value: Any = document
    for key in keys:
        value = value[key]
    while isinstance(value, dict) and len(value) == 1 and len(keys) < 3 and isinstance(next(iter(value.values())), dict):
        key = next(iter(value))
        keys, value = (*keys, key), value[key]
    return keys, isinstance(value, dict)


def _unread(path: Path, text: str, spelled: tuple[tuple[str, ...], bool]) -> ConfigWarning:
    keys, is_table = spelled
    dotted = ".".join(keys)
    name = f"`[{dotted}]`" if is_table else f"`{dotted}`"
    in_pyproject = path.name == "pyproject.toml"
    other_file, its_spelling = (".cjmap.toml", "`[lint]`") if in_pyproject else ("pyproject.toml", "`[tool.cjmap.lint]`")
    hint = f" ({name} is for {other_file})" if name == its_spelling else ""
    return ConfigWarning(path, *table_position(text, dotted), f"{name} configures nothing: cjmap reads {_expected_table(path)} in {path.name}{hint}")


def _expected_table(path: Path) -> str:
    return f"`[{read_table(path)}]`"
