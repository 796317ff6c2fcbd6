"""The render registry holds together: every format is either written from a template or laid
out by Graphviz, each has its extension, and every extension the CLI guesses from names one."""

from __future__ import annotations

from pathlib import Path

from cjmap.render import EXTENSIONS, FORMATS, format_for
from cjmap.render.formats import TEXT_RENDERERS


def test_every_format_is_rendered_one_way() -> None:
    assert set(TEXT_RENDERERS) == {name for name, entry in FORMATS.items() if not entry.laid_out}


def test_every_format_is_guessed_back_from_its_own_extension() -> None:
    for name, entry in FORMATS.items():
        assert entry.name == name
        assert format_for(Path("map" + entry.extension)) == name
        assert format_for(Path("MAP" + entry.extension.upper())) == name


def test_every_extension_names_a_format() -> None:
    assert set(EXTENSIONS.values()) <= set(FORMATS)
    assert format_for(Path("map.txt")) is None
