"""Text from a journey made safe to print: nothing a terminal or a log viewer would interpret.

Journeys are untrusted input (cjmap runs on pull requests from forks), and their text reaches
terminals and CI logs. A name holding ``ESC [2J`` would clear the screen, OSC 52 would write
the reader's clipboard, OSC 8 would hide a link, a bare CR would overwrite the line, a bidi
override would reorder what is shown (Trojan Source, CVE-2021-42574). So every such character
is written as the escape a Python or YAML author would type: ``\\x1b``, ``\\r``, ``\\x9b``,
``\\u202e``. Problem messages use the same spelling (cjmap.problems), so one convention holds in
every command and format. The visible form is for reading, not reversible: a name that holds
the four characters ``\\x1b`` prints the same.

No import of rich here: the validate and lint reporters use this module on every run.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.text import Text

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# C0 controls, DEL, C1 controls (U+009B is a one-character CSI on some terminals), the line and
# paragraph separators, the bidi embeddings, overrides and isolates, and lone surrogates (an
# undecodable byte in a file name, which would make writing to stdout raise).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_UNSAFE_IN_LINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _spelled(match: re.Match[str]) -> str:
    char = match.group(0)
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def has_unsafe(text: str) -> bool:
    """Whether ``text`` holds a character :func:`visible` would spell as an escape."""
    return _UNSAFE.search(text) is not None


def visible(text: str, *, lines: bool = False) -> str:
    """``text`` with every control, bidi and separator character spelled as an escape.

    With ``lines``, line feeds and tabs stay (multi-line prose in a table cell); a bare CR never
    does, since it moves the cursor back over what was printed.
    """
    pattern = _UNSAFE_IN_LINES if lines else _UNSAFE
    if pattern.search(text) is None:  # the usual case: no copy
        return text
    return pattern.sub(_spelled, text)


# Characters json.dumps leaves raw with ensure_ascii=False that a terminal would still act on.
# As \uXXXX escapes they are the same JSON strings, and the output stays readable UTF-8.
_JSON_RAW = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def json_text(document: Any, *, indent: int | None = 2, default: Callable[[Any], Any] | None = None) -> str:
    """``document`` as strict JSON (RFC 8259) that is safe to print, ending with a newline.

    Non-finite floats are not JSON: validation refuses them in journeys, and if one still gets
    here it is written as the string "NaN", "Infinity" or "-Infinity" (the spellings
    JavaScript and JSON5 use) rather than as a bare token that breaks every JSON parser.
    """
    try:
        text = json.dumps(document, indent=indent, ensure_ascii=False, allow_nan=False, default=default)
    except ValueError:
        text = json.dumps(_finite(document), indent=indent, ensure_ascii=False, allow_nan=False, default=default)
    return _JSON_RAW.sub(lambda match: f"\\u{ord(match.group(0)):04x}", text) + "\n"


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else "Infinity" if value > 0 else "-Infinity"
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(item) for item in value]
    return value


def same(a: Any, b: Any) -> bool:
    """Equality where NaN equals NaN, so ``diff X X`` never reports a change."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return bool(a == b)


def rich_text(value: str, style: str = "", *, lines: bool = True) -> Text:
    """Journey text as a rich ``Text``: made visible, and never parsed as markup.

    A plain ``str`` in a table cell is read as rich markup (``[/bold]`` raises, ``[link=…]``
    makes a live hyperlink); a ``Text`` is taken as it is.
    """
    from rich.text import Text

    return Text(visible(value, lines=lines), style=style)
