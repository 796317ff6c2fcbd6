"""Writing a journey as YAML text: the modeline, block style, keys in the format's order."""

from __future__ import annotations

from typing import Any

import yaml

from cjmap.files.schema_location import SCHEMA_FILE
from cjmap.files.schema_location import modeline as make_modeline
from cjmap.loader.scalars import resolve_plain
from cjmap.text.safe import visible


class _Dumper(yaml.SafeDumper):
    """Block style, no aliases (the same list written twice stays two lists)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Lists indented under their key, as people write them (and as the examples are).
        super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    """Text with line breaks as a literal block (``|``), as people write it, instead of a quoted
    scalar with doubled line breaks; the emitter still picks another style when a block cannot
    hold the text exactly (trailing spaces on a line, say). Text cjmap would read back as
    another type is quoted."""
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    # PyYAML quotes what YAML 1.1 would read as another type; cjmap's loader reads YAML 1.2
    # (an id made from the title "1e+21" is `1e-21`, a number to it): quote those too.
    quoted = value != "" and not isinstance(resolve_plain(value), str)
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="'" if quoted else None)


_Dumper.add_representer(str, _text)
# A journey written without a say names the schema beside it (what `cjmap schema --write` writes).
DEFAULT_MODELINE = make_modeline(SCHEMA_FILE)


def journey_yaml(data: dict[str, Any], *, modeline: str = DEFAULT_MODELINE, comment: str = "") -> str:
    """The journey as a file: ``modeline`` (the whole first line: commands/modeline.py picks it),
    ``comment`` below it, then the data."""
    # PyYAML quotes the YAML 1.1 booleans (no, yes, on, off), so other YAML readers agree too.
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
    # The comment names the input file: a line break in its name would end the comment and
    # put the rest into the journey, so it is spelled as an escape (text.safe).
    header = f"{modeline}\n" + (f"# {visible(comment)}\n" if comment else "")
    return header + body
