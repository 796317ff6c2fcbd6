"""Every entry of every registry names a function that exists (a registry is checked by nothing
else until a user picks that format), and the CLI offers exactly the registries' choices."""

from __future__ import annotations

import typer.main
from imports import imports

from cjmap import cli
from cjmap.diff import FORMATS as DIFF_FORMATS
from cjmap.lint import DOC_FORMATS
from cjmap.registry import load
from cjmap.reporters import REPORTERS
from cjmap.show import FORMATS as SHOW_FORMATS
from cjmap.stats import FORMATS as STATS_FORMATS

SPECS = [
    *REPORTERS.values(),
    *DIFF_FORMATS.values(),
    *(entry.function for entry in SHOW_FORMATS.values()),
    *STATS_FORMATS.values(),
    *(spec for entry in DOC_FORMATS.values() for spec in entry),
]


def test_every_registry_entry_loads() -> None:
    assert all((REPORTERS, DIFF_FORMATS, SHOW_FORMATS, STATS_FORMATS, DOC_FORMATS))  # none empty
    for spec in SPECS:
        assert callable(load(spec)), spec


def test_a_registry_entry_is_an_import_the_layer_test_sees() -> None:
    # "cjmap.show.terminal:journey_view" in show/__init__.py is a dependency like an import.
    edges = {(edge.importer, edge.imported) for edge in imports()}
    assert ("cjmap.show", "cjmap.show.terminal") in edges
    assert ("cjmap.commands.process", "cjmap.files.writing") in edges


def _choices(command: str, option: str) -> list[str]:
    click_command = typer.main.get_command(cli.app)
    for name in command.split():
        click_command = click_command.commands[name]  # type: ignore[attr-defined]
    parameter = next(p for p in click_command.params if option in p.opts)
    return list(parameter.type.choices)


def test_the_cli_offers_what_the_registries_hold() -> None:
    from cjmap.model.vocabulary import JOURNEY_TYPES
    from cjmap.render import FORMATS as RENDER_FORMATS
    from cjmap.text.labels import LANGUAGES

    assert _choices("validate", "--format") == ["auto", *REPORTERS]
    assert _choices("rules", "--format") == list(DOC_FORMATS)
    assert _choices("show", "--format") == list(SHOW_FORMATS)
    assert _choices("stats", "--format") == list(STATS_FORMATS)
    assert _choices("diff", "--format") == list(DIFF_FORMATS)
    assert _choices("render", "--format") == list(RENDER_FORMATS)
    assert _choices("init", "--type") == list(JOURNEY_TYPES)
    assert _choices("init", "--lang") == list(LANGUAGES)
    assert _choices("import csv", "--lang") == list(LANGUAGES)
